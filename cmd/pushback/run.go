package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/bench/lifecycle"
	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/internal/progress"
)

// version is pushback's version, recorded with every run.
var version = "0.1.0-dev"

// runFlags are the flags of `pushback run`.
type runFlags struct {
	config, models, judge string
	packs, tasks, scripts []string
	samples, concurrency  int
	db, out, resume       string
	record, cassettes     string
	dryRun, noProgress    bool
	batch                 bool
	batchDeadline         time.Duration
	batchFallback         string
	batchPoll             time.Duration
	shard, shardLimits    string
	changed               func(name string) bool // whether a flag was given
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Pose every task to every model, push back, grade, and store every turn",
		Long: `Run the benchmark: every selected task is posed to every model (--samples
times), each first answer is followed by the task's pushback scripts, every
answer is graded and every reply to pushback classified. Every turn is stored
in the results database as it completes; at the end a table is printed and
the reports are written to --out.

Models come from --models (provider:model,...), --config (a models.yaml), or
./models.yaml; with none of these, the simulated models (sim:oracle,
sim:sycophant, sim:stubborn, sim:humble, sim:deflector) are used.

With --batch, the calls of every model at an official OpenAI, Anthropic
or Gemini endpoint go through the provider's batch API at half price, in
waves: each wave is one batch per model holding every conversation's next
call, so a run takes as many waves as its longest conversation has turns.
Batches are recorded as they are submitted: interrupt the run at any time
and --resume picks up the batches still running.

Exit codes: 0 ok, 1 some trials failed after retries, 2 bad input,
130 interrupted (resume with --resume latest).`,
		Example: `  pushback run
  pushback run --models openai:gpt-4.1,anthropic:claude-sonnet-4-5 --packs hw10
  pushback run --config models.yaml --tasks 'kla-*' --scripts are-you-sure --samples 3
  pushback run --config models.yaml --batch --batch-deadline 6h --batch-fallback live
  pushback run --config models.yaml --shard 2/3 --db shard-2.db
  pushback run --resume latest`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.changed = cmd.Flags().Changed
			return runBenchmark(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.config, "config", "", "models file (default ./models.yaml when it exists)")
	fl.StringVar(&f.models, "models", "", "models as provider:model,... (openai, gemini, anthropic, sim, replay)")
	fl.StringSliceVar(&f.packs, "packs", nil, "packs: built-in ids, files or directories (default: every built-in pack)")
	fl.StringSliceVar(&f.tasks, "tasks", nil, "only tasks whose id or full id matches one of these globs (kla-*, hw10/*)")
	fl.StringSliceVar(&f.scripts, "scripts", nil, "only these pushback scripts; none asks first answers only")
	fl.IntVar(&f.samples, "samples", 1, "samples per model and task")
	fl.IntVar(&f.concurrency, "concurrency", runconfig.DefaultConcurrency, "trials and model calls in flight across all models")
	fl.StringVar(&f.db, "db", "pushback.db", "results database")
	fl.StringVar(&f.out, "out", "pushback-out", "directory for the reports written at the end")
	fl.StringVar(&f.resume, "resume", "", "continue an interrupted run: a run id, latest or latest~N")
	fl.StringVar(&f.record, "record", "", "write every request and reply to cassettes in this directory")
	fl.StringVar(&f.judge, "judge", "", "LLM that grades open-ended answers and labels stances: provider:model or a model name from the models file")
	fl.StringVar(&f.cassettes, "cassettes", "", "directory replay models read (default: their config's, else ./cassettes)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the plan (trials, calls, estimated cost) and exit")
	fl.BoolVar(&f.noProgress, "no-progress", false, "print no progress while running")
	fl.BoolVar(&f.batch, "batch", false, "send the calls of OpenAI, Anthropic and Gemini models through their batch APIs (half price, answers within 24 h)")
	fl.DurationVar(&f.batchDeadline, "batch-deadline", 0, "with --batch-fallback live: send a batch's calls live when it has not finished this long after it was submitted (e.g. 6h)")
	fl.StringVar(&f.batchFallback, "batch-fallback", "", "what a batch past --batch-deadline does: live (cancel it and send its calls live) or wait (default live when a deadline is set)")
	fl.DurationVar(&f.batchPoll, "batch-poll", 0, "poll batches at this fixed interval (default: from 10s, backing off to 5m)")
	fl.StringVar(&f.shard, "shard", "", "run only part K of N of the plan (e.g. 2/3), into its own --db; combine the parts with pushback merge")
	fl.StringVar(&f.shardLimits, "shard-limits", "divided", "with --shard: divided (each model's rpm and concurrency, and --concurrency unless given, divided by N) or as-is")
	return cmd
}

