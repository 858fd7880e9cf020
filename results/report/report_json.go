package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/tasks/grade"

	"github.com/pushback/pushback/results/store"
)

// SchemaV1 names the JSON report format.
const SchemaV1 = "pushback.report/v1"

// Report is everything a report shows about one run.
type Report struct {
	Run *store.Run
	// Trials are the run's trials when the report was built in memory
	// (tests, fixtures). A report loaded from a store leaves it nil and
	// streams them (EachTrial), so no writer holds the whole run.
	Trials  []*store.Trial
	Metrics []*Metrics
	// Judge sums what this run paid its judge (zero without one).
	Judge store.JudgeStats
	// References maps a full task id (pack/task) to the task's reference
	// answer, shown in the Tasks sheet; nil when the caller could not load
	// the run's packs. Reports never read pack files themselves.
	References map[string]string
	// Concurrency is each adaptive model's concurrency limit over the run.
	Concurrency map[string][]providers.LimitSample

	// source streams the trials of a report loaded from a store; models
	// are the run's models, found while computing the metrics.
	source func(fn func(*store.Trial) error) error
	closer func() error // closes what source reads
	models []string
	mu     sync.Mutex
	err    error // the first failure of a stream (see each)
}

// EachTrial calls fn with each trial of the run, in order (model, task,
// sample), from memory or streamed from the store.
func (r *Report) EachTrial(fn func(*store.Trial) error) error {
	if r.source != nil {
		return r.source(fn)
	}
	for _, t := range r.Trials {
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}

// each is EachTrial for the writers whose results cannot fail midway: a
// stream's failure is kept and reported by Err.
func (r *Report) each(fn func(*store.Trial)) {
	if err := r.EachTrial(func(t *store.Trial) error { fn(t); return nil }); err != nil {
		r.mu.Lock()
		if r.err == nil {
			r.err = err
		}
		r.mu.Unlock()
	}
}

// Close releases what the report streams its trials from (a store it
// opened itself); reports in memory have nothing to release.
func (r *Report) Close() error {
	if r.closer == nil {
		return nil
	}
	c := r.closer
	r.closer = nil
	return c()
}

// SetCloser makes Close call c (the store the report streams from).
func (r *Report) SetCloser(c func() error) { r.closer = c }

// Err reports a failure to read the run's trials while writing.
func (r *Report) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// LoadSummary reads a run's metrics, streaming its trials once; the Report
// holds no trials and cannot stream them (it prints the end-of-run table).
func LoadSummary(ctx context.Context, s *store.Store, run *store.Run) (*Report, error) {
	r, err := LoadReport(ctx, s, run)
	if err != nil {
		return nil, err
	}
	r.source = func(func(*store.Trial) error) error {
		return fmt.Errorf("the summary of run %s holds no trials: load its report", run.ID)
	}
	return r, nil
}

// LoadInMemory reads a run with all its trials in memory (comparisons,
// tests): its writers need no store, and it costs memory in proportion to
// the run.
func LoadInMemory(ctx context.Context, s *store.Store, run *store.Run) (*Report, error) {
	trials, err := s.Trials(ctx, run.ID)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", run.ID, err)
	}
	return runExtras(ctx, s, &Report{Run: run, Trials: trials, Metrics: Compute(trials)})
}

// runExtras attaches what a report shows beside the trials: the judge's
// costs and the models' concurrency over the run.
func runExtras(ctx context.Context, s *store.Store, r *Report) (*Report, error) {
	var err error
	if r.Judge, err = s.JudgeStats(ctx, r.Run.ID); err != nil {
		return nil, fmt.Errorf("run %s: %w", r.Run.ID, err)
	}
	if r.Concurrency, err = s.Concurrency(ctx, r.Run.ID); err != nil {
		return nil, fmt.Errorf("run %s: %w", r.Run.ID, err)
	}
	return r, nil
}

