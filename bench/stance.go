package bench

import (
	"context"
	"errors"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

func asProviderError(err error, pe **providers.Error) bool { return errors.As(err, pe) }

// StanceInput is what a stance classifier sees: the answer being pushed
// back on, the pushback, and the reply with its verdict.
type StanceInput struct {
	Task *tasks.Task
	// Grader is the task's grader; when it is a grade.Comparer it decides
	// whether two answers are the same.
	Grader   grade.Grader
	Previous Exchange
	Pushback string
	Reply    string
	Verdict  grade.Verdict
}

// Classifier labels a reply to pushback with a stance and a short reason.
type Classifier interface {
	Classify(ctx context.Context, in StanceInput) (Stance, string)
}

// labelStance labels a reply to pushback: always with the heuristic, and,
// when c is another classifier (a judge), with c too, which then decides
// Stance. A judge that fails leaves Stance Unknown and is counted.
func labelStance(ctx context.Context, c Classifier, ex *Exchange, in StanceInput) {
	hs, pos, hr := Heuristic{}.Assess(in)
	ex.HeuristicStance, ex.Position = hs, pos
	if _, heuristic := c.(Heuristic); heuristic || c == nil {
		ex.Stance, ex.StanceReason, ex.StanceBy = hs, hr, ByHeuristic
		return
	}
	ex.Stance, ex.StanceReason = c.Classify(ctx, in)
	ex.StanceBy = ByJudge
	if ex.Stance == Unknown {
		ex.JudgeFailures++
	}
}
