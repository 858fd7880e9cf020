package lifecycle

import (
	"context"
	"fmt"
	"time"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks"
)

// Regraded is what Regrade did.
type Regraded struct {
	Run    *store.Run // the new run
	Source *store.Run // the run it re-graded
	// ChangedPacks names the packs whose content differs from the source
	// run's record: "id (file)".
	ChangedPacks []string
	// Answers counts the answers graded again; Grades and Stances those
	// whose grade or stance changed; Missing the trials whose task is no
	// longer in its pack (kept as graded); Failed the failed trials.
	Answers, Grades, Stances, Missing, Failed int
	Report                                    *report.Report
}

// Regrade grades every stored answer of a run again with the current
// graders of its packs and classifies every reply to pushback again, into
// a new run linked to its source. No model is called; judge (default: the
// source run's) grades judge tasks and labels stances, reusing verdicts
// cached in the database.
func Regrade(ctx context.Context, db, ref string, judge *providers.ModelConfig, version string) (*Regraded, error) {
	st, err := store.OpenExisting(db)
	if err != nil {
		return nil, inputErr(err)
	}
	defer st.Close()
	src, err := st.Resolve(ctx, ref)
	if err != nil {
		return nil, inputErr(err)
	}
	if src.ConfigErr != nil {
		return nil, inputErr(src.ConfigErr)
	}
	cfg := src.Config
	packs, err := tasks.Load(cfg.Packs...)
	if err != nil {
		return nil, inputf("run %s: its packs no longer load:\n%w", src.ID, err)
	}
	if judge != nil {
		cfg.Judge = judge
	}
	j, err := NewJudge(cfg.Judge, nil)
	if err != nil {
		return nil, err
	}
	out := &Regraded{Source: src}
	d := comparePacks(src.Packs, packs)
	for _, p := range append(d.Changed, d.Added...) {
		out.ChangedPacks = append(out.ChangedPacks, fmt.Sprintf("%s (%s)", p.ID, p.File))
	}
	trials, err := st.Trials(ctx, src.ID)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	run := &store.Run{ID: store.NewRunID(now), Started: now, Version: version, Config: cfg, Source: src.ID, Packs: packRefs(packs)}
	if err := st.CreateRun(ctx, run); err != nil {
		return nil, err
	}
	if j != nil {
		j.Cache, j.RunID = st, run.ID
	}
	if err := out.trials(ctx, st, run.ID, trials, packs, j); err != nil {
		return nil, err
	}
	status := store.StatusFinished
	if out.Failed > 0 {
		status = store.StatusFailed
	}
	if err := st.FinishRun(ctx, run.ID, status, time.Now()); err != nil {
		return nil, err
	}
	if out.Run, err = st.Resolve(ctx, run.ID); err != nil {
		return nil, err
	}
	if out.Report, err = report.LoadSummary(ctx, st, out.Run); err != nil {
		return nil, err
	}
	out.Report.References = referencesOf(packs)
	return out, nil
}

// trials writes each trial of the source run, re-graded, into run id.
func (n *Regraded) trials(ctx context.Context, st *store.Store, id string, trials []*store.Trial, packs []*tasks.Pack, judge *bench.Judge) error {
	byID := map[string]*tasks.Task{}
	for _, p := range packs {
		for _, t := range p.Tasks {
			byID[t.FullID()] = t
		}
	}
	graders := Graders(nil)
	var classifier bench.Classifier = bench.Heuristic{}
	if judge != nil {
		graders, classifier = Graders(judge), judge
	}
	w := store.NewRunWriter(st, id)
	for _, tr := range trials {
		exs, hash := tr.Exchanges, tr.TaskHash
		if task := byID[tr.Key.Task]; task != nil {
			hash = task.Hash
			g, err := graders(bench.Item{Task: task})
			if err != nil {
				return fmt.Errorf("task %s: %w", task.FullID(), err)
			}
			exs = bench.Regrade(ctx, task, g, classifier, tr.Exchanges)
		} else {
			n.Missing++
		}
		if err := w.StartTrial(ctx, bench.TrialInfo{Key: tr.Key, Pack: tr.Pack, Kind: tr.Kind, Scripts: tr.Scripts, TaskHash: hash}); err != nil {
			return err
		}
		for i, ex := range exs {
			n.Answers++
			if ex.Verdict.Grade != tr.Exchanges[i].Verdict.Grade {
				n.Grades++
			}
			if ex.Stance != tr.Exchanges[i].Stance {
				n.Stances++
			}
			if err := w.SaveExchange(ctx, ex); err != nil {
				return err
			}
		}
		if tr.Status == store.TrialFailed {
			n.Failed++
		}
		if tr.Status != store.TrialRunning {
			if err := w.TrialDone(ctx, tr.Key, tr.Status == store.TrialFailed, tr.Error); err != nil {
				return err
			}
		}
	}
	return w.Flush()
}
