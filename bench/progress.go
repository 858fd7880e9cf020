package bench

// Progress is told about a run as it happens. Implementations must be safe
// for concurrent use; NoProgress does nothing, so the runner never checks
// for nil.
type Progress interface {
	TrialStarted(it Item)
	// Exchange reports a completed, reused or failed exchange.
	Exchange(it Item, ex Exchange)
	// TrialDone reports a finished trial; failure is "" on success.
	TrialDone(it Item, failure string)
}

// NoProgress is a Progress that reports nothing.
type NoProgress struct{}

// TrialStarted does nothing.
func (NoProgress) TrialStarted(Item) {}

// Exchange does nothing.
func (NoProgress) Exchange(Item, Exchange) {}

// TrialDone does nothing.
func (NoProgress) TrialDone(Item, string) {}
