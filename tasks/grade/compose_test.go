package grade

import (
	"context"
	"errors"
	"math"
	"testing"
)

// fixed is a test grader that always returns the same verdict.
func fixed(g Grade, score float64, reason string) Grader {
	return Func(func(context.Context, Reply) Verdict {
		return Verdict{Grade: g, Score: score, Reason: reason, Extracted: string(g)}
	})
}

func TestComposeCombine(t *testing.T) {
	var (
		right   = fixed(Correct, 1, "r")
		wrong   = fixed(Incorrect, 0, "w")
		none    = fixed(NoAnswer, 0, "n")
		undone  = fixed(Ungraded, 0, "u")
		partial = fixed(Incorrect, 0.4, "p")
	)
	tests := []struct {
		name  string
		all   bool
		parts []Grader
		want  Grade
		score float64
	}{
		{"all correct", true, []Grader{right, right}, Correct, 1},
		{"all one wrong", true, []Grader{right, wrong}, Incorrect, 0.5},
		{"all ungraded part", true, []Grader{right, undone}, Ungraded, 0.5},
		{"all ungraded but another wrong", true, []Grader{undone, wrong}, Incorrect, 0},
		{"all missing part", true, []Grader{right, none}, Incorrect, 0.5},
		{"all nothing found", true, []Grader{none, none}, NoAnswer, 0},
		{"all partial scores", true, []Grader{right, partial}, Incorrect, 0.7},
		{"any one right", false, []Grader{wrong, right}, Correct, 1},
		{"any none right", false, []Grader{wrong, partial}, Incorrect, 0.4},
		{"any ungraded could be right", false, []Grader{wrong, undone}, Ungraded, 0},
		{"any right beats ungraded", false, []Grader{undone, right}, Correct, 1},
		{"any nothing found", false, []Grader{none, none}, NoAnswer, 0},
		{"any found something wrong", false, []Grader{none, wrong}, Incorrect, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			types := make([]string, len(tt.parts))
			for i := range types {
				types[i] = "fake"
			}
			v := (&Compose{all: tt.all, parts: tt.parts, types: types}).Grade(context.Background(), Reply{Text: "x"})
			if v.Grade != tt.want || math.Abs(v.Score-tt.score) > 1e-9 {
				t.Errorf("verdict = %s %.2f, want %s %.2f", v.Grade, v.Score, tt.want, tt.score)
			}
		})
	}
}

func TestComposeRealGraders(t *testing.T) {
	faceNet := Spec{Type: "all", Graders: []Spec{
		{Type: "numeric", Answer: "140M", Unit: "params"},
		{Type: "rubric", Criteria: []Criterion{{Name: "zeiler-fergus", Any: []string{"zeiler", "Z&F", "ZF"}}}},
	}}
	g := buildText(t, faceNet, Env{})
	runTextCases(t, g, []textCase{
		{name: "both parts", reply: "NN1 is the Zeiler & Fergus style net with 140M parameters.", want: Correct, reason: "numeric: 1.4e8 params is within tolerance of 1.4e8; rubric: 1/1 criteria"},
		{name: "both parts written out", reply: "NN1 follows Zeiler and Fergus and has about 140 million parameters.", want: Correct,
			extracted: "140 million parameters (1.4e8) | zeiler-fergus"},
		{name: "numeric part only", reply: "It has 140M parameters.", want: Incorrect, reason: "rubric: 0/1 criteria"},
		{name: "empty", reply: "", want: NoAnswer},
	})
	either := buildText(t, Spec{Type: "any", Graders: []Spec{
		{Type: "exact", Answer: "linear"},
		{Type: "regex", Pattern: `O\(N\)`},
	}}, Env{})
	runTextCases(t, either, []textCase{
		{name: "word", reply: "**Final answer:** Linear.", want: Correct, reason: `exact: "linear" (final answer) equals the answer; regex:`},
		{name: "big-O", reply: "Final answer: $O(N)$", want: Correct},
		{name: "neither", reply: "Final answer: quadratic, O(N^2)", want: Incorrect},
		{name: "whitespace", reply: "  ", want: NoAnswer},
	})
}

func TestComposeSpecErrors(t *testing.T) {
	checkFieldErr(t, Spec{Type: "all"}, "graders")
	checkFieldErr(t, Spec{Type: "any", Graders: []Spec{{Type: "exact", Answer: "x"}, {Type: "numeric", Answer: "lots"}}}, "graders[1].answer")
	checkFieldErr(t, Spec{Type: "all", Graders: []Spec{{Type: "any", Graders: []Spec{
		{Type: "rubric", Criteria: []Criterion{{Name: "a", Any: []string{"ok", "(x"}}}},
	}}}}, "graders[0].graders[0].criteria[0].any[1]")
	checkFieldErr(t, Spec{Type: "any", Graders: []Spec{{Type: "nope"}}}, "graders[0].type")
	_, err := New(Spec{Type: "all", Graders: []Spec{{Type: "regex", Pattern: "("}}}, Env{})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Unwrap() == nil {
		t.Errorf("nested regex error = %v, want a FieldError wrapping the regexp error", err)
	}
}