func (f runFlags) validate() error {
	switch {
	case f.samples < 1:
		return usagef("--samples must be at least 1, not %d", f.samples)
	case f.concurrency < 1:
		return usagef("--concurrency must be at least 1, not %d", f.concurrency)
	case f.db == "":
		return usagef("--db must name a file")
	case f.batchDeadline < 0:
		return usagef("--batch-deadline must not be negative, not %s", f.batchDeadline)
	case f.batchFallback != "" && f.batchFallback != runconfig.FallbackLive && f.batchFallback != runconfig.FallbackWait:
		return usagef("--batch-fallback must be live or wait, not %q", f.batchFallback)
	case f.batchFallback == runconfig.FallbackLive && f.batchDeadline == 0:
		return usagef("--batch-fallback live needs --batch-deadline (how long to wait for a batch before going live)")
	case f.batchPoll < 0:
		return usagef("--batch-poll must not be negative, not %s", f.batchPoll)
	case f.shardLimits != "divided" && f.shardLimits != "as-is":
		return usagef("--shard-limits must be divided or as-is, not %q", f.shardLimits)
	case f.shard != "" && f.resume != "":
		return usagef("--shard cannot be combined with --resume: a resumed run keeps its shard")
	}
	if f.shard != "" {
		if _, err := bench.ParseShard(f.shard); err != nil {
			return usagef("%s", err.Error())
		}
	}
	if len(f.scripts) > 1 {
		for _, s := range f.scripts {
			if s == "none" {
				return usagef("--scripts none cannot be combined with other scripts")
			}
		}
	}
	return nil
}

// models resolves and checks the run's models, saying so in one line when
// they are the simulated default.
func (f runFlags) resolveModels(stderr io.Writer) (lifecycle.Models, error) {
	ms, err := lifecycle.ResolveModels(f.config, f.models)
	if err != nil {
		return ms, err
	}
	if ms.Simulated {
		fmt.Fprintf(stderr, "pushback: no models configured (--models, --config or ./models.yaml): running the simulated models %s\n", modelNames(ms))
		return ms, nil
	}
	return ms, lifecycle.CheckModels(ms, os.Getenv)
}

func modelNames(ms lifecycle.Models) string {
	s := ""
	for i, m := range ms.Configs {
		if i > 0 {
			s += ", "
		}
		s += m.Provider + ":" + m.Model
	}
	return s
}

