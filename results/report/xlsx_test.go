package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/pushback/pushback/results/store"
)

// longReply is 40,000 characters, 20,000 of them two UTF-16 units long, so
// the cut falls among surrogate pairs.
var longReply = "xxxx" + strings.Repeat("😀", 20000) + strings.Repeat("x", 19996)

// xlsxFixture writes the fixture report, with a 40,000-character reply,
// and opens the workbook.
func xlsxFixture(t *testing.T) (*excelize.File, []byte) {
	t.Helper()
	rep := fixtureReport()
	rep.Trials[2].Exchanges[1].Reply = longReply // alpha demo/big-o, are-you-sure turn 1
	return openXLSX(t, rep)
}

// openXLSX writes rep's workbook and opens it, closed when the test ends.
func openXLSX(t *testing.T, rep *Report) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

func TestXLSXSheets(t *testing.T) {
	f, _ := xlsxFixture(t)
	want := []string{"Summary", "By kind", "By pack", "By script", "Pairs", "Tasks", "Turns", "Run"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	for _, sheet := range []string{"Summary", "Turns", "Tasks"} {
		p, err := f.GetPanes(sheet)
		if err != nil || !p.Freeze || p.YSplit != 1 {
			t.Errorf("%s: panes %+v, %v; want a frozen header", sheet, p, err)
		}
	}
}

// findRow returns the 1-based row of a sheet whose column col (0-based)
// satisfies match, and the row's cells.
func findRow(t *testing.T, f *excelize.File, sheet string, col int, match func(string) bool) (int, []string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if col < len(r) && match(r[col]) {
			return i + 1, r
		}
	}
	t.Fatalf("%s: no row matches in column %d", sheet, col)
	return 0, nil
}

func TestXLSXFormulaTextStaysText(t *testing.T) {
	f, _ := xlsxFixture(t)
	row, _ := findRow(t, f, "Turns", 19, func(s string) bool { return s == "=SUM(A1)" })
	ref, _ := excelize.CoordinatesToCellName(20, row)
	if formula, err := f.GetCellFormula("Turns", ref); err != nil || formula != "" {
		t.Errorf("%s: formula %q, %v; want none", ref, formula, err)
	}
	if v, _ := f.GetCellValue("Turns", ref); v != "=SUM(A1)" {
		t.Errorf("%s = %q", ref, v)
	}
	row, _ = findRow(t, f, "Turns", 19, func(s string) bool { return strings.HasPrefix(s, "-22") })
	ref, _ = excelize.CoordinatesToCellName(20, row)
	if formula, _ := f.GetCellFormula("Turns", ref); formula != "" {
		t.Errorf("%s: formula %q", ref, formula)
	}
}

func TestXLSXLongReplyTruncated(t *testing.T) {
	f, _ := xlsxFixture(t)
	_, cells := findRow(t, f, "Turns", 19, func(s string) bool { return strings.HasPrefix(s, "xxxx") })
	got := cells[19]
	const marker = "… [truncated: 40,000 characters; full text in the database and the JSON report]"
	if !strings.HasSuffix(got, marker) {
		t.Errorf("long reply ends %q", got[len(got)-100:])
	}
	if n := utf16Len(got); n > maxCellChars || n < maxCellChars-2 || !utf8.ValidString(got) {
		t.Errorf("long reply is %d UTF-16 units (valid UTF-8: %v); want at most %d, and close to it",
			n, utf8.ValidString(got), maxCellChars)
	}
}

func TestXLSXSummary(t *testing.T) {
	f, _ := xlsxFixture(t)
	header, _ := findRow(t, f, "Summary", 0, func(s string) bool { return s == "model" })
	if header != 1 {
		t.Fatalf("header on row %d", header)
	}
	rows, _ := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	col := slices.Index(rows[0], "first-shot accuracy")
	if col < 0 || rows[1][0] != "alpha" || rows[1][col] != "0.25" || rows[1][col+1] != "1/4" {
		t.Errorf("alpha first-shot: %q", rows[1])
	}
	ref, _ := excelize.CoordinatesToCellName(col+1, 2)
	if v, _ := f.GetCellValue("Summary", ref); v != "25.0%" {
		t.Errorf("%s shows %q, want 25.0%%", ref, v)
	}
	// An empty denominator is the text n/a, never NaN or 0.
	summaryHeader := rows[0]
	rows, _ = f.GetRows("By script")
	cc := slices.Index(rows[0], "correction rate")
	for _, r := range rows[1:] {
		if strings.HasSuffix(r[1], "false-claim") && r[cc] != "n/a" {
			t.Errorf("By script %s %s: correction rate %q, want n/a", r[0], r[1], r[cc])
		}
	}
	cfs, err := f.GetConditionalFormats("Summary")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfs) != 11 {
		t.Errorf("%d conditional formats on Summary, want one per rate (11): %v", len(cfs), cfs)
	}
	capCol, _ := excelize.ColumnNumberToName(slices.Index(summaryHeader, "capitulation rate") + 1)
	capFmt := cfs[capCol+"2:"+capCol+"3"]
	if len(capFmt) != 1 || capFmt[0].Type != "3_color_scale" || !strings.EqualFold(strings.TrimPrefix(capFmt[0].MaxColor, "#"), scaleRed) {
		t.Errorf("capitulation colour scale %+v: want red when high", capFmt)
	}
}

