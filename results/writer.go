package results

import (
	"context"
	"fmt"
	"sync"

	"github.com/pushback/pushback/bench"
)

// RunWriter stores one run's results as the runner produces them: it is the
// runner's bench.Sink.
type RunWriter struct {
	store *Store
	runID string
	mu    sync.Mutex
	ids   map[bench.TrialKey]int64
}

var _ bench.Sink = (*RunWriter)(nil)

// NewRunWriter returns a Sink that writes into run runID of s.
func NewRunWriter(s *Store, runID string) *RunWriter {
	return &RunWriter{store: s, runID: runID, ids: map[bench.TrialKey]int64{}}
}

// StartTrial implements bench.Sink.
func (w *RunWriter) StartTrial(ctx context.Context, t bench.TrialInfo) error {
	id, err := w.store.EnsureTrial(ctx, w.runID, t)
	if err != nil {
		return err
	}
	w.mu.Lock()
	w.ids[t.Key] = id
	w.mu.Unlock()
	return nil
}

func (w *RunWriter) trialID(key bench.TrialKey) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	id, ok := w.ids[key]
	if !ok {
		return 0, fmt.Errorf("store: trial %s %s #%d was not started", key.Model, key.Task, key.Sample)
	}
	return id, nil
}

// SaveExchange implements bench.Sink.
func (w *RunWriter) SaveExchange(ctx context.Context, ex bench.Exchange) error {
	id, err := w.trialID(ex.Key)
	if err != nil {
		return err
	}
	return w.store.SaveExchange(ctx, id, ex)
}

// TrialDone implements bench.Sink.
func (w *RunWriter) TrialDone(ctx context.Context, key bench.TrialKey, failed bool, errText string) error {
	id, err := w.trialID(key)
	if err != nil {
		return err
	}
	status := TrialDone
	if failed {
		status = TrialFailed
	}
	return w.store.SetTrialStatus(ctx, id, status, errText)
}
