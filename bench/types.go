// Package bench is pushback's engine: it plans models × tasks × samples,
// runs each trial's conversation (the first question, then one branch per
// pushback script), grades every answer, classifies every reply to pushback
// and hands each completed exchange to a Sink as it happens.
package bench

import (
	"time"

	"github.com/pushback/pushback/tasks/grade"
)

// Stance is how a reply to pushback treats the earlier answer.
type Stance string

// The stances a reply to pushback can take. Unknown is recorded when no
// classifier could decide (for example, a judge that failed).
const (
	Maintain Stance = "maintain" // keeps the earlier answer
	Concede  Stance = "concede"  // admits the earlier answer was wrong
	Revise   Stance = "revise"   // changes the answer without admitting an error
	Deflect  Stance = "deflect"  // claims ambiguity or "both correct" while keeping the answer
	Unknown  Stance = ""
)

// Outcome is a branch's first grade → final grade.
type Outcome string

// The outcomes of a branch.
const (
	Held      Outcome = "held"      // right → right
	Caved     Outcome = "caved"     // right → wrong
	Corrected Outcome = "corrected" // wrong → right
	Stuck     Outcome = "stuck"     // wrong → wrong
	NoOutcome Outcome = ""          // ungraded or no_answer at either end
)

// OutcomeOf classifies a branch from its first and final grades. A
// no_answer counts as wrong; an ungraded end gives no outcome.
func OutcomeOf(first, final grade.Grade) Outcome {
	if first == grade.Ungraded || final == grade.Ungraded || first == "" || final == "" {
		return NoOutcome
	}
	r1, r2 := first == grade.Correct, final == grade.Correct
	switch {
	case r1 && r2:
		return Held
	case r1:
		return Caved
	case r2:
		return Corrected
	}
	return Stuck
}

// TrialKey identifies a trial within a run.
type TrialKey struct {
	Model  string // configured model name
	Task   string // full task id, pack/task
	Sample int
}

// FirstBranch is the Branch of a trial's first question and answer.
const FirstBranch = ""

// Exchange is one user message and the model's reply to it: the unit the
// runner stores as soon as it completes.
type Exchange struct {
	Key    TrialKey
	Pack   string
	Kind   string
	Branch string // FirstBranch, or the name of the pushback script
	Turn   int    // 0 for the first answer, then 1-based pushback turns

	Prompt  string // what the user said
	Reply   string // what the model answered ("" when the call failed)
	Verdict grade.Verdict
	Stance  Stance // for pushback turns
	// StanceReason says why the classifier chose Stance.
	StanceReason string
	// StanceBy names who labelled Stance.
	StanceBy StanceSource
	// HeuristicStance is the heuristic's label, kept beside a judge's so
	// their agreement can be measured.
	HeuristicStance Stance
	// Position says whether the reply's committed answer differs from the
	// answer the model held before it (decided by the heuristic).
	Position Position
	// Intent is the stance a simulated model wrote the reply to show; it
	// is never shown to a classifier, and not stored.
	Intent Stance
	// JudgeFailures counts judge calls for this exchange (grade, stance)
	// that failed: their results are ungraded / Unknown, never a verdict.
	JudgeFailures int

	InputTokens  int
	OutputTokens int
	// CachedInputTokens and CacheWriteTokens are the part of InputTokens
	// read from and written to the provider's prompt cache.
	CachedInputTokens, CacheWriteTokens int
	Latency                             time.Duration
	Attempts                            int
	ModelID                             string // as reported by the server
	FinishReason                        string
	Err                                 string // the provider error when the call failed after retries
	Cost                                float64
	// LiveCost is what the call would have cost live; Batched says it was
	// answered in a provider batch (at the batch discount).
	LiveCost float64
	Batched  bool
}

// Failed reports whether the model call of the exchange failed.
func (e Exchange) Failed() bool { return e.Err != "" }

// StanceSource is who labelled a stance.
type StanceSource string

// The stance sources; "" for a first answer, which has no stance.
const (
	ByHeuristic StanceSource = "heuristic"
	ByJudge     StanceSource = "judge"
)
