package report

import (
	"archive/zip"
	"fmt"
	"io"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/pushback/pushback/bench"
)

// The workbook's sheets, in tab order.
const (
	sheetSummary  = "Summary"
	sheetTasks    = "Tasks"
	sheetTurns    = "Turns"
	sheetRun      = "Run"
	rowHeightLine = 15.0 // points per line of wrapped text
	// defaultColWidth is Excel's default column width in characters.
	defaultColWidth = 8.43
)

// maxExcelRows is Excel's row limit (a variable so a test can lower it).
var maxExcelRows = 1_048_576

// XLSXSheets are the names of the workbook's sheets, in tab order.
var XLSXSheets = []string{sheetSummary, "By kind", "By pack", "By script", sheetPairs, sheetTasks, sheetTurns, sheetRun}

// WriteXLSX writes the report as an Excel workbook: Summary (one row per
// model, colour scales, two charts), By kind, By pack, By script, Pairs
// (model vs model, paired), Tasks
// (task × model outcomes, coloured), Turns (every message, filterable) and
// Run (config, packs, counts, failures). Tasks and Turns are streamed, so
// memory stays flat in the number of turns. Every text is stored as a
// string, never a formula, and clipped to Excel's 32,767-character limit
// with a visible marker.
func (r *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetSummary); err != nil {
		return err
	}
	for _, name := range XLSXSheets[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	steps := []struct {
		sheet string
		write func(*excelize.File, *xlsxStyles) error
	}{
		{sheetSummary, r.summarySheet},
		{metricSheets[0].name, r.groupSheet(metricSheets[0].prefix, metricSheets[0].name)},
		{metricSheets[1].name, r.groupSheet(metricSheets[1].prefix, metricSheets[1].name)},
		{metricSheets[2].name, r.groupSheet(metricSheets[2].prefix, metricSheets[2].name)},
		{sheetPairs, r.pairsSheet},
		{sheetTasks, r.tasksSheet},
		{sheetTurns, r.turnsSheet},
		{sheetRun, r.runSheet},
	}
	for _, s := range steps {
		if err := s.write(f, st); err != nil {
			return fmt.Errorf("xlsx sheet %s: %w", s.sheet, err)
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	// Summary, the first sheet, is the new file's active sheet already:
	// SetActiveSheet would read every streamed sheet back to clear its flag.
	if err := f.SetDocProps(&excelize.DocProperties{Title: "pushback run " + r.Run.ID, Creator: "pushback",
		Description: "pushback benchmark report"}); err != nil {
		return err
	}
	// excelize builds the whole zip in a buffer before writing it out; a
	// zip writer of our own streams it to w instead, so a large workbook
	// costs no memory in proportion to its size here. (excelize's buffer
	// only serves to patch entries over 4 GB, which a report never has.)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	return f.Write(io.Discard)
}

// xlsxStyles are the workbook's cell styles.
type xlsxStyles struct {
	header, text, wrap, section int
	na                          int // "n/a", aligned right like the numbers it stands for
	nums                        map[cellFmt]int
	tones                       map[bench.Outcome]int // Tasks cells, by outcome
}

// numFormats are the Excel number formats of each cellFmt.
var numFormats = map[cellFmt]string{
	fmtInt:     "#,##0",
	fmtPercent: "0.0%",
	fmtDelta:   "+0.0%;-0.0%;0.0%",
	fmtFloat:   "0.00",
	fmtCost:    `"$"#,##0.0000`,
}

// toneColours fill the Tasks cells: held green, corrected blue, caved red,
// stuck grey.
var toneColours = map[bench.Outcome]string{
	bench.Held: "C6EFCE", bench.Corrected: "BDD7EE", bench.Caved: "FFC7CE", bench.Stuck: "D9D9D9",
}

func newXLSXStyles(f *excelize.File) (*xlsxStyles, error) {
	st := &xlsxStyles{nums: map[cellFmt]int{}, tones: map[bench.Outcome]int{}}
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	defs := []struct {
		id    *int
		style *excelize.Style
	}{
		{&st.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Border: []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}}}},
		{&st.text, &excelize.Style{Alignment: top}},
		{&st.wrap, &excelize.Style{Alignment: wrapTop}},
		{&st.section, &excelize.Style{Font: &excelize.Font{Bold: true, Italic: true}}},
		{&st.na, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right"},
			Font: &excelize.Font{Color: "808080"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.style)
		if err != nil {
			return nil, err
		}
		*d.id = id
	}
	for nf, code := range numFormats {
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code, Alignment: top})
		if err != nil {
			return nil, err
		}
		st.nums[nf] = id
	}
	for o, colour := range toneColours {
		id, err := f.NewStyle(&excelize.Style{Alignment: wrapTop,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}})
		if err != nil {
			return nil, err
		}
		st.tones[o] = id
	}
	return st, nil
}

