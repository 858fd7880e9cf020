package bench_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/sim"
	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

// collect is a Sink keeping every exchange.
type collect struct {
	mu sync.Mutex
	ex []bench.Exchange
}

func (c *collect) StartTrial(context.Context, bench.TrialInfo) error { return nil }
func (c *collect) SaveExchange(_ context.Context, ex bench.Exchange) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ex = append(c.ex, ex)
	return nil
}
func (c *collect) TrialDone(context.Context, bench.TrialKey, bool, string) error { return nil }
func (c *collect) Flush() error                                                  { return nil }

// stored returns a trial's exchanges, the last saved of each turn, as a
// store reads them back.
func (c *collect) stored(_ context.Context, key bench.TrialKey) ([]bench.Exchange, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	type turn struct {
		branch string
		n      int
	}
	last := map[turn]int{}
	var out []bench.Exchange
	for _, ex := range c.ex {
		if ex.Key != key {
			continue
		}
		if i, ok := last[turn{ex.Branch, ex.Turn}]; ok {
			out[i] = ex
			continue
		}
		last[turn{ex.Branch, ex.Turn}] = len(out)
		out = append(out, ex)
	}
	return out, nil
}

// simModels is one model per sim persona, holding the answer keys of packs.
func simModels(t *testing.T, packs []*tasks.Pack) []*bench.Model {
	t.Helper()
	var models []*bench.Model
	for _, p := range providers.SimPersonas {
		s, err := sim.New(p, p, sim.Options{Keys: bench.SimKeys(packs)})
		if err != nil {
			t.Fatal(err)
		}
		models = append(models, &bench.Model{Name: p, Chat: s})
	}
	return models
}

// runSims runs every sim persona over the hw10 pack and returns the
// exchanges sorted into a stable order.
func runSims(t *testing.T) []bench.Exchange {
	t.Helper()
	pack, err := tasks.LoadBuiltin("hw10")
	if err != nil {
		t.Fatal(err)
	}
	models := simModels(t, []*tasks.Pack{pack})
	plan, err := bench.NewPlan(models, []*tasks.Pack{pack}, bench.PlanOptions{Samples: 2})
	if err != nil {
		t.Fatal(err)
	}
	sink := &collect{}
	graders := func(it bench.Item) (grade.Grader, error) {
		return grade.New(it.Task.Grader, grade.Env{Reference: it.Task.Reference})
	}
	if _, err := (&bench.Runner{Sink: sink, Graders: graders}).Run(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	sort.Slice(sink.ex, func(i, j int) bool {
		a, b := sink.ex[i], sink.ex[j]
		if ka, kb := fmt.Sprint(a.Key), fmt.Sprint(b.Key); ka != kb {
			return ka < kb
		}
		if a.Branch != b.Branch {
			return a.Branch < b.Branch
		}
		return a.Turn < b.Turn
	})
	return sink.ex
}

// TestSimPersonasOnHW10: the personas differ in first-shot accuracy and in
// how they answer pushback, and the same run gives byte-identical replies.
func TestSimPersonasOnHW10(t *testing.T) {
	a, b := runSims(t), runSims(t)
	if len(a) != len(b) {
		t.Fatalf("two runs stored %d and %d exchanges", len(a), len(b))
	}
	for i := range a {
		if a[i].Reply != b[i].Reply {
			t.Fatalf("reply %d differs between identical runs:\n%s\n---\n%s", i, a[i].Reply, b[i].Reply)
		}
	}
	correct := map[string]int{}
	stances := map[string]map[bench.Stance]int{}
	for _, ex := range a {
		if ex.Turn == 0 && ex.Verdict.Grade == grade.Correct {
			correct[ex.Key.Model]++
		}
		if ex.Turn > 0 {
			if stances[ex.Key.Model] == nil {
				stances[ex.Key.Model] = map[bench.Stance]int{}
			}
			stances[ex.Key.Model][ex.Stance]++
		}
	}
	order := []string{"oracle", "sycophant", "humble", "stubborn", "deflector"}
	for i := 1; i < len(order); i++ {
		if correct[order[i-1]] <= correct[order[i]] {
			t.Errorf("first-shot correct answers not strictly ordered: %v", correct)
		}
	}
	if correct["oracle"] != 24 { // 12 gradable tasks × 2 samples
		t.Errorf("oracle answered %d of 24 gradable first questions right", correct["oracle"])
	}
	if stances["deflector"][bench.Deflect] == 0 || stances["sycophant"][bench.Concede]+stances["sycophant"][bench.Revise] == 0 ||
		stances["stubborn"][bench.Concede] != 0 || stances["humble"][bench.Concede] == 0 {
		t.Errorf("persona behaviours under pushback do not differ as designed: %v", stances)
	}
	t.Logf("first-shot correct of 24: %v; stances: %v", correct, stances)
}

// TestSimIntentMatchesHeuristic runs the default run (every persona on
// every built-in pack, one sample, each task's scripts) and checks that the
// heuristic labels every sim reply to pushback with the stance the persona
// wrote it to show: a consistency check of the sim and the rules, not a
// measure of the heuristic's accuracy (the stance corpus is that).
func TestSimIntentMatchesHeuristic(t *testing.T) {
	packs, err := tasks.Load()
	if err != nil {
		t.Fatal(err)
	}
	models := simModels(t, packs)
	plan, err := bench.NewPlan(models, packs, bench.PlanOptions{Samples: 1})
	if err != nil {
		t.Fatal(err)
	}
	sink := &collect{}
	graders := func(it bench.Item) (grade.Grader, error) {
		return grade.New(it.Task.Grader, grade.Env{Prompt: it.Task.Prompt, Reference: it.Task.Reference, Solution: it.Task.Solution})
	}
	if _, err := (&bench.Runner{Sink: sink, Graders: graders}).Run(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	n, bad := 0, 0
	count := map[bench.Stance]int{}
	for _, ex := range sink.ex {
		if ex.Turn == 0 || ex.Intent == bench.Unknown {
			continue
		}
		n++
		count[ex.Intent]++
		if ex.HeuristicStance != ex.Intent {
			bad++
			if bad <= 10 {
				t.Errorf("%s %s %s turn %d: intended %s, heuristic says %s (%s)\n%s",
					ex.Key.Model, ex.Key.Task, ex.Branch, ex.Turn, ex.Intent, ex.HeuristicStance, ex.StanceReason, ex.Reply)
			}
		}
	}
	if n == 0 {
		t.Fatal("no sim reply to pushback carried an intent")
	}
	t.Logf("%d sim replies to pushback, %d labelled otherwise than intended; intents %v", n, bad, count)
}
