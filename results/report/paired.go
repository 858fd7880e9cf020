package report

import (
	"fmt"
	"sort"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks/grade"
)

// PairedRate is a rate that can be compared item by item between two
// models, or one model in two runs: items are (task, sample) for first
// answers and (task, script, sample) for branches, and an item counts only
// where both sides have an outcome. Capitulation pairs the branches both
// sides answered right first, correction those both answered wrong: the
// estimand is the change in behaviour from the same starting point.
type PairedRate struct {
	Name, Key string
	Higher    bool
	Gated     bool
	// outcome is the item's 0/1 outcome, ok false when the item does not
	// count for the rate (a failed branch, an ungraded answer).
	outcome func(o *itemObs) (hit, ok bool)
	// eligible is whether both sides' items count (same first grade, for
	// capitulation and correction).
	eligible func(a, b *itemObs) bool
}

// itemObs is what a side did on one item.
type itemObs struct {
	first  grade.Grade // the first answer's grade
	branch *branchObs  // nil for a first-answer item
	hash   string      // the task's content hash
	pack   string
}

// branchObs is what pairing needs of a branch (not its text).
type branchObs struct {
	First, Final   grade.Grade
	Outcome        bench.Outcome
	LastStance     bench.Stance
	Failed, Pushed bool
}

func bothFirst(g grade.Grade) func(a, b *itemObs) bool {
	return func(a, b *itemObs) bool {
		return (a.first == grade.Correct) == (g == grade.Correct) && (b.first == grade.Correct) == (g == grade.Correct)
	}
}

func always(a, b *itemObs) bool { return true }

func pushedOK(o *itemObs) bool {
	b := o.branch
	return b != nil && b.Pushed && !b.Failed && graded(b.First) && graded(b.Final)
}

// PairedRates are the rates compared item by item.
var PairedRates = []PairedRate{
	{Name: "first-shot accuracy", Key: "first_shot_accuracy", Higher: true, Gated: true, eligible: always,
		outcome: func(o *itemObs) (bool, bool) { return o.first == grade.Correct, o.branch == nil && graded(o.first) }},
	{Name: "final accuracy", Key: "final_accuracy", Higher: true, Gated: true, eligible: always,
		outcome: func(o *itemObs) (bool, bool) {
			b := o.branch
			return b != nil && b.Final == grade.Correct, b != nil && !b.Failed && graded(b.First) && graded(b.Final)
		}},
	{Name: "correction rate", Key: "correction_rate", Higher: true, Gated: true, eligible: bothFirst(grade.Incorrect),
		outcome: func(o *itemObs) (bool, bool) { return pushedOK(o) && o.branch.Outcome == bench.Corrected, pushedOK(o) }},
	{Name: "capitulation rate", Key: "capitulation_rate", Higher: false, Gated: true, eligible: bothFirst(grade.Correct),
		outcome: func(o *itemObs) (bool, bool) { return pushedOK(o) && o.branch.Outcome == bench.Caved, pushedOK(o) }},
	{Name: "branch deflection rate", Key: "branch_deflection_rate", Higher: false, eligible: always,
		outcome: func(o *itemObs) (bool, bool) {
			b := o.branch
			ok := b != nil && b.Pushed && !b.Failed && b.LastStance != bench.Unknown && b.LastStance != ""
			return ok && b.LastStance == bench.Deflect, ok
		}},
}

// itemKey is an item: a task, and a script ("" for the first answer).
type itemKey struct{ task, script string }

// sideObs are one model's items in one run, by item and sample.
type sideObs map[itemKey]map[int]*itemObs

// observe gathers each model's items of a run.
func observe(each func(func(*store.Trial))) map[string]sideObs {
	out := map[string]sideObs{}
	each(func(t *store.Trial) {
		first, ok := t.First()
		if !ok || t.Status != store.TrialDone {
			return
		}
		side := out[t.Key.Model]
		if side == nil {
			side = sideObs{}
			out[t.Key.Model] = side
		}
		put := func(k itemKey, o *itemObs) {
			if side[k] == nil {
				side[k] = map[int]*itemObs{}
			}
			side[k][t.Key.Sample] = o
		}
		put(itemKey{task: t.Key.Task}, &itemObs{first: first.Verdict.Grade, hash: t.TaskHash, pack: t.Pack})
		for _, b := range t.Branches() {
			// Only the branch's outcome is kept, not its text.
			bo := &branchObs{First: b.First, Final: b.Final, Outcome: b.Outcome, LastStance: b.LastStance, Failed: b.Failed, Pushed: b.Pushed()}
			put(itemKey{t.Key.Task, b.Script}, &itemObs{first: first.Verdict.Grade, branch: bo, hash: t.TaskHash, pack: t.Pack})
		}
	})
	return out
}

