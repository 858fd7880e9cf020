package grade

import (
	"context"
	"fmt"
	"math"
	"strings"
)

func init() { register("judge", []string{"rubric", "answer"}, newJudge) }

// JudgeGrader asks an LLM judge (Env.Judge) to grade a reply against the
// reference — the spec's answer when set, else the task's reference — and
// the spec's rubric.
//
// It never makes a verdict up: with no judge configured the verdict is
// ungraded, and so it is when the judge fails or answers with an unknown
// grade. An empty reply is no_answer without asking the judge. A correct
// verdict with a zero score gets score 1; scores are clamped to [0, 1].
type JudgeGrader struct {
	judge    Judge
	prompt   string
	ref      string
	solution string
	rubric   string
}

var _ Grader = (*JudgeGrader)(nil)

func newJudge(spec Spec, env Env) (Grader, error) {
	g := &JudgeGrader{judge: env.Judge, prompt: env.Prompt, ref: spec.Answer, solution: env.Solution, rubric: spec.Rubric}
	if strings.TrimSpace(g.ref) == "" {
		g.ref = env.Reference
	}
	if strings.TrimSpace(g.ref) == "" && strings.TrimSpace(g.rubric) == "" {
		return nil, fieldErr("rubric", "judge needs a rubric, an answer or a task reference to grade against")
	}
	return g, nil
}

// Grade asks the judge.
func (g *JudgeGrader) Grade(ctx context.Context, r Reply) Verdict {
	reply := r.Text
	if strings.TrimSpace(reply) == "" {
		return Verdict{Grade: NoAnswer, Reason: "empty reply"}
	}
	if g.judge == nil {
		return Verdict{Grade: Ungraded, Reason: "no judge configured (run with --judge MODEL)"}
	}
	v, err := g.judge.JudgeAnswer(ctx, JudgeRequest{Prompt: g.prompt, Reference: g.ref, Solution: g.solution, Rubric: g.rubric, Reply: reply})
	if err != nil {
		return Verdict{Grade: Ungraded, Reason: fmt.Sprintf("judge failed: %v", err), JudgeFailed: true}
	}
	switch v.Grade {
	case Correct, Incorrect, NoAnswer, Ungraded:
	default:
		return Verdict{Grade: Ungraded, Extracted: v.Extracted, Reason: fmt.Sprintf("judge returned unknown grade %q", v.Grade)}
	}
	if math.IsNaN(v.Score) {
		v.Score = 0
	}
	v.Score = min(max(v.Score, 0), 1)
	if v.Grade == Correct && v.Score == 0 {
		v.Score = 1
	}
	if v.Reason == "" {
		v.Reason = "judge gave no reason"
	}
	return v
}
