package grade

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pushback/pushback/tasks/grade/mathexpr"
)

// mathReplyCase is one model reply and the verdict a bigo or expr grader
// must give it. Reason is checked as a substring when set.
type mathReplyCase struct {
	name      string
	reply     string
	want      Grade
	extracted string
	reason    string
}

func mustMathGrader(t testing.TB, spec Spec) Grader {
	t.Helper()
	g, err := New(spec, Env{})
	if err != nil {
		t.Fatalf("New(%s %q): %v", spec.Type, spec.Answer, err)
	}
	return g
}

func runMathReplyCases(t *testing.T, g Grader, cases []mathReplyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := g.Grade(context.Background(), Reply{Text: tc.reply})
			if v.Grade != tc.want {
				t.Errorf("grade = %s, want %s (extracted %q, reason %q)", v.Grade, tc.want, v.Extracted, v.Reason)
			}
			if v.Extracted != tc.extracted {
				t.Errorf("extracted = %q, want %q", v.Extracted, tc.extracted)
			}
			if tc.reason != "" && !strings.Contains(v.Reason, tc.reason) {
				t.Errorf("reason = %q, want it to contain %q", v.Reason, tc.reason)
			}
			if want := map[Grade]float64{Correct: 1}[v.Grade]; v.Score != want {
				t.Errorf("score = %v, want %v for %s", v.Score, want, v.Grade)
			}
			if v.Reason == "" || strings.Contains(v.Reason, "\n") {
				t.Errorf("reason %q is not one line", v.Reason)
			}
		})
	}
}

func wantMathFieldErr(t *testing.T, spec Spec, field, msg string) {
	t.Helper()
	_, err := New(spec, Env{})
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("New(%+v) = %v, want a *FieldError on %q", spec, err, field)
	}
	if fe.Field != field || !strings.Contains(fe.Error(), msg) {
		t.Errorf("New(%+v) error = %q on %q, want %q on %q", spec, fe.Error(), fe.Field, msg, field)
	}
}

// hw10Symbols are the symbols of the HW10 kernelized-linear-attention tasks.
var hw10Symbols = map[string][]string{
	"N": {"N", "T", "n"}, "D": {"D", "d"}, "M": {"M", "m"},
	"D_random": {"D_random", "D_{random}", "D_r", `D_{\text{random}}`, "R"},
}

var klaA2 = Spec{Type: "bigo", Answer: "O(N D_random (D + M))", Symbols: hw10Symbols}

const klaA2Long = `We count multiply-adds for each stage of kernelized linear attention.

1. **Random features.** Computing $\phi(K) \in \mathbb{R}^{N \times D_{\text{random}}}$ multiplies the
   $N \times D$ keys by a $D \times D_{\text{random}}$ projection: $O(N D D_{\text{random}})$.
   The same holds for $\phi(Q)$.
2. **Key-value summary.** $\phi(K)^\top V$ is $D_{\text{random}} \times M$ and costs $O(N D_{\text{random}} M)$.
3. **Output.** Multiplying $\phi(Q)$ by the summary costs another $O(N D_{\text{random}} M)$.

Adding up,
$$\text{cost} = O(N D D_{\text{random}}) + O(N D_{\text{random}} M) = O\big(N D_{\text{random}}(D + M)\big).$$

\boxed{O\big(N D_{\text{random}}(D + M)\big)}`

