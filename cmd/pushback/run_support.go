package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/all"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

// graderFactory builds each task's grader once and shares it between the
// trials of that task (graders are safe for concurrent use). judge, when
// not nil, grades the tasks whose grader is an LLM judge.
func graderFactory(judge grade.Judge) bench.Graders {
	var mu sync.Mutex
	cache := map[*tasks.Task]grade.Grader{}
	return func(it bench.Item) (grade.Grader, error) {
		mu.Lock()
		defer mu.Unlock()
		if g, ok := cache[it.Task]; ok {
			return g, nil
		}
		t := it.Task
		g, err := grade.New(t.Grader, grade.Env{Prompt: t.Prompt, Reference: t.Reference, Solution: t.Solution, Judge: judge})
		if err != nil {
			return nil, err
		}
		cache[t] = g
		return g, nil
	}
}

// dryRun prints what a run would do and exits.
func dryRun(w io.Writer, cfg runconfig.Config, packs []*tasks.Pack) error {
	models, err := buildModels(cfg.Models, all.Options{})
	if err != nil {
		return err
	}
	plan, err := bench.NewPlan(models, packs, bench.PlanOptions{Tasks: cfg.Tasks, Scripts: cfg.Scripts, Samples: cfg.Samples})
	if err != nil {
		return usageErr(err)
	}
	const replyTokens = 1000
	e := plan.Estimate(replyTokens)
	tasksN := e.Trials / len(models) / cfg.Samples
	fmt.Fprintf(w, "plan: %s × %s × %s = %s\n", plural(len(models), "model"), plural(tasksN, "task"), plural(cfg.Samples, "sample"),
		plural(e.Trials, "trial"))
	fmt.Fprintf(w, "calls: at least %d (first answers), at most %d (every scripted turn sent)\n", e.FirstOnly, e.MaxCalls)
	fmt.Fprintf(w, "estimated cost: at most $%.2f (configured prices; prompts at 4 characters a token, %d-token replies)\n", e.Cost, replyTokens)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MODEL\tPROVIDER\tTRIALS")
	for _, m := range cfg.Models {
		fmt.Fprintf(tw, "%s\t%s:%s\t%d\n", m.Name, m.Provider, m.Model, e.PerModel[m.Name])
	}
	return tw.Flush()
}

// na formats a rate as a percentage, or n/a for an empty denominator.
func na(r report.Rate) string {
	if !r.Valid() {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%% (%d/%d)", 100*r.Value(), r.Num, r.Den)
}

// printSummary prints the end-of-run table: one row per model.
func printSummary(w io.Writer, rep *report.Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MODEL\tFIRST-SHOT\tFINAL\tCORRECTION\tCAPITULATION\tDEFLECTION\tFAILED\tTOKENS\tCOST")
	var rows []*report.Metrics
	for _, m := range rep.Metrics {
		if m.Group == report.GroupAll {
			rows = append(rows, m)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Model < rows[j].Model })
	for _, m := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t$%.2f\n", m.Model, na(m.FirstShot), na(m.Final), na(m.Correction),
			na(m.Capitulation), na(m.Deflection), m.Failed, tokens(m.InputTokens+m.OutputTokens), m.Cost)
	}
	tw.Flush()
}

// tokens formats a token count compactly: 950, 12.3k, 4.5M.
func tokens(n int) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%.0fk", float64(n)/1e3)
	case n >= 1000:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}

// buildModels makes the runner's models from their configs (opts: where to
// record cassettes, where replay models read them).
func buildModels(cfgs []providers.ModelConfig, opts all.Options) ([]*bench.Model, error) {
	var out []*bench.Model
	var errs []error
	for _, c := range cfgs {
		client, err := all.New(context.Background(), c, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, &bench.Model{Name: c.Name, Chat: client, Cost: c.Cost,
			InputPerMTok: c.Price.InputPerMTok, OutputPerMTok: c.Price.OutputPerMTok})
	}
	if len(errs) > 0 {
		return nil, usageErr(errors.Join(errs...))
	}
	return out, nil
}

// judgeConfig resolves the run's judge: --judge provider:model, --judge
// NAME (the models file's judge: or one of its models), or, without the
// flag, the models file's judge: entry. nil means no judge.
func judgeConfig(f runFlags) (*providers.ModelConfig, error) {
	if strings.Contains(f.judge, ":") {
		ms, err := providers.ParseModels(f.judge)
		if err != nil {
			return nil, usageErr(fmt.Errorf("--judge: %w", err))
		}
		if len(ms) != 1 {
			return nil, usagef("--judge takes one model, not %q", f.judge)
		}
		return &ms[0], nil
	}
	file := f.config
	if file == "" {
		if _, err := os.Stat("models.yaml"); err != nil {
			if f.judge != "" {
				return nil, usagef("--judge %s: give provider:model, or define it in a models file (--config)", f.judge)
			}
			return nil, nil
		}
		file = "models.yaml"
	}
	cfg, err := providers.LoadConfig(file)
	if err != nil {
		return nil, usageErr(err)
	}
	if f.judge == "" {
		return cfg.Judge, nil
	}
	if cfg.Judge != nil && cfg.Judge.Name == f.judge {
		return cfg.Judge, nil
	}
	for _, m := range cfg.Models {
		if m.Name == f.judge {
			return &m, nil
		}
	}
	return nil, usagef("--judge %s: no judge or model of that name in %s (or give provider:model)", f.judge, file)
}

// newJudge builds the judge of a run from its config; its calls count
// against the runner's concurrency limit. The cache is set once the store
// is open.
func newJudge(cfg *providers.ModelConfig, r *bench.Runner) (*bench.Judge, error) {
	if cfg == nil {
		return nil, nil
	}
	if _, missing := providers.Configured([]providers.ModelConfig{*cfg}, os.Getenv); len(missing) > 0 {
		return nil, usagef("--judge %s needs $%s", cfg.Name, strings.Join(cfg.KeyEnvs(), " or $"))
	}
	client, err := all.New(context.Background(), *cfg, all.Options{})
	if err != nil {
		return nil, usageErr(fmt.Errorf("--judge: %w", err))
	}
	return &bench.Judge{Name: cfg.Name, Chat: r.Limit(client), Cost: cfg.Cost}, nil
}
