package grade

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// textCase is one reply and the verdict expected for it. Extracted and
// Reason are checked only when set; Reason as a substring.
type textCase struct {
	name      string
	reply     string
	want      Grade
	extracted string
	reason    string
}

// buildText builds a grader from spec or fails the test.
func buildText(t *testing.T, spec Spec, env Env) Grader {
	t.Helper()
	g, err := New(spec, env)
	if err != nil {
		t.Fatalf("New(%+v): %v", spec, err)
	}
	return g
}

// runTextCases grades every case's reply with g and checks the verdict.
func runTextCases(t *testing.T, g Grader, cases []textCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := g.Grade(context.Background(), Reply{Text: tc.reply})
			if v.Grade != tc.want {
				t.Errorf("grade = %s, want %s (extracted %q, reason %q)", v.Grade, tc.want, v.Extracted, v.Reason)
			}
			if tc.extracted != "" && v.Extracted != tc.extracted {
				t.Errorf("extracted = %q, want %q", v.Extracted, tc.extracted)
			}
			if tc.reason != "" && !strings.Contains(v.Reason, tc.reason) {
				t.Errorf("reason = %q, want it to contain %q", v.Reason, tc.reason)
			}
			if wantScore, binary := binaryScore(g, v.Grade); binary && v.Score != wantScore {
				t.Errorf("score = %v, want %v for grade %s", v.Score, wantScore, v.Grade)
			}
			if v.Reason == "" {
				t.Errorf("empty reason")
			}
		})
	}
}

// binaryScore is the score a grader whose scores are 0 or 1 gives for a
// grade; rubric and composed graders give partial scores.
func binaryScore(g Grader, gr Grade) (float64, bool) {
	switch g.(type) {
	case *Rubric, *Compose:
		return 0, false
	}
	if gr == Correct {
		return 1, true
	}
	return 0, true
}

// checkFieldErr asserts that building spec fails on field.
func checkFieldErr(t *testing.T, spec Spec, field string) {
	t.Helper()
	_, err := New(spec, Env{})
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("New(%+v) error = %v, want a *FieldError on %q", spec, err, field)
	}
	if fe.Field != field {
		t.Errorf("New(%+v) error on field %q (%v), want %q", spec, fe.Field, err, field)
	}
}

func TestExactGrade(t *testing.T) {
	g := buildText(t, Spec{Type: "exact", Answer: "Adam", Accept: []string{"Adam optimizer", "the Adam optimiser"}}, Env{})
	runTextCases(t, g, []textCase{
		{name: "terse", reply: "Adam", want: Correct, extracted: "Adam"},
		{name: "terse lower case with period", reply: "adam.", want: Correct},
		{name: "bold", reply: "**Adam**", want: Correct},
		{name: "quoted", reply: `"Adam"`, want: Correct},
		{name: "boxed text", reply: `The optimizer used is $\boxed{\text{Adam}}$.`, want: Correct, extracted: `\text{Adam}`, reason: "(boxed)"},
		{name: "accepted alternative", reply: "Final answer: Adam  optimizer", want: Correct, reason: `accepted answer "adam optimizer"`},
		{name: "curly quotes and emphasis", reply: "**Final answer:** “*The Adam optimiser*”.", want: Correct},
		{name: "markdown reply, answer on last line", reply: "## Which optimizer?\n\nThe paper compares SGD with momentum, AdaGrad and Adam.\n- SGD: slow to converge\n- AdaGrad: decays too fast\n\nSo the authors use\n\n**Adam**\n", want: Correct, extracted: "**Adam**"},
		{name: "answer label on last line", reply: "They tried several.\n\nAnswer: Adam", want: Correct},
		{name: "answer first then explanation", reply: "**Answer:** Adam\n\nExplanation: plain SGD converged too slowly on the 200M-image set.", want: Correct, extracted: "Adam"},
		{name: "the answer is phrase", reply: "After comparing the ablations, the answer is **Adam**.\nOther optimizers were only tried briefly.", want: Correct},
		{name: "final answer heading next line", reply: "### Final Answer\n\n`Adam`", want: Correct},
		{name: "wrong optimizer", reply: "**Final answer:** SGD with momentum", want: Incorrect, extracted: "SGD with momentum", reason: `"sgd with momentum" (final answer) is not "adam"`},
		{name: "mentioned but not the answer", reply: "Adam is popular, but the paper uses SGD.", want: Incorrect},
		{name: "last line hedges", reply: "Probably Adam.\nOr maybe AdaGrad", want: Incorrect},
		{name: "superstring is not equal", reply: "AdamW", want: Incorrect},
		{name: "empty reply", reply: "   \n ", want: NoAnswer},
		{name: "only emphasis", reply: "****", want: NoAnswer},
		{name: "math wrappers", reply: `$$\text{Adam}$$`, want: Correct},
	})
}

