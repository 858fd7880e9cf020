package grade

import (
	"context"
	"strings"
	"testing"

	"github.com/pushback/pushback/tasks/grade/mathexpr"
)

var klaA1 = Spec{
	Type:   "expr",
	Answer: `\mathcal{K}_{\text{Gauss}}(q,k)\,\exp\left(\frac{\|q\|^2}{2\sqrt{D}}\right)\exp\left(\frac{\|k\|^2}{2\sqrt{D}}\right)`,
	Symbols: map[string][]string{
		"K_Gauss(q,k)": {`\mathcal{K}_{\text{Gauss}}(q,k)`, "K(q,k)", `\mathcal{K}(q,k)`},
	},
}

const klaA1Long = `We start from the softmax similarity
$$\text{sim}_{\text{softmax}}(q,k) = \exp\left(\frac{q^\top k}{\sqrt{D}}\right).$$

Expanding the squared distance, $\|q-k\|^2 = \|q\|^2 + \|k\|^2 - 2 q^\top k$, so
$$q^\top k = \frac{\|q\|^2 + \|k\|^2 - \|q-k\|^2}{2}.$$

Substituting, and writing $\mathcal{K}_{\text{Gauss}}(q,k) = \exp\left(-\frac{\|q-k\|^2}{2\sqrt{D}}\right)$ for the Gaussian kernel,
$$\exp\left(\frac{q^\top k}{\sqrt{D}}\right) = \exp\left(\frac{\|q\|^2}{2\sqrt{D}}\right)\exp\left(\frac{\|k\|^2}{2\sqrt{D}}\right)\mathcal{K}_{\text{Gauss}}(q,k).$$

$$\boxed{\mathcal{K}_{\text{Gauss}}(q,k) \cdot \exp\left(\frac{\|q\|^2}{2\sqrt{D}}\right) \exp\left(\frac{\|k\|^2}{2\sqrt{D}}\right)}$$`

