package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/pushback -run %s -update to create it)", err, t.Name())
	}
	if string(want) != got {
		diff := filepath.Join(os.TempDir(), "pushback-golden-"+name)
		os.WriteFile(diff, []byte(got), 0o644)
		t.Errorf("%s differs from the golden file; got written to %s (rerun with -update if the change is intended)", path, diff)
	}
}

// TestGoldenJSONReport: the JSON report of a fixed sim run (every persona
// on five hw10 tasks, two samples), without ids, times and latencies.
func TestGoldenJSONReport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	if out, errs, code := cli(t, "run", "--packs", "hw10", "--tasks", "kla-a*,kla-b2,facenet-e,facenet-i", "--samples", "2",
		"--db", db, "--out", "", "--no-progress"); code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errs)
	}
	golden(t, "sim-hw10.report.json", normalReport(t, db)+"\n")
}
