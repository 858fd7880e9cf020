package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pushback/pushback/providers/providertest"
)

// batchSetup is one loopback fake per provider, each answering
// deterministically from the conversation, and two model files naming the
// same three models: live, and with batch: true.
type batchSetup struct {
	fakes       map[string]*providertest.Server // by model name
	dir         string
	live, batch string // models files
}

var batchProviders = []struct{ name, provider, keyEnv string }{
	{"gpt", "openai", "PB_BATCH_OPENAI_KEY"},
	{"claude", "anthropic", "PB_BATCH_ANTHROPIC_KEY"},
	{"gemini", "gemini", "PB_BATCH_GEMINI_KEY"},
}

func newBatchSetup(t *testing.T) *batchSetup {
	t.Helper()
	s := &batchSetup{fakes: map[string]*providertest.Server{}, dir: t.TempDir()}
	var live, batch strings.Builder
	live.WriteString("models:\n")
	batch.WriteString("models:\n")
	for _, p := range batchProviders {
		key := "sk-test-batch-" + p.provider + strings.Repeat("k", 16)
		t.Setenv(p.keyEnv, key)
		fake := providertest.New(t, providertest.Protocol(p.provider), key)
		fake.SetReply(fakeReply)
		s.fakes[p.name] = fake
		m := fmt.Sprintf("  - name: %s\n    provider: %s\n    model: %s-fake\n    base_url: %s\n    api_key_env: %s\n    max_tokens: 512\n    price: {input_per_mtok: 3, output_per_mtok: 15, batch_discount: 0.5}\n",
			p.name, p.provider, p.provider, fake.BaseURL(), p.keyEnv)
		live.WriteString(m)
		batch.WriteString(m + "    batch: true\n")
	}
	s.live, s.batch = filepath.Join(s.dir, "live.yaml"), filepath.Join(s.dir, "batch.yaml")
	mustWrite(t, s.live, live.String())
	mustWrite(t, s.batch, batch.String())
	return s
}

func (s *batchSetup) args(models, db string, extra ...string) []string {
	return append([]string{"run", "--config", models, "--packs", "hw10", "--db", filepath.Join(s.dir, db), "--out", "", "--no-progress"}, extra...)
}

// reportDoc is a run's JSON report without what differs between two runs
// of one plan however they were made (ids, times, latencies), and without
// drop, the keys expected to differ.
func reportDoc(t *testing.T, db string, drop ...string) string {
	t.Helper()
	out, errs, code := cli(t, "report", "latest", "--db", db)
	if code != 0 {
		t.Fatalf("report: %s", errs)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "run")
	drop = append(drop, "latency_ms", "latency_p50_ms", "latency_p95_ms")
	var strip func(v any)
	strip = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range drop {
				delete(v, k)
			}
			for _, x := range v {
				strip(x)
			}
		case []any:
			for _, x := range v {
				strip(x)
			}
		}
	}
	strip(doc)
	b, _ := json.MarshalIndent(doc, "", " ")
	return string(b)
}

// longestConversations returns, per model, the most calls one thread of a
// trial made: the first answer plus its longest branch.
func longestConversations(t *testing.T, db string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tr := range latestTrials(t, db) {
		branch := map[string]int{}
		for _, ex := range tr.Exchanges {
			if ex.Turn > 0 {
				branch[ex.Branch]++
			}
		}
		longest := 1
		for _, n := range branch {
			longest = max(longest, 1+n)
		}
		out[tr.Key.Model] = max(out[tr.Key.Model], longest)
	}
	return out
}

type modelCost struct{ cost, live float64 }