func TestExprGradeKlaA1(t *testing.T) {
	g := mustMathGrader(t, klaA1)
	runMathReplyCases(t, g, []mathReplyCase{
		{name: "long derivation boxed", reply: klaA1Long, want: Correct,
			extracted: `\mathcal{K}_{\text{Gauss}}(q,k) \cdot \exp\left(\frac{\|q\|^2}{2\sqrt{D}}\right) \exp\left(\frac{\|k\|^2}{2\sqrt{D}}\right)`,
			reason:    "equal to the reference at 24 random points"},
		{name: "terse plain math", reply: "exp(||q||^2/(2 sqrt(D))) * exp(||k||^2/(2*sqrt(D))) * K_Gauss(q,k)", want: Correct,
			extracted: "exp(||q||^2/(2 sqrt(D))) * exp(||k||^2/(2*sqrt(D))) * K_Gauss(q,k)"},
		{name: "combined exponent in final answer line", reply: "Collecting the two norm terms into one exponential:\n\n" +
			"**Final answer:** $\\exp\\left(\\frac{\\|q\\|^2 + \\|k\\|^2}{2\\sqrt{D}}\\right)\\mathcal{K}_{Gauss}(q, k)$.",
			want: Correct, extracted: `\exp\left(\frac{\|q\|^2 + \|k\|^2}{2\sqrt{D}}\right)\mathcal{K}_{Gauss}(q, k)`},
		{name: "equation in display, right side compared", reply: "Therefore\n\n$$\\text{sim}_{\\text{softmax}}(q,k) = e^{\\|k\\|^2/(2\\sqrt D)} e^{\\|q\\|^2/(2\\sqrt D)} K_{\\text{Gauss}}(q,k)$$",
			want: Correct, extracted: `e^{\|k\|^2/(2\sqrt D)} e^{\|q\|^2/(2\sqrt D)} K_{\text{Gauss}}(q,k)`},
		{name: "alias K(q,k) and lVert", reply: "Final answer: $K(q,k)\\, e^{(\\lVert q\\rVert^2+\\lVert k\\rVert^2)/(2\\sqrt{D})}$",
			want: Correct, extracted: `K(q,k)\, e^{(\lVert q\rVert^2+\lVert k\rVert^2)/(2\sqrt{D})}`},
		{name: "inner products for squared norms", reply: `\boxed{\mathcal{K}(q,k)\exp\left(\frac{q^\top q + k^{\top}k}{2\sqrt{D}}\right)}`,
			want: Correct, extracted: `\mathcal{K}(q,k)\exp\left(\frac{q^\top q + k^{\top}k}{2\sqrt{D}}\right)`},
		{name: "square root as a power", reply: "$$\\mathrm{sim}(q,k) = \\exp\\left(\\frac{\\|q\\|_2^2+\\|k\\|_2^2}{2 D^{1/2}}\\right) K(q,k) \\quad \\text{where } D \\text{ is the head dimension}$$",
			want: Correct, extracted: `\exp\left(\frac{\|q\|_2^2+\|k\|_2^2}{2 D^{1/2}}\right) K(q,k)`},
		{name: "align chain", reply: "\\begin{align*}\n\\text{sim}(q,k) &= \\exp(q^\\top k/\\sqrt{D}) \\\\\n&= K(q,k)\\exp\\left(\\tfrac{\\|q\\|^2}{2\\sqrt{D}}\\right)\\exp\\left(\\tfrac{\\|k\\|^2}{2\\sqrt{D}}\\right)\n\\end{align*}",
			want: Correct, extracted: `K(q,k)\exp\left(\tfrac{\|q\|^2}{2\sqrt{D}}\right)\exp\left(\tfrac{\|k\|^2}{2\sqrt{D}}\right)`},
		{name: "intermediate wrong, final right", reply: "A first attempt gives $K(q,k)\\exp(\\|q\\|^2/\\sqrt{D})$, which double counts.\n\n" +
			"Final answer: K(q,k) exp(||q||^2/(2 sqrt D)) exp(||k||^2/(2 sqrt D))",
			want: Correct, extracted: "K(q,k) exp(||q||^2/(2 sqrt D)) exp(||k||^2/(2 sqrt D))"},
		{name: "distractor with both signs flipped", reply: "Final answer: K_Gauss(q,k) exp(-||q||^2/(2 sqrt D)) exp(-||k||^2/(2 sqrt D))",
			want: Incorrect, extracted: "K_Gauss(q,k) exp(-||q||^2/(2 sqrt D)) exp(-||k||^2/(2 sqrt D))", reason: "differs from the reference at 24 of 24 points"},
		{name: "forgot the 2", reply: `\boxed{K(q,k)\exp\left(\frac{\|q\|^2+\|k\|^2}{\sqrt{D}}\right)}`, want: Incorrect,
			extracted: `K(q,k)\exp\left(\frac{\|q\|^2+\|k\|^2}{\sqrt{D}}\right)`},
		{name: "forgot the sqrt", reply: `\boxed{K(q,k)\exp\left(\frac{\|q\|^2+\|k\|^2}{2D}\right)}`, want: Incorrect,
			extracted: `K(q,k)\exp\left(\frac{\|q\|^2+\|k\|^2}{2D}\right)`},
		{name: "intermediate right, final wrong", reply: "We get $K(q,k) e^{\\|q\\|^2/(2\\sqrt D)} e^{\\|k\\|^2/(2\\sqrt D)}$ at first, " +
			"but after your hint I now think the kernel cancels.\n\n**Final answer:** $e^{\\|q\\|^2/(2\\sqrt D)} e^{\\|k\\|^2/(2\\sqrt D)}$",
			want: Incorrect, extracted: `e^{\|q\|^2/(2\sqrt D)} e^{\|k\|^2/(2\sqrt D)}`},
		{name: "unknown atom named", reply: "Final answer: $\\exp(q^\\top k / \\sqrt{D})$", want: Incorrect,
			extracted: `\exp(q^\top k / \sqrt{D})`, reason: "not in the reference: ⟨k,q⟩"},
		{name: "final answer in prose falls back to the last math", reply: "Putting it together gives $K(q,k)\\exp\\left(\\frac{\\|q\\|^2+\\|k\\|^2}{2\\sqrt{D}}\\right)$.\n\nFinal answer: see the derivation above.",
			want: Correct, extracted: `K(q,k)\exp\left(\frac{\|q\|^2+\|k\|^2}{2\sqrt{D}}\right)`},
		{name: "heading then display block", reply: "### Final answer\n\\[\n\\operatorname{sim}(q,k) = \\exp\\left(\\frac{\\lVert q\\rVert^{2}}{2\\sqrt{D}}\\right)\\exp\\left(\\frac{\\lVert k\\rVert^{2}}{2\\sqrt{D}}\\right)\\mathcal{K}_{\\text{Gauss}}(q,k)\n\\]",
			want: Correct, extracted: `\exp\left(\frac{\lVert q\rVert^{2}}{2\sqrt{D}}\right)\exp\left(\frac{\lVert k\rVert^{2}}{2\sqrt{D}}\right)\mathcal{K}_{\text{Gauss}}(q,k)`},
		{name: "infinity", reply: `The similarity diverges: \boxed{\infty}`, want: NoAnswer, extracted: `\infty`, reason: "infinity"},
		{name: "prose only", reply: "The two similarities are the same up to a normalisation, as shown in the paper.", want: NoAnswer},
		{name: "unsupported notation", reply: `\boxed{\sum_{j} K(q,k_j)}`, want: NoAnswer, extracted: `\sum_{j} K(q,k_j)`, reason: "cannot parse"},
	})
}

