// Package htmlview writes a run's report, or the comparison of two runs, as
// one self-contained HTML file: data, styles and script inline, no request
// for anything but the file itself, readable from disk in any current
// browser. Transcripts are gzip-compressed in chunks and rendered on demand,
// so a run of 10,000 trials opens in seconds. Model text is untrusted: it
// is rendered by Render and the page's Content-Security-Policy allows only
// its own script.
package htmlview

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/store"
)

// chunkTrials is how many trials' transcripts one compressed chunk holds.
const chunkTrials = 200

// page is the data of one HTML file.
type page struct {
	Schema  string     `json:"schema"`
	Mode    string     `json:"mode"` // "run" or "compare"
	Rates   []rateDef  `json:"rates"`
	Runs    []*runData `json:"runs"`
	Compare *compare   `json:"compare,omitempty"`
}

type rateDef struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Higher bool   `json:"higher"`
}

type runData struct {
	ID       string              `json:"id"`
	Started  string              `json:"started"`
	Finished string              `json:"finished"`
	Status   string              `json:"status"`
	Version  string              `json:"version"`
	Source   string              `json:"source,omitempty"`
	Models   []string            `json:"models"`
	Packs    []string            `json:"packs"`
	Metrics  []metricRow         `json:"metrics"`
	Tasks    map[string]taskInfo `json:"tasks"`
	Trials   []trialRow          `json:"trials"`
	Pairs    []pairRow           `json:"pairs"`
	Chunks   int                 `json:"chunks"`
	chunks   [][]trialText
}

type metricRow struct {
	Model  string                `json:"m"`
	Group  string                `json:"g"`
	Trials int                   `json:"n"`
	Failed int                   `json:"f"`
	Rates  map[string][4]float64 `json:"r"` // num, den, Wilson low, high
	Cost   float64               `json:"c"`
	// LiveCost is what the calls would have cost live (batch runs).
	LiveCost float64 `json:"lc"`
	// Cached and CacheWrite are the input tokens read from and written
	// to the providers' prompt caches (part of Tokens).
	Cached     int `json:"ct,omitempty"`
	CacheWrite int `json:"cw,omitempty"`
	Tokens     int `json:"t"`
}

