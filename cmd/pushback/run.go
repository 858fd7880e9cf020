package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/all"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks"
)

// version is pushback's version, recorded with every run.
var version = "0.1.0-dev"

// runFlags are the flags of `pushback run`.
type runFlags struct {
	config      string
	models      string
	packs       []string
	tasks       []string
	scripts     []string
	samples     int
	concurrency int
	db          string
	out         string
	resume      string
	record      string
	cassettes   string
	judge       string
	dryRun      bool
	noProgress  bool
	// changed reports whether a flag was given on the command line.
	changed func(name string) bool
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Pose every task to every model, push back, grade, and st every turn",
		Long: `Run the benchmark: every selected task is posed to every model (--samples
times), each first answer is followed by the task's pushback scripts, every
answer is graded and every reply to pushback classified. Every turn is stored
in the results database as it completes; at the end a table is printed and
the reports are written to --out.

Models come from --models (provider:model,...), --config (a models.yaml), or
./models.yaml; with none of these, the simulated models (sim:oracle,
sim:sycophant, sim:stubborn, sim:humble, sim:deflector) are used.

Exit codes: 0 ok, 1 some trials failed after retries, 2 bad input,
130 interrupted (resume with --resume latest).`,
		Example: `  pushback run
  pushback run --models openai:gpt-4.1,anthropic:claude-sonnet-4-5 --packs hw10
  pushback run --config models.yaml --tasks 'kla-*' --scripts are-you-sure --samples 3
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
	fl.IntVar(&f.concurrency, "concurrency", 16, "trials and model calls in flight across all models")
	fl.StringVar(&f.db, "db", "pushback.db", "results database")
	fl.StringVar(&f.out, "out", "pushback-out", "directory for the reports written at the end")
	fl.StringVar(&f.resume, "resume", "", "continue an interrupted run: a run id, latest or latest~N")
	fl.StringVar(&f.record, "record", "", "write every request and reply to cassettes in this directory")
	fl.StringVar(&f.judge, "judge", "", "LLM that grades open-ended answers and labels stances: provider:model or a model name from the models file")
	fl.StringVar(&f.cassettes, "cassettes", "", "directory replay models read (default: their config's, else ./cassettes)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the plan (trials, calls, estimated cost) and exit")
	fl.BoolVar(&f.noProgress, "no-progress", false, "print no progress while running")
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

// modelConfigs resolves which models to run (see listedModels), says so in
// one line when they are the simulated default, and refuses duplicate names
// and missing keys.
func modelConfigs(f runFlags, stderr io.Writer) ([]providers.ModelConfig, error) {
	out, source, err := listedModels(f.config, f.models)
	if err != nil {
		return nil, err
	}
	if source == defaultModelsSource {
		fmt.Fprintf(stderr, "pushback: no models configured (--models, --config or ./models.yaml): running the simulated models %s\n", modelNames(out))
		return out, nil
	}
	seen := map[string]string{}
	for _, m := range out {
		if prev, dup := seen[m.Name]; dup {
			return nil, usagef("model name %q is used twice (%s and %s); give one a different name", m.Name, prev, m.Source)
		}
		seen[m.Name] = m.Source
	}
	if _, missing := providers.Configured(out, os.Getenv); len(missing) > 0 {
		var msgs []string
		for _, m := range missing {
			msgs = append(msgs, fmt.Sprintf("%s needs $%s", m.Name, strings.Join(m.KeyEnvs(), " or $")))
		}
		return nil, usagef("missing API keys: %s", strings.Join(msgs, "; "))
	}
	return out, nil
}

func modelNames(ms []providers.ModelConfig) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Provider + ":" + m.Model
	}
	return strings.Join(names, ", ")
}

func runBenchmark(ctx context.Context, stdout, stderr io.Writer, f runFlags) error {
	if err := f.validate(); err != nil {
		return err
	}
	if f.resume != "" {
		return resumeBenchmark(ctx, stdout, stderr, f)
	}
	models, err := modelConfigs(f, stderr)
	if err != nil {
		return err
	}
	packs, err := tasks.Load(f.packs...)
	if err != nil {
		return err
	}
	judge, err := judgeConfig(f)
	if err != nil {
		return err
	}
	cfg := runconfig.Config{Models: models, Packs: f.packs, Tasks: f.tasks, Scripts: f.scripts, Samples: f.samples,
		Concurrency: f.concurrency, Judge: judge}
	if f.dryRun {
		return dryRun(stdout, cfg, packs)
	}
	run := &store.Run{ID: store.NewRunID(time.Now()), Started: time.Now(), Version: version, Config: cfg,
		Packs: packRefs(packs)}
	job, err := prepare(cfg, packs, f, run)
	if err != nil {
		return err
	}
	// The database is opened only once the input is known to be good, so
	// bad input changes nothing on disk.
	st, err := store.Open(f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CreateRun(ctx, run); err != nil {
		return err
	}
	return execute(ctx, stdout, stderr, st, job, f)
}

func packRefs(packs []*tasks.Pack) []store.PackRef {
	out := make([]store.PackRef, len(packs))
	for i, p := range packs {
		out[i] = store.PackRef{ID: p.ID, File: p.File, Hash: p.Hash}
	}
	return out
}

// job is a run ready to execute.
type job struct {
	run    *store.Run
	plan   *bench.Plan
	runner *bench.Runner
	models []*bench.Model
	packs  []*tasks.Pack
	judge  *bench.Judge // nil without --judge
}

// prepare builds the models, the plan and the runner of a run.
func prepare(cfg runconfig.Config, packs []*tasks.Pack, f runFlags, run *store.Run) (*job, error) {
	models, err := buildModels(cfg.Models, all.Options{RecordDir: f.record, CassetteDir: f.cassettes, SimKeys: bench.SimKeys(packs)})
	if err != nil {
		return nil, err
	}
	plan, err := bench.NewPlan(models, packs, bench.PlanOptions{Tasks: cfg.Tasks, Scripts: cfg.Scripts, Samples: cfg.Samples})
	if err != nil {
		return nil, usageErr(err)
	}
	r := &bench.Runner{Concurrency: f.concurrency}
	judge, err := newJudge(cfg.Judge, r)
	if err != nil {
		return nil, err
	}
	r.Graders = graderFactory(nil)
	if judge != nil {
		r.Graders, r.Classifier = graderFactory(judge), judge
	}
	return &job{run: run, plan: plan, runner: r, models: models, packs: packs, judge: judge}, nil
}

// execute runs a prepared job into the store, prints the table and writes
// the reports, and maps the outcome to an exit code.
func execute(ctx context.Context, stdout, stderr io.Writer, st *store.Store, j *job, f runFlags) error {
	if j.judge != nil {
		j.judge.Cache, j.judge.RunID = st, j.run.ID
	}
	sink := store.NewRunWriter(st, j.run.ID)
	j.runner.Sink = sink
	prog := newProgress(stderr, j.plan, f.noProgress)
	j.runner.Progress = prog
	samples := max(1, f.samples)
	fmt.Fprintf(stderr, "pushback: run %s: %d trials (%s × %s × %s) into %s\n", j.run.ID, len(j.plan.Items),
		plural(len(j.models), "model"), plural(len(j.plan.Items)/max(1, len(j.models))/samples, "task"), plural(samples, "sample"), st.Path())
	sum, runErr := j.runner.Run(ctx, j.plan)
	prog.Close()
	if err := sink.Flush(); err != nil && runErr == nil {
		runErr = err
	}
	status := store.StatusFinished
	switch {
	case errors.Is(runErr, bench.ErrInterrupted):
		status = store.StatusInterrupted
	case runErr != nil:
		status = store.StatusFailed
	case sum.Failed > 0:
		status = store.StatusFailed
	}
	// The run's end is recorded even when ctx was cancelled by a signal.
	if err := st.FinishRun(context.WithoutCancel(ctx), j.run.ID, status, time.Now()); err != nil {
		return err
	}
	if runErr != nil && !errors.Is(runErr, bench.ErrInterrupted) {
		return fmt.Errorf("run %s stopped: %w (resume with --resume %s)", j.run.ID, runErr, j.run.ID)
	}
	run, err := st.Resolve(context.WithoutCancel(ctx), j.run.ID)
	if err != nil {
		return err
	}
	rep, err := report.LoadReport(context.WithoutCancel(ctx), st, run)
	if err != nil {
		return err
	}
	rep.References = report.ReferencesOf(j.packs) // the packs are loaded already
	printSummary(stdout, rep)
	if err := writeReports(rep, f.out, stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nrun %s · %d trials · %d calls (%d reused) · database %s\n", run.ID, sum.Trials, sum.Calls, sum.Reused, st.Path())
	switch {
	case errors.Is(runErr, bench.ErrInterrupted):
		fmt.Fprintf(stderr, "pushback: run %s interrupted after %d of %d trials; continue it with: pushback run --resume %s\n",
			run.ID, sum.Done+sum.Failed, sum.Trials, run.ID)
		return &exitError{code: exitInterrupted}
	case sum.Failed > 0:
		return &exitError{code: exitFailed, err: fmt.Errorf("%d of %d trials failed after retries (see the report; resume with --resume %s to retry them)", sum.Failed, sum.Trials, run.ID)}
	}
	return nil
}

// writeReports writes every report format of a run into dir:
// pushback-<id>.xlsx, .json, .md and the directory pushback-<id>-csv/.
// Task references are read from the run's packs when the report lacks them.
func writeReports(rep *report.Report, dir string, stdout io.Writer) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	defer exportGC()()
	attachReferences(rep, stdout)
	base := filepath.Join(dir, "pushback-"+rep.Run.ID)
	for _, f := range []struct {
		ext   string
		write func(io.Writer) error
	}{{".xlsx", rep.WriteXLSX}, {".json", rep.WriteJSON}, {".md", rep.WriteMarkdown}} {
		if err := writeFileAtomic(base+f.ext, f.write); err != nil {
			return err
		}
	}
	if err := writeDirAtomic(base+"-csv", rep.WriteCSV); err != nil {
		return fmt.Errorf("write %s-csv: %w", base, err)
	}
	fmt.Fprintf(stdout, "reports: %s.xlsx, .json, .md and %s-csv/\n", base, base)
	return nil
}

// writeFileAtomic writes a file through a temporary one, so a failed write
// never leaves a truncated report.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".pushback-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file private; a report is meant to be shared.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return os.Rename(tmp.Name(), name)
}

// plural writes a count with its noun: "1 sample", "3 samples".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