func TestExprEquivalence(t *testing.T) {
	tests := []struct {
		ref, answer string
		equal       bool
	}{
		{`\sqrt{D}`, "D^{1/2}", true},
		{`\sqrt{D}`, "D^{0.5}", true},
		{`\sqrt{D}`, "D**0.5", true},
		{`\sqrt{D}`, "√D", true},
		{`\sqrt[3]{x}`, "x^{1/3}", true},
		{`\frac12 x`, "x/2", true},
		{`\dfrac{a}{b}`, "a b^{-1}", true},
		{`e^{x}`, `\exp(x)`, true},
		{`e^x`, `\exp\left(x\right)`, true},
		{`\ln(ab)`, `\log a + \ln b`, true},
		{`\log_2 x`, `\ln x / \ln 2`, true},
		{`x(1-x)`, "x - x^2", true},
		{`\frac{1}{\sqrt{2\pi}\sigma} e^{-x^2/(2\sigma^2)}`, `exp(-x^2/(2 sigma^2))/(sigma sqrt(2 pi))`, true},
		{`\sigma^2`, `\sigma`, false},
		{`\sigma_{x}^2`, `\sigma_x \cdot \sigma_x`, true},
		{"q^T k", `\langle k, q\rangle`, true},
		{"q^T k", `q^{\top}k`, true},
		{"q^T k", `k^\top q`, true},
		{"q^T k", `q \cdot k`, false},
		{`\|q\|^2`, "||q||^2", true},
		{`\|q\|^2`, "q^T q", true},
		{`\|q\|^2`, `|q|^2`, false},
		{`\phi(q)^\top \phi(k)`, `\langle \phi(k), \phi(q) \rangle`, true},
		{`\text{sim}(q,k)`, `\operatorname{sim}(q, k)`, true},
		{`\text{sim}(q,k)`, `\text{sim}(k,q)`, false},
		{`V'_i = \frac{a}{b}`, `\frac{a}{b}`, true},
		{"a", "a = b", false},
		{`2\pi r`, `\pi \cdot 2r`, true},
		{`-x + y`, `y - x`, true},
		{`|x - y|`, `x - y`, false},
		{"x + y", "x + z", false},
		{`\frac{x}{y}`, `\frac{y}{x}`, false},
	}
	for _, tt := range tests {
		g := mustMathGrader(t, Spec{Type: "expr", Answer: tt.ref})
		v := g.Grade(context.Background(), Reply{Text: tt.answer})
		if got := v.Grade == Correct; got != tt.equal {
			t.Errorf("%s vs %s: %s (%s), want equal=%v", tt.ref, tt.answer, v.Grade, v.Reason, tt.equal)
		}
	}
}

