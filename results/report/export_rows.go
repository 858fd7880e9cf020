package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/tasks/grade"

	"github.com/pushback/pushback/results/store"
)

// taskRow is one row of the Tasks sheet: a task and one cell per model.
type taskRow struct {
	task, pack, kind, reference string
	cells                       []taskCell // in the order of Report.Models
}

// taskCell sums up one model's trials of one task: "first grade → outcome".
type taskCell struct {
	text string
	// tone is the outcome the cell is coloured by: caved if any branch
	// caved, else corrected, else stuck, else held; NoOutcome for none.
	tone bench.Outcome
}

// taskAgg accumulates one (task, model) cell over samples and branches.
type taskAgg struct {
	first      map[grade.Grade]int
	outcomes   map[bench.Outcome]int
	failed     int // trials that failed after retries
	incomplete int // trials neither done nor failed (an interrupted run)
	branchFail int // branches cut short by a failed call
}

var (
	gradeOrder   = []grade.Grade{grade.Correct, grade.Incorrect, grade.NoAnswer, grade.Ungraded}
	outcomeOrder = []bench.Outcome{bench.Held, bench.Corrected, bench.Caved, bench.Stuck, bench.NoOutcome}
	// toneOrder is the colour precedence of a mixed cell: a cave anywhere
	// is what a reader must not miss.
	toneOrder = []bench.Outcome{bench.Caved, bench.Corrected, bench.Stuck, bench.Held}
)

// taskMatrix builds the Tasks sheet: one row per task (sorted by full id),
// one cell per model. A cell aggregates every sample and every branch: the
// first grade ("correct", or "2 correct · 1 incorrect" when samples differ)
// and the branch outcomes ("caved", or "3 held · 1 caved").
func (r *Report) taskMatrix() (models []string, rows []taskRow) {
	models = r.Models()
	col := map[string]int{}
	for i, m := range models {
		col[m] = i
	}
	type taskInfo struct{ pack, kind string }
	infos := map[string]taskInfo{}
	aggs := map[string][]*taskAgg{}
	r.each(func(t *store.Trial) {
		id := t.Key.Task
		if aggs[id] == nil {
			aggs[id] = make([]*taskAgg, len(models))
			infos[id] = taskInfo{t.Pack, t.Kind}
		}
		a := aggs[id][col[t.Key.Model]]
		if a == nil {
			a = &taskAgg{first: map[grade.Grade]int{}, outcomes: map[bench.Outcome]int{}}
			aggs[id][col[t.Key.Model]] = a
		}
		a.add(t)
	})
	ids := make([]string, 0, len(aggs))
	for id := range aggs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		row := taskRow{task: id, pack: infos[id].pack, kind: infos[id].kind, reference: r.References[id],
			cells: make([]taskCell, len(models))}
		for i, a := range aggs[id] {
			if a != nil {
				row.cells[i] = a.cell()
			}
		}
		rows = append(rows, row)
	}
	return models, rows
}

func (a *taskAgg) add(t *store.Trial) {
	switch t.Status {
	case store.TrialFailed:
		a.failed++
		return
	case store.TrialDone:
	default:
		a.incomplete++
		return
	}
	first, ok := t.First()
	if !ok {
		a.incomplete++
		return
	}
	a.first[first.Verdict.Grade]++
	for _, b := range t.Branches() {
		if b.Failed {
			a.branchFail++
			continue
		}
		a.outcomes[b.Outcome]++
	}
}

func (a *taskAgg) cell() taskCell {
	var parts []string
	if s := countsText(gradeNames(a.first)); s != "" {
		s2 := countsText(outcomeNames(a.outcomes))
		if s2 != "" {
			s += " → " + s2
		}
		parts = append(parts, s)
	}
	for _, extra := range []struct {
		n    int
		what string
	}{{a.branchFail, "branch failed"}, {a.failed, "failed"}, {a.incomplete, "incomplete"}} {
		if extra.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", extra.n, extra.what))
		}
	}
	c := taskCell{text: strings.Join(parts, "; ")}
	for _, o := range toneOrder {
		if a.outcomes[o] > 0 {
			c.tone = o
			break
		}
	}
	return c
}

type namedCount struct {
	name string
	n    int
}

func gradeNames(m map[grade.Grade]int) []namedCount {
	var out []namedCount
	for _, g := range gradeOrder {
		if m[g] > 0 {
			out = append(out, namedCount{string(g), m[g]})
		}
	}
	return out
}

