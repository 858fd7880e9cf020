package bench

import (
	"context"
	"errors"
	"fmt"
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
	// SaveExchange stores one completed (or failed) exchange.
	SaveExchange(ctx context.Context, ex Exchange) error
	// TrialDone records that a trial finished; errText is "" on success.
	TrialDone(ctx context.Context, key TrialKey, failed bool, errText string) error
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
	// Concurrency caps trials in flight across all models (each model's
	// Client adds its own cap and rate limit). Default
	// runconfig.DefaultConcurrency.
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
	// APIs; with it, every trial is in flight at once (a wave holds every
	// conversation's next call).
	Waves *Waves
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
// fails after retries is recorded as failed and the run goes on.
func (r *Runner) Run(ctx context.Context, plan *Plan) (Summary, error) {
	conc := r.Concurrency
	if conc <= 0 {
		conc = runconfig.DefaultConcurrency
	}
	st := &runState{r: r, stop: ctx, calls: r.Calls, classifier: r.Classifier, progress: r.Progress}
	if st.calls == nil {
		st.calls = semaphore.NewWeighted(int64(conc))
	}
	if st.classifier == nil {
		st.classifier = Heuristic{}
	}
	if st.progress == nil {
		st.progress = NoProgress{}
	}
	// In-flight calls use a context that the stop signal does not cancel,
	// so an interrupted run still records the answers it paid for.
	callCtx := context.WithoutCancel(ctx)
	g, gctx := errgroup.WithContext(callCtx)
	g.SetLimit(conc)
	if r.Waves != nil {
		r.Waves.init()
		batching := false
		for _, it := range plan.Items {
			if it.Model.Batch != nil {
				// Every trial of a batch model is one thread of the first
				// wave, registered before any asks, so the wave holds them all.
				r.Waves.Enter(it.Model)
				batching = true
			}
		}
		if batching {
			g.SetLimit(-1)
		}
	}
	sum := Summary{Trials: len(plan.Items)}
	var mu sync.Mutex
	for _, it := range plan.Items {
		if ctx.Err() != nil || gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			failed, done, err := st.trial(gctx, it)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				return err
			case failed:
				sum.Failed++
			case done:
				sum.Done++
			}
			return nil
		})
	}
	err := g.Wait()
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

// runState is shared by the trials of one Run.
type runState struct {
	r          *Runner
	stop       context.Context // cancelled by the first interrupt
	calls      *semaphore.Weighted
	classifier Classifier
	progress   Progress
	// nCalls and nReused count exchanges asked and reused.
	nCalls, nReused atomic.Int64
}

func (st *runState) stopped() bool { return st.stop.Err() != nil }

// trial runs one trial: the first answer, then every branch, concurrently.
// It reports whether the trial failed or completed; neither means it was
// interrupted. err is a storage failure, which ends the run.
func (st *runState) trial(ctx context.Context, it Item) (failed, done bool, err error) {
	// A batch model's trial is a thread of the run's waves (registered by
	// Run); its branches become threads of their own.
	waves := st.r.Waves
	if it.Model.Batch == nil {
		waves = nil
	}
	leave := func() {
		if waves != nil {
			waves.Leave(it.Model)
		}
	}
	if st.stopped() {
		leave()
		return false, false, nil
	}
	grader, err := st.r.Graders(it)
	if err != nil {
		leave()
		return false, false, fmt.Errorf("task %s: %w", it.Task.FullID(), err)
	}
	info := TrialInfo{Key: it.Key(), Pack: it.Pack.ID, Kind: it.Task.Kind, Scripts: it.Scripts, TaskHash: it.Task.Hash}
	if err := st.r.Sink.StartTrial(ctx, info); err != nil {
		leave()
		return false, false, err
	}
	st.progress.TrialStarted(it)
	c := &conversation{st: st, it: it, grader: grader, prior: indexPrior(st.r.Prior[it.Key()])}
	first, ok, err := c.first(ctx)
	if err != nil || !ok {
		leave()
		return st.finish(ctx, it, c, err)
	}
	if waves != nil {
		for range it.Scripts {
			waves.Enter(it.Model)
		}
	}
	leave()
	var wg sync.WaitGroup
	errs := make([]error, len(it.Scripts))
	for i, name := range it.Scripts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer leave()
			errs[i] = c.branch(ctx, name, first)
		}()
	}
	wg.Wait()
	return st.finish(ctx, it, c, errors.Join(errs...))
}

// finish records the end of a trial, unless it was interrupted.
func (st *runState) finish(ctx context.Context, it Item, c *conversation, err error) (failed, done bool, _ error) {
	if err != nil {
		return false, false, err
	}
	c.mu.Lock()
	failedErr, incomplete := c.failure, c.incomplete
	c.mu.Unlock()
	if failedErr == "" && incomplete {
		return false, false, nil // interrupted: stays resumable
	}
	if err := st.r.Sink.TrialDone(ctx, it.Key(), failedErr != "", failedErr); err != nil {
		return false, false, err
	}
	st.progress.TrialDone(it, failedErr)
	return failedErr != "", failedErr == "", nil
}

// ask sends one request within the run's call limit.
// A batch model's call goes through the run's waves instead (batched
// reports whether it was answered in a batch).
func (st *runState) ask(ctx context.Context, m *Model, key TrialKey, branch string, turn int, req providers.Request) (providers.Response, bool, error) {
	st.nCalls.Add(1)
	if m.Batch != nil && st.r.Waves != nil {
		return st.r.Waves.Ask(ctx, m, key, branch, turn, req, m.BatchAttempts)
	}
	if err := st.calls.Acquire(ctx, 1); err != nil {
		return providers.Response{}, false, err
	}
	defer st.calls.Release(1)
	resp, err := m.Chat.Chat(ctx, req)
	return resp, false, err
}
