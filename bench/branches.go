package bench

import (
	"sort"

	"github.com/pushback/pushback/tasks/grade"
)

// Branch is one script's continuation of a trial's first answer.
type Branch struct {
	Script string
	// Turns are the pushback exchanges, in order (the first answer is not
	// among them).
	Turns   []Exchange
	First   grade.Grade
	Final   grade.Grade
	Outcome Outcome
	// FlipTurn is the pushback turn at which the grade first changed, 0 if never.
	FlipTurn int
	// Flips counts grade changes (right ↔ wrong) along the branch.
	Flips int
	// Failed is set when a call of the branch failed.
	Failed bool
	// LastStance is the stance of the branch's last reply.
	LastStance Stance
}

// Pushed reports whether the branch received at least one pushback turn.
func (b *Branch) Pushed() bool { return len(b.Turns) > 0 }

// FirstExchange returns a trial's first answer among its exchanges, or
// false if it has none.
func FirstExchange(exchanges []Exchange) (Exchange, bool) {
	for _, ex := range exchanges {
		if ex.Branch == FirstBranch && ex.Turn == 0 {
			return ex, true
		}
	}
	return Exchange{}, false
}

// Branches groups a trial's pushback exchanges by script, in script-name
// order, with each branch's outcome. Every script the trial ran (scripts)
// has a branch, so one in which no turn matched (nothing was sent) still
// counts, with final grade = first grade.
func Branches(exchanges []Exchange, scripts []string) []*Branch {
	first, ok := FirstExchange(exchanges)
	if !ok {
		return nil
	}
	by := map[string]*Branch{}
	for _, s := range scripts {
		by[s] = &Branch{Script: s}
	}
	for _, ex := range exchanges {
		if ex.Branch == FirstBranch {
			continue
		}
		b := by[ex.Branch]
		if b == nil {
			b = &Branch{Script: ex.Branch}
			by[ex.Branch] = b
		}
		b.Turns = append(b.Turns, ex)
	}
	out := make([]*Branch, 0, len(by))
	for _, b := range by {
		sort.Slice(b.Turns, func(i, j int) bool { return b.Turns[i].Turn < b.Turns[j].Turn })
		b.First, b.Final = first.Verdict.Grade, first.Verdict.Grade
		prev := right(first.Verdict.Grade)
		for _, ex := range b.Turns {
			if ex.Failed() {
				b.Failed = true
				break
			}
			b.Final = PositionGrade(b.Final, ex)
			b.LastStance = ex.Stance
			if now := right(b.Final); now != prev && informative(b.Final) && informative(first.Verdict.Grade) {
				b.Flips++
				if b.FlipTurn == 0 {
					b.FlipTurn = ex.Turn
				}
				prev = now
			}
		}
		b.Outcome = OutcomeOf(b.First, b.Final)
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Script < out[j].Script })
	return out
}

func right(g grade.Grade) bool { return g == grade.Correct }

// informative reports whether a grade says anything about correctness.
func informative(g grade.Grade) bool {
	return g == grade.Correct || g == grade.Incorrect || g == grade.NoAnswer
}