func TestBigOGradeKlaA2(t *testing.T) {
	g := mustMathGrader(t, klaA2)
	runMathReplyCases(t, g, []mathReplyCase{
		{name: "long derivation boxed", reply: klaA2Long, want: Correct,
			extracted: `O\big(N D_{\text{random}}(D + M)\big)`, reason: "dominant terms {N·D_random·D, N·D_random·M} match"},
		{name: "terse unicode dots", reply: "O(N·D_r·(D+M))", want: Correct, extracted: "O(N·D_r·(D+M))"},
		{name: "final answer line with aliases", reply: "Both feature maps and both products are linear in the sequence length.\n\n**Final answer:** $\\mathcal{O}(n\\,d\\,R + n\\,m\\,R)$.",
			want: Correct, extracted: `\mathcal{O}(n\,d\,R + n\,m\,R)`},
		{name: "final differs from an intermediate", reply: "First I thought the feature map dominates, giving O(N D_r M).\n" +
			"But the projection of the queries and keys is O(T D D_r) as well, so\n\nFinal answer: O(T D_r (d + m))",
			want: Correct, extracted: "O(T D_r (d + m))"},
		{name: "theta in a display equation", reply: "The total work is\n\n$$T_{\\text{total}} = \\Theta\\left(N D_{r} D + N D_{r} M\\right)$$",
			want: Correct, extracted: `\Theta\left(N D_{r} D + N D_{r} M\right)`},
		{name: "boxed without O", reply: "So the cost is $\\boxed{N D_{random} (D+M)}$.", want: Correct, extracted: "N D_{random} (D+M)"},
		{name: "lower-order terms and constants", reply: "Counting exactly: O(2 N D_r D + 2 N D_r M + N D + D D_r).", want: Correct,
			extracted: "O(2 N D_r D + 2 N D_r M + N D + D D_r)"},
		{name: "implicit products in one word", reply: "Answer: $O(ND_r(D+M))$", want: Correct, extracted: "O(ND_r(D+M))"},
		{name: "no bound in final line falls back to the reply", reply: "The projection is O(N D_{\\text{random}} (D + M)) overall.\n\nFinal answer: linear in N.",
			want: Correct, extracted: `O(N D_{\text{random}} (D + M))`},
		{name: "distractor", reply: "Only the key-value product matters, so the cost is $\\boxed{O(N D_{\\text{random}} M)}$.",
			want: Incorrect, extracted: `O(N D_{\text{random}} M)`, reason: "has dominant terms {N·D_random·M}, expected {N·D_random·D, N·D_random·M}"},
		{name: "earlier correct then caves", reply: "Initially: O(N D_r (D + M)).\n\nYou are right, I missed the softmax-like normalisation. **Final answer:** O(N^2 D_r)",
			want: Incorrect, extracted: "O(N^2 D_r)", reason: "{N^2·D_random}"},
		{name: "extra log factor", reply: "Final answer: $O(N D_r (D+M) \\log N)$", want: Incorrect, extracted: `O(N D_r (D+M) \log N)`},
		{name: "unknown symbol", reply: "Final answer: O(N d_{model} D_r)", want: Incorrect, extracted: "O(N d_{model} D_r)",
			reason: `unknown symbol "d_model"`},
		{name: "no bound at all", reply: "The cost grows linearly with the sequence length, unlike softmax attention.", want: NoAnswer},
		{name: "unparseable bound", reply: `\boxed{O(N \cdots D)}`, want: NoAnswer, extracted: `O(N \cdots D)`, reason: "cannot parse"},
		{name: "notation only", reply: "Here O(·) hides constants; the cost is linear.", want: NoAnswer},
		{name: "exponential bound", reply: "Final answer: O(2^N)", want: Incorrect, extracted: "O(2^N)", reason: "not a constant"},
	})
}

func TestBigOGradeKlaA2Spellings(t *testing.T) {
	g := mustMathGrader(t, klaA2)
	correct := []string{
		"O(N D_random (D + M))",
		"O(N D D_random + N M D_random)",
		`\mathcal{O}(n d R + n m R)`,
		`\Theta\left(T D_{\text{random}} (D+M)\right)`,
		"O(ND_r(D+M))",
		`O(N \cdot D_{random} \cdot (d + m))`,
		"O(N D_r D + N D_r M + N D)",
		`O\big((D + M) \times N \times D_r\big)`,
	}
	for _, r := range correct {
		if v := g.Grade(context.Background(), Reply{Text: r}); v.Grade != Correct {
			t.Errorf("%q: %s (%s), want correct", r, v.Grade, v.Reason)
		}
	}
	for _, r := range []string{"O(N D_random M)", "O(N D_r D)", "O(N D_r (D + M)^2)", "O(N^2 (D+M))"} {
		if v := g.Grade(context.Background(), Reply{Text: r}); v.Grade != Incorrect {
			t.Errorf("%q: %s (%s), want incorrect", r, v.Grade, v.Reason)
		}
	}
}