// pairItems lines up two sides' outcomes of a rate. same says whether a
// task counts as the same on both sides; tasks that do not are returned
// apart.
func pairItems(r PairedRate, a, b sideObs, same func(x, y *itemObs) bool) (items []PairedItem, changed []string) {
	keys := make([]itemKey, 0, len(a))
	for k := range a {
		if _, ok := b[k]; ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].task != keys[j].task {
			return keys[i].task < keys[j].task
		}
		return keys[i].script < keys[j].script
	})
	seen := map[string]bool{}
	for _, k := range keys {
		it := PairedItem{Key: k.task + " " + k.script}
		samples := make([]int, 0, len(a[k]))
		for s := range a[k] {
			samples = append(samples, s)
		}
		sort.Ints(samples)
		for _, s := range samples {
			oa, ob := a[k][s], b[k][s]
			if ob == nil {
				continue
			}
			if !same(oa, ob) {
				if !seen[k.task] {
					seen[k.task] = true
					changed = append(changed, k.task)
				}
				continue
			}
			ha, okA := r.outcome(oa)
			hb, okB := r.outcome(ob)
			if okA && okB && r.eligible(oa, ob) {
				it.A, it.B = append(it.A, ha), append(it.B, hb)
			}
		}
		if len(it.A) > 0 {
			items = append(items, it)
		}
	}
	return items, changed
}

// several reports whether any item has more than one sample.
func several(items []PairedItem) bool {
	for _, it := range items {
		if len(it.A) > 1 {
			return true
		}
	}
	return false
}

// ModelPair is one paired comparison of two models of a run on one rate:
// B − A, with McNemar's p (or the clustered test's) and Holm's adjustment
// across the model pairs of that rate.
type ModelPair struct {
	A, B   string
	Rate   string // PairedRate.Key
	Name   string
	Higher bool
	PairedDiff
	PHolm float64
}

// Pairs compares every pair of the run's models on every paired rate.
func (r *Report) Pairs() []ModelPair {
	obs := observe(r.each)
	models := sortedKeys(obs)
	var out []ModelPair
	for _, rate := range PairedRates {
		var cells []ModelPair
		for i := range models {
			for j := i + 1; j < len(models); j++ {
				items, _ := pairItems(rate, obs[models[i]], obs[models[j]], func(x, y *itemObs) bool { return true })
				d := Paired(items)
				if d.N == 0 {
					continue
				}
				cells = append(cells, ModelPair{A: models[i], B: models[j], Rate: rate.Key, Name: rate.Name, Higher: rate.Higher, PairedDiff: d})
			}
		}
		ps := make([]float64, len(cells))
		for i, c := range cells {
			ps[i] = c.P
		}
		for i, p := range Holm(ps) {
			cells[i].PHolm = p
		}
		out = append(out, cells...)
	}
	return out
}

// sameTask says whether two runs asked the same task: by the tasks'
// content hashes, or, for runs stored before those, by their packs' hashes.
func sameTask(a, b *Report) func(x, y *itemObs) bool {
	packA, packB := map[string]string{}, map[string]string{}
	for _, p := range a.Run.Packs {
		packA[p.ID] = p.Hash
	}
	for _, p := range b.Run.Packs {
		packB[p.ID] = p.Hash
	}
	return func(x, y *itemObs) bool {
		if x.hash != "" && y.hash != "" {
			return x.hash == y.hash
		}
		ha, hb := packA[x.pack], packB[y.pack]
		return ha == "" || hb == "" || ha == hb
	}
}

func (p ModelPair) String() string {
	return fmt.Sprintf("%s vs %s %s: %+.1f pp [%+.1f, %+.1f], p %.3g (Holm %.3g)", p.B, p.A, p.Name, 100*p.Diff, 100*p.Lo, 100*p.Hi, p.P, p.PHolm)
}
