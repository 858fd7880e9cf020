package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/report/htmlview"
	"github.com/pushback/pushback/results/store"
	"golang.org/x/sync/errgroup"
)

// Runs lists the runs of a results database, oldest first.
func Runs(ctx context.Context, db string) ([]*store.Run, error) {
	st, err := store.OpenExisting(db)
	if err != nil {
		return nil, inputErr(err)
	}
	defer st.Close()
	return st.Runs(ctx)
}

// OpenReport loads the report of a stored run (ref: an id, latest or
// latest~N) with the reference of every task, read from the packs the run
// recorded. A pack that no longer loads or changed since the run is named
// in a warning on warn and its references left out.
func OpenReport(ctx context.Context, db, ref string, warn io.Writer) (*report.Report, error) {
	st, err := store.OpenExisting(db)
	if err != nil {
		return nil, inputErr(err)
	}
	rep, err := openReport(ctx, st, ref, warn)
	if err != nil {
		st.Close()
		return nil, err
	}
	// The writers stream the trials from the store: it stays open until
	// the report is closed.
	rep.SetCloser(st.Close)
	return rep, nil
}

func openReport(ctx context.Context, st *store.Store, ref string, warn io.Writer) (*report.Report, error) {
	return loadReport(ctx, st, ref, warn, func(ctx context.Context, st *store.Store, run *store.Run) (*report.Report, error) {
		return bySize(ctx, st, run, report.LoadReport)
	})
}

// inMemoryTrials is the largest run whose reports are written from memory.
var inMemoryTrials = 2000

// bySize reads a small run once into memory (each writer would otherwise
// read it again) and a large one with large, which streams it, so its
// reports take the same memory whatever its size.
func bySize(ctx context.Context, st *store.Store, run *store.Run,
	large func(context.Context, *store.Store, *store.Run) (*report.Report, error)) (*report.Report, error) {
	n, err := st.CountTrials(ctx, run.ID)
	if err != nil {
		return nil, err
	}
	if n <= inMemoryTrials {
		return report.LoadInMemory(ctx, st, run)
	}
	return large(ctx, st, run)
}

// summaryReport is the report a run ends with: the whole run in memory
// when it is small, else its metrics only.
func summaryReport(ctx context.Context, st *store.Store, run *store.Run) (*report.Report, error) {
	return bySize(ctx, st, run, report.LoadSummary)
}

// WritableReport returns a report every writer can write: out's own when it
// holds the run in memory, else the run's report opened from db (close it).
func WritableReport(ctx context.Context, out *Outcome, warn io.Writer) (*report.Report, error) {
	if out.Report != nil && out.Report.Trials != nil {
		return out.Report, nil
	}
	return OpenReport(ctx, out.DB, out.Run.ID, warn)
}

func loadReport(ctx context.Context, st *store.Store, ref string, warn io.Writer,
	load func(context.Context, *store.Store, *store.Run) (*report.Report, error)) (*report.Report, error) {
	run, err := st.Resolve(ctx, ref)
	if err != nil {
		return nil, inputErr(err)
	}
	rep, err := load(ctx, st, run)
	if err != nil {
		return nil, err
	}
	refs, err := loadReferences(run.Packs)
	rep.References = refs
	if err != nil && warn != nil {
		fmt.Fprintf(warn, "pushback: warning: task references: %v\n", err)
	}
	return rep, nil
}

// Compare compares run b with run a (the baseline) of one database.
func Compare(ctx context.Context, db, a, b string, failPP float64) (*report.Comparison, error) {
	st, err := store.OpenExisting(db)
	if err != nil {
		return nil, inputErr(err)
	}
	defer st.Close()
	// A comparison holds both runs in memory: its writers pair and list
	// them after the store is closed.
	ra, err := loadReport(ctx, st, a, nil, report.LoadInMemory)
	if err != nil {
		return nil, err
	}
	rb, err := loadReport(ctx, st, b, nil, report.LoadInMemory)
	if err != nil {
		return nil, err
	}
	return report.Compare(ra, rb, failPP), nil
}

// Formats are the report formats WriteReport writes.
var Formats = []string{"xlsx", "csv", "json", "md", "html"}

