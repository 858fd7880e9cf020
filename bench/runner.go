package bench

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/tasks/grade"
)

// Sink receives the runner's results as they happen. results.RunWriter
// stores them; an error from a Sink stops the run, since an exchange that
// cannot be stored would be paid for and lost.
type Sink interface {
	// StartTrial records a trial before its first exchange.
	StartTrial(ctx context.Context, t TrialInfo) error
	// SaveExchange stores one completed (or failed) exchange. It may
	// return before the exchange is durable (and report a failure at a
	// later call), provided exchanges become durable in the order saved.
	SaveExchange(ctx context.Context, ex Exchange) error
	// TrialDone records that a trial finished; errText is "" on success.
	TrialDone(ctx context.Context, key TrialKey, failed bool, errText string) error
	// Flush returns once everything saved is durable, with the first
	// failure of a save; Run calls it before it returns.
	Flush() error
}

// TrialInfo describes a trial to a Sink.
type TrialInfo struct {
	Key     TrialKey
	Pack    string
	Kind    string
	Scripts []string // the scripts whose branches follow the first answer
	// TaskHash is the content hash of the task asked (tasks.Task.Hash).
	TaskHash string
}

// Graders builds the grader of a task; the runner calls it once per task.
type Graders func(item Item) (grade.Grader, error)

// Runner runs a plan. The zero value is not usable: set Sink and Graders.
type Runner struct {
	// Concurrency caps calls in flight across all models (each model's
	// Client adds its own cap and rate limit). Default
	// runconfig.DefaultConcurrency. Trials in flight are capped at
	// TrialsInFlight(Concurrency), a few more, so that a trial grading an
	// answer or storing it does not leave a call slot idle.
	Concurrency int
	// Calls caps model calls in flight; default a limit of Concurrency.
	// A run's judge has a limit of its own (see bench/lifecycle), so a
	// judge call never waits for a slot held by the call it judges.
	Calls   *semaphore.Weighted
	Sink    Sink
	Graders Graders
	// Classifier labels replies to pushback; default Heuristic.
	Classifier Classifier
	// Prior holds exchanges stored by an earlier attempt at this run
	// (--resume): they are reused instead of asked again.
	Prior map[TrialKey][]Exchange
	// Progress is told about every trial and exchange; default none.
	Progress Progress
	// System is an optional system prompt sent with every conversation.
	System string
	// Waves sends the calls of models with a Batch through their batch
	// APIs, in waves (see Waves); Stored then reads a trial's exchanges
	// back from the store between waves.
	Waves  *Waves
	Stored func(ctx context.Context, key TrialKey) ([]Exchange, error)
}

// Summary counts what a Run did.
type Summary struct {
	Trials      int
	Done        int
	Failed      int
	Interrupted bool
	Calls       int64 // model calls made (stored exchanges reused are not counted)
	Reused      int64 // exchanges taken from Prior
}

// ErrInterrupted is returned by Run when its context was cancelled before
// every trial finished. Everything completed is stored; the run can resume.
var ErrInterrupted = errors.New("run interrupted")

