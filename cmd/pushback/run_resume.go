package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks"
)

// resumeBenchmark continues a stored run: it re-plans it from its recorded
// config, refuses when a pack or the model config changed, and reuses every
// stored exchange, so no answer is paid for twice.
func resumeBenchmark(ctx context.Context, stdout, stderr io.Writer, f runFlags) error {
	st, err := store.OpenExisting(f.db)
	if err != nil {
		return usageErr(err)
	}
	defer st.Close()
	run, err := st.Resolve(ctx, f.resume)
	if err != nil {
		return usageErr(fmt.Errorf("--resume: %w", err))
	}
	if run.Source != "" {
		return usagef("--resume: run %s was re-graded from %s and makes no model calls; it cannot be resumed", run.ID, run.Source)
	}
	if run.Status == store.StatusFinished {
		fmt.Fprintf(stdout, "run %s finished on %s; nothing to resume\n", run.ID, run.Finished.Local().Format("2006-01-02 15:04"))
		return nil
	}
	if run.ConfigErr != nil {
		return usagef("--resume: %v", run.ConfigErr)
	}
	cfg := run.Config
	if err := sameAsRecorded(f, cfg, stderr); err != nil {
		return err
	}
	packs, err := tasks.Load(cfg.Packs...)
	if err != nil {
		return usageErr(fmt.Errorf("--resume %s: the run's packs no longer load:\n%w", run.ID, err))
	}
	if err := samePacks(run, packs); err != nil {
		return err
	}
	j, err := prepare(cfg, packs, f, run)
	if err != nil {
		return err
	}
	trials, err := st.Trials(ctx, run.ID)
	if err != nil {
		return err
	}
	j.runner.Prior = map[bench.TrialKey][]bench.Exchange{}
	for _, t := range trials {
		j.runner.Prior[t.Key] = t.Exchanges
	}
	if err := st.MarkRunning(ctx, run.ID); err != nil {
		return err
	}
	f.samples = cfg.Samples
	return execute(ctx, stdout, stderr, st, j, f)
}

// sameAsRecorded refuses flags that would change what a resumed run asks.
func sameAsRecorded(f runFlags, cfg runconfig.Config, stderr io.Writer) error {
	changed := func(name string) bool { return f.changed != nil && f.changed(name) }
	type check struct {
		flag string
		same bool
	}
	checks := []check{
		{"packs", slices.Equal(f.packs, cfg.Packs)},
		{"tasks", slices.Equal(f.tasks, cfg.Tasks)},
		{"scripts", slices.Equal(f.scripts, cfg.Scripts)},
		{"samples", f.samples == cfg.Samples},
	}
	for _, c := range checks {
		if changed(c.flag) && !c.same {
			return usagef("--resume: --%s differs from the run's; a resumed run keeps its recorded --%s (drop the flag)", c.flag, c.flag)
		}
	}
	if changed("models") || changed("config") {
		models, err := modelConfigs(f, stderr)
		if err != nil {
			return err
		}
		if jsonOf(models) != jsonOf(cfg.Models) {
			return usagef("--resume: the model config changed since the run started; start a new run instead")
		}
	}
	return nil
}

// jsonOf is the recorded form of a value (ModelConfig.Source is not part of it).
func jsonOf(ms any) string {
	b, _ := json.Marshal(ms)
	return string(b)
}

// samePacks refuses to resume when a pack's content changed.
func samePacks(run *store.Run, packs []*tasks.Pack) error {
	d := report.ComparePacks(run.Packs, packs)
	switch {
	case len(d.Added) > 0:
		return usagef("--resume: pack %s (%s) was not part of run %s", d.Added[0].ID, d.Added[0].File, run.ID)
	case len(d.Changed) > 0:
		return usagef("--resume: pack %s (%s) changed since run %s started; start a new run instead", d.Changed[0].ID, d.Changed[0].File, run.ID)
	case len(d.Missing) > 0:
		return usagef("--resume: pack %s of run %s is no longer found", d.Missing[0], run.ID)
	}
	return nil
}
