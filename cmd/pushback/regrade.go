package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks"
)

func newRegradeCmd() *cobra.Command {
	var db, out, judge string
	cmd := &cobra.Command{
		Use:   "regrade [ID|latest]",
		Short: "Grade a stored run again with the current packs, without calling any model",
		Long: `Re-grade every stored answer of a run with the current graders of its packs
and re-classify every reply to pushback, then st the result as a new run
linked to its source (see pushback runs). No model is called: change a
grader or a reference and see its effect for free. Packs whose content
changed since the run are named. Transcripts are kept as they were: a branch
is not extended or cut when a new grade would have sent other turns.

With --judge (or when the source run had one), judge tasks are graded and
stances labelled by that model; verdicts cached in the database are reused,
so a regrade pays only for answers the judge has not seen.`,
		Example: `  pushback regrade latest
  pushback compare latest~1 latest   # the source run against its re-grade`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref := "latest"
			if len(args) == 1 {
				ref = args[0]
			}
			return regrade(cmd.Context(), cmd.OutOrStdout(), db, ref, out, runFlags{judge: judge})
		},
	}
	cmd.Flags().StringVar(&db, "db", "pushback.db", "results database")
	cmd.Flags().StringVar(&out, "out", "", "also write the new run's reports into this directory")
	cmd.Flags().StringVar(&judge, "judge", "", "LLM judge: provider:model or a model name from ./models.yaml (default: the source run's)")
	return cmd
}

func regrade(ctx context.Context, stdout io.Writer, db, ref, outDir string, f runFlags) error {
	st, err := store.OpenExisting(db)
	if err != nil {
		return usageErr(err)
	}
	defer st.Close()
	src, err := st.Resolve(ctx, ref)
	if err != nil {
		return usageErr(err)
	}
	if src.ConfigErr != nil {
		return usageErr(src.ConfigErr)
	}
	cfg := src.Config
	packs, err := tasks.Load(cfg.Packs...)
	if err != nil {
		return usageErr(fmt.Errorf("run %s: its packs no longer load:\n%w", src.ID, err))
	}
	if jc, err := judgeConfig(f); err != nil {
		return err
	} else if jc != nil {
		cfg.Judge = jc
	}
	judge, err := newJudge(cfg.Judge, &bench.Runner{})
	if err != nil {
		return err
	}
	for _, name := range changedPacks(src, packs) {
		fmt.Fprintf(stdout, "pack %s changed since run %s\n", name, src.ID)
	}
	trials, err := st.Trials(ctx, src.ID)
	if err != nil {
		return err
	}
	run := &store.Run{ID: store.NewRunID(time.Now()), Started: time.Now(), Version: version, Config: cfg,
		Source: src.ID, Packs: packRefs(packs)}
	if err := st.CreateRun(ctx, run); err != nil {
		return err
	}
	if judge != nil {
		judge.Cache, judge.RunID = st, run.ID
	}
	n, err := regradeTrials(ctx, st, run.ID, trials, packs, judge)
	if err != nil {
		return err
	}
	status := store.StatusFinished
	if n.failed > 0 {
		status = store.StatusFailed
	}
	if err := st.FinishRun(ctx, run.ID, status, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "run %s: %d answers of run %s re-graded (%d grades and %d stances changed, %d tasks no longer in their pack kept as graded)\n",
		run.ID, n.answers, src.ID, n.grades, n.stances, n.missing)
	if outDir != "" {
		run, err := st.Resolve(ctx, run.ID)
		if err != nil {
			return err
		}
		rep, err := report.LoadReport(ctx, st, run)
		if err != nil {
			return err
		}
		rep.References = report.ReferencesOf(packs)
		return writeReports(rep, outDir, stdout)
	}
	return nil
}

// changedPacks names the packs whose content differs from the run's record.
func changedPacks(run *store.Run, packs []*tasks.Pack) []string {
	d := report.ComparePacks(run.Packs, packs)
	var out []string
	for _, p := range append(d.Changed, d.Added...) {
		out = append(out, fmt.Sprintf("%s (%s)", p.ID, p.File))
	}
	return out
}

type regradeCounts struct {
	answers, grades, stances, missing, failed int
}

// regradeTrials writes each trial of the source run, re-graded, into run id.
func regradeTrials(ctx context.Context, st *store.Store, id string, trials []*store.Trial, packs []*tasks.Pack, judge *bench.Judge) (regradeCounts, error) {
	byID := map[string]*tasks.Task{}
	for _, p := range packs {
		for _, t := range p.Tasks {
			byID[t.FullID()] = t
		}
	}
	graders := graderFactory(nil)
	var classifier bench.Classifier = bench.Heuristic{}
	if judge != nil {
		graders, classifier = graderFactory(judge), judge
	}
	w := store.NewRunWriter(st, id)
	var n regradeCounts
	for _, tr := range trials {
		exs := tr.Exchanges
		if task := byID[tr.Key.Task]; task != nil {
			g, err := graders(bench.Item{Task: task})
			if err != nil {
				return n, fmt.Errorf("task %s: %w", task.FullID(), err)
			}
			exs = bench.Regrade(ctx, task, g, classifier, tr.Exchanges)
		} else {
			n.missing++
		}
		if err := w.StartTrial(ctx, bench.TrialInfo{Key: tr.Key, Pack: tr.Pack, Kind: tr.Kind, Scripts: tr.Scripts}); err != nil {
			return n, err
		}
		for i, ex := range exs {
			n.answers++
			if ex.Verdict.Grade != tr.Exchanges[i].Verdict.Grade {
				n.grades++
			}
			if ex.Stance != tr.Exchanges[i].Stance {
				n.stances++
			}
			if err := w.SaveExchange(ctx, ex); err != nil {
				return n, err
			}
		}
		if tr.Status == store.TrialFailed {
			n.failed++
		}
		if tr.Status != store.TrialRunning {
			if err := w.TrialDone(ctx, tr.Key, tr.Status == store.TrialFailed, tr.Error); err != nil {
				return n, err
			}
		}
	}
	return n, w.Flush()
}