// pairRow is one model-vs-model paired comparison (report.ModelPair).
type pairRow struct {
	Rate   string  `json:"r"`
	Name   string  `json:"n"`
	A      string  `json:"a"`
	B      string  `json:"b"`
	N      int     `json:"k"`
	AOnly  int     `json:"ao"`
	BOnly  int     `json:"bo"`
	Diff   float64 `json:"d"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	P      float64 `json:"p"`
	PHolm  float64 `json:"ph"`
	Method string  `json:"m"`
}

type taskInfo struct {
	Kind      string `json:"k"`
	Reference string `json:"ref,omitempty"`
	Prompt    string `json:"p,omitempty"` // rendered HTML
}

// trialRow is what the branch list needs of a trial; its transcript is
// trial Pos of chunk Chunk.
type trialRow struct {
	Model  int         `json:"m"` // index into Models
	Task   string      `json:"t"`
	Pack   string      `json:"p"`
	Kind   string      `json:"k"`
	Sample int         `json:"s"`
	Status string      `json:"st"`
	First  string      `json:"g"`           // first grade
	Answer string      `json:"x,omitempty"` // first extracted answer
	Chunk  int         `json:"c"`
	Pos    int         `json:"i"`
	Branch []branchRow `json:"b"`
}

type branchRow struct {
	Script  string `json:"s"`
	Outcome string `json:"o,omitempty"`
	Last    string `json:"l,omitempty"` // stance of the last reply
	Flip    int    `json:"f,omitempty"` // turn of the first grade change
	Final   string `json:"g"`
	Failed  bool   `json:"x,omitempty"`
	Turns   int    `json:"n"`
	Stances string `json:"ss,omitempty"` // one letter a turn: m c r d u
}

// trialText is a trial's transcript: the first answer and each branch's
// turns, in the order of trialRow.Branch.
type trialText struct {
	First    turnText     `json:"f"`
	Branches [][]turnText `json:"b"`
}

type turnText struct {
	User      string `json:"u,omitempty"` // rendered; the first turn's is the task prompt
	Reply     string `json:"r"`           // rendered
	Grade     string `json:"g"`
	Hedged    bool   `json:"h,omitempty"`
	Extracted string `json:"x,omitempty"`
	Reason    string `json:"w,omitempty"`
	Stance    string `json:"st,omitempty"`
	Why       string `json:"sw,omitempty"`
	By        string `json:"by,omitempty"`
	Turn      int    `json:"t"`
	Err       string `json:"e,omitempty"`
}

type compare struct {
	FailPP  float64        `json:"failpp"`
	Models  []compareModel `json:"models"`
	Changed []change       `json:"changed"`
	OnlyA   []string       `json:"onlyA,omitempty"`
	OnlyB   []string       `json:"onlyB,omitempty"`
	// Unpaired lists the tasks whose content changed between the runs.
	Unpaired []string `json:"unpaired,omitempty"`
}

type compareModel struct {
	Model   string         `json:"m"`
	Metrics []compareDelta `json:"d"`
}

type compareDelta struct {
	Name        string  `json:"n"`
	A           [2]int  `json:"a"`
	B           [2]int  `json:"b"`
	Delta       float64 `json:"dv"`
	Lo          float64 `json:"lo"`
	Hi          float64 `json:"hi"`
	Valid       bool    `json:"v"`
	Higher      bool    `json:"hb"`
	Significant bool    `json:"sig"`
	Regression  bool    `json:"reg"`
	Method      string  `json:"t"`
	N           int     `json:"k"`
	AOnly       int     `json:"ao"`
	BOnly       int     `json:"bo"`
	P           float64 `json:"p"`
}

type change struct {
	Kind   string `json:"kind"`
	Model  string `json:"m"`
	Task   string `json:"t"`
	Script string `json:"s"`
	Sample int    `json:"n"`
	A      string `json:"a"`
	B      string `json:"b"`
}

func rateDefs() []rateDef {
	out := make([]rateDef, len(report.HeadlineRates))
	for i, r := range report.HeadlineRates {
		out[i] = rateDef{Key: r.Key, Label: r.Name, Higher: r.Higher}
	}
	return out
}

func jsTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// newRunData gathers what the page shows of a report.
func newRunData(rep *report.Report) (*runData, error) {
	d := &runData{ID: rep.Run.ID, Started: jsTime(rep.Run.Started), Finished: jsTime(rep.Run.Finished),
		Status: string(rep.Run.Status), Version: rep.Run.Version, Source: rep.Run.Source, Models: rep.Models(),
		Tasks: map[string]taskInfo{}}
	if d.Models == nil {
		d.Models = []string{}
	}
	d.Packs, d.Metrics, d.Trials, d.Pairs = []string{}, []metricRow{}, []trialRow{}, []pairRow{}
	for _, p := range rep.Pairs() {
		d.Pairs = append(d.Pairs, pairRow{Rate: p.Rate, Name: p.Name, A: p.A, B: p.B, N: p.N, AOnly: p.AOnly, BOnly: p.BOnly,
			Diff: p.Diff, Lo: p.Lo, Hi: p.Hi, P: p.P, PHolm: p.PHolm, Method: p.Method})
	}
	for _, p := range rep.Run.Packs {
		d.Packs = append(d.Packs, p.ID)
	}
	for _, m := range rep.Metrics {
		row := metricRow{Model: m.Model, Group: m.Group, Trials: m.Trials, Failed: m.Failed, Rates: map[string][4]float64{},
			Cost: m.Cost, LiveCost: m.LiveCost, Tokens: m.InputTokens + m.OutputTokens, Cached: m.CachedInputTokens, CacheWrite: m.CacheWriteTokens}
		for _, r := range report.HeadlineRates {
			v := r.Get(m)
			lo, hi, _ := v.Interval()
			row.Rates[r.Key] = [4]float64{float64(v.Num), float64(v.Den), lo, hi}
		}
		d.Metrics = append(d.Metrics, row)
	}
	model := map[string]int{}
	for i, m := range d.Models {
		model[m] = i
	}
	err := rep.EachTrial(func(t *store.Trial) error {
		if _, seen := d.Tasks[t.Key.Task]; !seen {
			info := taskInfo{Kind: t.Kind, Reference: rep.References[t.Key.Task]}
			if first, ok := t.First(); ok {
				info.Prompt = renderPrompt(first.Prompt)
			}
			d.Tasks[t.Key.Task] = info
		}
		n := len(d.Trials)
		row, text := trialData(t)
		row.Model, row.Chunk, row.Pos = model[t.Key.Model], n/chunkTrials, n%chunkTrials
		if row.Pos == 0 {
			d.chunks = append(d.chunks, nil)
		}
		d.chunks[row.Chunk] = append(d.chunks[row.Chunk], text)
		d.Trials = append(d.Trials, row)
		return nil
	})
	d.Chunks = len(d.chunks)
	return d, err
}

var stanceLetter = map[bench.Stance]string{bench.Maintain: "m", bench.Concede: "c", bench.Revise: "r", bench.Deflect: "d", bench.Unknown: "u"}

// trialData splits a trial into its index row and its transcript.
func trialData(t *store.Trial) (trialRow, trialText) {
	row := trialRow{Task: t.Key.Task, Pack: t.Pack, Kind: t.Kind, Sample: t.Key.Sample, Status: string(t.Status), Branch: []branchRow{}}
	text := trialText{Branches: [][]turnText{}}
	first, ok := t.First()
	if ok {
		row.First, row.Answer = string(first.Verdict.Grade), clip(first.Verdict.Extracted, 200)
		text.First = turnOf(first)
		text.First.User = "" // the task's prompt, shown from Tasks
	} else if t.Error != "" {
		text.First = turnText{Err: t.Error}
	}
	for _, b := range t.Branches() {
		br := branchRow{Script: b.Script, Outcome: string(b.Outcome), Last: string(b.LastStance), Flip: b.FlipTurn,
			Final: string(b.Final), Failed: b.Failed, Turns: len(b.Turns)}
		turns := make([]turnText, 0, len(b.Turns))
		var ss strings.Builder
		for _, ex := range b.Turns {
			turns = append(turns, turnOf(ex))
			ss.WriteString(stanceLetter[ex.Stance])
		}
		br.Stances = ss.String()
		row.Branch = append(row.Branch, br)
		text.Branches = append(text.Branches, turns)
	}
	return row, text
}

// renderPrompt renders a user turn; pushback turns repeat ("Are you
// sure?", a task's solution), so each text is rendered once.
var (
	promptMu    sync.Mutex
	promptCache = map[string]string{}
)

func renderPrompt(s string) string {
	promptMu.Lock()
	defer promptMu.Unlock()
	if h, ok := promptCache[s]; ok {
		return h
	}
	if len(promptCache) > 4096 {
		clear(promptCache)
	}
	h := Render(s)
	promptCache[s] = h
	return h
}

func turnOf(ex bench.Exchange) turnText {
	v := ex.Verdict
	return turnText{User: renderPrompt(ex.Prompt), Reply: Render(ex.Reply), Grade: string(v.Grade), Hedged: v.Hedged,
		Extracted: v.Extracted, Reason: v.Reason, Stance: string(ex.Stance), Why: ex.StanceReason, By: string(ex.StanceBy),
		Turn: ex.Turn, Err: ex.Err}
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// encodeChunk is a chunk's transcripts as base64 of gzipped JSON.
func encodeChunk(texts []trialText) (string, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return "", err
	}
	if err := json.NewEncoder(zw).Encode(texts); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

func newCompare(c *report.Comparison) *compare {
	out := &compare{FailPP: c.FailPP, Changed: []change{}, OnlyA: c.OnlyA, OnlyB: c.OnlyB, Unpaired: c.ChangedTasks}
	for _, m := range c.Models {
		cm := compareModel{Model: m.Model}
		for _, d := range m.Metrics {
			cm.Metrics = append(cm.Metrics, compareDelta{Name: d.Name, A: [2]int{d.A.Num, d.A.Den}, B: [2]int{d.B.Num, d.B.Den},
				Delta: d.Delta, Lo: d.Lo, Hi: d.Hi, Valid: d.Valid, Higher: d.HigherIsBetter, Significant: d.Significant, Regression: d.Regression,
				Method: d.Method, N: d.N, AOnly: d.AOnly, BOnly: d.BOnly, P: d.P})
		}
		out.Models = append(out.Models, cm)
	}
	for _, ch := range c.Changed {
		out.Changed = append(out.Changed, change{Kind: ch.Kind, Model: ch.Model, Task: ch.Task, Script: ch.Script, Sample: ch.Sample, A: ch.A, B: ch.B})
	}
	return out
}

func title(p *page) string {
	if p.Mode == "compare" {
		return fmt.Sprintf("pushback: %s vs %s", p.Runs[0].ID, p.Runs[1].ID)
	}
	return "pushback run " + p.Runs[0].ID
}