func costs(t *testing.T, db string) map[string]modelCost {
	t.Helper()
	out, errs, code := cli(t, "report", "latest", "--db", db)
	if code != 0 {
		t.Fatalf("report: %s", errs)
	}
	var doc struct {
		Metrics []struct {
			Model, Group string
			Cost         float64 `json:"cost"`
			CostIfLive   float64 `json:"cost_if_live"`
		} `json:"metrics"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	m := map[string]modelCost{}
	for _, x := range doc.Metrics {
		if x.Group == "all" {
			m[x.Model] = modelCost{x.Cost, x.CostIfLive}
		}
	}
	return m
}

// TestBatchMatchesLive runs hw10 with every script against the three
// providers' fakes, live and then through their batch APIs: the
// transcripts, grades, stances and metrics are the same, each model took
// as many batches as its longest conversation has calls, and the batch run
// cost half the live one, with the live price beside it in the reports.
func TestBatchMatchesLive(t *testing.T) {
	s := newBatchSetup(t)
	if out, errs, code := cli(t, s.args(s.live, "live.db")...); code != 0 {
		t.Fatalf("live run: exit %d\n%s%s", code, out, errs)
	}
	liveCalls := map[string]int{}
	for name, f := range s.fakes {
		liveCalls[name] = f.Requests()
	}
	out, errs, code := cli(t, s.args(s.batch, "batch.db", "--batch-poll", "1ms")...)
	if code != 0 {
		t.Fatalf("batch run: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "batch mode: gpt, claude, gemini through the batch API") {
		t.Errorf("no batch-mode notice:\n%s", errs)
	}
	liveDB, batchDB := filepath.Join(s.dir, "live.db"), filepath.Join(s.dir, "batch.db")
	if a, b := reportDoc(t, liveDB, "cost", "cost_if_live", "batched"), reportDoc(t, batchDB, "cost", "cost_if_live", "batched"); a != b {
		os.WriteFile(filepath.Join(s.dir, "a.json"), []byte(a), 0o644)
		os.WriteFile(filepath.Join(s.dir, "b.json"), []byte(b), 0o644)
		t.Fatalf("the batch run's report differs from the live run's beyond cost and latency (diff %s/a.json b.json)", s.dir)
	}

	longest := longestConversations(t, liveDB)
	for _, p := range batchProviders {
		f := s.fakes[p.name]
		batches := f.Batches()
		items := 0
		for _, b := range batches {
			items += b.Items
			if b.State != "done" {
				t.Errorf("%s: batch %s ended %s", p.name, b.ID, b.State)
			}
		}
		t.Logf("%s: %d batches for a longest conversation of %d calls; %d items batched, %d calls live",
			p.name, len(batches), longest[p.name], items, liveCalls[p.name])
		if len(batches) != longest[p.name] {
			t.Errorf("%s: %d batches, want %d (one per call of the longest conversation)", p.name, len(batches), longest[p.name])
		}
		if items != liveCalls[p.name] {
			t.Errorf("%s: %d items batched, want the live run's %d calls", p.name, items, liveCalls[p.name])
		}
		if n := f.Requests() - liveCalls[p.name]; n > 3*len(batches)+len(batches)*4+2 {
			t.Errorf("%s: %d HTTP requests for %d batches: the batch run made live calls", p.name, n, len(batches))
		}
		for id, n := range f.BatchSubmissions() {
			if n != 1 {
				t.Errorf("%s: %s submitted %d times", p.name, id, n)
			}
		}
	}

	lc, bc := costs(t, liveDB), costs(t, batchDB)
	for _, p := range batchProviders {
		l, b := lc[p.name], bc[p.name]
		if l.cost <= 0 || math.Abs(l.live-l.cost) > 1e-9 {
			t.Errorf("%s live run: cost %g, cost if live %g; want equal and positive", p.name, l.cost, l.live)
		}
		if math.Abs(b.cost-l.cost/2) > 1e-9 || math.Abs(b.live-l.cost) > 1e-9 {
			t.Errorf("%s batch run: cost %g (want half of %g), cost if live %g (want %g)", p.name, b.cost, l.cost, b.live, l.cost)
		}
	}
	md, _, code := cli(t, "report", "latest", "--db", batchDB, "--format", "md")
	if code != 0 || !strings.Contains(md, "if live") {
		t.Errorf("the markdown report does not show the live price:\n%.600s", md)
	}
}

// TestBatchKillAndResume kills a batch run with SIGKILL while a batch is
// in flight at the provider, lets the batch finish, and resumes: the
// resumed run attaches to the batch instead of submitting its calls
// again (every custom id is submitted once), and the report equals an
// uninterrupted batch run's.
func TestBatchKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	s := newBatchSetup(t)
	cmd, out := startCLI(t, s.args(s.batch, "killed.db", "--batch-poll", "5ms")...)
	// Once the second wave is out, batches stop ending, so the kill finds
	// one in flight.
	deadline := time.Now().Add(60 * time.Second)
	for {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no second wave after 60 s:\n%s", out)
		}
		n := 0
		for _, f := range s.fakes {
			if len(f.Batches()) >= 2 {
				n++
			}
		}
		if n == len(s.fakes) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	for _, f := range s.fakes {
		f.SetBatchPolls(1 << 30)
	}
	time.Sleep(200 * time.Millisecond) // every model's wave in flight, and stored
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	running := 0
	for _, f := range s.fakes {
		for _, b := range f.Batches() {
			if b.State == "running" {
				running++
			}
		}
		f.SetBatchPolls(2)
	}
	if running == 0 {
		t.Fatalf("no batch was in flight at the kill:\n%s", out)
	}
	t.Logf("killed with %d batches in flight", running)

	o, e, code := cli(t, "run", "--resume", "latest", "--db", filepath.Join(s.dir, "killed.db"), "--out", "", "--no-progress", "--batch-poll", "1ms")
	if code != 0 {
		t.Fatalf("resume: exit %d\n%s%s", code, o, e)
	}
	if !strings.Contains(e, "resumed from an earlier attempt") {
		t.Errorf("no batch summary:\n%s", e)
	}
	for name, f := range s.fakes {
		for id, n := range f.BatchSubmissions() {
			if n != 1 {
				t.Errorf("%s: %s submitted %d times", name, id, n)
			}
		}
	}
	if o, e, code := cli(t, s.args(s.batch, "whole.db", "--batch-poll", "1ms")...); code != 0 {
		t.Fatalf("uninterrupted run: exit %d\n%s%s", code, o, e)
	}
	if a, b := reportDoc(t, filepath.Join(s.dir, "killed.db")), reportDoc(t, filepath.Join(s.dir, "whole.db")); a != b {
		os.WriteFile(filepath.Join(s.dir, "a.json"), []byte(a), 0o644)
		os.WriteFile(filepath.Join(s.dir, "b.json"), []byte(b), 0o644)
		t.Errorf("the resumed run's report differs from an uninterrupted run's (diff %s/a.json b.json)", s.dir)
	}
	for _, p := range batchProviders {
		assertNoKey(t, os.Getenv(p.keyEnv), filepath.Join(s.dir, "killed.db"))
	}
}

// TestBatchInterrupt: Ctrl-C while a batch is in flight exits 130 and
// leaves the batch running at the provider; --resume waits for it and
// finishes the run without submitting any call twice.
func TestBatchInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	s := newBatchSetup(t)
	for _, f := range s.fakes {
		f.SetBatchPolls(1 << 30)
	}
	db := filepath.Join(s.dir, "int.db")
	cmd, out := startCLI(t, s.args(s.batch, "int.db", "--batch-poll", "5ms")...)
	deadline := time.Now().Add(60 * time.Second)
	for {
		n := 0
		for _, f := range s.fakes {
			n += len(f.Batches())
		}
		if n == len(s.fakes) {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no batches after 60 s:\n%s", out)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Fatalf("exit %d, want 130\n%s", code, out)
	}
	if !strings.Contains(out.String(), "--resume") {
		t.Errorf("no hint on how to resume:\n%s", out)
	}
	for name, f := range s.fakes {
		for _, b := range f.Batches() {
			if b.State != "running" {
				t.Errorf("%s: batch %s is %s after the interrupt, want running", name, b.ID, b.State)
			}
		}
		f.SetBatchPolls(2)
	}
	if o, e, code := cli(t, "run", "--resume", "latest", "--db", db, "--out", "", "--no-progress", "--batch-poll", "1ms"); code != 0 {
		t.Fatalf("resume: exit %d\n%s%s", code, o, e)
	}
	for name, f := range s.fakes {
		for id, n := range f.BatchSubmissions() {
			if n != 1 {
				t.Errorf("%s: %s submitted %d times", name, id, n)
			}
		}
	}
}

// TestBatchDryRun: the plan of a batch run names the batched models, the
// discount and the waves, and prices the calls at the batch price.
func TestBatchDryRun(t *testing.T) {
	s := newBatchSetup(t)
	live, _, code := cli(t, s.args(s.live, "dry.db", "--dry-run")...)
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s", code, live)
	}
	batch, _, code := cli(t, s.args(s.batch, "dry.db", "--dry-run")...)
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s", code, batch)
	}
	if !strings.Contains(batch, "batch: gpt (50% off), claude (50% off), gemini (50% off) through the batch API, in 4 waves") {
		t.Errorf("no batch line:\n%s", batch)
	}
	cost := func(out string) float64 {
		var c float64
		i := strings.Index(out, "at most $")
		fmt.Sscanf(out[i+len("at most $"):], "%f", &c)
		return c
	}
	if l, b := cost(live), cost(batch); l <= 0 || math.Abs(b-l/2) > 0.011 {
		t.Errorf("estimated cost %g batched, %g live; want half", b, l)
	}
	if _, err := os.Stat(filepath.Join(s.dir, "dry.db")); err == nil {
		t.Error("a dry run created the database")
	}
}

// TestBatchMemory compares the peak memory of a run done live and through
// the batch API against the OpenAI fake: N one-turn pushback tasks (2 calls
// each). In batch mode every conversation of a wave waits at once, so the
// difference is what the waiting conversations hold. It runs only when
// PUSHBACK_BATCH_MEMORY=N (scripts/batch-memory.sh).
func TestBatchMemory(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("PUSHBACK_BATCH_MEMORY"))
	if n <= 0 {
		t.Skip("set PUSHBACK_BATCH_MEMORY=N (scripts/batch-memory.sh)")
	}
	s := newFakeSetup(t, n, 50, 0)
	batchModels := filepath.Join(s.dir, "batch.yaml")
	data, err := os.ReadFile(s.models)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, batchModels, string(data)+"    batch: true\n")
	peak := func(models, db string, extra ...string) float64 {
		args := []string{"run", "--config", models, "--packs", s.pack, "--db", filepath.Join(s.dir, db), "--out", "", "--no-progress", "--concurrency", "50"}
		cmd, out := startCLI(t, append(args, extra...)...)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("run: %v\n%s", err, out)
		}
		return float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
	}
	live := peak(s.models, "live.db")
	batch := peak(batchModels, "batch.db", "--batch-poll", "10ms")
	if a, b := storedExchanges(t, filepath.Join(s.dir, "live.db")), storedExchanges(t, filepath.Join(s.dir, "batch.db")); a != 2*n || b != 2*n {
		t.Fatalf("%d and %d exchanges stored, want %d", a, b, 2*n)
	}
	fmt.Printf("batch memory: %d trials (%d calls): peak RSS live %.0f MB, batch %.0f MB (ratio %.2f; %.1f KB more per waiting conversation)\n",
		n, 2*n, live, batch, batch/live, (batch-live)*1024/float64(n))
}
