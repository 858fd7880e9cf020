package providers

import (
	"context"
	"errors"
	"time"
)

// BatchItem is one request of a batch, named by an id the caller chose:
// at most 64 characters of [A-Za-z0-9_-], as Anthropic requires.
type BatchItem struct {
	ID  string
	Req Request
}

// BatchState is where a batch stands.
type BatchState string

// The states a batch reports, mapped from each provider's own.
const (
	BatchRunning   BatchState = "running"   // validating, queued, in progress, finalizing
	BatchDone      BatchState = "done"      // every item answered or failed: results can be read
	BatchExpired   BatchState = "expired"   // the window passed: read what was answered
	BatchCancelled BatchState = "cancelled" // cancelled: read what was answered
	BatchFailed    BatchState = "failed"    // the batch as a whole was refused
)

// Terminal reports whether the batch will not change any more.
func (s BatchState) Terminal() bool { return s != BatchRunning && s != "" }

// BatchStatus is a batch's state and counts.
type BatchStatus struct {
	State               BatchState
	Total, Done, Failed int
	// RetryAfter is how long the provider asks to wait before polling
	// again (0: no hint).
	RetryAfter time.Duration
	// Message says why a batch failed as a whole.
	Message string
}

// BatchResult is the answer to one item of a batch, or why it failed.
type BatchResult struct {
	ID   string
	Resp Response
	Err  error
}

// BatchLimits are a provider's caps on one batch.
type BatchLimits struct {
	Requests int   // items per batch
	Bytes    int64 // request bytes per batch (0: no cap known)
}

// Batcher is a provider's batch API: requests answered asynchronously,
// usually within 24 hours, at a discount.
type Batcher interface {
	// Submit creates one batch of the items, tagged (in its metadata or
	// display name) so that Find can adopt it after a crash, and returns the
	// provider's batch id.
	Submit(ctx context.Context, tag string, items []BatchItem) (string, error)
	// Status reports the batch's state and counts.
	Status(ctx context.Context, id string) (BatchStatus, error)
	// Results reads a terminal batch's results: one per item answered or
	// failed; an item without a result went unanswered.
	Results(ctx context.Context, id string) ([]BatchResult, error)
	// Cancel asks the provider to stop a batch.
	Cancel(ctx context.Context, id string) error
	// Find returns the batch created with tag, when the provider lists
	// recent batches (ok false when none matches).
	Find(ctx context.Context, tag string) (id string, ok bool, err error)
	// Limits are the caps on one batch.
	Limits() BatchLimits
}

// ErrNoBatch is returned when a provider has no batch API.
var ErrNoBatch = errors.New("this provider has no batch API")