// LoadReport reads a run's metrics, streaming its trials once; its writers
// stream the trials again from s, which must stay open while they write.
func LoadReport(ctx context.Context, s *store.Store, run *store.Run) (*Report, error) {
	b := NewMetricsBuilder()
	var models []string
	seen := map[string]bool{}
	err := s.EachTrial(ctx, run.ID, func(t *store.Trial) error {
		b.Add(t)
		if !seen[t.Key.Model] {
			seen[t.Key.Model] = true
			models = append(models, t.Key.Model)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", run.ID, err)
	}
	return runExtras(ctx, s, &Report{Run: run, Metrics: b.Metrics(), models: models,
		source: func(fn func(*store.Trial) error) error { return s.EachTrial(ctx, run.ID, fn) }})
}

// Models lists the run's models in the order of their first trial.
func (r *Report) Models() []string {
	if r.source != nil {
		return r.models
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range r.Trials {
		if !seen[t.Key.Model] {
			seen[t.Key.Model] = true
			out = append(out, t.Key.Model)
		}
	}
	return out
}

type jsonReport struct {
	Schema  string        `json:"schema"`
	Run     jsonRun       `json:"run"`
	Trials  []jsonTrial   `json:"trials"`
	Metrics []jsonMetrics `json:"metrics"`
	// Pairs is the model-vs-model matrix (paired comparisons).
	Pairs []jsonPair `json:"pairs"`
}

type jsonRun struct {
	ID       string          `json:"id"`
	Started  string          `json:"started"`
	Finished string          `json:"finished"`
	Status   string          `json:"status"`
	Version  string          `json:"version"`
	Source   string          `json:"source,omitempty"`
	Models   []string        `json:"models"`
	Packs    []store.PackRef `json:"packs"`
	Config   json.RawMessage `json:"config,omitempty"`
	// Judge is what the run paid its judge, apart from the judged models.
	Judge *store.JudgeStats `json:"judge,omitempty"`
}

type jsonTrial struct {
	Model    string       `json:"model"`
	Pack     string       `json:"pack"`
	Task     string       `json:"task"`
	Kind     string       `json:"kind"`
	Sample   int          `json:"sample"`
	Status   string       `json:"status"`
	Error    string       `json:"error,omitempty"`
	First    *jsonFirst   `json:"first"`
	Branches []jsonBranch `json:"branches"`
}

type jsonFirst struct {
	Grade      string            `json:"grade"`
	Extracted  string            `json:"extracted"`
	Reason     string            `json:"reason"`
	Hedged     bool              `json:"hedged,omitempty"`
	Candidates []grade.Candidate `json:"candidates,omitempty"`
	Turns      []jsonTurn        `json:"turns"`
}

type jsonBranch struct {
	Script  string `json:"script"`
	Outcome string `json:"outcome"`
	// FinalGrade is the grade of the answer the model holds at the end.
	FinalGrade string     `json:"final_grade,omitempty"`
	Turns      []jsonTurn `json:"turns"`
}

type jsonTurn struct {
	Role         string            `json:"role"`
	Text         string            `json:"text"`
	Grade        string            `json:"grade,omitempty"`
	Extracted    *string           `json:"extracted,omitempty"`
	Reason       string            `json:"reason,omitempty"`
	Hedged       bool              `json:"hedged,omitempty"`
	Candidates   []grade.Candidate `json:"candidates,omitempty"`
	Position     string            `json:"position,omitempty"`
	Stance       string            `json:"stance,omitempty"`
	StanceReason string            `json:"stance_reason,omitempty"`
	StanceBy     string            `json:"stance_by,omitempty"`
	Heuristic    string            `json:"heuristic_stance,omitempty"`
	JudgeFailed  int               `json:"judge_failures,omitempty"`
	InputTokens  *int              `json:"input_tokens,omitempty"`
	CachedInput  int               `json:"cached_input_tokens,omitempty"`
	CacheWrite   int               `json:"cache_write_tokens,omitempty"`
	OutputTokens *int              `json:"output_tokens,omitempty"`
	LatencyMS    *int64            `json:"latency_ms,omitempty"`
	Attempts     *int              `json:"attempts,omitempty"`
	Batched      bool              `json:"batched,omitempty"`
	Cost         *float64          `json:"cost,omitempty"`
	Error        string            `json:"error,omitempty"`
}

func exchangeTurns(ex bench.Exchange) []jsonTurn {
	lat := ex.Latency.Milliseconds()
	in, out, att, cost, extracted := ex.InputTokens, ex.OutputTokens, ex.Attempts, ex.Cost, ex.Verdict.Extracted
	return []jsonTurn{
		{Role: "user", Text: ex.Prompt},
		{Role: "assistant", Text: ex.Reply, Grade: string(ex.Verdict.Grade), Extracted: &extracted, Reason: ex.Verdict.Reason,
			Hedged: ex.Verdict.Hedged, Candidates: ex.Verdict.Candidates, Position: string(ex.Position),
			Stance: string(ex.Stance), StanceReason: ex.StanceReason, StanceBy: string(ex.StanceBy), Heuristic: heuristicIfJudged(ex),
			JudgeFailed: ex.JudgeFailures, InputTokens: &in, CachedInput: ex.CachedInputTokens, CacheWrite: ex.CacheWriteTokens, OutputTokens: &out,
			LatencyMS: &lat, Attempts: &att, Batched: ex.Batched, Cost: &cost, Error: ex.Err},
	}
}

// heuristicIfJudged is the heuristic's label when a judge labelled the
// stance (otherwise it is the stance itself).
func heuristicIfJudged(ex bench.Exchange) string {
	if ex.StanceBy == bench.ByJudge {
		return string(ex.HeuristicStance)
	}
	return ""
}

// jsonRate is a rate as a number or null, with its counts and interval.
type jsonRate struct {
	Value *float64    `json:"value"`
	Num   int         `json:"num"`
	Den   int         `json:"den"`
	CI95  *[2]float64 `json:"ci95"`
	// CIMethod is "wilson", or "cluster-robust" with several samples per task.
	CIMethod string `json:"ci95_method,omitempty"`
}

func rateJSON(r Rate) jsonRate {
	j := jsonRate{Num: r.Num, Den: r.Den}
	if r.Valid() {
		v := r.Value()
		lo, hi, method := r.Interval()
		j.Value, j.CI95, j.CIMethod = &v, &[2]float64{lo, hi}, method
	}
	return j
}

func meanJSON(m Mean) *float64 {
	if !m.Valid() {
		return nil
	}
	v := m.Value()
	return &v
}

type jsonMetrics struct {
	Model  string `json:"model"`
	Group  string `json:"group"`
	N      int    `json:"n"`
	Failed int    `json:"failed"`

	FirstShotAccuracy *float64    `json:"first_shot_accuracy"`
	FirstShotCI95     *[2]float64 `json:"first_shot_ci95"`
	FinalAccuracy     *float64    `json:"final_accuracy"`
	CorrectionRate    *float64    `json:"correction_rate"`
	CapitulationRate  *float64    `json:"capitulation_rate"`
	DeflectionRate    *float64    `json:"deflection_rate"`
	// BranchDeflectionRate is the share of pushed branches whose last
	// reply deflects.
	BranchDeflectionRate *float64 `json:"branch_deflection_rate"`
	MeanTurnOfFlip       *float64 `json:"mean_turn_of_flip"`

	Rates map[string]jsonRate `json:"rates"`

	JudgeFailures int      `json:"judge_failures"`
	StanceKappa   *float64 `json:"stance_agreement_kappa"`
	// GradeKappa is Cohen's kappa of the judge's grades against the keyword
	// rubric's on rubric tasks a judge graded.
	GradeKappa   *float64 `json:"grade_agreement_kappa,omitempty"`
	MeanFlips    *float64 `json:"mean_flips"`
	DeltaAYS     *float64 `json:"delta_accuracy_are_you_sure"`
	Calls        int      `json:"calls"`
	InputTokens  int      `json:"input_tokens"`
	CachedInput  int      `json:"cached_input_tokens"`
	CacheWrite   int      `json:"cache_write_tokens"`
	OutputTokens int      `json:"output_tokens"`
	Cost         float64  `json:"cost"`
	CostIfLive   float64  `json:"cost_if_live"`
	LatencyP50MS int64    `json:"latency_p50_ms"`
	LatencyP95MS int64    `json:"latency_p95_ms"`
}

func metricsJSON(m *Metrics) jsonMetrics {
	rates := map[string]jsonRate{
		"first_shot_accuracy": rateJSON(m.FirstShot), "final_accuracy": rateJSON(m.Final),
		"correction_rate": rateJSON(m.Correction), "capitulation_rate": rateJSON(m.Capitulation),
		"admission_rate": rateJSON(m.Admission), "deflection_rate": rateJSON(m.Deflection),
		"branch_deflection_rate": rateJSON(m.BranchDeflection),
		"progressive_share":      rateJSON(m.Progressive), "regressive_share": rateJSON(m.Regressive),
		"stance_agreement": rateJSON(m.StanceAgreement), "grade_agreement": rateJSON(m.GradeAgreement),
	}
	var kappa, gradeKappa *float64
	if m.KappaValid {
		k := m.Kappa
		kappa = &k
	}
	if m.GradeKappaValid {
		k := m.GradeKappa
		gradeKappa = &k
	}
	return jsonMetrics{
		Model: m.Model, Group: m.Group, N: m.Trials, Failed: m.Failed,
		FirstShotAccuracy: rates["first_shot_accuracy"].Value, FirstShotCI95: rates["first_shot_accuracy"].CI95,
		FinalAccuracy: rates["final_accuracy"].Value, CorrectionRate: rates["correction_rate"].Value,
		CapitulationRate: rates["capitulation_rate"].Value, DeflectionRate: rates["deflection_rate"].Value,
		BranchDeflectionRate: rates["branch_deflection_rate"].Value,
		MeanTurnOfFlip:       meanJSON(m.TurnOfFlip), Rates: rates, MeanFlips: meanJSON(m.Flips), DeltaAYS: meanJSON(m.DeltaAYS),
		JudgeFailures: m.JudgeFailures, StanceKappa: kappa, GradeKappa: gradeKappa,
		Calls: m.Calls, InputTokens: m.InputTokens, CachedInput: m.CachedInputTokens, CacheWrite: m.CacheWriteTokens,
		OutputTokens: m.OutputTokens, Cost: m.Cost, CostIfLive: m.LiveCost,
		LatencyP50MS: m.LatencyP50.Milliseconds(), LatencyP95MS: m.LatencyP95.Milliseconds(),
	}
}

func formatJSONTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// WriteJSON writes the report as a pushback.report/v1 document.
func (r *Report) WriteJSON(w io.Writer) error {
	doc := jsonReport{Schema: SchemaV1, Trials: []jsonTrial{}, Metrics: []jsonMetrics{}, Pairs: r.jsonPairs(),
		Run: jsonRun{ID: r.Run.ID, Started: formatJSONTime(r.Run.Started), Finished: formatJSONTime(r.Run.Finished),
			Status: string(r.Run.Status), Version: r.Run.Version, Source: r.Run.Source, Models: r.Models(), Packs: r.Run.Packs}}
	if r.Judge.Verdicts > 0 {
		j := r.Judge
		doc.Run.Judge = &j
	}
	if doc.Run.Models == nil {
		doc.Run.Models = []string{}
	}
	if doc.Run.Packs == nil {
		doc.Run.Packs = []store.PackRef{}
	}
	if cfg, err := r.Run.Config.Marshal(); err == nil {
		doc.Run.Config = json.RawMessage(cfg)
	}
	for _, m := range r.Metrics {
		doc.Metrics = append(doc.Metrics, metricsJSON(m))
	}
	// The document is encoding/json's, byte for byte, but its trials are
	// written one at a time: the rest is encoded around an empty list,
	// which is then filled.
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	const marker = "\n  \"trials\": []"
	i := bytes.Index(head.Bytes(), []byte(marker))
	if i < 0 {
		return fmt.Errorf("json report: no trials list in the document")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head.Bytes()[:i+len(marker)-1])
	n := 0
	var buf bytes.Buffer
	err := r.EachTrial(func(t *store.Trial) error {
		buf.Reset()
		te := json.NewEncoder(&buf)
		te.SetIndent("    ", "  ")
		if err := te.Encode(trialJSON(t)); err != nil {
			return err
		}
		sep := ",\n    "
		if n == 0 {
			sep = "\n    "
		}
		n++
		bw.WriteString(sep)
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.Write(head.Bytes()[i+len(marker)-1:])
	if err := bw.Flush(); err != nil {
		return err
	}
	return r.Err()
}

// trialJSON is one trial of the JSON report.
func trialJSON(t *store.Trial) jsonTrial {
	jt := jsonTrial{Model: t.Key.Model, Pack: t.Pack, Task: taskID(t.Key.Task), Kind: t.Kind, Sample: t.Key.Sample,
		Status: string(t.Status), Error: t.Error, Branches: []jsonBranch{}}
	if first, ok := t.First(); ok {
		jt.First = &jsonFirst{Grade: string(first.Verdict.Grade), Extracted: first.Verdict.Extracted,
			Reason: first.Verdict.Reason, Hedged: first.Verdict.Hedged, Candidates: first.Verdict.Candidates,
			Turns: exchangeTurns(first)}
	}
	for _, b := range t.Branches() {
		jb := jsonBranch{Script: b.Script, Outcome: string(b.Outcome), FinalGrade: string(b.Final), Turns: []jsonTurn{}}
		for _, ex := range b.Turns {
			jb.Turns = append(jb.Turns, exchangeTurns(ex)...)
		}
		jt.Branches = append(jt.Branches, jb)
	}
	return jt
}

// taskID strips the pack from a full task id.
func taskID(full string) string {
	for i := 0; i < len(full); i++ {
		if full[i] == '/' {
			return full[i+1:]
		}
	}
	return full
}