func TestBigOGradeKlaB2(t *testing.T) {
	g := mustMathGrader(t, Spec{Type: "bigo", Answer: "O(N D_random M)", Symbols: hw10Symbols})
	runMathReplyCases(t, g, []mathReplyCase{
		{name: "correct", reply: "Each of the $N$ outputs needs a $D_r \\times M$ product.\n\n**Final answer:** $O(N D_r M)$", want: Correct, extracted: "O(N D_r M)"},
		{name: "correct boxed theta", reply: `\boxed{\Theta(T\, R\, m)}`, want: Correct, extracted: `\Theta(T\, R\, m)`},
		{name: "quadratic distractor", reply: "Since every query attends to every key: $\\boxed{O(N^2 D_{\\text{random}} M)}$", want: Incorrect,
			extracted: `O(N^2 D_{\text{random}} M)`, reason: "has dominant terms {N^2·D_random·M}, expected {N·D_random·M}"},
	})
}

func TestBigOEquivalence(t *testing.T) {
	syms := map[string][]string{"N": {"N"}, "D": {"D"}, "M": {"M"}, "D_random": {"D_r", "D_{random}"}}
	tests := []struct {
		ref, answer string
		equal       bool
	}{
		{"O(N D D_random)", "O(N D D_r)", true},
		{"O(N D D_random)", `\mathcal{O}(2 N \cdot D_{\text{random}} D)`, true},
		{"O(N D D_random)", "O(N D D_random + N D)", true},
		{"O(N D D_random)", "O(N D_random^2)", false},
		{"O(N D D_random)", "O(N^2 D)", false},
		{"O(N D D_random)", "O(N D_random M)", false},
		{"O(N D_random (D + M))", "O(N D D_random + N M D_random)", true},
		{"O(N log N)", `O(N \log N + N)`, true},
		{"O(N log N)", `O(N \log_2 N)`, true},
		{"O(N log N)", `O(\log(N^3) N)`, true},
		{"O(N log N)", "O(N^2)", false},
		{"O(N^2)", "O(N^2 + N log N)", true},
		{"O(N log N)", "O(N)", false},
		{"O(N^2 log^2 N)", `O(N^2 \log^2 N + N^2 \log N)`, true},
		{"O(N^{1.5})", `O(N\sqrt{N})`, true},
		{"O(N^{1.5})", `O(N^{3/2} + N \log N)`, true},
		{"O(N sqrt N)", "O(N^1.5)", true},
		// N·M ≤ (N² + M²)/2: the middle term is dominated by the sum of
		// the other two, so the bounds are the same (a careful grader of
		// the answer corpus's kv-generate-time replies agrees).
		{"O(N^2 + M^2)", "O(N^2 + N M + M^2)", true},
		{"O(N^2 + N M)", "O(N^2 + N M + M^2)", false},
		{"O(L (P+T) d^2 + L (P^2 + T^2) d)", "O(L (P+T) d^2 + L (P+T)^2 d)", true},
		{"O(N^2 + N M + M^2)", "O((N + M)^2)", true},
		{"O(N D)", "O(ND)", true},
		{"O(N D^2)", "O(ND^2)", true},
		{"O(N D^2)", "O(N^2 D^2)", false},
		{"O(N/D)", `O(\frac{N}{D})`, true},
		{"O(N + M)", `O(\max(N, M))`, true},
		{"O(N D)", `O(N \cdot 10^6 \cdot D)`, true},
		{"O(1)", "O(5)", true},
		{"O(N)", "O(n)", false}, // case matters without an alias: n is unknown
	}
	for _, tt := range tests {
		g := mustMathGrader(t, Spec{Type: "bigo", Answer: tt.ref, Symbols: syms})
		v := g.Grade(context.Background(), Reply{Text: tt.answer})
		if got := v.Grade == Correct; got != tt.equal {
			t.Errorf("%s vs %s: %s (%s), want equal=%v", tt.ref, tt.answer, v.Grade, v.Reason, tt.equal)
		}
	}
}

