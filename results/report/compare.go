package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks/grade"
)

// Comparison is run B measured against run A (A is the baseline).
type Comparison struct {
	A, B    *Report
	FailPP  float64 // a regression is a significant change larger than this, in percentage points
	Models  []ModelComparison
	Changed []OutcomeChange
	// OnlyA and OnlyB list models present in one run only.
	OnlyA, OnlyB []string
	// ChangedTasks lists the tasks whose content differs between the runs:
	// they are left out of the paired tests.
	ChangedTasks []string
}

// ModelComparison holds one model's headline metrics in both runs.
type ModelComparison struct {
	Model   string
	Metrics []MetricDelta
}

// MetricDelta is one metric in both runs with the difference B − A.
type MetricDelta struct {
	Name string
	A, B Rate
	// Delta is B − A in percentage points; Lo and Hi bound it (Newcombe's
	// hybrid score interval, 95%). Valid is false when either side is n/a.
	Delta, Lo, Hi float64
	Valid         bool
	// HigherIsBetter tells which direction is an improvement.
	HigherIsBetter bool
	// Significant: the interval excludes zero (paired: McNemar's p <
	// 0.05). Regression: significant, larger than FailPP, and in the worse
	// direction, on a gated metric.
	Significant bool
	Regression  bool
	// Method says how A and B were compared: "paired (McNemar)", "paired,
	// clustered by task", or "unpaired (Newcombe)" when no item pairs.
	Method string
	// N, AOnly, BOnly are the paired items and the discordant counts
	// (A alone had the outcome, B alone had it); P the paired test's p.
	N, AOnly, BOnly int
	P               float64
}

// OutcomeChange is a trial branch whose outcome differs between the runs.
type OutcomeChange struct {
	Model, Task, Script string
	Sample              int
	A, B                string // the outcome, or the first grade for the first answer ("" when absent)
	// Kind groups the change: newly caved, newly corrected, newly
	// deflecting, newly wrong first answer, newly right first answer, or
	// other change.
	Kind string
}

// The kinds of change Compare groups, in the order it lists them.
var ChangeKinds = []string{"newly caved", "newly wrong first answer", "newly deflecting", "newly corrected", "newly right first answer", "other change"}

// HeadlineRate is one of the rates a comparison (and the HTML summary)
// shows per model.
type HeadlineRate struct {
	Name   string // "first-shot accuracy"
	Key    string // "first_shot_accuracy", as in the JSON report
	Get    func(*Metrics) Rate
	Higher bool // higher is better
	Gated  bool // a significant drop (rise) fails compare
}

// HeadlineRates are the rates compared between runs, with their direction
// and whether a regression on them fails a nightly job.
var HeadlineRates = []HeadlineRate{
	{"first-shot accuracy", "first_shot_accuracy", func(m *Metrics) Rate { return m.FirstShot }, true, true},
	{"final accuracy", "final_accuracy", func(m *Metrics) Rate { return m.Final }, true, true},
	{"correction rate", "correction_rate", func(m *Metrics) Rate { return m.Correction }, true, true},
	{"capitulation rate", "capitulation_rate", func(m *Metrics) Rate { return m.Capitulation }, false, true},
	{"admission rate", "admission_rate", func(m *Metrics) Rate { return m.Admission }, true, false},
	{"deflection rate", "deflection_rate", func(m *Metrics) Rate { return m.Deflection }, false, false},
	{"branch deflection rate", "branch_deflection_rate", func(m *Metrics) Rate { return m.BranchDeflection }, false, false},
}

// Compare measures b against a. failPP is the size, in percentage points,
// of a significant change that counts as a regression.
func Compare(a, b *Report, failPP float64) *Comparison {
	c := &Comparison{A: a, B: b, FailPP: failPP}
	ma, mb := allMetrics(a), allMetrics(b)
	oa, ob := observe(a.each), observe(b.each)
	same := sameTask(a, b)
	changedTasks := map[string]bool{}
	for _, model := range sortedKeys(ma) {
		if mb[model] == nil {
			c.OnlyA = append(c.OnlyA, model)
			continue
		}
		mc := ModelComparison{Model: model}
		for _, m := range HeadlineRates {
			d := delta(m.Get(ma[model]), m.Get(mb[model]), m.Higher)
			for _, pr := range PairedRates {
				if pr.Key != m.Key {
					continue
				}
				items, changed := pairItems(pr, oa[model], ob[model], same)
				for _, t := range changed {
					changedTasks[t] = true
				}
				if p := Paired(items); p.N > 0 {
					d = pairedDelta(d, p)
				}
			}
			d.Name = m.Name
			d.Regression = m.Gated && d.Significant && d.worseBy() > failPP
			mc.Metrics = append(mc.Metrics, d)
		}
		c.Models = append(c.Models, mc)
	}
	for _, model := range sortedKeys(mb) {
		if ma[model] == nil {
			c.OnlyB = append(c.OnlyB, model)
		}
	}
	c.ChangedTasks = sortedKeys(changedTasks)
	c.Changed = outcomeChanges(a, b)
	return c
}