func outcomeNames(m map[bench.Outcome]int) []namedCount {
	var out []namedCount
	for _, o := range outcomeOrder {
		if m[o] > 0 {
			name := string(o)
			if o == bench.NoOutcome {
				name = "no outcome"
			}
			out = append(out, namedCount{name, m[o]})
		}
	}
	return out
}

// countsText is the single name when every count is of one kind, else
// "3 held · 1 caved".
func countsText(cs []namedCount) string {
	if len(cs) == 1 {
		return cs[0].name
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%d %s", c.n, c.name)
	}
	return strings.Join(parts, " · ")
}

// turnColumns are the columns of the Turns sheet: one row per message.
var turnColumns = []sheetCol{
	{label: "run", key: "run", width: 22}, {label: "model", key: "model", width: 14},
	{label: "task", key: "task", width: 28}, {label: "sample", key: "sample", width: 7},
	{label: "script", key: "script", width: 14}, {label: "turn", key: "turn", width: 5},
	{label: "role", key: "role", width: 10}, {label: "grade", key: "grade", width: 10},
	{label: "stance", key: "stance", width: 9}, {label: "heuristic stance", key: "heuristic_stance", width: 9},
	{label: "judge stance", key: "judge_stance", width: 9}, {label: "disagree", key: "disagree", width: 8},
	{label: "outcome", key: "outcome", width: 10},
	{label: "tokens in", key: "input_tokens", width: 9}, {label: "of them cached", key: "cached_input_tokens", width: 9},
	{label: "cache written", key: "cache_write_tokens", width: 9}, {label: "tokens out", key: "output_tokens", width: 9},
	{label: "latency ms", key: "latency_ms", width: 9}, {label: "error", key: "error", width: 20},
	{label: "text", key: "text", width: 100, wrap: true},
}

// firstScript names the branch of a trial's first answer in the Turns sheet.
const firstScript = "first"

// turnCount is the number of rows of the Turns sheet (without its header).
func (r *Report) turnCount() int {
	n := 0
	r.each(func(t *store.Trial) { n += 2 * len(t.Exchanges) })
	return n
}

// eachTurn calls fn with the values of every Turns row, in trial order:
// the first answer, then each branch by script and turn; each exchange is
// a user row and an assistant row. Texts are whole.
func (r *Report) eachTurn(fn func([]cellValue) error) error {
	return r.EachTrial(func(t *store.Trial) error {
		outcome := map[string]string{}
		for _, b := range t.Branches() {
			outcome[b.Script] = string(b.Outcome)
		}
		for _, ex := range t.Exchanges {
			script := ex.Branch
			if script == bench.FirstBranch {
				script = firstScript
			}
			key := []cellValue{vText(r.Run.ID), vText(t.Key.Model), vText(t.Key.Task), vInt(t.Key.Sample),
				vText(script), vInt(ex.Turn)}
			user := append(append([]cellValue{}, key...), vText("user"), vText(""), vText(""), vText(""), vText(""),
				vText(""), vText(""), vText(""), vText(""), vText(""), vText(""), vText(""), vText(""), vText(ex.Prompt))
			if err := fn(user); err != nil {
				return err
			}
			heuristic, judge, disagree := stanceColumns(ex)
			reply := append(key, vText("assistant"), vText(string(ex.Verdict.Grade)), vText(string(ex.Stance)),
				vText(heuristic), vText(judge), vText(disagree), vText(outcome[ex.Branch]), vInt(ex.InputTokens),
				vInt(ex.CachedInputTokens), vInt(ex.CacheWriteTokens), vInt(ex.OutputTokens),
				vInt(int(ex.Latency.Milliseconds())), vText(ex.Err), vText(ex.Reply))
			if err := fn(reply); err != nil {
				return err
			}
		}
		return nil
	})
}

// stanceColumns are the Turns sheet's heuristic and judge labels of a
// reply, and "yes" where both labelled it and they disagree.
func stanceColumns(ex bench.Exchange) (heuristic, judge, disagree string) {
	if ex.StanceBy != bench.ByJudge {
		return string(ex.Stance), "", ""
	}
	heuristic, judge = string(ex.HeuristicStance), string(ex.Stance)
	if judge == "" {
		judge = "failed"
	} else if heuristic != "" && heuristic != judge {
		disagree = "yes"
	}
	return heuristic, judge, disagree
}