func TestXLSXTasksColoured(t *testing.T) {
	f, _ := xlsxFixture(t)
	row, cells := findRow(t, f, "Tasks", 0, func(s string) bool { return s == "demo/sum" })
	if cells[3] != "6" || !strings.Contains(cells[4], "caved") {
		t.Errorf("demo/sum row %q", cells)
	}
	for col, colour := range map[int]string{5: toneColours["caved"], 6: toneColours["held"]} {
		ref, _ := excelize.CoordinatesToCellName(col, row)
		id, _ := f.GetCellStyle("Tasks", ref)
		st, err := f.GetStyle(id)
		if err != nil || len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], colour) {
			t.Errorf("%s: fill %+v, want %s", ref, st.Fill, colour)
		}
	}
}

// TestXLSXCharts: Summary's drawing holds two charts, first-shot vs final
// accuracy and correction vs capitulation, drawn from the Summary sheet.
func TestXLSXCharts(t *testing.T) {
	_, data := xlsxFixture(t)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := sheetPart(t, zr, "Summary")
	drawings := relTargets(t, zr, sheet, "drawing")
	if len(drawings) != 1 {
		t.Fatalf("Summary (%s) has drawings %v, want one", sheet, drawings)
	}
	charts := relTargets(t, zr, drawings[0], "chart")
	if len(charts) != 2 {
		t.Fatalf("Summary's drawing has charts %v, want two", charts)
	}
	for i, want := range []string{"First-shot vs final accuracy per model", "Correction vs capitulation rate per model"} {
		xml := string(readZip(t, zr, charts[i]))
		if !strings.Contains(xml, want) || !strings.Contains(xml, "Summary!$A$") || !strings.Contains(xml, "<barChart>") {
			t.Errorf("%s lacks its title %q, the Summary categories or a bar chart", charts[i], want)
		}
	}
	for _, other := range []string{"Turns", "Tasks"} {
		if d := relTargets(t, zr, sheetPart(t, zr, other), "drawing"); len(d) != 0 {
			t.Errorf("%s has drawings %v", other, d)
		}
	}
	if turns := string(readZip(t, zr, sheetPart(t, zr, "Turns"))); !strings.Contains(turns, `<autoFilter ref="$A$1:$T$33"`) {
		t.Errorf("Turns has no autofilter over its 32 rows")
	}
}

func readZip(t *testing.T, zr *zip.Reader, name string) []byte {
	t.Helper()
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatalf("xlsx lacks %s: %v", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// relTargets lists the parts a part relates to with a relationship type
// ending in kind, as zip paths.
func relTargets(t *testing.T, zr *zip.Reader, part, kind string) []string {
	t.Helper()
	relsName := path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
	if _, err := zr.Open(relsName); err != nil {
		return nil
	}
	var rels xmlRels
	if err := xml.Unmarshal(readZip(t, zr, relsName), &rels); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rels.Rels {
		if strings.HasSuffix(r.Type, "/"+kind) {
			out = append(out, path.Clean(path.Join(path.Dir(part), r.Target)))
		}
	}
	slices.Sort(out)
	return out
}

// sheetPart finds the zip path of a sheet by name.
func sheetPart(t *testing.T, zr *zip.Reader, name string) string {
	t.Helper()
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(readZip(t, zr, "xl/workbook.xml"), &wb); err != nil {
		t.Fatal(err)
	}
	var rels xmlRels
	if err := xml.Unmarshal(readZip(t, zr, "xl/_rels/workbook.xml.rels"), &rels); err != nil {
		t.Fatal(err)
	}
	for _, s := range wb.Sheets {
		for _, r := range rels.Rels {
			if s.Name == name && r.ID == s.RID {
				return path.Clean(path.Join("xl", strings.TrimPrefix(r.Target, "/xl/")))
			}
		}
	}
	t.Fatalf("no sheet %s in workbook.xml", name)
	return ""
}

// TestXLSXEmptyReport: a run without trials still makes a workbook.
func TestXLSXEmptyReport(t *testing.T) {
	rep := &Report{Run: &store.Run{ID: "empty"}}
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteMarkdown(io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteCSV(t.TempDir()); err != nil {
		t.Fatal(err)
	}
}

// TestXLSXTurnsRowLimit: a run with more messages than a sheet has rows
// fills the Turns sheet and ends it with a row saying how many are left out.
func TestXLSXTurnsRowLimit(t *testing.T) {
	defer func(n int) { maxExcelRows = n }(maxExcelRows)
	maxExcelRows = 10
	f, _ := openXLSX(t, fixtureReport())
	rows, _ := f.GetRows("Turns")
	if len(rows) != 10 || rows[9][0] != "… 24 more messages do not fit in a sheet: see the JSON report or the database" {
		t.Errorf("%d rows, last %q", len(rows), rows[len(rows)-1])
	}
}

// TestXLSXFormulaModelName: texts written with the normal API (Summary,
// Tasks headers) are strings too.
func TestXLSXFormulaModelName(t *testing.T) {
	rep := fixtureReport()
	for _, tr := range rep.Trials {
		if tr.Key.Model == "alpha" {
			tr.Key.Model = "=1+1"
		}
	}
	rep.Metrics = Compute(rep.Trials)
	f, _ := openXLSX(t, rep)
	for _, c := range []struct{ sheet, ref string }{{"Summary", "A2"}, {"By kind", "A2"}, {"Tasks", "E1"}} {
		formula, _ := f.GetCellFormula(c.sheet, c.ref)
		v, _ := f.GetCellValue(c.sheet, c.ref)
		if formula != "" || v != "=1+1" {
			t.Errorf("%s!%s: formula %q, value %q", c.sheet, c.ref, formula, v)
		}
	}
}

// TestXLSXOpensOnSummary: the workbook opens on its Summary sheet.
func TestXLSXOpensOnSummary(t *testing.T) {
	f, _ := openXLSX(t, fixtureReport())
	if got := f.GetSheetName(f.GetActiveSheetIndex()); got != sheetSummary {
		t.Errorf("active sheet %q, want %q", got, sheetSummary)
	}
}
