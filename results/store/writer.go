package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/pushback/pushback/bench"
)

// RunWriter stores one run's results as the runner produces them: it is the
// runner's bench.Sink. A trial's row is written together with its first
// exchange. Exchanges and trial ends are queued without waiting for their
// commit, so the runner's critical path waits for no commit: they commit in
// order, several at a time, within milliseconds. On a crash, the answers of
// the last few milliseconds are lost and asked again on resume, which
// re-walks each trial from its stored exchanges and records its end again.
type RunWriter struct {
	store *Store
	runID string
	mu    sync.Mutex
	info  map[bench.TrialKey]bench.TrialInfo
	ids   map[bench.TrialKey]int64
	// pending counts queued writes; err holds the first failure of one.
	pending sync.WaitGroup
	err     error
}

var _ bench.Sink = (*RunWriter)(nil)

// NewRunWriter returns a Sink that writes into run runID of s.
func NewRunWriter(s *Store, runID string) *RunWriter {
	return &RunWriter{store: s, runID: runID, info: map[bench.TrialKey]bench.TrialInfo{}, ids: map[bench.TrialKey]int64{}}
}

// StartTrial implements bench.Sink; the trial's row is written with its
// first exchange.
func (w *RunWriter) StartTrial(_ context.Context, t bench.TrialInfo) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.info[t.Key] = t
	return w.err
}

// ensure returns the id of a trial, inserting its row inside tx if needed.
func (w *RunWriter) ensure(tx wtx, key bench.TrialKey) (int64, error) {
	w.mu.Lock()
	id, ok := w.ids[key]
	info, started := w.info[key]
	w.mu.Unlock()
	if ok {
		return id, nil
	}
	if !started {
		return 0, fmt.Errorf("store: trial %s %s #%d was not started", key.Model, key.Task, key.Sample)
	}
	id, err := ensureTrial(tx, w.runID, info)
	if err != nil {
		return 0, err
	}
	w.mu.Lock()
	w.ids[key] = id
	w.mu.Unlock()
	tx.OnRollback(func() {
		w.mu.Lock()
		delete(w.ids, key)
		w.mu.Unlock()
	})
	return id, nil
}

// SaveExchange implements bench.Sink. The exchange (and, for a trial's
// first, the trial's row) is queued, not waited for: writes commit in the
// order they are queued, a few milliseconds' worth at a time, and Flush
// waits for them. A failed write is returned by the calls after it.
func (w *RunWriter) SaveExchange(_ context.Context, ex bench.Exchange) error {
	return w.queue(func(tx wtx) error {
		id, err := w.ensure(tx, ex.Key)
		if err != nil {
			return err
		}
		return saveExchange(tx, id, ex)
	})
}

// TrialDone implements bench.Sink; like SaveExchange, it queues the write.
func (w *RunWriter) TrialDone(_ context.Context, key bench.TrialKey, failed bool, errText string) error {
	status := TrialDone
	if failed {
		status = TrialFailed
	}
	return w.queue(func(tx wtx) error {
		id, err := w.ensure(tx, key)
		if err != nil {
			return err
		}
		if _, err = tx.Exec(sqlTrialStatus, status, errText, id); err != nil {
			return err
		}
		// The trial is over: forget it, so a run's writer keeps only
		// the trials in flight.
		w.mu.Lock()
		info := w.info[key]
		delete(w.ids, key)
		delete(w.info, key)
		w.mu.Unlock()
		tx.OnRollback(func() {
			w.mu.Lock()
			w.ids[key], w.info[key] = id, info
			w.mu.Unlock()
		})
		return nil
	})
}

// queue queues a write and returns the first failure of an earlier one.
func (w *RunWriter) queue(fn func(tx wtx) error) error {
	w.pending.Add(1)
	w.store.writeAsync(fn, func(err error) {
		defer w.pending.Done()
		if err != nil {
			w.mu.Lock()
			if w.err == nil {
				w.err = err
			}
			w.mu.Unlock()
		}
	})
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Flush waits for every queued write and reports the first that failed.
func (w *RunWriter) Flush() error {
	w.pending.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}
