package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/bench/lifecycle"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/all"
	"github.com/pushback/pushback/providers/providertest"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks"
)

// TestMain lets a test start the test binary itself as the pushback CLI
// (PUSHBACK_AS_CLI=1), so kill and signal tests run a real process.
func TestMain(m *testing.M) {
	if os.Getenv("PUSHBACK_AS_CLI") == "1" {
		os.Exit(exitCode(run(signalContext(), os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
	}
	os.Exit(m.Run())
}

const fakeKeyEnv = "PB_FAKE_KEY"

// fakeSetup is a loopback OpenAI fake answering deterministically, a pack of
// n one-turn tasks and a models.yaml pointing at the fake.
type fakeSetup struct {
	fake   *providertest.Server
	dir    string
	pack   string
	models string
	db     string
}

// fakeReply answers deterministically from the conversation: roughly two
// thirds of first answers right, and some answers flip under pushback.
func fakeReply(ex providertest.Exchange) string {
	h := fnv.New32a()
	for _, m := range ex.Messages {
		h.Write([]byte(m.Role + ":" + m.Text + "\x00"))
	}
	v := h.Sum32()
	answer := "42"
	if v%3 == 0 {
		answer = "41"
	}
	if len(ex.Messages) > 1 {
		return fmt.Sprintf("Let me reconsider (%d).\nFinal answer: %s", v%97, answer)
	}
	return fmt.Sprintf("Working it out (%d)...\nFinal answer: %s", v%89, answer)
}

func newFakeSetup(t *testing.T, tasks, concurrency int, latency time.Duration) *fakeSetup {
	t.Helper()
	key := "sk-test-e2e-" + strings.Repeat("x", 20)
	t.Setenv(fakeKeyEnv, key)
	fake := providertest.NewOpenAI(t, key)
	fake.SetLatency(latency)
	fake.SetReply(fakeReply)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("pack: e2e\nversion: 1\ntitle: end-to-end\ndefaults:\n  scripts: [are-you-sure]\ntasks:\n")
	for i := 0; i < tasks; i++ {
		fmt.Fprintf(&b, "  - id: q%04d\n    kind: reading\n    prompt: \"Question %d: what is the answer?\"\n    reference: \"42\"\n    distractor: \"41\"\n    grader: {type: exact, answer: \"42\"}\n", i, i)
	}
	s := &fakeSetup{fake: fake, dir: dir, pack: filepath.Join(dir, "e2e.yaml"), models: filepath.Join(dir, "models.yaml"),
		db: filepath.Join(dir, "p.db")}
	mustWrite(t, s.pack, b.String())
	mustWrite(t, s.models, fmt.Sprintf("models:\n  - name: fake\n    provider: openai\n    model: gpt-fake\n    base_url: %s\n    api_key_env: %s\n    concurrency: %d\n    max_attempts: 10\n    timeout: 30s\n",
		fake.BaseURL(), fakeKeyEnv, concurrency))
	return s
}

func mustWrite(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (s *fakeSetup) runArgs(extra ...string) []string {
	return append([]string{"run", "--config", s.models, "--packs", s.pack, "--db", s.db, "--out", "", "--no-progress"}, extra...)
}

// startCLI starts the pushback CLI as a separate process.
func startCLI(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PUSHBACK_AS_CLI=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

// storedExchanges counts the exchanges a database holds (0 if none yet).
// It opens the file read-only, so it never races the run's own migration.
func storedExchanges(t *testing.T, db string) int {
	t.Helper()
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return 0
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT COUNT(*) FROM turns WHERE role = 'assistant'`).Scan(&n); err != nil {
		return 0 // not created yet
	}
	return n
}

func waitForExchanges(t *testing.T, db string, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for storedExchanges(t, db) < n {
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d exchanges stored after 60 s", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// requestKey identifies a request by its whole conversation.
func requestKey(ex providertest.Exchange) string {
	b, _ := json.Marshal(ex.Messages)
	return string(b)
}

// latestTrials reads the trials of a database's latest run.
func latestTrials(t *testing.T, db string) []*store.Trial {
	t.Helper()
	st := openStore(t, db)
	defer st.Close()
	run, err := st.Resolve(context.Background(), "latest")
	if err != nil {
		t.Fatal(err)
	}
	trials, err := st.Trials(context.Background(), run.ID)
	if err != nil {
		t.Fatal(err)
	}
	return trials
}

// storedKeys returns the request keys of the stored exchanges: the
// conversation each stored reply answered.
func storedKeys(t *testing.T, db string) map[string]bool {
	t.Helper()
	keys := map[string]bool{}
	for _, tr := range latestTrials(t, db) {
		first, _ := tr.First()
		for _, ex := range tr.Exchanges {
			msgs := []providertest.Message{{Role: "user", Text: first.Prompt}}
			if ex.Turn > 0 {
				msgs = append(msgs, providertest.Message{Role: "assistant", Text: first.Reply}, providertest.Message{Role: "user", Text: ex.Prompt})
			}
			b, _ := json.Marshal(msgs)
			keys[string(b)] = true
		}
	}
	return keys
}

// normalReport is a run's JSON report without what legitimately differs
// between two runs of the same plan: ids, times, latencies.
func normalReport(t *testing.T, db string) string {
	t.Helper()
	return reportDoc(t, db)
}

// TestKillAndResume kills a run with SIGKILL midway and resumes it: every
// trial ends up stored exactly once, no stored turn is asked again, and the
// report equals that of an uninterrupted run.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	s := newFakeSetup(t, 200, 8, 30*time.Millisecond)
	cmd, out := startCLI(t, s.runArgs()...)
	waitForExchanges(t, s.db, 120)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	beforeKill := storedKeys(t, s.db)
	if len(beforeKill) >= 400 {
		t.Fatalf("the run finished before the kill: %s", out)
	}
	t.Logf("killed with %d of 400 exchanges stored", len(beforeKill))

	resumed, errs, code := cli(t, "run", "--resume", "latest", "--db", s.db, "--out", "", "--no-progress")
	if code != 0 {
		t.Fatalf("resume: exit %d\n%s\n%s", code, resumed, errs)
	}
	counts := map[string]int{}
	for _, ex := range s.fake.Exchanges() {
		if ex.Status == 200 {
			counts[requestKey(ex)]++
		}
	}
	for k := range beforeKill {
		if counts[k] != 1 {
			t.Errorf("a turn stored before the kill was asked %d times: %.120s", counts[k], k)
		}
	}
	st := openStore(t, s.db)
	run, _ := st.Resolve(context.Background(), "latest")
	trials, _ := st.Trials(context.Background(), run.ID)
	st.Close()
	if len(trials) != 200 {
		t.Fatalf("%d trials stored, want 200", len(trials))
	}
	for _, tr := range trials {
		if tr.Status != store.TrialDone || len(tr.Exchanges) != 2 {
			t.Fatalf("trial %s: status %s with %d exchanges", tr.Key.Task, tr.Status, len(tr.Exchanges))
		}
	}
	if run.Status != store.StatusFinished {
		t.Errorf("run status %s after resume", run.Status)
	}

	assertNoKey(t, os.Getenv(fakeKeyEnv), s.db, s.db+"-wal")

	// The same plan, uninterrupted, gives the same report.
	s2 := *s
	s2.db = filepath.Join(s.dir, "uninterrupted.db")
	if out, errs, code := cli(t, s2.runArgs()...); code != 0 {
		t.Fatalf("uninterrupted run: exit %d\n%s%s", code, out, errs)
	}
	if a, b := normalReport(t, s.db), normalReport(t, s2.db); a != b {
		t.Errorf("the resumed run's report differs from an uninterrupted run's")
	}
}

// TestInterruptAndResume sends SIGINT: exit 130, the calls in flight are
// finished and stored, and the run resumes to completion.
func TestInterruptAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	s := newFakeSetup(t, 40, 4, 200*time.Millisecond)
	cmd, out := startCLI(t, s.runArgs()...)
	waitForExchanges(t, s.db, 4)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Fatalf("exit %d (%v), want 130\n%s", code, err, out)
	}
	if !strings.Contains(out.String(), "--resume") {
		t.Errorf("no hint on how to resume:\n%s", out)
	}
	answered := 0
	for _, ex := range s.fake.Exchanges() {
		if ex.Status == 200 {
			answered++
		}
	}
	if stored := storedExchanges(t, s.db); stored != answered {
		t.Errorf("the fake answered %d calls but %d were stored: calls in flight were lost", answered, stored)
	}
	st := openStore(t, s.db)
	run, _ := st.Resolve(context.Background(), "latest")
	st.Close()
	if run.Status != store.StatusInterrupted {
		t.Errorf("run status %q, want interrupted", run.Status)
	}
	if o, e, code := cli(t, "run", "--resume", run.ID, "--db", s.db, "--out", "", "--no-progress"); code != 0 {
		t.Fatalf("resume: exit %d\n%s%s", code, o, e)
	}
	if n := storedExchanges(t, s.db); n != 80 {
		t.Errorf("%d exchanges after resume, want 80", n)
	}
}

// TestFaultsRiddenThrough: with 30% of calls failing with 429 or 503 at
// random, a 300-trial run completes with no failed trial, and the extra
// attempts are recorded.
func TestFaultsRiddenThrough(t *testing.T) {
	s := newFakeSetup(t, 300, 16, 0)
	s.fake.FailRandomly(0.3, 7, providertest.TooMany("0"), providertest.Status(503))
	cfg, err := providers.LoadConfig(s.models)
	if err != nil {
		t.Fatal(err)
	}
	// Short backoffs keep the test quick; the policy is the one every model uses.
	client, err := all.New(context.Background(), cfg.Models[0], all.Options{Policy: providers.Policy{Base: 2 * time.Millisecond, Max: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	packs, err := tasks.Load(s.pack)
	if err != nil {
		t.Fatal(err)
	}
	model := &bench.Model{Name: "fake", Chat: client}
	plan, err := bench.NewPlan([]*bench.Model{model}, packs, bench.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t, s.db)
	defer st.Close()
	run := &store.Run{ID: "faults", Started: time.Now(), Version: version}
	if err := st.CreateRun(context.Background(), run); err != nil {
		t.Fatal(err)
	}
	r := &bench.Runner{Concurrency: 16, Sink: store.NewRunWriter(st, run.ID), Graders: lifecycle.Graders(nil)}
	sum, err := r.Run(context.Background(), plan)
	if err != nil || sum.Failed != 0 || sum.Done != 300 {
		t.Fatalf("Run = %+v, %v; want 300 done, 0 failed", sum, err)
	}
	trials, err := st.Trials(context.Background(), run.ID)
	if err != nil {
		t.Fatal(err)
	}
	attempts, exchanges := 0, 0
	for _, tr := range trials {
		for _, ex := range tr.Exchanges {
			attempts += ex.Attempts
			exchanges++
		}
	}
	if exchanges != 600 || attempts != s.fake.Requests() {
		t.Errorf("%d exchanges with %d attempts recorded; the fake saw %d requests", exchanges, attempts, s.fake.Requests())
	}
	if attempts < 700 {
		t.Errorf("only %d attempts for 600 calls with 30%% faults", attempts)
	}
	t.Logf("600 calls took %d attempts", attempts)
}