// WriteReports writes every report of a run into dir: pushback-<id>.xlsx,
// .json, .md, .html and the directory pushback-<id>-csv/. It returns the
// path they share, dir/pushback-<id>.
func WriteReports(rep *report.Report, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	defer exportGC(rep)()
	base := filepath.Join(dir, "pushback-"+rep.Run.ID)
	// The formats only read the report: they are written side by side,
	// as many at once as there are processors.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, f := range []struct {
		ext   string
		write func(io.Writer) error
	}{{".xlsx", rep.WriteXLSX}, {".html", htmlWriter(rep)}, {".json", rep.WriteJSON}, {".md", rep.WriteMarkdown}} {
		g.Go(func() error { return WriteFile(base+f.ext, f.write) })
	}
	g.Go(func() error {
		if err := writeDir(base+"-csv", rep.WriteCSV); err != nil {
			return fmt.Errorf("write %s-csv: %w", base, err)
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return "", err
	}
	return base, nil
}

// WriteReportsSaying writes every report of rep into dir (WriteReports)
// and says on w where they are; a failure names --out.
func WriteReportsSaying(w io.Writer, rep *report.Report, dir string) error {
	base, err := WriteReports(rep, dir)
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	fmt.Fprintf(w, "reports: %s.html, .xlsx, .json, .md and %s-csv/\n", base, base)
	return nil
}

// WriteReport writes one format of a run's report to out: a file, "-" or
// "" for stdout (json, md), a directory (csv). An empty out writes xlsx to
// pushback-<id>.xlsx and csv to pushback-<id>-csv/. It returns what it
// wrote, "" for stdout.
func WriteReport(rep *report.Report, format, out string, stdout io.Writer) (string, error) {
	if err := CheckFormat(format, out); err != nil {
		return "", err
	}
	defer exportGC(rep)()
	base := "pushback-" + rep.Run.ID
	switch {
	case format == "csv":
		if out == "" {
			out = base + "-csv"
		}
		return filepath.Clean(out) + string(filepath.Separator), writeDir(out, rep.WriteCSV)
	case (format == "xlsx" || format == "html") && out == "":
		out = base + "." + format
	}
	write := map[string]func(io.Writer) error{"json": rep.WriteJSON, "md": rep.WriteMarkdown, "xlsx": rep.WriteXLSX, "html": htmlWriter(rep)}[format]
	if out == "" || out == "-" {
		return "", write(stdout)
	}
	return out, WriteFile(out, write)
}

// CheckFormat refuses a report format WriteReport does not write, and
// csv to standard output.
func CheckFormat(format, out string) error {
	switch {
	case !slices.Contains(Formats, format):
		return inputf("--format must be one of %v, not %q", Formats, format)
	case format == "csv" && out == "-":
		return inputf("--format csv writes a directory of files: give -o DIR, not -")
	}
	return nil
}

func htmlWriter(rep *report.Report) func(io.Writer) error {
	return func(w io.Writer) error { return htmlview.WriteRun(w, rep) }
}

// WriteComparison writes a comparison to a file whose extension says the
// format: .xlsx (the workbook) or .html (the page).
func WriteComparison(c *report.Comparison, name string) error {
	if err := CheckComparisonFile(name); err != nil {
		return err
	}
	if strings.EqualFold(filepath.Ext(name), ".xlsx") {
		return WriteFile(name, c.WriteXLSX)
	}
	return WriteFile(name, func(w io.Writer) error { return htmlview.WriteCompare(w, c) })
}

// CheckComparisonFile refuses a comparison file that is neither .xlsx nor
// .html.
func CheckComparisonFile(name string) error {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".html", ".htm":
		return nil
	}
	return inputf("-o %s: the comparison is written as .xlsx or .html", name)
}

// exportGC makes the garbage collector work harder while a streamed (large)
// report is written, unless GOGC is set. It returns
// the function that restores the setting.
func exportGC(rep *report.Report) (restore func()) {
	if os.Getenv("GOGC") != "" || rep.Trials != nil {
		// A run in memory is small (inMemoryTrials): the collector's
		// default costs less CPU and the memory is bounded anyway.
		return func() {}
	}
	prev := debug.SetGCPercent(50)
	return func() { debug.SetGCPercent(prev) }
}

// WriteFile writes a file through a temporary one, so a failed write never
// leaves a truncated report.
func WriteFile(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".pushback-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file private; a report is meant to be shared.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return os.Rename(tmp.Name(), name)
}

// writeDir fills a new directory through a temporary one renamed into
// place; an existing directory is written into.
func writeDir(name string, write func(dir string) error) error {
	st, err := os.Stat(name)
	switch {
	case err == nil && !st.IsDir():
		return inputf("%s exists and is not a directory", name)
	case err == nil:
		return write(name)
	case !errors.Is(err, os.ErrNotExist):
		return err
	}
	parent := filepath.Dir(filepath.Clean(name))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, ".pushback-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // after a successful rename, tmp no longer exists
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