// Run asks every trial of the plan. It stops starting new calls when ctx is
// cancelled but lets calls in flight finish (each is bounded by its model's
// timeout) and stores them, then returns ErrInterrupted. A trial whose model
// fails after retries is recorded as failed and the run goes on. The trials
// of batch models (with Waves set) run in passes beside the others (see
// Waves).
func (r *Runner) Run(ctx context.Context, plan *Plan) (Summary, error) {
	conc := r.Concurrency
	if conc <= 0 {
		conc = runconfig.DefaultConcurrency
	}
	st := &runState{r: r, stop: ctx, calls: r.Calls, classifier: r.Classifier, progress: r.Progress, conc: conc}
	if st.calls == nil {
		st.calls = semaphore.NewWeighted(int64(conc))
	}
	if st.classifier == nil {
		st.classifier = Heuristic{}
	}
	if st.progress == nil {
		st.progress = NoProgress{}
	}
	var live, batched []Item
	for _, it := range plan.Items {
		if r.Waves != nil && it.Model.Batch != nil {
			batched = append(batched, it)
		} else {
			live = append(live, it)
		}
	}
	if len(batched) > 0 && r.Stored == nil {
		return Summary{}, errors.New("batch mode needs Runner.Stored to read trials back between waves")
	}
	// In-flight calls use a context that the stop signal does not cancel,
	// so an interrupted run still records the answers it paid for.
	callCtx := context.WithoutCancel(ctx)
	g, gctx := errgroup.WithContext(callCtx)
	g.Go(func() error {
		_, err := st.runItems(gctx, live, 1)
		return err
	})
	if len(batched) > 0 {
		g.Go(func() error { return st.runPasses(gctx, batched) })
	}
	err := g.Wait()
	if ferr := r.Sink.Flush(); ferr != nil && err == nil {
		err = ferr
	}
	sum := Summary{Trials: len(plan.Items), Done: int(st.nDone.Load()), Failed: int(st.nFailed.Load())}
	sum.Calls, sum.Reused = st.nCalls.Load(), st.nReused.Load()
	if err != nil {
		return sum, err
	}
	if sum.Done+sum.Failed < sum.Trials {
		sum.Interrupted = true
		return sum, ErrInterrupted
	}
	return sum, nil
}

// TrialsInFlight is how many trials a run of conc calls in flight keeps
// open: conc and a quarter more (at least one more). Between two calls a
// trial grades, labels and stores; with exactly conc trials a slot sat
// idle for that time, about 5% of the run's wall at 50 ms per call.
func TrialsInFlight(conc int) int { return conc + max(1, conc/4) }

// runItems runs trials, TrialsInFlight(conc) at a time, as pass number pass, and returns
// those that stopped to wait for a batch.
func (st *runState) runItems(ctx context.Context, items []Item, pass int) ([]Item, error) {
	// A fixed set of workers takes the trials in order: a goroutine per
	// trial would grow a fresh stack for every trial (the SDK's decoding
	// and the graders run deep), and copying stacks as they grow cost about
	// 5% of a run's CPU.
	g, gctx := errgroup.WithContext(ctx)
	var mu sync.Mutex
	var suspended []Item
	var next atomic.Int64
	for range min(TrialsInFlight(st.conc), len(items)) {
		g.Go(func() error {
			for {
				if st.stopped() || gctx.Err() != nil {
					return nil
				}
				i := int(next.Add(1)) - 1
				if i >= len(items) {
					return nil
				}
				o, err := st.trial(gctx, items[i], pass)
				switch {
				case err != nil:
					return err
				case o == outcomeFailed:
					st.nFailed.Add(1)
				case o == outcomeDone:
					st.nDone.Add(1)
				case o == outcomeSuspended:
					mu.Lock()
					suspended = append(suspended, items[i])
					mu.Unlock()
				}
			}
		})
	}
	return suspended, g.Wait()
}

// runPasses runs the trials of batch models: a pass over them, the calls
// they queued sent as batches, and a pass over the trials of each model
// whose batches have ended, until every trial is done or the run stops.
func (st *runState) runPasses(ctx context.Context, items []Item) error {
	waves := st.r.Waves
	waves.init()
	order := map[TrialKey]int{}
	for i, it := range items {
		order[it.Key()] = i
	}
	var waiting []Item
	toRun := items
	for pass := 1; ; pass++ {
		suspended, err := st.runItems(ctx, toRun, pass)
		if err != nil {
			return err
		}
		waiting = append(waiting, suspended...)
		if len(waiting) == 0 || st.stopped() {
			return nil
		}
		ready, err := waves.Advance(ctx)
		if errors.Is(err, ErrInterrupted) {
			return nil
		}
		if err != nil {
			return err
		}
		if len(ready) == 0 && !waves.Busy() {
			// Nothing queued or in flight, yet trials wait: they wait on
			// batches this run does not poll (Waves.Load was not called).
			return fmt.Errorf("%d trials wait for batches that are not being polled", len(waiting))
		}
		toRun = nil
		rest := waiting[:0]
		for _, it := range waiting {
			if ready[it.Model.Name] {
				toRun = append(toRun, it)
			} else {
				rest = append(rest, it)
			}
		}
		waiting = rest
		sort.Slice(toRun, func(i, j int) bool { return order[toRun[i].Key()] < order[toRun[j].Key()] })
	}
}

