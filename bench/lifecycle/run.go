package lifecycle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks"
)

// Display is a progress display for a run: told about every trial and
// exchange, closed when the run ends.
type Display interface {
	bench.Progress
	Close()
}

// Options say where and how a run executes.
type Options struct {
	DB      string // the results database
	Version string // pushback's version, recorded with the run
	Build   BuildOptions
	// Progress makes the progress display of a plan; nil shows none.
	Progress func(*bench.Plan) Display
	// Log receives one-line notices (the run's id and size); nil, none.
	Log io.Writer
	// BatchPoll, when set, polls batches at this fixed interval instead of
	// backing off from 10 s to 5 min.
	BatchPoll time.Duration
}

// BatchDisplay is a Display that also shows the batches of a batch run.
type BatchDisplay interface {
	Batch(bench.BatchEvent)
}

// Outcome is what a run (or a resumed run) did.
type Outcome struct {
	Run     *store.Run
	Summary bench.Summary
	// Report is the run's report, task references attached: whole for a
	// run of up to inMemoryTrials trials, else its summary (metrics, no
	// trials; WritableReport opens the whole report).
	Report *report.Report
	// Interrupted is set when the run stopped on ctx before every trial
	// finished; everything completed is stored and it can be resumed.
	Interrupted bool
	// Finished is set by Resume for a run that had nothing left to do
	// (Report and Summary are then empty).
	Finished bool
	DB       string // the results database's path
}

// job is a run ready to execute.
type job struct {
	run    *store.Run
	plan   *bench.Plan
	runner *bench.Runner
	packs  []*tasks.Pack
	models []*bench.Model
	judge  *bench.Judge // nil without one
	// waves sends the calls of batch models (nil: none is batched).
	waves *bench.Waves
}

// Start runs cfg as a new run in the results database: every trial is
// stored as it completes. The database is opened only once the input is
// known to be good, so bad input (an InputError) changes nothing on disk.
func Start(ctx context.Context, cfg runconfig.Config, o Options) (*Outcome, error) {
	packs, err := tasks.Load(cfg.Packs...)
	if err != nil {
		return nil, inputErr(err)
	}
	now := time.Now()
	run := &store.Run{ID: store.NewRunID(now), Started: now, Version: o.Version, Config: cfg, Packs: packRefs(packs)}
	j, err := prepare(cfg, packs, o, run)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(o.DB)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if err := st.CreateRun(ctx, run); err != nil {
		return nil, err
	}
	return execute(ctx, st, j, o)
}

// Preview is what a run would do: its plan's size and estimated cost, and
// the differences its paired comparisons could detect.
type Preview struct {
	Config   runconfig.Config
	Estimate bench.Estimate
	// Items and Branches are one model's trials and pushback branches.
	Items, Branches int
}

// The assumptions of the power figures a dry run prints.
const (
	assumedDiscord  = 0.20 // share of items two sides answer differently
	assumedAccuracy = 0.70 // first-shot accuracy, for the capitulation items
)

// DryRun plans cfg without calling any model or opening the database, and
// estimates its calls and cost (replies of 1,000 tokens at most).
func DryRun(cfg runconfig.Config) (*Preview, error) {
	packs, err := tasks.Load(cfg.Packs...)
	if err != nil {
		return nil, inputErr(err)
	}
	models, err := buildModels(cfg.Models, packs, BuildOptions{}, cfg.Batch)
	if err != nil {
		return nil, err
	}
	plan, err := newPlan(cfg, models, packs)
	if err != nil {
		return nil, err
	}
	p := &Preview{Config: cfg, Estimate: plan.Estimate(1000)}
	if len(models) > 0 {
		for _, it := range plan.Items {
			if it.Model == models[0] {
				p.Items++
				p.Branches += len(it.Scripts)
			}
		}
	}
	return p, nil
}