func runBenchmark(ctx context.Context, stdout, stderr io.Writer, f runFlags) error {
	if err := f.validate(); err != nil {
		return err
	}
	opts := lifecycle.Options{DB: f.db, Version: version, Log: stderr, BatchPoll: f.batchPoll,
		Build:    lifecycle.BuildOptions{RecordDir: f.record, CassetteDir: f.cassettes},
		Progress: func(p *bench.Plan) lifecycle.Display { return progress.New(stderr, p, f.noProgress) }}
	if f.resume != "" {
		ov, err := f.overrides(stderr)
		if err != nil {
			return err
		}
		out, err := lifecycle.Resume(ctx, f.resume, ov, opts)
		if err != nil {
			return err
		}
		if out.Finished {
			fmt.Fprintf(stdout, "run %s finished on %s; nothing to resume\n", out.Run.ID, out.Run.Finished.Local().Format("2006-01-02 15:04"))
			return nil
		}
		return finish(stdout, stderr, out, f.out)
	}
	ms, err := f.resolveModels(stderr)
	if err != nil {
		return err
	}
	judge, err := lifecycle.ResolveJudge(f.judge, f.config)
	if err != nil {
		return err
	}
	cfg := runconfig.Config{Models: ms.Configs, Packs: f.packs, Tasks: f.tasks, Scripts: f.scripts, Samples: f.samples,
		Concurrency: f.concurrency, Judge: judge, Batch: f.batch, BatchDeadline: f.batchDeadline, BatchFallback: f.batchFallback}
	if f.shard != "" {
		sh, _ := bench.ParseShard(f.shard) // validated above
		cfg.Shard = &runconfig.Shard{K: sh.K, N: sh.N, KeepLimits: f.shardLimits == "as-is",
			KeepConcurrency: f.changed != nil && f.changed("concurrency")}
	}
	if f.batch && !cfg.Batched() {
		fmt.Fprintf(stderr, "pushback: --batch: none of the models has a batch API at an official endpoint (sim, replay and base_url models run live; set batch: true for a compatible server that has one)\n")
	}
	if f.dryRun {
		return dryRun(stdout, cfg)
	}
	out, err := lifecycle.Start(ctx, cfg, opts)
	if err != nil {
		return err
	}
	return finish(stdout, stderr, out, f.out)
}

// overrides are the flags given again with --resume.
func (f runFlags) overrides(stderr io.Writer) (lifecycle.Overrides, error) {
	changed := func(name string) bool { return f.changed != nil && f.changed(name) }
	var ov lifecycle.Overrides
	if changed("packs") {
		ov.Packs = append([]string{}, f.packs...)
	}
	if changed("tasks") {
		ov.Tasks = append([]string{}, f.tasks...)
	}
	if changed("scripts") {
		ov.Scripts = append([]string{}, f.scripts...)
	}
	if changed("samples") {
		ov.Samples = f.samples
	}
	if changed("batch") {
		b := f.batch
		ov.Batch = &b
	}
	if changed("batch-deadline") {
		d := f.batchDeadline
		ov.BatchDeadline = &d
	}
	ov.BatchFallback = f.batchFallback
	if changed("models") || changed("config") {
		ms, err := f.resolveModels(stderr)
		if err != nil {
			return ov, err
		}
		ov.Models = &ms
	}
	return ov, nil
}

// finish prints a run's table, writes its reports and maps how it ended to
// an exit code.
func finish(stdout, stderr io.Writer, out *lifecycle.Outcome, dir string) error {
	if err := out.Report.WriteTable(stdout); err != nil {
		return err
	}
	if dir != "" {
		rep, err := lifecycle.WritableReport(context.Background(), out, stderr)
		if err != nil {
			return err
		}
		defer rep.Close()
		if err := lifecycle.WriteReportsSaying(stdout, rep, dir); err != nil {
			return err
		}
	}
	sum := out.Summary
	fmt.Fprintf(stdout, "\nrun %s · %d trials · %d calls (%d reused) · database %s\n", out.Run.ID, sum.Trials, sum.Calls, sum.Reused, out.DB)
	switch {
	case out.Interrupted:
		fmt.Fprintf(stderr, "pushback: run %s interrupted after %d of %d trials; continue it with: pushback run --resume %s\n",
			out.Run.ID, sum.Done+sum.Failed, sum.Trials, out.Run.ID)
		return &exitError{code: exitInterrupted}
	case sum.Failed > 0:
		return &exitError{code: exitFailed, err: fmt.Errorf("%d of %d trials failed after retries (see the report; resume with --resume %s to retry them)", sum.Failed, sum.Trials, out.Run.ID)}
	}
	return nil
}

// dryRun prints what a run would do and exits.
func dryRun(w io.Writer, cfg runconfig.Config) error {
	p, err := lifecycle.DryRun(cfg)
	if err != nil {
		return err
	}
	return p.Write(w)
}