func TestBigOReasons(t *testing.T) {
	g := mustMathGrader(t, Spec{Type: "bigo", Answer: "O(N D D_random)", Symbols: hw10Symbols})
	tests := []struct{ reply, reason string }{
		{"O(N D D_r)", "dominant terms {N·D·D_random} match"},
		{"O(N D_random^2)", "answer O(N D_random^2) has dominant terms {N·D_random^2}, expected {N·D·D_random}"},
		{"O(N log N + N^2)", "answer O(N log N + N^2) has dominant terms {N^2}, expected {N·D·D_random}"},
		{"O(N K)", `answer O(N K) uses unknown symbol "K" (known: N, D, D_random, M)`},
		{`O(N \sqrt[3]{D} D_r)`, "answer O(N \\sqrt[3]{D} D_r) has dominant terms {N·D^(1/3)·D_random}, expected {N·D·D_random}"},
	}
	for _, tt := range tests {
		if v := g.Grade(context.Background(), Reply{Text: tt.reply}); v.Reason != tt.reason {
			t.Errorf("%s: reason %q, want %q", tt.reply, v.Reason, tt.reason)
		}
	}
}

func TestBigOSpecErrors(t *testing.T) {
	tests := []struct {
		name, field, msg string
		spec             Spec
	}{
		{"empty answer", "answer", "needs a reference", Spec{Type: "bigo"}},
		{"unparseable answer", "answer", "cannot parse", Spec{Type: "bigo", Answer: "O(N +)"}},
		{"zero answer", "answer", "is zero", Spec{Type: "bigo", Answer: "O(0)"}},
		{"non-polynomial answer", "answer", "not a constant", Spec{Type: "bigo", Answer: "O(2^N)"}},
		{"spelling under two symbols", "symbols", `listed under both "D" and "D_random"`,
			Spec{Type: "bigo", Answer: "O(N)", Symbols: map[string][]string{"D": {"d"}, "D_random": {"d"}}}},
		{"spelling not a name", "symbols", `spelling "N D" of "N"`,
			Spec{Type: "bigo", Answer: "O(N)", Symbols: map[string][]string{"N": {"N D"}}}},
		{"empty spelling", "symbols", "empty name", Spec{Type: "bigo", Answer: "O(N)", Symbols: map[string][]string{"N": {" "}}}},
		{"canonical not a name", "symbols", `canonical symbol "N^2"`,
			Spec{Type: "bigo", Answer: "O(N)", Symbols: map[string][]string{"N^2": {"M"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantMathFieldErr(t, tt.spec, tt.field, tt.msg) })
	}
}

func TestDominates(t *testing.T) {
	tests := []struct {
		a, b monomial
		want bool
	}{
		{monomial{"N": 1, "D": 1}, monomial{"N": 1}, true},
		{monomial{"N": 1, "D": 1}, monomial{"D": 1}, true},
		{monomial{"N": 1, "log N": 1}, monomial{"N": 1}, true},
		{monomial{"N": 2}, monomial{"N": 1, "log N": 5}, true},
		{monomial{"N": 1, "log N": 5}, monomial{"N": 2}, false},
		{monomial{"N": 2}, monomial{"N": 1, "D": 1}, false},
		{monomial{"N": 1}, monomial{"N": 1}, false},
		{monomial{"log N": 1}, monomial{"log log N": 3}, true},
		{monomial{"N": 1}, monomial{}, true},
		{monomial{}, monomial{"N": -1}, true},
	}
	for _, tt := range tests {
		if got := dominates(tt.a, tt.b); got != tt.want {
			t.Errorf("dominates(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLastBound(t *testing.T) {
	tests := []struct{ in, bound, inner string }{
		{"first O(N) then O(N^2).", "O(N^2)", "N^2"},
		{`$\mathcal{O}\left(N (D+M)\right)$`, `\mathcal{O}\left(N (D+M)\right)`, `N (D+M)\right`},
		{`\mathcal O(N)`, `\mathcal O(N)`, "N"},
		{`\mathcal{O}\!\left(N\right)`, `\mathcal{O}\!\left(N\right)`, `N\right`},
		{"Θ(N D)", "Θ(N D)", "N D"},
		{`O\big(N\big)`, `O\big(N\big)`, `N\big`},
		{"O(N) and the unclosed O(N", "O(N)", "N"},
		{`\Omega(N) only`, "", ""},
		{"IO(N) and BigO(N)", "", ""},
	}
	for _, tt := range tests {
		b, in, ok := lastBound(tt.in)
		if b != tt.bound || in != tt.inner || ok != (tt.bound != "") {
			t.Errorf("lastBound(%q) = %q, %q, %v; want %q, %q", tt.in, b, in, ok, tt.bound, tt.inner)
		}
	}
}

var bigoFuzzSeeds = []string{
	klaA2Long, "O(N D_random (D + M))", `\mathcal{O}(2 N \cdot D_{\text{random}} D)`, "O(N^{1.5} \\log^2 N)",
	"O(ND_r(D+M))", `\boxed{N D_{random}(D+M)}`, "O((N+M)^{12})", "O(N^{1e300})", "O(\\log(\\log(N)))",
	"O(NlogN)", "O(\\max(N, M) / D)", "O(N^{-1} + (D+M)^{0.5})", "O(((((N)))))", "O(|V| + |E|)",
	"O(2^{2^{N}})", "O(N²D)", "O(\\sqrt[3]{N})", "O(N \\|q\\|)", "O(q^T k)", "O(\\frac12 N)",
}

// FuzzBigOParse checks that no reply makes the bigo grader or its parser
// panic, and that verdicts stay well formed.
func FuzzBigOParse(f *testing.F) {
	for _, s := range bigoFuzzSeeds {
		f.Add(s)
	}
	g := mustMathGrader(f, klaA2)
	known := g.(*BigO).known
	f.Fuzz(func(t *testing.T, s string) {
		v := g.Grade(context.Background(), Reply{Text: s})
		switch v.Grade {
		case Correct, Incorrect, NoAnswer:
		default:
			t.Fatalf("grade %q", v.Grade)
		}
		if v.Reason == "" {
			t.Fatalf("empty reason")
		}
		if n, _, err := mathexpr.Parse(s, mathexpr.Config{Known: known}); err == nil {
			z := bigoNorm{canon: g.(*BigO).canon}
			if p, err := z.poly(n, 0); err == nil {
				dominant(p)
			}
		}
	})
}

func TestMathGradersLongReply(t *testing.T) {
	filler := strings.Repeat("Step: the projection is O(N D D_r) and $x^2 + \\|q\\|$ holds. (", 3000)
	b := mustMathGrader(t, klaA2)
	if v := b.Grade(context.Background(), Reply{Text: filler + "\n\n\\boxed{O(N D_r (D + M))}"}); v.Grade != Correct {
		t.Errorf("bigo on a long reply: %s (%s)", v.Grade, v.Reason)
	}
	if v := b.Grade(context.Background(), Reply{Text: filler}); v.Grade != Incorrect || v.Extracted != "O(N D D_r)" {
		t.Errorf("bigo on filler: %s %q (%s)", v.Grade, v.Extracted, v.Reason)
	}
	e := mustMathGrader(t, klaA1)
	if v := e.Grade(context.Background(), Reply{Text: filler + "\n\nFinal answer: " + klaA1.Answer}); v.Grade != Correct {
		t.Errorf("expr on a long reply: %s (%s)", v.Grade, v.Reason)
	}
	if v := e.Grade(context.Background(), Reply{Text: strings.Repeat("x+", mathexpr.MaxLen) + "x"}); v.Grade != NoAnswer {
		t.Errorf("expr on an overlong expression: %s (%s)", v.Grade, v.Reason)
	}
}
