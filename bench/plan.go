package bench

import (
	"fmt"
	"hash/fnv"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/tasks"
)

// Model is one configured model as the runner sees it.
type Model struct {
	Name string
	// Chat answers requests; a *providers.Client carries the model's rate
	// limit, concurrency cap and retries.
	Chat providers.Provider
	// Cost prices a call from its token counts (nil: free).
	Cost func(providers.Response) float64
	// PricePerMTok are the configured prices, for dry-run estimates.
	InputPerMTok, OutputPerMTok float64
	// Batch, when set, sends the model's calls through its provider's
	// batch API in waves (see Waves); BatchDiscount is the share of the
	// live price a batch call saves (0.5: half price) and BatchAttempts
	// how often an item that fails inside a batch is tried.
	Batch         providers.Batcher
	BatchDiscount float64
	BatchAttempts int
	// Adaptive is the model's adaptive concurrency limit, shown while the
	// run goes and stored with it (nil: a fixed limit).
	Adaptive *providers.Adaptive
}

// Item is one planned trial: a model, a task and a sample number, with the
// scripts whose branches follow the first answer.
type Item struct {
	Model   *Model
	Task    *tasks.Task
	Pack    *tasks.Pack
	Sample  int
	Scripts []string
}

// Key identifies the item's trial.
func (it Item) Key() TrialKey {
	return TrialKey{Model: it.Model.Name, Task: it.Task.FullID(), Sample: it.Sample}
}

// Plan is the work of a run, in a stable order.
type Plan struct {
	Items []Item
}

// PlanOptions filter what a run asks.
type PlanOptions struct {
	// Tasks are globs matched against a task id (kla-*) or full id (hw10/kla-*);
	// none means every task.
	Tasks []string
	// Scripts restricts branches to these script names; ["none"] asks first
	// answers only; none means each task's own scripts.
	Scripts []string
	Samples int // default 1
	// Shard keeps only the K-th of N disjoint parts of the plan (zero: the
	// whole plan).
	Shard Shard
}

// Shard is part K (1-based) of N of a plan. An item's part is a stable hash
// of its model, pack, task and sample, so every machine, every night, splits
// the same plan the same way.
type Shard struct{ K, N int }

// Whole reports whether s is no split at all.
func (s Shard) Whole() bool { return s.N <= 1 }

