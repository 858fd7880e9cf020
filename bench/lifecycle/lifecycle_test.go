package lifecycle

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/report/htmlview"
	"github.com/pushback/pushback/results/store"
)

// simConfig asks two sim personas the hw10 pack's kla tasks, once each.
func simConfig() runconfig.Config {
	return runconfig.Config{
		Models:  []providers.ModelConfig{{Name: "humble", Provider: "sim", Model: "humble"}, {Name: "stubborn", Provider: "sim", Model: "stubborn"}},
		Packs:   []string{"hw10"},
		Tasks:   []string{"kla-*"},
		Samples: 1,
	}
}

func TestStartStoresAndReports(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	var log bytes.Buffer
	out, err := Start(context.Background(), simConfig(), Options{DB: db, Version: "t", Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if out.Run.Status != store.StatusFinished || out.Summary.Done != out.Summary.Trials || out.Summary.Trials == 0 {
		t.Fatalf("outcome %+v", out)
	}
	if !strings.Contains(log.String(), "run "+out.Run.ID) {
		t.Errorf("log %q names no run", log.String())
	}
	if len(out.Report.References) == 0 || out.Report.References["hw10/kla-a2"] == "" {
		t.Errorf("references not attached: %v", out.Report.References)
	}
	// The config is stored typed and read back as such.
	runs, err := Runs(context.Background(), db)
	if err != nil || len(runs) != 1 || runs[0].Config.Packs[0] != "hw10" || runs[0].Config.Models[1].Model != "stubborn" {
		t.Fatalf("runs %+v, %v", runs, err)
	}
	// A finished run has nothing to resume.
	re, err := Resume(context.Background(), "latest", Overrides{}, Options{DB: db})
	if err != nil || !re.Finished {
		t.Fatalf("resume of a finished run: %+v, %v", re, err)
	}
	// The summary streamed for the end-of-run table holds no trials and
	// gives the table the whole report gives.
	full, err := OpenReport(context.Background(), db, out.Run.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	var a, b bytes.Buffer
	out.Report.WriteTable(&a)
	full.WriteTable(&b)
	streamed := 0
	full.EachTrial(func(*store.Trial) error { streamed++; return nil })
	if a.String() != b.String() || streamed != out.Summary.Trials {
		t.Errorf("summary table:\n%s\nwhole report's:\n%s", a.String(), b.String())
	}
	// Reports are written where asked, one report per format.
	dir := t.TempDir()
	base, err := WriteReports(full, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{base + ".xlsx", base + ".json", base + ".md", base + "-csv/summary.csv"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
}

func TestBadInputChangesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	cfg := simConfig()
	cfg.Packs = []string{"no-such-pack"}
	_, err := Start(context.Background(), cfg, Options{DB: db})
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an InputError", err)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("bad input created %s", db)
	}
	cfg = simConfig()
	cfg.Tasks = []string{"["}
	if _, err := Start(context.Background(), cfg, Options{DB: db}); !errors.As(err, &ie) || !strings.Contains(err.Error(), "--tasks") {
		t.Errorf("bad glob: %v", err)
	}
	if _, err := Resume(context.Background(), "latest", Overrides{}, Options{DB: db}); !errors.As(err, &ie) {
		t.Errorf("resume without a database: %v", err)
	}
}

func TestResumeRefusesOverrides(t *testing.T) {
	cfg := simConfig()
	for _, tc := range []struct {
		ov   Overrides
		want string
	}{
		{Overrides{Packs: []string{"ml-complexity"}}, "--packs differs"},
		{Overrides{Tasks: []string{"facenet-*"}}, "--tasks differs"},
		{Overrides{Samples: 3}, "--samples differs"},
		{Overrides{Models: &Models{Configs: cfg.Models[:1]}}, "model config changed"},
	} {
		if err := tc.ov.check(cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.ov, err, tc.want)
		}
	}
	same := Overrides{Packs: []string{"hw10"}, Tasks: []string{"kla-*"}, Samples: 1, Models: &Models{Configs: cfg.Models}}
	if err := same.check(cfg); err != nil {
		t.Errorf("the recorded settings given again: %v", err)
	}
}

func TestResumeFinishesAnInterruptedRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // interrupted before the first trial
	out, err := Start(ctx, simConfig(), Options{DB: db})
	if err != nil || !out.Interrupted || out.Run.Status != store.StatusInterrupted {
		t.Fatalf("interrupted start: %+v, %v", out, err)
	}
	re, err := Resume(context.Background(), out.Run.ID, Overrides{}, Options{DB: db})
	if err != nil || re.Interrupted || re.Run.Status != store.StatusFinished || re.Summary.Done != re.Summary.Trials {
		t.Fatalf("resumed: %+v, %v", re, err)
	}
}

func TestRegradeMakesALinkedRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	out, err := Start(context.Background(), simConfig(), Options{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	n, err := Regrade(context.Background(), db, out.Run.ID, nil, "t2")
	if err != nil {
		t.Fatal(err)
	}
	if n.Run.Source != out.Run.ID || n.Answers == 0 || n.Grades != 0 || n.Missing != 0 || len(n.ChangedPacks) != 0 {
		t.Errorf("regraded %+v", n)
	}
	if _, err := Resume(context.Background(), n.Run.ID, Overrides{}, Options{DB: db}); err == nil {
		t.Error("a re-graded run was resumed")
	}
}

// A judge call must not wait for the model-call slots: a run whose calls
// all hold their slots while judged would deadlock on a shared limit.
func TestJudgeLimitIsSeparate(t *testing.T) {
	lim := NewLimits(1)
	if !lim.Calls.TryAcquire(1) {
		t.Fatal("no call slot")
	}
	judge := limited(providers.Func(func(context.Context, providers.Request) (providers.Response, error) {
		return providers.Response{Text: "ok"}, nil
	}), lim.Judge)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if r, err := judge.Chat(ctx, providers.Request{}); err != nil || r.Text != "ok" {
		t.Fatalf("judge call while every model-call slot is held: %v", err)
	}
}

func TestResolveModels(t *testing.T) {
	t.Chdir(t.TempDir()) // no ./models.yaml
	ms, err := ResolveModels("", "")
	if err != nil || !ms.Simulated || len(ms.Configs) != len(providers.SimPersonas) {
		t.Fatalf("default: %+v, %v", ms, err)
	}
	twice := Models{Configs: []providers.ModelConfig{{Name: "x", Provider: "sim", Model: "oracle", Source: "a.yaml:3:3"},
		{Name: "x", Provider: "sim", Model: "humble", Source: "--models"}}}
	if err := CheckModels(twice, func(string) string { return "k" }); err == nil || !strings.Contains(err.Error(), "used twice") {
		t.Errorf("duplicate names: %v", err)
	}
	ms, _ = ResolveModels("", "openai:gpt-x")
	err = CheckModels(ms, func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), "$OPENAI_API_KEY") {
		t.Errorf("missing key: %v", err)
	}
	if j, err := ResolveJudge("", ""); j != nil || err != nil {
		t.Errorf("no judge: %v, %v", j, err)
	}
	if _, err := ResolveJudge("somename", ""); err == nil {
		t.Error("a judge name without a models file was accepted")
	}
	if j, err := ResolveJudge("anthropic:claude-x", ""); err != nil || j.Provider != "anthropic" {
		t.Errorf("provider:model judge: %+v, %v", j, err)
	}
}

// TestStreamedReportsEqualInMemory: every report written while streaming
// the run from the store equals the one written from the run in memory.
func TestStreamedReportsEqualInMemory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	cfg := simConfig()
	cfg.Tasks, cfg.Samples = nil, 2
	cfg.Models = providers.SimModels()
	if _, err := Start(context.Background(), cfg, Options{DB: db, Version: "t"}); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	run, err := st.Resolve(context.Background(), "latest")
	if err != nil {
		t.Fatal(err)
	}
	streamed, err := report.LoadReport(context.Background(), st, run)
	if err != nil {
		t.Fatal(err)
	}
	mem, err := report.LoadInMemory(context.Background(), st, run)
	if err != nil {
		t.Fatal(err)
	}
	if streamed.Trials != nil || len(mem.Trials) != 140 {
		t.Fatalf("streamed report holds %d trials, in-memory %d (want 0 and 140)", len(streamed.Trials), len(mem.Trials))
	}
	for _, w := range []struct {
		name  string
		write func(*report.Report, io.Writer) error
	}{
		{"json", (*report.Report).WriteJSON}, {"md", (*report.Report).WriteMarkdown},
		{"html", func(r *report.Report, w io.Writer) error { return htmlview.WriteRun(w, r) }},
	} {
		var a, b bytes.Buffer
		if err := w.write(streamed, &a); err != nil {
			t.Fatal(err)
		}
		if err := w.write(mem, &b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("%s: the streamed report differs from the in-memory one", w.name)
		}
	}
	dirA, dirB := t.TempDir(), t.TempDir()
	if err := streamed.WriteCSV(dirA); err != nil {
		t.Fatal(err)
	}
	if err := mem.WriteCSV(dirB); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dirB, "*.csv"))
	for _, f := range files {
		a, _ := os.ReadFile(filepath.Join(dirA, filepath.Base(f)))
		b, _ := os.ReadFile(f)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the streamed report differs from the in-memory one", filepath.Base(f))
		}
	}
	var x bytes.Buffer
	if err := streamed.WriteXLSX(&x); err != nil || x.Len() == 0 {
		t.Errorf("streamed workbook: %d bytes, %v", x.Len(), err)
	}
	// Past inMemoryTrials a run ends with its summary: metrics without
	// trials, the same table.
	defer func(n int) { inMemoryTrials = n }(inMemoryTrials)
	inMemoryTrials = 100
	sum, err := summaryReport(context.Background(), st, run)
	if err != nil {
		t.Fatal(err)
	}
	var ta, tb bytes.Buffer
	sum.WriteTable(&ta)
	mem.WriteTable(&tb)
	if sum.Trials != nil || ta.String() != tb.String() || sum.EachTrial(func(*store.Trial) error { return nil }) == nil {
		t.Errorf("summary of a large run: %d trials held, table\n%s\nwant\n%s", len(sum.Trials), ta.String(), tb.String())
	}
}
