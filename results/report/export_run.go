package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/results/store"
)

// runColumns are the columns of the Run sheet, a long table that every
// section shares: the run itself, counts, packs, models, config, failures.
var runColumns = []sheetCol{
	{label: "section", key: "section", width: 12}, {label: "item", key: "item", width: 30},
	{label: "field", key: "field", width: 22}, {label: "value", key: "value", width: 70, wrap: true},
}

// maxFailureRows bounds the failures listed in the Run sheet; the rest are
// counted in one row (every failure stays in the Turns sheet and the JSON).
const maxFailureRows = 1000

// runRows are the rows of the Run sheet. The config is the run's typed
// config, which holds no keys, only the names of the variables they are
// read from.
func (r *Report) runRows() [][]cellValue {
	var rows [][]cellValue
	add := func(section, item, field string, v cellValue) {
		rows = append(rows, []cellValue{vText(section), vText(item), vText(field), v})
	}
	run := r.Run
	add("run", "", "id", vText(run.ID))
	add("run", "", "sequence", vInt(int(run.Seq)))
	add("run", "", "status", vText(string(run.Status)))
	add("run", "", "version", vText(run.Version))
	add("run", "", "started", vText(formatJSONTime(run.Started)))
	add("run", "", "finished", vText(formatJSONTime(run.Finished)))
	if !run.Started.IsZero() && !run.Finished.IsZero() {
		add("run", "", "duration", vText(run.Finished.Sub(run.Started).Round(time.Second).String()))
	}
	if run.Source != "" {
		add("run", "", "re-graded from", vText(run.Source))
	}
	for _, c := range r.runCounts() {
		add("counts", "", c.name, c.v)
	}
	if j := r.Judge; j.Verdicts > 0 {
		// What the judge cost, apart from the judged models' cost above.
		add("judge", "", "verdicts paid for", vInt(j.Verdicts))
		add("judge", "", "calls", vInt(j.Calls))
		add("judge", "", "tokens in", vInt(j.InputTokens))
		add("judge", "", "tokens out", vInt(j.OutputTokens))
		add("judge", "", "cost", vNum(j.Cost, fmtCost))
	}
	for _, p := range run.Packs {
		add("pack", p.ID, "file", vText(p.File))
		add("pack", p.ID, "hash", vText(p.Hash))
	}
	for _, kv := range configRows(run.Config) {
		add(kv[0], kv[1], kv[2], vText(kv[3]))
	}
	for _, model := range slices.Sorted(maps.Keys(r.Concurrency)) {
		for _, c := range r.Concurrency[model] {
			add("concurrency", model, fmt.Sprintf("+%.1f s", c.At.Sub(run.Started).Seconds()), vInt(c.Limit))
		}
	}
	return append(rows, r.failureRows()...)
}

type namedValue struct {
	name string
	v    cellValue
}

// runTotals are a run's counts over every trial, failed ones included.
type runTotals struct {
	models, tasks, trials, done, failed, calls, failedCalls, in, out int
	cached, cacheWrite                                               int
	cost, liveCost                                                   float64
}

func (r *Report) totals() runTotals {
	var n runTotals
	tasks := map[string]bool{}
	r.each(func(t *store.Trial) {
		n.trials++
		tasks[t.Key.Task] = true
		switch t.Status {
		case store.TrialDone:
			n.done++
		case store.TrialFailed:
			n.failed++
		}
		for _, ex := range t.Exchanges {
			n.calls++
			if ex.Failed() {
				n.failedCalls++
			}
			n.in, n.out, n.cost = n.in+ex.InputTokens, n.out+ex.OutputTokens, n.cost+ex.Cost
			n.cached, n.cacheWrite = n.cached+ex.CachedInputTokens, n.cacheWrite+ex.CacheWriteTokens
			n.liveCost += liveCost(ex)
		}
	})
	n.models, n.tasks = len(r.Models()), len(tasks)
	return n
}

// runCounts are the counts section of the Run sheet.
func (r *Report) runCounts() []namedValue {
	n := r.totals()
	return []namedValue{
		{"models", vInt(n.models)}, {"tasks", vInt(n.tasks)}, {"trials", vInt(n.trials)},
		{"trials done", vInt(n.done)}, {"trials failed", vInt(n.failed)}, {"trials incomplete", vInt(n.trials - n.done - n.failed)},
		{"calls", vInt(n.calls)}, {"failed calls", vInt(n.failedCalls)}, {"tokens in", vInt(n.in)},
		{"tokens in, read from cache", vInt(n.cached)}, {"tokens in, written to cache", vInt(n.cacheWrite)}, {"tokens out", vInt(n.out)},
		{"cost", vNum(n.cost, fmtCost)}, {"cost if live", vNum(n.liveCost, fmtCost)},
	}
}

// failureRows list failed trials and failed calls, at most maxFailureRows.
func (r *Report) failureRows() [][]cellValue {
	var rows [][]cellValue
	more := 0
	add := func(item, field, msg string) {
		if len(rows) >= maxFailureRows {
			more++
			return
		}
		rows = append(rows, []cellValue{vText("failure"), vText(item), vText(field), vText(msg)})
	}
	r.each(func(t *store.Trial) {
		item := fmt.Sprintf("%s %s #%d", t.Key.Model, t.Key.Task, t.Key.Sample)
		if t.Status == store.TrialFailed {
			add(item, "trial", t.Error)
		}
		for _, ex := range t.Exchanges {
			if ex.Failed() {
				script := ex.Branch
				if script == "" {
					script = firstScript
				}
				add(item, fmt.Sprintf("%s turn %d", script, ex.Turn), ex.Err)
			}
		}
	})
	if more > 0 {
		rows = append(rows, []cellValue{vText("failure"), vText(""), vText("more"),
			vText(fmt.Sprintf("%d more failures: see the Turns sheet or the JSON report", more))})
	}
	return rows
}

// configRows flattens the run's config into (section, item, field, value)
// rows: one "model" section per configured model, then a "config" section
// of the other settings, named as in its stored JSON form.
func configRows(cfg runconfig.Config) [][4]string {
	config, err := cfg.Marshal()
	if err != nil {
		return [][4]string{{"config", "", "error", err.Error()}}
	}
	dec := json.NewDecoder(bytes.NewReader(config))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return [][4]string{{"config", "", "error", err.Error()}}
	}
	var rows [][4]string
	if models, ok := doc["models"].([]any); ok {
		for i, m := range models {
			obj, _ := m.(map[string]any)
			name := fmt.Sprint(i)
			if n, ok := obj["name"].(string); ok {
				name = n
			}
			for _, kv := range flatten("", m) {
				rows = append(rows, [4]string{"model", name, kv[0], kv[1]})
			}
		}
		delete(doc, "models")
	}
	for _, kv := range flatten("", doc) {
		rows = append(rows, [4]string{"config", "", kv[0], kv[1]})
	}
	return rows
}

// flatten turns a JSON value into sorted (dotted path, value) pairs; lists
// of scalars stay one value ("hw10, ml-complexity").
func flatten(prefix string, v any) [][2]string {
	obj, ok := v.(map[string]any)
	if !ok {
		return [][2]string{{prefix, scalarText(v)}}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out [][2]string
	for _, k := range keys {
		path := k
		if prefix != "" {
			path = prefix + "." + k
		}
		out = append(out, flatten(path, obj[k])...)
	}
	return out
}

func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = scalarText(x)
		}
		return strings.Join(parts, ", ")
	case map[string]any: // inside a list
		kvs := flatten("", v)
		parts := make([]string, len(kvs))
		for i, kv := range kvs {
			parts[i] = kv[0] + "=" + kv[1]
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}
