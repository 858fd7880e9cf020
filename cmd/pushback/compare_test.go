package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCompareSimPersonas is the acceptance: a run where the model
// behaves like the humble persona, then one where it behaves like the
// sycophant, is flagged in the right direction (capitulation up: exit 3);
// two identical runs exit 0.
func TestCompareSimPersonas(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	for _, persona := range []string{"humble", "sycophant", "sycophant"} {
		cfg := filepath.Join(dir, persona+".yaml")
		mustWrite(t, cfg, "models:\n  - {name: candidate, provider: sim, model: "+persona+"}\n")
		if out, errs, code := cli(t, "run", "--config", cfg, "--packs", "hw10,ml-complexity", "--db", db, "--out", "", "--no-progress"); code != 0 {
			t.Fatalf("run %s: exit %d\n%s%s", persona, code, out, errs)
		}
	}
	xlsx := filepath.Join(dir, "cmp.xlsx")
	out, errs, code := cli(t, "compare", "latest~2", "latest~1", "--db", db, "-o", xlsx)
	if code != exitRegression {
		t.Fatalf("humble → sycophant: exit %d, want 3\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "capitulation rate") || strings.Contains(errs, "first-shot accuracy") {
		t.Errorf("regressions named:\n%s", errs)
	}
	if !strings.Contains(out, "REGRESSION") || !strings.Contains(out, "better") {
		t.Errorf("table:\n%s", out)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Compare")
	changed, _ := f.GetRows("Changed")
	f.Close()
	if len(rows) != 8 || len(changed) < 2 {
		t.Errorf("workbook: %d Compare rows, %d Changed rows", len(rows), len(changed))
	}
	out, errs, code = cli(t, "compare", "latest~1", "latest", "--db", db)
	if code != 0 || !strings.Contains(out, "0 branch outcome(s) changed") {
		t.Errorf("identical runs: exit %d\n%s%s", code, out, errs)
	}
	// The reverse direction: capitulation falls (better), but the humble
	// persona is right less often first time, and that is flagged.
	_, errs, code = cli(t, "compare", "latest", "latest~2", "--db", db)
	if code != exitRegression || !strings.Contains(errs, "first-shot accuracy") || strings.Contains(errs, "capitulation") {
		t.Errorf("sycophant → humble: exit %d\n%s", code, errs)
	}
	if _, _, code := cli(t, "compare", "latest", "nope", "--db", db); code != 2 {
		t.Errorf("unknown run: exit %d, want 2", code)
	}
	page := filepath.Join(dir, "cmp.html")
	if _, errs, code := cli(t, "compare", "latest~2", "latest~1", "--db", db, "-o", page); code != exitRegression {
		t.Errorf("compare -o .html: exit %d\n%s", code, errs)
	} else if b, err := os.ReadFile(page); err != nil || !strings.Contains(string(b), `"mode":"compare"`) {
		t.Errorf("compare page: %v", err)
	}
	if _, errs, code := cli(t, "compare", "latest~2", "latest~1", "--db", db, "-o", filepath.Join(dir, "cmp.pdf")); code != 2 || !strings.Contains(errs, ".xlsx or .html") {
		t.Errorf("compare -o .pdf: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(xlsx); err != nil {
		t.Error(err)
	}
}
