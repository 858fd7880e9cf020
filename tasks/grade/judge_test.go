package grade

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// fakeJudge records the request it got and answers with a fixed verdict.
type fakeJudge struct {
	got     JudgeRequest
	calls   int
	verdict Verdict
	err     error
}

func (f *fakeJudge) JudgeAnswer(_ context.Context, req JudgeRequest) (Verdict, error) {
	f.got, f.calls = req, f.calls+1
	return f.verdict, f.err
}

var judgeEnv = Env{Prompt: "What loss does FaceNet use?", Reference: "triplet loss", Solution: "..."}

func TestJudgeWithoutJudge(t *testing.T) {
	g := buildText(t, Spec{Type: "judge", Rubric: "Full marks for triplet loss with semi-hard mining."}, judgeEnv)
	runTextCases(t, g, []textCase{
		{name: "no judge configured", reply: "A triplet loss.", want: Ungraded, reason: "no judge configured (run with --judge MODEL)"},
		{name: "empty reply needs no judge", reply: "  ", want: NoAnswer, reason: "empty reply"},
	})
}

func TestJudgeWithFake(t *testing.T) {
	tests := []struct {
		name      string
		spec      Spec
		verdict   Verdict
		err       error
		want      Grade
		score     float64
		reason    string
		reference string
	}{
		{"correct", Spec{Type: "judge", Rubric: "semi-hard mining"}, Verdict{Grade: Correct, Score: 1, Reason: "matches"}, nil, Correct, 1, "matches", "triplet loss"},
		{"answer overrides reference", Spec{Type: "judge", Answer: "triplet loss, semi-hard negatives"}, Verdict{Grade: Incorrect, Reason: "no mining"}, nil, Incorrect, 0, "no mining", "triplet loss, semi-hard negatives"},
		{"judge error is ungraded", Spec{Type: "judge"}, Verdict{Grade: Correct, Score: 1}, errors.New("rate limited"), Ungraded, 0, "judge failed: rate limited", "triplet loss"},
		{"unknown grade", Spec{Type: "judge"}, Verdict{Grade: "maybe"}, nil, Ungraded, 0, `judge returned unknown grade "maybe"`, "triplet loss"},
		{"score clamped and filled", Spec{Type: "judge"}, Verdict{Grade: Correct}, nil, Correct, 1, "judge gave no reason", "triplet loss"},
		{"partial credit kept", Spec{Type: "judge"}, Verdict{Grade: Incorrect, Score: 7, Reason: "x"}, nil, Incorrect, 1, "x", "triplet loss"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := &fakeJudge{verdict: tt.verdict, err: tt.err}
			env := judgeEnv
			env.Judge = j
			g := buildText(t, tt.spec, env)
			v := g.Grade(context.Background(), Reply{Text: "FaceNet uses a triplet loss."})
			if v.Grade != tt.want || v.Score != tt.score || v.Reason != tt.reason {
				t.Errorf("verdict = %s %v %q, want %s %v %q", v.Grade, v.Score, v.Reason, tt.want, tt.score, tt.reason)
			}
			want := JudgeRequest{Prompt: judgeEnv.Prompt, Reference: tt.reference, Solution: judgeEnv.Solution, Rubric: tt.spec.Rubric, Reply: "FaceNet uses a triplet loss."}
			if j.calls != 1 || j.got != want {
				t.Errorf("judge called %d times with %+v, want once with %+v", j.calls, j.got, want)
			}
		})
	}
}

func TestJudgeSpecErrors(t *testing.T) {
	checkFieldErr(t, Spec{Type: "judge"}, "rubric")
	if _, err := New(Spec{Type: "judge"}, Env{Reference: "O(N)"}); err != nil {
		t.Errorf("judge with a task reference: %v", err)
	}
}

// keywordJudge is a fake judge that grades by a keyword, as a stand-in for
// an LLM: it lets the tests check what reaches the judge and what comes back.
type keywordJudge struct{ seen []string }

func (k *keywordJudge) JudgeAnswer(_ context.Context, req JudgeRequest) (Verdict, error) {
	k.seen = append(k.seen, req.Reply)
	if strings.Contains(strings.ToLower(req.Reply), "triplet") {
		return Verdict{Grade: Correct, Score: 1, Extracted: "triplet loss", Reason: "names the triplet loss"}, nil
	}
	return Verdict{Grade: Incorrect, Reason: "does not name the triplet loss"}, nil
}

func TestJudgeReplies(t *testing.T) {
	k := &keywordJudge{}
	env := judgeEnv
	env.Judge = k
	g := buildText(t, Spec{Type: "judge", Rubric: "Correct iff the reply names the triplet loss."}, env)
	cases := []textCase{
		{name: "terse", reply: "Triplet loss.", want: Correct, extracted: "triplet loss"},
		{name: "markdown", reply: "## Loss\n- **Triplet loss** with margin 0.2\n- semi-hard negatives", want: Correct},
		{name: "latex", reply: "$$L = \\sum_i [\\|f(a)-f(p)\\|^2 - \\|f(a)-f(n)\\|^2 + \\alpha]_+$$ — a triplet objective.", want: Correct},
		{name: "boxed", reply: `\boxed{\text{triplet loss}}`, want: Correct},
		{name: "final answer line", reply: "**Final answer:** a triplet-based ranking loss", want: Correct},
		{name: "hedge", reply: "Maybe contrastive, maybe triplet; I am not sure.", want: Correct},
		{name: "wrong loss", reply: "Softmax cross-entropy over identities.", want: Incorrect, reason: "does not name the triplet loss"},
		{name: "contrastive", reply: "A contrastive (pairwise) loss.", want: Incorrect},
		{name: "center loss", reply: "**Final answer:** center loss", want: Incorrect},
		{name: "numbers only", reply: "128-d embeddings, 1.6B FLOPs.", want: Incorrect},
		{name: "choice letter", reply: "B", want: Incorrect},
		{name: "long", reply: strings.Repeat("The embedding is L2-normalised. ", 50) + "Loss: triplet.", want: Correct},
		{name: "unicode", reply: "Triplet-Verlust (triplet loss) — 三元组损失", want: Correct},
		{name: "refusal", reply: "I cannot answer questions about face recognition.", want: Incorrect},
		{name: "whitespace only", reply: "\n\t ", want: NoAnswer},
	}
	runTextCases(t, g, cases)
	if len(k.seen) != len(cases)-1 {
		t.Errorf("judge saw %d replies, want %d (all but the empty one)", len(k.seen), len(cases)-1)
	}
}