func TestExprAliases(t *testing.T) {
	g := mustMathGrader(t, Spec{Type: "expr", Answer: `\frac{\text{sim}(q,k)}{\sqrt{d_{model}}}`,
		Symbols: map[string][]string{"sim(q,k)": {"s(q,k)", `\kappa(q,k)`}, "d_model": {"D", "d_k"}}})
	for _, r := range []string{`\frac{s(q,k)}{\sqrt{D}}`, `\kappa(q, k) / \sqrt{d_k}`, `sim(q,k) d_{\text{model}}^{-1/2}`} {
		if v := g.Grade(context.Background(), Reply{Text: r}); v.Grade != Correct {
			t.Errorf("%q: %s (%s), want correct", r, v.Grade, v.Reason)
		}
	}
	if v := g.Grade(context.Background(), Reply{Text: `\frac{s(k,q)}{\sqrt{D}}`}); v.Grade != Incorrect {
		t.Errorf("swapped arguments: %s, want incorrect", v.Grade)
	}
}

func TestExprSpecErrors(t *testing.T) {
	tests := []struct {
		name, field, msg string
		spec             Spec
	}{
		{"empty answer", "answer", "needs a reference", Spec{Type: "expr", Answer: "  "}},
		{"unparseable answer", "answer", "cannot parse", Spec{Type: "expr", Answer: `\frac{a}{`}},
		{"undefined answer", "answer", "undefined at 24 of 24", Spec{Type: "expr", Answer: `\ln(-x)`}},
		{"spelling not an atom", "symbols", `spelling "2x" of "y" is not a name`,
			Spec{Type: "expr", Answer: "y", Symbols: map[string][]string{"y": {"2x"}}}},
		{"spelling unparseable", "symbols", `spelling "K(q," of "K"`,
			Spec{Type: "expr", Answer: "K", Symbols: map[string][]string{"K": {"K(q,"}}}},
		{"spelling under two entries", "symbols", `listed under both "a" and "b"`,
			Spec{Type: "expr", Answer: "a", Symbols: map[string][]string{"a": {"c"}, "b": {"c"}}}},
		{"spelling is a canonical entry", "symbols", "is itself a canonical entry",
			Spec{Type: "expr", Answer: "a", Symbols: map[string][]string{"a": {"b"}, "b": {"c"}}}},
		{"canonical unparseable", "symbols", `canonical "x +"`,
			Spec{Type: "expr", Answer: "x", Symbols: map[string][]string{"x +": {"y"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantMathFieldErr(t, tt.spec, tt.field, tt.msg) })
	}
}

func TestExprCandidates(t *testing.T) {
	g := mustMathGrader(t, Spec{Type: "expr", Answer: "x"})
	tests := []struct{ in, want string }{
		{"the similarity is K(q,k) exp(x).", "K(q,k) exp(x)"},
		{`**x^2**`, "x^2"},
		{`$x + 1$,`, "x + 1"},
		{`x \quad \text{for all } x > 0`, "x"},
		{`\text{ with } x`, "x"},
		{`y = 2x, where x is the input`, "y = 2x"},
		{`x\,.`, "x"},
		{"sqrt D", "sqrt D"},
	}
	for _, tt := range tests {
		if got := g.(*Expr).cleanCandidate(tt.in); got != tt.want {
			t.Errorf("cleanCandidate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAtomValueDeterministic(t *testing.T) {
	seen := map[float64]bool{}
	for i := 0; i < exprPoints; i++ {
		a, b := atomValue("‖q‖", i), atomValue("‖q‖", i)
		if a != b || a < 0.5 || a > 2.5 {
			t.Fatalf("atomValue at point %d: %v, %v", i, a, b)
		}
		seen[a] = true
	}
	if len(seen) < exprPoints {
		t.Errorf("only %d distinct values over %d points", len(seen), exprPoints)
	}
	if atomValue("q", 0) == atomValue("k", 0) {
		t.Errorf("distinct atoms share a value")
	}
}

var exprFuzzSeeds = []string{
	klaA1Long, klaA1.Answer, "exp(||q||^2/(2 sqrt(D))) * exp(||k||^2/(2*sqrt(D))) * K_Gauss(q,k)",
	`\text{sim}_{\text{softmax}}(q,k) = e^{\|k\|^2/(2\sqrt D)} e^{\|q\|^2/(2\sqrt D)} K_{\text{Gauss}}(q,k)`,
	`\phi(q)^\top\phi(k)`, `\langle q, k\rangle`, `|x||y|`, `\sqrt[3]{x}`, `\frac12`, `x^{-x^{-x}}`,
	`\log_2^2(x)`, `V'_i = \frac{\sum_j}{}`, "x**-1", "2⁻¹ + N²", "NlogN", `\left\| q \right\|_2`,
	`\mathcal{K}_{\text{Gauss}}(q,k)`, `{\rm sim}(q,k)`, `\hat{y}_i'`, `\max(a, b, c)`, `e^{e^{e^{e^{10}}}}`,
}

// FuzzExprParse checks that no reply makes the expr grader or its parser
// panic, and that verdicts stay well formed.
func FuzzExprParse(f *testing.F) {
	for _, s := range exprFuzzSeeds {
		f.Add(s)
	}
	g := mustMathGrader(f, klaA1).(*Expr)
	f.Fuzz(func(t *testing.T, s string) {
		v := g.Grade(context.Background(), Reply{Text: s})
		switch v.Grade {
		case Correct, Incorrect, NoAnswer:
		default:
			t.Fatalf("grade %q", v.Grade)
		}
		if v.Reason == "" || strings.Contains(v.Reason, "\n") && v.Grade == Correct {
			t.Fatalf("bad reason %q", v.Reason)
		}
		if n, _, err := mathexpr.Parse(s, mathexpr.Config{Known: g.known, Calls: true, Letters: true}); err == nil {
			g.eval(n, 0)
			_ = n.Key()
		}
	})
}

// TestMathGradersConcurrent grades from many goroutines at once; run with
// -race it checks that graders share nothing mutable.
func TestMathGradersConcurrent(t *testing.T) {
	b, e := mustMathGrader(t, klaA2), mustMathGrader(t, klaA1)
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			ok := b.Grade(context.Background(), Reply{Text: klaA2Long}).Grade == Correct &&
				e.Grade(context.Background(), Reply{Text: klaA1Long}).Grade == Correct
			done <- ok
		}()
	}
	for i := 0; i < 8; i++ {
		if !<-done {
			t.Error("a concurrent grade differed")
		}
	}
}

// TestExprUnreadableLeftHandSide: a left-hand side the parser cannot read
// (∂, combining accents, KL(P ‖ Q)) does not hide the right-hand side.
func TestExprUnreadableLeftHandSide(t *testing.T) {
	g, err := New(Spec{Type: "expr", Answer: `p_i - y_i`}, Env{})
	if err != nil {
		t.Fatal(err)
	}
	for _, reply := range []string{
		"Final answer: ∂L/∂z_i = p_i - y_i",
		`Final answer: $\frac{\partial \mathcal{L}}{\partial z_i} = p_i - y_i$`,
		"Final answer: KL(P ‖ Q) = p_i - y_i",
	} {
		if v := g.Grade(context.Background(), Reply{Text: reply}); v.Grade != Correct {
			t.Errorf("%q graded %s: %s", reply, v.Grade, v.Reason)
		}
	}
	if v := g.Grade(context.Background(), Reply{Text: "Final answer: ∂L/∂z_i = y_i - p_i"}); v.Grade != Incorrect {
		t.Errorf("wrong sign graded %s", v.Grade)
	}
}

// TestExprEvaluationBar: \left. … \right|_{x=0} is an evaluation bar.
func TestExprEvaluationBar(t *testing.T) {
	g, err := New(Spec{Type: "expr", Answer: `2a`}, Env{})
	if err != nil {
		t.Fatal(err)
	}
	if v := g.Grade(context.Background(), Reply{Text: `Final answer: $\left. 2a \right|_{x=0}$`}); v.Grade != Correct {
		t.Errorf("evaluation bar: %s (%s)", v.Grade, v.Reason)
	}
}