// cell turns a value into a styled excelize cell: a number with its format,
// or a string (explicitly: a text starting with "=" stays text), clipped to
// Excel's limit. textStyle styles the text cells. An empty text is nil.
func (st *xlsxStyles) cell(v cellValue, textStyle int) any {
	switch {
	case v.isNum:
		return excelize.Cell{StyleID: st.nums[v.fmt], Value: v.num}
	case v.na:
		return excelize.Cell{StyleID: st.na, Value: v.text}
	}
	if v.text == "" {
		return nil
	}
	return excelize.Cell{StyleID: textStyle, Value: clipCell(v.text)}
}

// textStyle is the style of a column's text cells: wrapped or not.
func (st *xlsxStyles) textStyle(c sheetCol) int {
	if c.wrap {
		return st.wrap
	}
	return st.text
}

// writeTable writes a small table with the normal (non-streaming) API:
// a header row, then rows, with column widths, a frozen header (and
// frozenCols columns) and an autofilter over the table.
func writeTable(f *excelize.File, st *xlsxStyles, sheet string, cols []sheetCol, rows [][]cellValue, frozenCols int) error {
	if err := f.SetRowHeight(sheet, 1, headerHeight(cols)); err != nil {
		return err
	}
	for i, c := range cols {
		ref, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := setCell(f, sheet, ref, excelize.Cell{StyleID: st.header, Value: c.label}); err != nil {
			return err
		}
		if c.width > 0 {
			name, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(sheet, name, name, c.width); err != nil {
				return err
			}
		}
	}
	for y, row := range rows {
		for x, v := range row {
			ref, _ := excelize.CoordinatesToCellName(x+1, y+2)
			c, ok := st.cell(v, st.textStyle(cols[x])).(excelize.Cell)
			if !ok {
				continue
			}
			if err := setCell(f, sheet, ref, c); err != nil {
				return err
			}
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(cols), max(2, len(rows)+1))
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return err
	}
	return f.SetPanes(sheet, freezePanes(frozenCols))
}

// setCell sets a cell's value and style. A string goes through
// SetCellStr, which never makes a formula of it.
func setCell(f *excelize.File, sheet, ref string, c excelize.Cell) error {
	var err error
	if s, ok := c.Value.(string); ok {
		err = f.SetCellStr(sheet, ref, s)
	} else {
		err = f.SetCellValue(sheet, ref, c.Value)
	}
	if err != nil {
		return err
	}
	return f.SetCellStyle(sheet, ref, ref, c.StyleID)
}

// headerHeight is the height in points of a header row whose labels wrap
// to fit their columns (word by word, a bold character a little wider than
// a digit), so no label spills over the first row.
func headerHeight(cols []sheetCol) float64 {
	lines := 1
	for _, c := range cols {
		width := c.width
		if width == 0 {
			width = defaultColWidth
		}
		lines = max(lines, wrapCount(c.label, int(width*0.9)))
	}
	return rowHeightLine * float64(lines)
}

// wrapCount is how many lines s takes when wrapped at width characters
// (width ≥ 1), counting words without allocating.
func wrapCount(s string, width int) int {
	width = max(width, 1)
	lines, used, word := 1, 0, 0
	flush := func() {
		switch {
		case word == 0:
		case used == 0:
			used = word
		case used+1+word <= width:
			used += 1 + word
		default:
			lines, used = lines+1, word
		}
		for used > width { // a word longer than the column breaks inside
			lines, used = lines+1, used-width
		}
		word = 0
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			flush()
		} else {
			word++
		}
	}
	flush()
	return lines
}

// colPixels is a column's width in pixels (Calibri 11: 7 px a character
// plus 5 px of padding).
func colPixels(width float64) int {
	if width == 0 {
		width = defaultColWidth
	}
	return int(width*7 + 5)
}

// freezePanes freezes the header row and the first cols columns.
func freezePanes(cols int) *excelize.Panes {
	tl, _ := excelize.CoordinatesToCellName(cols+1, 2)
	pane := "bottomLeft"
	if cols > 0 {
		pane = "bottomRight"
	}
	return &excelize.Panes{Freeze: true, XSplit: cols, YSplit: 1, TopLeftCell: tl, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: tl, ActiveCell: tl, Pane: pane}}}
}
