package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pushback/pushback/results/report"
)

// validateReport checks a JSON report against the documented schema.
func validateReport(t *testing.T, doc []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	schema, err := jsonschema.UnmarshalJSON(bytes.NewReader(report.ReportSchema))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("report-v1.schema.json", schema); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("report-v1.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("report does not match the schema: %v", err)
	}
}

// TestRunSimDefault is the main job with no keys: every sim persona on
// every built-in pack, a table, reports, and a schema-valid JSON report.
// With no model configured the simulated models run whether or not keys are
// set, so the environment needs no change and the test can run in parallel.
func TestRunSimDefault(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, out := filepath.Join(dir, "p.db"), filepath.Join(dir, "out")
	stdout, stderr, code := cli(t, "run", "--db", db, "--out", out)
	if code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "running the simulated models") {
		t.Errorf("no line saying the sim models are used:\n%s", stderr)
	}
	for _, persona := range []string{"oracle", "sycophant", "stubborn", "humble", "deflector"} {
		if !strings.Contains(stdout, "\n"+persona+" ") {
			t.Errorf("table lacks %s:\n%s", persona, stdout)
		}
	}
	if !strings.Contains(stdout, "FIRST-SHOT") || !strings.Contains(stdout, db) {
		t.Errorf("output lacks the table or the database path:\n%s", stdout)
	}
	report, stderr, code := cli(t, "report", "latest", "--format", "json", "--db", db)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	validateReport(t, []byte(report))
	files, _ := filepath.Glob(filepath.Join(out, "*.json"))
	if len(files) != 1 {
		t.Errorf("reports written to --out: %v", files)
	}
	// The oracle knows every reference: 100% first shot on every pack.
	if !strings.Contains(stdout, "oracle     100%") {
		t.Errorf("oracle is not 100%% first shot:\n%s", stdout)
	}
	runs, _, _ := cli(t, "runs", "--db", db)
	if !strings.Contains(runs, "latest") || !strings.Contains(runs, "finished") {
		t.Errorf("runs output:\n%s", runs)
	}
}

func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	for _, args := range [][]string{
		{"run", "--db", db, "--samples", "0"},
		{"run", "--db", db, "--models", "nope:x"},
		{"run", "--db", db, "--packs", "no-such-pack"},
		{"run", "--db", db, "--tasks", "zzz-*", "--models", "sim:oracle"},
		{"run", "--db", db, "--scripts", "gaslight", "--models", "sim:oracle"},
		{"run", "--db", db, "--models", "openai:gpt-4.1"},
		{"run", "--db", db, "--resume", "latest"},
		{"run", "--db", db, "--batch", "--batch-fallback", "soon"},
		{"run", "--db", db, "--batch", "--batch-fallback", "live"},
		{"run", "--db", db, "--batch", "--batch-deadline", "-1h"},
	} {
		t.Setenv("OPENAI_API_KEY", "")
		_, errs, code := cli(t, args...)
		if code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errs)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("bad input created the database %s", db)
	}
}

func TestDryRun(t *testing.T) {
	out, errs, code := cli(t, "run", "--dry-run", "--models", "sim:oracle,sim:stubborn", "--packs", "hw10", "--samples", "2",
		"--db", filepath.Join(t.TempDir(), "p.db"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"2 models × 14 tasks × 2 samples = 56 trials", "calls: at least 56", "estimated cost"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
}

// TestRecordReplay: a run recorded with --record replays from its cassettes
// with the same grades, and a request the cassette lacks fails the trial.
func TestRecordReplay(t *testing.T) {
	dir := t.TempDir()
	cas, db := filepath.Join(dir, "cas"), filepath.Join(dir, "p.db")
	base := []string{"--packs", "hw10", "--tasks", "kla-*", "--db", db, "--out", "", "--no-progress"}
	if out, errs, code := cli(t, append([]string{"run", "--models", "sim:humble", "--record", cas}, base...)...); code != 0 {
		t.Fatalf("record: exit %d\n%s%s", code, out, errs)
	}
	recorded := normalReport(t, db)
	if out, errs, code := cli(t, append([]string{"run", "--models", "replay:humble", "--cassettes", cas}, base...)...); code != 0 {
		t.Fatalf("replay: exit %d\n%s%s", code, out, errs)
	}
	if replayed := normalReport(t, db); replayed != recorded {
		t.Error("the replayed run's report differs from the recorded run's")
	}
	// Another task was never recorded: replay fails those trials loudly.
	_, errs, code := cli(t, "run", "--models", "replay:humble", "--cassettes", cas, "--packs", "hw10", "--tasks", "facenet-a",
		"--db", db, "--out", "", "--no-progress")
	if code != 1 || !strings.Contains(errs, "replay") {
		t.Errorf("replaying an unrecorded task: exit %d, stderr %q; want 1 naming replay", code, errs)
	}
}
