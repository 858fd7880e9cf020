package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pushback/pushback/results/report"
)

// simRun runs two sim personas on a few hw10 tasks into a new database,
// writing the reports into out.
func simRun(t *testing.T, out string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "p.db")
	if o, e, code := cli(t, "run", "--models", "sim:sycophant,sim:humble", "--packs", "hw10", "--tasks", "kla-*",
		"--db", db, "--out", out, "--no-progress"); code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", code, o, e)
	}
	return db
}

// TestRunWritesEveryReport: run writes the html, xlsx, json, md and csv
// reports into --out, and the workbook's Tasks sheet shows the packs'
// references.
func TestRunWritesEveryReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	simRun(t, out)
	for _, pattern := range []string{"pushback-*.html", "pushback-*.xlsx", "pushback-*.json", "pushback-*.md", "pushback-*-csv/*.csv"} {
		files, _ := filepath.Glob(filepath.Join(out, pattern))
		want := 1
		if strings.HasSuffix(pattern, ".csv") {
			want = len(report.CSVFiles)
		}
		if len(files) != want {
			t.Errorf("%s: %v, want %d file(s)", pattern, files, want)
		}
	}
	books, _ := filepath.Glob(filepath.Join(out, "pushback-*.xlsx"))
	if len(books) != 1 {
		t.Fatal("no workbook")
	}
	f, err := excelize.OpenFile(books[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, report.XLSXSheets) {
		t.Errorf("sheets %q", got)
	}
	rows, _ := f.GetRows("Tasks")
	if len(rows) < 2 || rows[1][0] != "hw10/kla-a1" || rows[1][3] == "" {
		t.Errorf("Tasks sheet lacks hw10/kla-a1 with its reference: %q", rows[:min(2, len(rows))])
	}
	if st, err := os.Stat(books[0]); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("workbook mode %v, %v; want 0644", st.Mode(), err)
	}
}

func TestReportFormats(t *testing.T) {
	dir := t.TempDir()
	db := simRun(t, "")
	md, errs, code := cli(t, "report", "latest", "--db", db, "--format", "md")
	if code != 0 || !strings.HasPrefix(md, "## pushback run `") || !strings.Contains(md, "| sycophant |") ||
		!strings.Contains(md, "#### 1. caved:") {
		t.Errorf("md: exit %d, %s\n%s", code, errs, md)
	}
	csvDir := filepath.Join(dir, "csv")
	if _, errs, code := cli(t, "report", "latest", "--db", db, "--format", "csv", "-o", csvDir); code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errs)
	}
	for _, name := range report.CSVFiles {
		if _, err := os.Stat(filepath.Join(csvDir, name)); err != nil {
			t.Error(err)
		}
	}
	t.Chdir(dir)
	_, errs, code = cli(t, "report", "latest", "--db", db, "--format", "xlsx")
	books, _ := filepath.Glob("pushback-*.xlsx")
	if code != 0 || len(books) != 1 || !strings.Contains(errs, "wrote pushback-") {
		t.Errorf("xlsx with no -o: exit %d, %q, files %v", code, errs, books)
	}
	_, errs, code = cli(t, "report", "latest", "--db", db, "--format", "csv")
	if dirs, _ := filepath.Glob("pushback-*-csv/summary.csv"); code != 0 || len(dirs) != 1 {
		t.Errorf("csv with no -o: exit %d, %q, %v", code, errs, dirs)
	}
	_, errs, code = cli(t, "report", "latest", "--db", db, "--format", "html")
	pages, _ := filepath.Glob("pushback-*.html")
	if code != 0 || len(pages) != 1 || !strings.Contains(errs, "wrote pushback-") {
		t.Fatalf("html with no -o: exit %d, %q, files %v", code, errs, pages)
	}
	page, err := os.ReadFile(pages[0])
	if err != nil || !strings.Contains(string(page), `id="pb-index"`) || !strings.Contains(string(page), "Content-Security-Policy") {
		t.Errorf("html page: %v, %d bytes", err, len(page))
	}
}

func TestReportBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	for _, args := range [][]string{
		{"report", "--db", db, "--format", "pdf"},
		{"report", "--db", db, "--format", "csv", "-o", "-"},
		{"report", "--db", db, "--format", "md"}, // no database
	} {
		if _, errs, code := cli(t, args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, %q; want 2 and a message", args, code, errs)
		}
	}
}

// TestGoldenSimMarkdown: the Markdown report of the same fixed sim run as
// TestGoldenJSONReport, with the run id, start time and duration masked.
func TestGoldenSimMarkdown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	if out, errs, code := cli(t, "run", "--packs", "hw10", "--tasks", "kla-a*,kla-b2,facenet-e,facenet-i", "--samples", "2",
		"--db", db, "--out", "", "--no-progress"); code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errs)
	}
	md, errs, code := cli(t, "report", "latest", "--db", db, "--format", "md")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errs)
	}
	md = regexp.MustCompile(`\d{8}-\d{6}-[0-9a-f]{4}`).ReplaceAllString(md, "RUN-ID")
	md = regexp.MustCompile(`started \d{4}-\d\d-\d\d \d\d:\d\d UTC \([^)]*\)`).ReplaceAllString(md, "started TIME")
	md = strings.Replace(md, "pushback "+version+" ·", "pushback VERSION ·", 1)
	golden(t, "sim-hw10.report.md", md)
}
