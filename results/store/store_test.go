package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/tasks/grade"
)

// TestOpenConcurrently: several stores opening a new database at once all
// succeed (the migration is taken under a lock).
func TestOpenConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(path)
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestStoreRoundTrip stores a run, a trial and exchanges, and reads them back.
func TestStoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, id := range []string{"a", "b", "c"} {
		r := &Run{ID: id, Started: time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC), Version: "t", Config: runconfig.Config{},
			Packs: []PackRef{{ID: "hw10", File: "builtin:hw10.yaml", Hash: "h"}}}
		if err := s.CreateRun(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for ref, want := range map[string]string{"latest": "c", "latest~1": "b", "latest~2": "a", "b": "b"} {
		r, err := s.Resolve(ctx, ref)
		if err != nil || r.ID != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", ref, r, err, want)
		}
	}
	if _, err := s.Resolve(ctx, "latest~3"); err == nil {
		t.Error("latest~3 of 3 runs resolved")
	}
	w := NewRunWriter(s, "c")
	key := bench.TrialKey{Model: "m", Task: "hw10/kla-a2", Sample: 0}
	info := bench.TrialInfo{Key: key, Pack: "hw10", Kind: "complexity", Scripts: []string{"are-you-sure", "reveal"}}
	if err := w.StartTrial(ctx, info); err != nil {
		t.Fatal(err)
	}
	first := bench.Exchange{Key: key, Prompt: "q", Reply: "=SUM(A1)", Verdict: grade.Verdict{Grade: grade.Incorrect, Extracted: "x"},
		InputTokens: 3, OutputTokens: 4, Latency: 1500 * time.Millisecond, Attempts: 2}
	push := bench.Exchange{Key: key, Branch: "reveal", Turn: 1, Prompt: "sol", Reply: "ok", Verdict: grade.Verdict{Grade: grade.Correct},
		Stance: bench.Concede}
	for _, ex := range []bench.Exchange{first, push} {
		if err := w.SaveExchange(ctx, ex); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.TrialDone(ctx, key, false, ""); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	trials, err := s.Trials(ctx, "c")
	if err != nil || len(trials) != 1 {
		t.Fatalf("Trials = %v, %v", trials, err)
	}
	tr := trials[0]
	if tr.Status != TrialDone || tr.Kind != "complexity" || len(tr.Scripts) != 2 || len(tr.Exchanges) != 2 {
		t.Fatalf("trial = %+v", tr)
	}
	got := tr.Exchanges[0]
	if got.Reply != "=SUM(A1)" || got.Verdict.Grade != grade.Incorrect || got.Latency != 1500*time.Millisecond || got.Attempts != 2 {
		t.Errorf("first exchange = %+v", got)
	}
	bs := tr.Branches()
	if len(bs) != 2 || bs[0].Script != "are-you-sure" || bs[0].Pushed() || bs[1].Outcome != bench.Corrected || bs[1].FlipTurn != 1 {
		t.Errorf("branches = %+v %+v", bs[0], bs[1])
	}
}

func TestBatchesRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateRun(ctx, &Run{ID: "b", Started: time.Now()}); err != nil {
		t.Fatal(err)
	}
	pk, err := s.CreateBatch(ctx, bench.StoredBatch{RunID: "b", Model: "m", Wave: 1, Tag: "pushback-b-m-w1-1", State: "submitting", Items: []bench.BatchCall{
		{ID: "pb-2", Task: "p/t", Sample: 1, Branch: "reveal", Turn: 1, Attempt: 1000},
		{ID: "pb-1", Task: "p/t", Sample: 0, Branch: "first", Turn: 0, Attempt: 1000}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBatch(ctx, pk, "batch_abc", "running"); err != nil {
		t.Fatal(err)
	}
	bs, err := s.Batches(ctx, "b")
	if err != nil || len(bs) != 1 || bs[0].ProviderID != "batch_abc" || bs[0].State != "running" || bs[0].Wave != 1 ||
		len(bs[0].Items) != 2 || bs[0].Items[0].ID != "pb-1" || bs[0].Items[1].Branch != "reveal" || bs[0].Items[1].Turn != 1 {
		t.Fatalf("batches %+v, %v", bs, err)
	}
	// A batched exchange keeps what it would have cost live.
	w := NewRunWriter(s, "b")
	key := bench.TrialKey{Model: "m", Task: "p/t"}
	if err := w.StartTrial(ctx, bench.TrialInfo{Key: key, Pack: "p", Kind: "derivation"}); err != nil {
		t.Fatal(err)
	}
	if err := w.SaveExchange(ctx, bench.Exchange{Key: key, Prompt: "q", Reply: "a", Cost: 0.5, LiveCost: 1, Batched: true}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	trials, err := s.Trials(ctx, "b")
	if err != nil || len(trials) != 1 || len(trials[0].Exchanges) != 1 {
		t.Fatalf("trials %v, %v", trials, err)
	}
	if ex := trials[0].Exchanges[0]; ex.Cost != 0.5 || ex.LiveCost != 1 || !ex.Batched {
		t.Errorf("exchange %+v", ex)
	}
	if exs, err := s.TrialExchanges(ctx, "b", key); err != nil || len(exs) != 1 || exs[0].Reply != "a" || exs[0].Key != key {
		t.Errorf("TrialExchanges: %+v, %v", exs, err)
	}
	if exs, err := s.TrialExchanges(ctx, "b", bench.TrialKey{Model: "m", Task: "p/other"}); err != nil || len(exs) != 0 {
		t.Errorf("TrialExchanges of an unknown trial: %+v, %v", exs, err)
	}

	// Calls in a running batch are in flight; once it ends, they have
	// their results; a call of a batch given up at the deadline goes live.
	if cs, err := s.CallState(ctx, "b", "pb-1"); err != nil || !cs.InFlight || cs.Result != nil {
		t.Errorf("running: %+v, %v", cs, err)
	}
	err = s.FinishBatch(ctx, pk, "done", []bench.StoredResult{
		{ID: "pb-1", Resp: providers.Response{Text: "42", InputTokens: 3, OutputTokens: 1, Model: "m-1", FinishReason: "stop"}},
		{ID: "pb-2", Err: "openai model m: 500 internal server error", Retryable: true}})
	if err != nil {
		t.Fatal(err)
	}
	if cs, err := s.CallState(ctx, "b", "pb-1"); err != nil || cs.InFlight || cs.Result == nil || cs.Result.Resp.Text != "42" || cs.Result.Resp.InputTokens != 3 {
		t.Errorf("ended: %+v, %v", cs, err)
	}
	if cs, err := s.CallState(ctx, "b", "pb-2"); err != nil || cs.Result == nil || !cs.Result.Retryable || cs.Result.Err == "" {
		t.Errorf("failed item: %+v, %v", cs, err)
	}
	pk2, _ := s.CreateBatch(ctx, bench.StoredBatch{RunID: "b", Model: "m", Wave: 2, Tag: "t2", State: "submitting", Items: []bench.BatchCall{{ID: "pb-3"}}})
	if err := s.FinishBatch(ctx, pk2, bench.BatchDeadline, nil); err != nil {
		t.Fatal(err)
	}
	if cs, err := s.CallState(ctx, "b", "pb-3"); err != nil || !cs.Live || cs.InFlight || cs.Result != nil {
		t.Errorf("deadline: %+v, %v", cs, err)
	}
	if cs, err := s.CallState(ctx, "b", "pb-unknown"); err != nil || cs.Live || cs.InFlight || cs.Result != nil {
		t.Errorf("unknown: %+v, %v", cs, err)
	}
}

// TestFailedWriteRolledBackAlone: a write that fails leaves nothing behind,
// in the database or outside it (what it registered with OnRollback is
// undone), whether it was committed alone or in a group with others that
// succeed, which keep what they did.
func TestFailedWriteRolledBackAlone(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mu sync.Mutex
	seen := map[string]int{} // outside the database: how often each write ran, net of undos
	put := func(id string, fail bool) error {
		return s.write(ctx, func(tx wtx) error {
			if _, err := tx.Exec(`INSERT INTO runs (id, seq, started, version, config, status) VALUES (?, 1, '2026-01-01T00:00:00Z', 't', '{}', 'running')`, id); err != nil {
				return err
			}
			mu.Lock()
			seen[id]++
			mu.Unlock()
			tx.OnRollback(func() {
				mu.Lock()
				seen[id]--
				mu.Unlock()
			})
			if fail {
				return errors.New("boom")
			}
			return nil
		})
	}
	if err := put("alone", true); err == nil {
		t.Fatal("failing write reported no error")
	}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := put(fmt.Sprint("g", i), i%7 == 3)
			if (err != nil) != (i%7 == 3) {
				t.Errorf("write %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	var n int
	var ids []string
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM runs ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
		n++
	}
	rows.Close()
	if n != 34 || slices.Contains(ids, "alone") || slices.Contains(ids, "g3") || !slices.Contains(ids, "g4") {
		t.Errorf("stored %d runs %v, want the 34 writes that did not fail", n, ids)
	}
	for id, c := range seen {
		if want := map[bool]int{true: 1, false: 0}[slices.Contains(ids, id)]; c != want {
			t.Errorf("write %s: its effect outside the database counts %d, want %d", id, c, want)
		}
	}
}

// TestAsyncWritesInOrder: exchanges saved without waiting are all readable
// after a barrier, and a failed one is reported by a later call and Flush.
func TestAsyncWritesInOrder(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateRun(ctx, &Run{ID: "r", Started: time.Now(), Version: "t"}); err != nil {
		t.Fatal(err)
	}
	w := NewRunWriter(s, "r")
	key := bench.TrialKey{Model: "m", Task: "t"}
	w.StartTrial(ctx, bench.TrialInfo{Key: key, Pack: "p", Kind: "expr", Scripts: []string{"s"}})
	for turn := range 30 {
		ex := bench.Exchange{Key: key, Branch: "s", Turn: turn, Prompt: "p", Reply: fmt.Sprint("r", turn)}
		if turn == 0 {
			ex.Branch = bench.FirstBranch
		}
		if err := w.SaveExchange(ctx, ex); err != nil {
			t.Fatal(err)
		}
	}
	exs, err := s.TrialExchanges(ctx, "r", key)
	if err != nil || len(exs) != 30 {
		t.Fatalf("read %d exchanges, %v; want 30", len(exs), err)
	}
	// A trial never started cannot be stored: the failure comes back later.
	// Queued between two exchanges of a new trial, likely in their batch,
	// it rolls back alone: the trial's row, written with its first
	// exchange, and the id the writer cached for it stay consistent.
	key2 := bench.TrialKey{Model: "m", Task: "t2"}
	w.StartTrial(ctx, bench.TrialInfo{Key: key2, Pack: "p", Kind: "expr", Scripts: []string{"s"}})
	w.SaveExchange(ctx, bench.Exchange{Key: key2, Branch: bench.FirstBranch, Prompt: "p", Reply: "a"})
	w.SaveExchange(ctx, bench.Exchange{Key: bench.TrialKey{Model: "m", Task: "nope"}})
	w.SaveExchange(ctx, bench.Exchange{Key: key2, Branch: "s", Turn: 1, Prompt: "p", Reply: "b"})
	if err := w.Flush(); err == nil || !strings.Contains(err.Error(), "was not started") {
		t.Errorf("Flush = %v, want the failed write's error", err)
	}
	if exs, err := s.TrialExchanges(ctx, "r", key2); err != nil || len(exs) != 2 {
		t.Errorf("read %d exchanges of the trial beside the failed write, %v; want 2", len(exs), err)
	}
	if err := w.SaveExchange(ctx, bench.Exchange{Key: key, Branch: "s", Turn: 40}); err == nil {
		t.Error("SaveExchange after a failed write returned no error")
	}
}