// String is "K/N".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// Holds reports whether the item (model, pack, task, sample) is in part s.
func (s Shard) Holds(model, pack, task string, sample int) bool {
	if s.Whole() {
		return true
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d", model, pack, task, sample)
	return int(h.Sum64()%uint64(s.N)) == s.K-1
}

// ParseShard reads "K/N" (1 ≤ K ≤ N).
func ParseShard(v string) (Shard, error) {
	var s Shard
	k, n, ok := strings.Cut(v, "/")
	var err1, err2 error
	s.K, err1 = strconv.Atoi(strings.TrimSpace(k))
	s.N, err2 = strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || s.N < 1 || s.K < 1 || s.K > s.N {
		return Shard{}, fmt.Errorf("--shard must be K/N with 1 ≤ K ≤ N (e.g. 2/3), not %q", v)
	}
	return s, nil
}

// NewPlan crosses models × tasks × samples in the order models, packs,
// tasks, samples. It fails when a filter selects nothing, so a typo in
// --tasks or --scripts does not silently run an empty benchmark.
func NewPlan(models []*Model, packs []*tasks.Pack, o PlanOptions) (*Plan, error) {
	if o.Samples <= 0 {
		o.Samples = 1
	}
	for _, g := range o.Tasks {
		if _, err := path.Match(g, ""); err != nil {
			return nil, fmt.Errorf("--tasks: bad pattern %q: %w", g, err)
		}
	}
	if err := checkScripts(packs, o.Scripts); err != nil {
		return nil, err
	}
	p := &Plan{}
	for _, m := range models {
		for _, pk := range packs {
			for _, t := range pk.Tasks {
				if !matchTask(t, o.Tasks) {
					continue
				}
				scripts := selectScripts(t.Scripts, o.Scripts)
				for s := 0; s < o.Samples; s++ {
					if o.Shard.Holds(m.Name, pk.ID, t.ID, s) {
						p.Items = append(p.Items, Item{Model: m, Task: t, Pack: pk, Sample: s, Scripts: scripts})
					}
				}
			}
		}
	}
	if len(p.Items) == 0 {
		if len(models) == 0 {
			return nil, fmt.Errorf("no models to run")
		}
		if !o.Shard.Whole() {
			return nil, fmt.Errorf("--shard %s holds no trial of this plan: use fewer shards", o.Shard)
		}
		return nil, fmt.Errorf("--tasks %s matches no task in packs %s", strings.Join(o.Tasks, ","), packIDs(packs))
	}
	return p, nil
}

func packIDs(packs []*tasks.Pack) string {
	ids := make([]string, len(packs))
	for i, p := range packs {
		ids[i] = p.ID
	}
	return strings.Join(ids, ",")
}

func matchTask(t *tasks.Task, globs []string) bool {
	if len(globs) == 0 {
		return true
	}
	for _, g := range globs {
		if ok, _ := path.Match(g, t.ID); ok {
			return true
		}
		if ok, _ := path.Match(g, t.FullID()); ok {
			return true
		}
	}
	return false
}

// checkScripts rejects a --scripts name that no loaded pack defines.
func checkScripts(packs []*tasks.Pack, want []string) error {
	if len(want) == 1 && want[0] == "none" {
		return nil
	}
	for _, w := range want {
		found := false
		for _, p := range packs {
			if _, ok := p.Script(w); ok {
				found = true
				break
			}
		}
		if !found {
			var names []string
			seen := map[string]bool{}
			for _, p := range packs {
				for n := range p.Scripts {
					if !seen[n] {
						seen[n] = true
						names = append(names, n)
					}
				}
			}
			sort.Strings(names)
			return fmt.Errorf("--scripts: unknown script %q (built-in: %s; in these packs: %s)", w,
				strings.Join(tasks.BuiltinNames(), ", "), strings.Join(names, ", "))
		}
	}
	return nil
}

// selectScripts keeps the task's scripts that the filter allows, in the
// task's order.
func selectScripts(taskScripts, filter []string) []string {
	if len(filter) == 0 {
		return taskScripts
	}
	if len(filter) == 1 && filter[0] == "none" {
		return nil
	}
	var out []string
	for _, s := range taskScripts {
		for _, f := range filter {
			if s == f {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// Estimate is what a dry run prints about a plan.
type Estimate struct {
	Trials    int
	MaxCalls  int     // the first answers plus every scripted turn
	FirstOnly int     // calls if every branch stopped at once
	Cost      float64 // upper bound from prices and prompt sizes, batch discounts applied
	PerModel  map[string]int
	// Waves is how many batches in a row the longest conversation of a
	// batch model needs (0: no model is batched).
	Waves int
}

// Estimate counts the calls a plan may make and prices them roughly: each
// call re-sends the conversation so far (prompt and every earlier turn),
// estimated at 4 characters per token, and each reply is assumed to be
// maxReplyTokens long.
func (p *Plan) Estimate(maxReplyTokens int) Estimate {
	e := Estimate{Trials: len(p.Items), PerModel: map[string]int{}}
	for _, it := range p.Items {
		e.PerModel[it.Model.Name]++
		e.MaxCalls++
		e.FirstOnly++
		prompt := len(it.Task.Prompt)/4 + 1
		in, out := prompt, maxReplyTokens
		for _, name := range it.Scripts {
			script, _ := it.Pack.Script(name)
			ctxTokens := prompt + maxReplyTokens
			for _, turn := range script {
				e.MaxCalls++
				ctxTokens += len(turn.Say)/4 + len(it.Task.Solution)/4*btoi(strings.Contains(turn.Say, ".Task.Solution"))
				in += ctxTokens
				out += maxReplyTokens
				ctxTokens += maxReplyTokens
			}
		}
		cost := float64(in)*it.Model.InputPerMTok/1e6 + float64(out)*it.Model.OutputPerMTok/1e6
		if it.Model.Batch != nil {
			cost *= 1 - it.Model.BatchDiscount
			longest := 1
			for _, name := range it.Scripts {
				script, _ := it.Pack.Script(name)
				longest = max(longest, 1+len(script))
			}
			e.Waves = max(e.Waves, longest)
		}
		e.Cost += cost
	}
	return e
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
