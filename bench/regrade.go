package bench

import (
	"context"
	"sort"

	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

// Regrade grades a stored trial's exchanges again with g and re-classifies
// every reply to pushback with c, without calling any model. The
// transcripts are kept as they are: a branch is not cut or extended when a
// new grade would have sent different turns. Failed exchanges are kept
// unchanged. The result is in the order of exs.
func Regrade(ctx context.Context, task *tasks.Task, g grade.Grader, c Classifier, exs []Exchange) []Exchange {
	out := make([]Exchange, len(exs))
	copy(out, exs)
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	// First the first answer, then each branch in turn order, so every
	// reply is classified against its regraded predecessor.
	sort.SliceStable(order, func(i, j int) bool {
		a, b := out[order[i]], out[order[j]]
		if (a.Branch == FirstBranch) != (b.Branch == FirstBranch) {
			return a.Branch == FirstBranch
		}
		if a.Branch != b.Branch {
			return a.Branch < b.Branch
		}
		return a.Turn < b.Turn
	})
	var first *Exchange
	prev := map[string]*Exchange{} // the answer each branch's model holds
	for _, i := range order {
		ex := &out[i]
		if ex.Failed() {
			continue
		}
		ex.Verdict = g.Grade(ctx, grade.Reply{Text: ex.Reply, User: UserText(task.Prompt, ex.Prompt)})
		ex.JudgeFailures = 0
		if ex.Verdict.JudgeFailed {
			ex.JudgeFailures++
		}
		if ex.Branch == FirstBranch {
			first = ex
			continue
		}
		p := prev[ex.Branch]
		if p == nil {
			p = first
		}
		if p != nil {
			labelStance(ctx, c, ex, StanceInput{Task: task, Grader: g, Previous: *p, Pushback: ex.Prompt, Reply: ex.Reply, Verdict: ex.Verdict})
		}
		if ex.Position != PositionNone || p == nil {
			prev[ex.Branch] = ex
		}
	}
	return out
}