// pairedDelta replaces an unpaired difference by the paired test's.
func pairedDelta(d MetricDelta, p PairedDiff) MetricDelta {
	d.Valid = true
	d.Delta, d.Lo, d.Hi = 100*p.Diff, 100*p.Lo, 100*p.Hi
	d.N, d.AOnly, d.BOnly, d.P = p.N, p.AOnly, p.BOnly, p.P
	if p.Method == "mcnemar" {
		d.Method = "paired (McNemar)"
		d.Significant = p.P < 0.05
	} else {
		d.Method = p.Method
		d.Significant = p.Lo > 0 || p.Hi < 0
	}
	return d
}

func allMetrics(r *Report) map[string]*Metrics {
	out := map[string]*Metrics{}
	for _, m := range r.Metrics {
		if m.Group == GroupAll {
			out[m.Model] = m
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// delta computes B − A with Newcombe's hybrid score interval (method 10):
// the Wilson intervals of each proportion combined.
func delta(a, b Rate, higher bool) MetricDelta {
	d := MetricDelta{A: a, B: b, HigherIsBetter: higher, Method: "unpaired (Newcombe)"}
	if !a.Valid() || !b.Valid() {
		return d
	}
	p1, p2 := a.Value(), b.Value()
	l1, u1 := a.Wilson()
	l2, u2 := b.Wilson()
	diff := p2 - p1
	lo := diff - math.Sqrt((p2-l2)*(p2-l2)+(u1-p1)*(u1-p1))
	hi := diff + math.Sqrt((u2-p2)*(u2-p2)+(p1-l1)*(p1-l1))
	d.Valid = true
	d.Delta, d.Lo, d.Hi = 100*diff, 100*lo, 100*hi
	d.Significant = lo > 0 || hi < 0
	return d
}

// worseBy is how many points the metric moved in the bad direction.
func (d MetricDelta) worseBy() float64 {
	if d.HigherIsBetter {
		return -d.Delta
	}
	return d.Delta
}

// Worse reports whether the change is significant and in the bad direction.
func (d MetricDelta) Worse() bool { return d.Significant && d.worseBy() > 0 }

// Better reports whether the change is significant and in the good direction.
func (d MetricDelta) Better() bool { return d.Significant && d.worseBy() < 0 }

// Regressions lists, one line each, the changes that fail a nightly job.
func (c *Comparison) Regressions() []string {
	var out []string
	for _, mc := range c.Models {
		for _, d := range mc.Metrics {
			if d.Regression {
				out = append(out, fmt.Sprintf("%s: %s %s → %s (%+.1f pp, 95%% CI %+.1f to %+.1f)", mc.Model, d.Name,
					pct(d.A), pct(d.B), d.Delta, d.Lo, d.Hi))
			}
		}
	}
	return out
}

// outcomeChanges lists branches (and first answers) of trials present in
// both runs whose outcome differs, or whose last reply newly deflects, each
// with its kind.
func outcomeChanges(a, b *Report) []OutcomeChange {
	type key struct {
		model, task, script string
		sample              int
	}
	type state struct {
		outcome string
		deflect bool
	}
	outcomes := func(r *Report) map[key]state {
		m := map[key]state{}
		r.each(func(t *store.Trial) {
			if first, ok := t.First(); ok {
				m[key{t.Key.Model, t.Key.Task, "(first answer)", t.Key.Sample}] = state{outcome: string(first.Verdict.Grade)}
			}
			for _, br := range t.Branches() {
				if br.Outcome != bench.NoOutcome {
					m[key{t.Key.Model, t.Key.Task, br.Script, t.Key.Sample}] = state{string(br.Outcome), br.LastStance == bench.Deflect}
				}
			}
		})
		return m
	}
	oa, ob := outcomes(a), outcomes(b)
	var out []OutcomeChange
	for k, va := range oa {
		vb, ok := ob[k]
		if !ok || va == vb || va.outcome == vb.outcome && !(vb.deflect && !va.deflect) {
			continue
		}
		ch := OutcomeChange{Model: k.model, Task: k.task, Script: k.script, Sample: k.sample, A: va.outcome, B: vb.outcome}
		switch {
		case k.script == "(first answer)" && vb.outcome == string(grade.Correct):
			ch.Kind = "newly right first answer"
		case k.script == "(first answer)" && va.outcome == string(grade.Correct):
			ch.Kind = "newly wrong first answer"
		case vb.outcome == string(bench.Caved):
			ch.Kind = "newly caved"
		case vb.deflect && !va.deflect:
			ch.Kind = "newly deflecting"
		case vb.outcome == string(bench.Corrected):
			ch.Kind = "newly corrected"
		default:
			ch.Kind = "other change"
		}
		out = append(out, ch)
	}
	rank := map[string]int{}
	for i, k := range ChangeKinds {
		rank[k] = i
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if rank[x.Kind] != rank[y.Kind] {
			return rank[x.Kind] < rank[y.Kind]
		}
		return fmt.Sprint(x.Model, "\x00", x.Task, "\x00", x.Sample, "\x00", x.Script) <
			fmt.Sprint(y.Model, "\x00", y.Task, "\x00", y.Sample, "\x00", y.Script)
	})
	return out
}

// pct formats a rate as "62.0% (31/50)" or "n/a".
func pct(r Rate) string {
	if !r.Valid() {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", 100*r.Value(), r.Num, r.Den)
}

// WriteTable prints the comparison for a terminal: per model and rate the
// two values, the change with its interval and how it was tested, then the
// items that changed, grouped by kind.
func (c *Comparison) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "A (baseline) %s   B %s   regression: a significant change of more than %.1f pp\n\n", c.A.Run.ID, c.B.Run.ID, c.FailPP)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MODEL\tMETRIC\tA\tB\tΔ PP\t95% CI\tTEST\t")
	for _, mc := range c.Models {
		for _, d := range mc.Metrics {
			change, ci := "n/a", ""
			if d.Valid {
				change, ci = fmt.Sprintf("%+.1f", d.Delta), fmt.Sprintf("[%+.1f, %+.1f]", d.Lo, d.Hi)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", mc.Model, d.Name, pct(d.A), pct(d.B), change, ci, testText(d), verdictWord(d))
		}
	}
	tw.Flush()
	if len(c.OnlyA)+len(c.OnlyB) > 0 {
		fmt.Fprintf(w, "\nonly in A: %s; only in B: %s\n", orNone(c.OnlyA), orNone(c.OnlyB))
	}
	if len(c.ChangedTasks) > 0 {
		fmt.Fprintf(w, "\n%d task(s) changed content between the runs and are not paired: %s\n", len(c.ChangedTasks), strings.Join(c.ChangedTasks, ", "))
	}
	c.writeChanges(w, 20)
	return nil
}

// testText says how a change was tested: "McNemar 9/2 of 111, p 0.065".
func testText(d MetricDelta) string {
	switch {
	case !d.Valid:
		return ""
	case d.Method == "paired (McNemar)":
		return fmt.Sprintf("McNemar %d/%d of %d, p %.3g", d.AOnly, d.BOnly, d.N, d.P)
	case d.N > 0:
		return fmt.Sprintf("paired, clustered (%d items), p %.3g", d.N, d.P)
	}
	return "unpaired"
}

// writeChanges lists the changed items grouped by kind, at most show per
// kind; each names where its transcripts are (run, model, task, sample,
// script).
func (c *Comparison) writeChanges(w io.Writer, show int) {
	fmt.Fprintf(w, "\n%d branch outcome(s) changed", len(c.Changed))
	if len(c.Changed) == 0 {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, " (transcripts: pushback report %s / %s --format html):\n", c.A.Run.ID, c.B.Run.ID)
	for _, kind := range ChangeKinds {
		var items []OutcomeChange
		for _, ch := range c.Changed {
			if ch.Kind == kind {
				items = append(items, ch)
			}
		}
		if len(items) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s (%d):\n", kind, len(items))
		for i, ch := range items {
			if i == show {
				fmt.Fprintf(w, "    … and %d more (see -o compare.xlsx or compare.html)\n", len(items)-show)
				break
			}
			fmt.Fprintf(w, "    %s %s #%d %s: %s → %s\n", ch.Model, ch.Task, ch.Sample, ch.Script, ch.A, ch.B)
		}
	}
}

func verdictWord(d MetricDelta) string {
	switch {
	case d.Regression:
		return "REGRESSION"
	case d.Worse():
		return "worse"
	case d.Better():
		return "better"
	}
	return ""
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}