// runState is shared by the trials of one Run.
type runState struct {
	r          *Runner
	stop       context.Context // cancelled by the first interrupt
	calls      *semaphore.Weighted
	classifier Classifier
	progress   Progress
	conc       int
	// nCalls and nReused count exchanges asked and reused; nDone and
	// nFailed trials.
	nCalls, nReused, nDone, nFailed atomic.Int64
}

func (st *runState) stopped() bool { return st.stop.Err() != nil }

// outcome is how a trial's run ended.
type outcome int

const (
	outcomeInterrupted outcome = iota // stopped by the run's interrupt: resumable
	outcomeDone
	outcomeFailed
	outcomeSuspended // waits for a batch: the next pass goes on
)

// trial runs one trial: the first answer, then every branch, concurrently.
// In a batch model's later passes its earlier exchanges are read back from
// the store. err is a storage failure, which ends the run.
func (st *runState) trial(ctx context.Context, it Item, pass int) (outcome, error) {
	if st.stopped() {
		return outcomeInterrupted, nil
	}
	grader, err := st.r.Graders(it)
	if err != nil {
		return outcomeInterrupted, fmt.Errorf("task %s: %w", it.Task.FullID(), err)
	}
	info := TrialInfo{Key: it.Key(), Pack: it.Pack.ID, Kind: it.Task.Kind, Scripts: it.Scripts, TaskHash: it.Task.Hash}
	if err := st.r.Sink.StartTrial(ctx, info); err != nil {
		return outcomeInterrupted, err
	}
	prior := st.r.Prior[it.Key()]
	if pass > 1 {
		if prior, err = st.r.Stored(ctx, it.Key()); err != nil {
			return outcomeInterrupted, err
		}
	} else {
		st.progress.TrialStarted(it)
	}
	c := &conversation{st: st, it: it, grader: grader, prior: indexPrior(prior), replay: pass > 1}
	first, ok, err := c.first(ctx)
	if err != nil || !ok {
		return st.finish(ctx, it, c, err)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(it.Scripts))
	for i, name := range it.Scripts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.branch(ctx, name, first)
		}()
	}
	wg.Wait()
	return st.finish(ctx, it, c, errors.Join(errs...))
}

// finish records the end of a trial, unless it was interrupted or waits
// for a batch.
func (st *runState) finish(ctx context.Context, it Item, c *conversation, err error) (outcome, error) {
	if err != nil {
		return outcomeInterrupted, err
	}
	c.mu.Lock()
	failedErr, incomplete, suspended := c.failure, c.incomplete, c.suspended
	c.mu.Unlock()
	switch {
	case suspended:
		return outcomeSuspended, nil
	case failedErr == "" && incomplete:
		return outcomeInterrupted, nil // stays resumable
	}
	if err := st.r.Sink.TrialDone(ctx, it.Key(), failedErr != "", failedErr); err != nil {
		return outcomeInterrupted, err
	}
	st.progress.TrialDone(it, failedErr)
	if failedErr != "" {
		return outcomeFailed, nil
	}
	return outcomeDone, nil
}

// ask sends one request within the run's call limit.
// A batch model's call goes through the run's waves instead (batched
// reports whether it was answered in a batch).
func (st *runState) ask(ctx context.Context, m *Model, key TrialKey, branch string, turn int, req providers.Request) (providers.Response, bool, error) {
	if m.Batch != nil && st.r.Waves != nil {
		resp, batched, err := st.r.Waves.Ask(ctx, m, key, branch, turn, req, m.BatchAttempts)
		if !errors.Is(err, errSuspended) {
			st.nCalls.Add(1)
		}
		return resp, batched, err
	}
	if err := st.calls.Acquire(ctx, 1); err != nil {
		return providers.Response{}, false, err
	}
	defer st.calls.Release(1)
	if st.stopped() {
		// The interrupt came while this call waited for a slot: it is
		// not sent, and its trial stays resumable.
		return providers.Response{}, false, ErrInterrupted
	}
	st.nCalls.Add(1)
	resp, err := m.Chat.Chat(ctx, req)
	return resp, false, err
}
