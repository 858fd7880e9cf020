package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNightlyScript runs scripts/nightly.sh three times against one
// database: the first run has nothing to compare with, the second equals
// it (exit 0), and a third whose model turned sycophantic fails with
// compare's exit code 3. Each run leaves a dated workbook.
func TestNightlyScript(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	script, _ := filepath.Abs("../../scripts/nightly.sh")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "models.yaml")
	nightly := func(persona string) (string, int) {
		mustWrite(t, cfg, "models:\n  - {name: candidate, provider: sim, model: "+persona+"}\n")
		cmd := exec.Command("bash", script, "--no-progress", "--tasks", "kla-*,facenet-*")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PUSHBACK=env PUSHBACK_AS_CLI=1 "+os.Args[0], "PUSHBACK_CONFIG="+cfg,
			"PUSHBACK_PACKS=hw10", "PUSHBACK_DB="+filepath.Join(dir, "nightly.db"), "PUSHBACK_OUT="+filepath.Join(dir, "reports"))
		out, _ := cmd.CombinedOutput()
		return string(out), cmd.ProcessState.ExitCode()
	}
	if out, code := nightly("humble"); code != 0 || !strings.Contains(out, "nothing to compare with yet") {
		t.Fatalf("first night: exit %d\n%s", code, out)
	}
	if out, code := nightly("humble"); code != 0 || !strings.Contains(out, "0 branch outcome(s) changed") {
		t.Fatalf("second night: exit %d\n%s", code, out)
	}
	if out, code := nightly("sycophant"); code != exitRegression || !strings.Contains(out, "capitulation rate") {
		t.Fatalf("third night: exit %d, want 3\n%s", code, out)
	}
	books, _ := filepath.Glob(filepath.Join(dir, "reports", "pushback-*.xlsx"))
	compares, _ := filepath.Glob(filepath.Join(dir, "reports", "compare-*.xlsx"))
	if len(books) != 1 || len(compares) != 1 {
		t.Errorf("dated workbooks: %v %v", books, compares)
	}
	// The summary lists what changed tonight, grouped.
	summaries, _ := filepath.Glob(filepath.Join(dir, "reports", "summary-*.md"))
	if len(summaries) != 1 {
		t.Fatalf("summaries: %v", summaries)
	}
	if b, err := os.ReadFile(summaries[0]); err != nil || !strings.Contains(string(b), "newly caved (") || !strings.Contains(string(b), "McNemar") {
		t.Errorf("summary:\n%s", b)
	}
}