func TestExactCaseSensitive(t *testing.T) {
	g := buildText(t, Spec{Type: "exact", Answer: "O(N)", CaseSensitive: true}, Env{})
	runTextCases(t, g, []textCase{
		{name: "same case", reply: "**Final answer:** $O(N)$", want: Correct, extracted: "$O(N)$"},
		{name: "other case", reply: "**Final answer:** $o(n)$", want: Incorrect},
		{name: "spaces collapsed", reply: "Final answer:   O(N)  .", want: Correct},
		{name: "inner spaces differ", reply: "Final answer: O( N )", want: Incorrect},
	})
}

func TestExactSpecErrors(t *testing.T) {
	checkFieldErr(t, Spec{Type: "exact"}, "answer")
	checkFieldErr(t, Spec{Type: "exact", Answer: "**  **"}, "answer")
	checkFieldErr(t, Spec{Type: "exact", Answer: "x", Accept: []string{"y", " "}}, "accept[1]")
}

func TestNormalizeAnswer(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Adam  ", "adam"},
		{"$$ x + y $$", "x + y"},
		{`\( \mathrm{ReLU} \)`, "relu"},
		{"**`Adam`**.", "adam"},
		{"$a$ and $b$", "$a$ and $b$"},
		{`\text{a} + \text{b}`, `\text{a} + \text{b}`},
		{"it's", "it's"},
		{"Line\none", "line one"},
	}
	for _, tt := range tests {
		if got := normalizeAnswer(tt.in, false); got != tt.want {
			t.Errorf("normalizeAnswer(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// awkwardReplies are inputs no grader may panic on.
var awkwardReplies = []string{
	"", " ", "\n\n\n", `\boxed{`, `\boxed{}}`, `\boxed{\boxed{\boxed{x}}}`, "$$", "$$$$", `\[`, `\]`,
	"Final answer:", "### Final Answer\n\n", "-", "--5", "−", "1e999999", "10^99999", "2^{1000000}", "9" + string(make([]byte, 0)),
	"1,", "1,000,", ",,,", "1 000 000 000 000 000 000 000 000 000", "....5", "5.", "(", ")", "[[[]]]", "{{{", "}}}",
	"A", "a", "I", "(", "()", "Option", "option (", "the answer is", "Answer:", "B or", "\xff\xfe\xfd", "日本語の答え",
	"μs µs ms", "%", "100%%", "~", "≈", "×10^", "1.6 × 10^", "10^{", "2^{31", "1.6\\cdot", `\text{`, `\text{}`,
	"**", "****Final answer:****", "```\ncode\n```", "1.6B" + string(rune(0)), "0x1F", "1/0", "0/0", "-0",
}

func TestTextGradersNeverPanic(t *testing.T) {
	specs := []Spec{
		{Type: "exact", Answer: "Adam"},
		{Type: "choice", Answer: "B"},
		{Type: "regex", Pattern: `(?i)o\(n\)`},
		{Type: "numeric", Answer: "1.6e9", Unit: "FLOPs"},
		{Type: "numeric", Answer: "2 GiB", Unit: "bytes"},
		{Type: "numeric", Answer: "7.5%"},
		{Type: "numeric", Answer: "0", AbsTolerance: 0.1},
		faceNetRubric,
		{Type: "judge", Rubric: "r"},
		{Type: "all", Graders: []Spec{{Type: "exact", Answer: "x"}, {Type: "choice", Answer: "C"}}},
	}
	long := strings.Repeat("The answer is B, about 1.6B FLOPs (Table 3, 2015). ", 2000)
	for _, spec := range specs {
		g := buildText(t, spec, Env{})
		for _, r := range append(awkwardReplies, long) {
			v := g.Grade(context.Background(), Reply{Text: r})
			switch v.Grade {
			case Correct, Incorrect, NoAnswer, Ungraded:
			default:
				t.Errorf("%s grader on %q: grade %q", spec.Type, r, v.Grade)
			}
			if v.Score < 0 || v.Score > 1 || v.Reason == "" {
				t.Errorf("%s grader on %q: score %v reason %q", spec.Type, r, v.Score, v.Reason)
			}
		}
	}
}

// TestHedgesOfWholeAnswers: exact and choice answers that offer an
// accepted answer beside another are incorrect and flagged hedged.
func TestHedgesOfWholeAnswers(t *testing.T) {
	ex, err := New(Spec{Type: "exact", Answer: "Adam"}, Env{})
	if err != nil {
		t.Fatal(err)
	}
	if v := ex.Grade(context.Background(), Reply{Text: "Final answer: Adam or SGD"}); v.Grade != Incorrect || !v.Hedged {
		t.Errorf("exact hedge: %+v", v)
	}
	if v := ex.Grade(context.Background(), Reply{Text: "Final answer: Adam"}); v.Grade != Correct || v.Hedged {
		t.Errorf("exact answer: %+v", v)
	}
	ch, err := New(Spec{Type: "choice", Answer: "B"}, Env{})
	if err != nil {
		t.Fatal(err)
	}
	if v := ch.Grade(context.Background(), Reply{Text: "Final answer: B or C"}); v.Grade != Incorrect || !v.Hedged {
		t.Errorf("choice hedge: %+v", v)
	}
}
