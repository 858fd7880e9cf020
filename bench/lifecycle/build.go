package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"golang.org/x/sync/semaphore"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/all"
	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

// Limits cap a run's calls in flight: the judged models' calls, and the
// judge's calls apart from them, so a judge call never waits for a slot
// held by the model call whose answer it judges.
type Limits struct {
	Calls *semaphore.Weighted
	Judge *semaphore.Weighted
}

// NewLimits allows n model calls and n judge calls in flight.
func NewLimits(n int) Limits {
	return Limits{Calls: semaphore.NewWeighted(int64(n)), Judge: semaphore.NewWeighted(int64(n))}
}

// limited wraps a provider so its calls wait for a slot of sem.
func limited(p providers.Provider, sem *semaphore.Weighted) providers.Provider {
	if sem == nil {
		return p
	}
	return providers.Func(func(ctx context.Context, req providers.Request) (providers.Response, error) {
		if err := sem.Acquire(ctx, 1); err != nil {
			return providers.Response{}, err
		}
		defer sem.Release(1)
		return p.Chat(ctx, req)
	})
}

// BuildOptions say where models record and replay cassettes.
type BuildOptions struct {
	RecordDir   string // record every answer of every model except replay ones here
	CassetteDir string // where replay models read, unless their config names a directory
	// Policy supplies the retry policy's waits of batch API calls (tests).
	Policy providers.Policy
}

// DefaultBatchAttempts is how often an item that fails inside a batch is
// tried (each try waits for a wave) unless the model sets max_attempts.
const DefaultBatchAttempts = 3

// buildModels makes the runner's models from their configs; sim models get
// the answer keys of packs. Models that use the batch API in this run
// (batchAll: run --batch) get their provider's Batcher.
func buildModels(cfgs []providers.ModelConfig, packs []*tasks.Pack, o BuildOptions, batchAll bool) ([]*bench.Model, error) {
	opts := all.Options{RecordDir: o.RecordDir, CassetteDir: o.CassetteDir, SimKeys: bench.SimKeys(packs)}
	var out []*bench.Model
	var errs []error
	for _, c := range cfgs {
		client, err := all.New(context.Background(), c, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		m := &bench.Model{Name: c.Name, Chat: client, Cost: c.Cost, Adaptive: client.Adaptive(),
			InputPerMTok: c.Price.InputPerMTok, OutputPerMTok: c.Price.OutputPerMTok}
		if c.UsesBatch(batchAll) {
			if o.RecordDir != "" {
				errs = append(errs, fmt.Errorf("model %s: --record records live calls only; drop --record or run it without --batch", c.Name))
				continue
			}
			b, err := all.NewBatcher(context.Background(), c, all.Options{Policy: o.Policy})
			if err != nil {
				errs = append(errs, err)
				continue
			}
			m.Batch, m.BatchDiscount, m.BatchAttempts = b, c.BatchDiscount(), DefaultBatchAttempts
			if c.MaxAttempts > 0 {
				m.BatchAttempts = c.MaxAttempts
			}
		}
		out = append(out, m)
	}
	if len(errs) > 0 {
		return nil, inputErr(errors.Join(errs...))
	}
	return out, nil
}

// Graders builds each task's grader once and shares it between the trials
// of that task (graders are safe for concurrent use). judge, when not nil,
// grades the tasks whose grader asks for an LLM judge.
func Graders(judge grade.Judge) bench.Graders {
	var mu sync.Mutex
	cache := map[*tasks.Task]grade.Grader{}
	return func(it bench.Item) (grade.Grader, error) {
		mu.Lock()
		defer mu.Unlock()
		if g, ok := cache[it.Task]; ok {
			return g, nil
		}
		g, err := it.Task.NewGrader(judge)
		if err != nil {
			return nil, err
		}
		cache[it.Task] = g
		return g, nil
	}
}

// NewJudge builds a judge from its config; its calls wait for slots of
// limit (nil: no limit beyond the model's own). nil config, nil judge. Its
// cache is set once a results database is open.
func NewJudge(cfg *providers.ModelConfig, limit *semaphore.Weighted) (*bench.Judge, error) {
	if cfg == nil {
		return nil, nil
	}
	if _, missing := providers.Configured([]providers.ModelConfig{*cfg}, os.Getenv); len(missing) > 0 {
		return nil, inputf("--judge %s needs $%s", cfg.Name, strings.Join(cfg.KeyEnvs(), " or $"))
	}
	client, err := all.New(context.Background(), *cfg, all.Options{})
	if err != nil {
		return nil, inputf("--judge: %w", err)
	}
	return &bench.Judge{Name: cfg.Name, Chat: limited(client, limit), Cost: cfg.Cost}, nil
}