// Write prints the preview: the plan, the calls, the cost, and the trials
// of each model.
func (p *Preview) Write(w io.Writer) error {
	e, cfg := p.Estimate, p.Config
	samples := max(1, cfg.Samples)
	tasksN := e.Trials / max(1, len(cfg.Models)) / samples
	fmt.Fprintf(w, "plan: %s × %s × %s = %s\n", report.Plural(len(cfg.Models), "model"), report.Plural(tasksN, "task"), report.Plural(samples, "sample"),
		report.Plural(e.Trials, "trial"))
	fmt.Fprintf(w, "calls: at least %d (first answers), at most %d (every scripted turn sent)\n", e.FirstOnly, e.MaxCalls)
	fmt.Fprintf(w, "estimated cost: at most $%.2f (configured prices; prompts at 4 characters a token, 1000-token replies)\n", e.Cost)
	if e.Waves > 0 {
		var names []string
		for _, m := range cfg.Models {
			if m.UsesBatch(cfg.Batch) {
				names = append(names, fmt.Sprintf("%s (%.0f%% off)", m.Name, 100*m.BatchDiscount()))
			}
		}
		fmt.Fprintf(w, "batch: %s through the batch API, in %s one after another (each usually minutes, at most 24 h)\n",
			strings.Join(names, ", "), report.Plural(e.Waves, "wave"))
	}
	first := report.DetectableDiff(p.Items, assumedDiscord, 0.05, 0.8)
	capItems := int(assumedAccuracy * float64(p.Branches))
	caps := report.DetectableDiff(capItems, assumedDiscord, 0.05, 0.8)
	fmt.Fprintf(w, "power: a paired comparison (two models, or one model in two runs; McNemar, α = 0.05, 80%% power) detects\n")
	fmt.Fprintf(w, "  a first-shot accuracy difference of %.0f pp or more on %d items, if %.0f%% of items are answered differently\n",
		100*first, p.Items, 100*assumedDiscord)
	fmt.Fprintf(w, "  a capitulation rate difference of %.0f pp or more on about %d branches answered right first (at %.0f%% first-shot accuracy, %.0f%% discordant)\n",
		100*caps, capItems, 100*assumedAccuracy, 100*assumedDiscord)
	if samples > 1 {
		fmt.Fprintf(w, "  (samples of one task are not independent: with %d samples per task these are optimistic)\n", samples)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MODEL\tPROVIDER\tTRIALS")
	for _, m := range cfg.Models {
		fmt.Fprintf(tw, "%s\t%s:%s\t%d\n", m.Name, m.Provider, m.Model, e.PerModel[m.Name])
	}
	return tw.Flush()
}

// Overrides are settings given again when resuming a run. A resumed run
// keeps what it recorded, so one that differs is refused. A nil or zero
// field was not given.
type Overrides struct {
	Packs, Tasks, Scripts []string
	Samples               int
	Models                *Models
	Batch                 *bool
	// BatchDeadline and BatchFallback may change on resume: they decide
	// how the answers are obtained, not which are asked.
	BatchDeadline *time.Duration
	BatchFallback string
}

// check refuses overrides that differ from the recorded config.
func (ov Overrides) check(cfg runconfig.Config) error {
	for _, c := range []struct {
		flag  string
		given bool
		same  bool
	}{
		{"packs", ov.Packs != nil, slices.Equal(ov.Packs, cfg.Packs)},
		{"tasks", ov.Tasks != nil, slices.Equal(ov.Tasks, cfg.Tasks)},
		{"scripts", ov.Scripts != nil, slices.Equal(ov.Scripts, cfg.Scripts)},
		{"samples", ov.Samples != 0, ov.Samples == cfg.Samples},
		{"batch", ov.Batch != nil, ov.Batch != nil && *ov.Batch == cfg.Batch},
	} {
		if c.given && !c.same {
			return inputf("--resume: --%s differs from the run's; a resumed run keeps its recorded --%s (drop the flag)", c.flag, c.flag)
		}
	}
	if ov.Models != nil && jsonOf(ov.Models.Configs) != jsonOf(cfg.Models) {
		return inputf("--resume: the model config changed since the run started; start a new run instead")
	}
	return nil
}

// jsonOf is the recorded form of a value (ModelConfig.Source is not part of it).
func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// Resume continues a stored run (ref: an id, latest or latest~N): it
// re-plans it from its recorded config, refuses when a pack or the model
// config changed, and reuses every stored exchange, so no answer is paid
// for twice.
func Resume(ctx context.Context, ref string, ov Overrides, o Options) (*Outcome, error) {
	st, err := store.OpenExisting(o.DB)
	if err != nil {
		return nil, inputErr(err)
	}
	defer st.Close()
	run, err := st.Resolve(ctx, ref)
	if err != nil {
		return nil, inputf("--resume: %w", err)
	}
	switch {
	case run.Source != "":
		return nil, inputf("--resume: run %s was re-graded from %s and makes no model calls; it cannot be resumed", run.ID, run.Source)
	case run.Status == store.StatusFinished:
		return &Outcome{Run: run, Finished: true}, nil
	case run.ConfigErr != nil:
		return nil, inputf("--resume: %w", run.ConfigErr)
	}
	cfg := run.Config
	if err := ov.check(cfg); err != nil {
		return nil, err
	}
	if ov.BatchDeadline != nil {
		cfg.BatchDeadline = *ov.BatchDeadline
	}
	if ov.BatchFallback != "" {
		cfg.BatchFallback = ov.BatchFallback
	}
	packs, err := tasks.Load(cfg.Packs...)
	if err != nil {
		return nil, inputf("--resume %s: the run's packs no longer load:\n%w", run.ID, err)
	}
	if err := samePacks(run, packs); err != nil {
		return nil, err
	}
	j, err := prepare(cfg, packs, o, run)
	if err != nil {
		return nil, err
	}
	trials, err := st.Trials(ctx, run.ID)
	if err != nil {
		return nil, err
	}
	j.runner.Prior = map[bench.TrialKey][]bench.Exchange{}
	for _, t := range trials {
		j.runner.Prior[t.Key] = t.Exchanges
	}
	if err := st.MarkRunning(ctx, run.ID); err != nil {
		return nil, err
	}
	return execute(ctx, st, j, o)
}

// samePacks refuses to resume when a pack's content changed.
func samePacks(run *store.Run, packs []*tasks.Pack) error {
	d := comparePacks(run.Packs, packs)
	switch {
	case len(d.Added) > 0:
		return inputf("--resume: pack %s (%s) was not part of run %s", d.Added[0].ID, d.Added[0].File, run.ID)
	case len(d.Changed) > 0:
		return inputf("--resume: pack %s (%s) changed since run %s started; start a new run instead", d.Changed[0].ID, d.Changed[0].File, run.ID)
	case len(d.Missing) > 0:
		return inputf("--resume: pack %s of run %s is no longer found", d.Missing[0], run.ID)
	}
	return nil
}

func newPlan(cfg runconfig.Config, models []*bench.Model, packs []*tasks.Pack) (*bench.Plan, error) {
	o := bench.PlanOptions{Tasks: cfg.Tasks, Scripts: cfg.Scripts, Samples: cfg.Samples}
	if sh := cfg.Shard; sh != nil {
		o.Shard = bench.Shard{K: sh.K, N: sh.N}
	}
	plan, err := bench.NewPlan(models, packs, o)
	return plan, inputErr(err)
}

// prepare builds the models, the plan, the runner and the judge of a run.
func prepare(cfg runconfig.Config, packs []*tasks.Pack, o Options, run *store.Run) (*job, error) {
	cfg = cfg.Effective()
	models, err := buildModels(cfg.Models, packs, o.Build, cfg.Batch)
	if err != nil {
		return nil, err
	}
	plan, err := newPlan(cfg, models, packs)
	if err != nil {
		return nil, err
	}
	lim := NewLimits(cfg.Limit())
	r := &bench.Runner{Concurrency: cfg.Limit(), Calls: lim.Calls, Graders: Graders(nil)}
	judge, err := NewJudge(cfg.Judge, lim.Judge)
	if err != nil {
		return nil, err
	}
	if judge != nil {
		r.Graders, r.Classifier = Graders(judge), judge
	}
	j := &job{run: run, plan: plan, runner: r, packs: packs, models: models, judge: judge}
	for _, m := range models {
		if m.Batch != nil && j.waves == nil {
			j.waves = &bench.Waves{RunID: run.ID, Deadline: cfg.BatchDeadline,
				FallbackLive: cfg.BatchDeadline > 0 && cfg.BatchFallback != runconfig.FallbackWait}
			if o.BatchPoll > 0 {
				j.waves.PollMin, j.waves.PollMax = o.BatchPoll, o.BatchPoll
			}
			r.Waves = j.waves
		}
	}
	return j, nil
}

// execute runs a prepared job into the store and loads its report.
func execute(ctx context.Context, st *store.Store, j *job, o Options) (*Outcome, error) {
	if j.judge != nil {
		j.judge.Cache, j.judge.RunID = st, j.run.ID
	}
	sink := store.NewRunWriter(st, j.run.ID)
	j.runner.Sink = sink
	var display Display
	if o.Progress != nil {
		display = o.Progress(j.plan)
		j.runner.Progress = display
	}
	samples := max(1, j.run.Config.Samples)
	models := max(1, len(j.models))
	if o.Log != nil {
		fmt.Fprintf(o.Log, "pushback: run %s: %d trials (%s × %s × %s) into %s\n", j.run.ID, len(j.plan.Items),
			report.Plural(models, "model"), report.Plural(len(j.plan.Items)/models/samples, "task"), report.Plural(samples, "sample"), st.Path())
	}
	if j.waves != nil {
		if err := startWaves(ctx, st, j, display, o.Log); err != nil {
			return nil, err
		}
	}
	sum, runErr := j.runner.Run(ctx, j.plan)
	for _, m := range j.models {
		if m.Adaptive == nil {
			continue
		}
		if err := st.SaveConcurrency(context.WithoutCancel(ctx), j.run.ID, m.Name, m.Adaptive.History()); err != nil && runErr == nil {
			runErr = err
		}
	}
	if j.waves != nil && o.Log != nil {
		ws := j.waves.Stats()
		fmt.Fprintf(o.Log, "pushback: batches: %d submitted (%d calls), %d resumed from an earlier attempt, %d calls sent live after the deadline\n",
			ws.Batches, ws.Submitted, ws.Adopted, ws.Live)
	}
	if display != nil {
		display.Close()
	}
	if err := sink.Flush(); err != nil && runErr == nil {
		runErr = err
	}
	status := store.StatusFinished
	switch {
	case errors.Is(runErr, bench.ErrInterrupted):
		status = store.StatusInterrupted
	case runErr != nil, sum.Failed > 0:
		status = store.StatusFailed
	}
	// The run's end is recorded even when ctx was cancelled by a signal.
	ctx = context.WithoutCancel(ctx)
	if err := st.FinishRun(ctx, j.run.ID, status, time.Now()); err != nil {
		return nil, err
	}
	if runErr != nil && !errors.Is(runErr, bench.ErrInterrupted) {
		return nil, fmt.Errorf("run %s stopped: %w (resume with --resume %s)", j.run.ID, runErr, j.run.ID)
	}
	run, err := st.Resolve(ctx, j.run.ID)
	if err != nil {
		return nil, err
	}
	// The table at the end needs the metrics only: they are computed
	// streaming, so a run's memory does not grow with its size here.
	// WriteReports's caller loads the whole report (OpenReport).
	rep, err := summaryReport(ctx, st, run)
	if err != nil {
		return nil, err
	}
	rep.References = referencesOf(j.packs)
	return &Outcome{Run: run, Summary: sum, Report: rep, Interrupted: errors.Is(runErr, bench.ErrInterrupted), DB: st.Path()}, nil
}

// startWaves connects a batch run's waves to the store, the interrupt and
// the display, and attaches the batches an earlier attempt left running.
func startWaves(ctx context.Context, st *store.Store, j *job, display Display, log io.Writer) error {
	w := j.waves
	w.Store, w.Stop = st, ctx
	j.runner.Stored = func(ctx context.Context, key bench.TrialKey) ([]bench.Exchange, error) {
		return st.TrialExchanges(ctx, j.run.ID, key)
	}
	if bd, ok := display.(BatchDisplay); ok {
		w.Progress = bd.Batch
	}
	if err := w.Load(ctx, j.models); err != nil {
		return fmt.Errorf("batches of run %s: %w", j.run.ID, err)
	}
	if log != nil {
		var names []string
		for _, m := range j.models {
			if m.Batch != nil {
				names = append(names, m.Name)
			}
		}
		waves := j.plan.Estimate(0).Waves
		fmt.Fprintf(log, "pushback: batch mode: %s through the batch API, in %s (each usually minutes, at most 24 h); interrupt and --resume at any time\n",
			strings.Join(names, ", "), report.Plural(waves, "wave"))
	}
	return nil
}

func packRefs(packs []*tasks.Pack) []store.PackRef {
	out := make([]store.PackRef, len(packs))
	for i, p := range packs {
		out[i] = store.PackRef{ID: p.ID, File: p.File, Hash: p.Hash}
	}
	return out
}
