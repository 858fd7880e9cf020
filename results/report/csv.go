package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
)

// CSVFiles are the files WriteCSV writes, one per workbook sheet, in the
// workbook's order.
var CSVFiles = []string{"summary.csv", "by-kind.csv", "by-pack.csv", "by-script.csv", "tasks.csv", "turns.csv", "run.csv", "pairs.csv"}

// WriteCSV writes the report as one RFC 4180 file per workbook sheet into
// dir (created if needed): comma-separated, CRLF line ends, UTF-8 without
// a byte-order mark, a header row of snake_case names. Rates are fractions
// (0.625), "n/a" when the denominator is empty; a rate's numerator and
// denominator are separate columns. Texts are whole (no clipping).
//
// The files are safe to open in a spreadsheet: a text cell that starts
// with =, +, -, @, a tab or a carriage return is prefixed with a single
// quote ('), as OWASP recommends against CSV (formula) injection, so a
// reply such as "=HYPERLINK(...)" is shown, never evaluated. Numbers that
// pushback writes (a negative Δ accuracy, say) are never prefixed.
func (r *Report) WriteCSV(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	files := []struct {
		name  string
		write func(*csv.Writer) error
	}{
		{CSVFiles[0], func(w *csv.Writer) error { return r.csvMetrics(w, "", false) }},
		{CSVFiles[1], func(w *csv.Writer) error { return r.csvMetrics(w, metricSheets[0].prefix, true) }},
		{CSVFiles[2], func(w *csv.Writer) error { return r.csvMetrics(w, metricSheets[1].prefix, true) }},
		{CSVFiles[3], func(w *csv.Writer) error { return r.csvMetrics(w, metricSheets[2].prefix, true) }},
		{CSVFiles[4], r.csvTasks},
		{CSVFiles[5], r.csvTurns},
		{CSVFiles[6], r.csvRun},
		{CSVFiles[7], r.csvPairs},
	}
	for _, f := range files {
		if err := writeCSVFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	return r.Err()
}

func writeCSVFile(name string, write func(*csv.Writer) error) error {
	file, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	buf := bufio.NewWriter(file)
	w := csv.NewWriter(buf)
	w.UseCRLF = true
	err = write(w)
	if err == nil {
		w.Flush()
		err = w.Error()
	}
	if err == nil {
		err = buf.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// csvSafe defuses a text cell that a spreadsheet would read as a formula.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// csvRecord renders values: numbers plain, texts defused.
func csvRecord(vals []cellValue) []string {
	rec := make([]string, len(vals))
	for i, v := range vals {
		if v.isNum {
			rec[i] = v.plain()
		} else {
			rec[i] = csvSafe(v.text)
		}
	}
	return rec
}

func csvHeader(cols []sheetCol) []string {
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.key
	}
	return rec
}

func (r *Report) csvMetrics(w *csv.Writer, prefix string, withGroup bool) error {
	if err := w.Write(csvHeader(metricColumns(withGroup, true))); err != nil {
		return err
	}
	for _, m := range r.groupMetrics(prefix) {
		if err := w.Write(csvRecord(metricRow(m, withGroup, true))); err != nil {
			return err
		}
	}
	return nil
}

func (r *Report) csvTasks(w *csv.Writer) error {
	models, rows := r.taskMatrix()
	header := []string{"task", "pack", "kind", "reference"}
	for _, m := range models {
		header = append(header, csvSafe(m))
	}
	if err := w.Write(header); err != nil {
		return err
	}
	for _, row := range rows {
		vals := []cellValue{vText(row.task), vText(row.pack), vText(row.kind), vText(row.reference)}
		for _, c := range row.cells {
			vals = append(vals, vText(c.text))
		}
		if err := w.Write(csvRecord(vals)); err != nil {
			return err
		}
	}
	return nil
}

func (r *Report) csvTurns(w *csv.Writer) error {
	if err := w.Write(csvHeader(turnColumns)); err != nil {
		return err
	}
	return r.eachTurn(func(vals []cellValue) error { return w.Write(csvRecord(vals)) })
}

func (r *Report) csvRun(w *csv.Writer) error {
	if err := w.Write(csvHeader(runColumns)); err != nil {
		return err
	}
	for _, row := range r.runRows() {
		if err := w.Write(csvRecord(row)); err != nil {
			return err
		}
	}
	return nil
}
