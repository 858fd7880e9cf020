package report

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// streamSheet starts a streamed sheet: the autofilter over its nRows data
// rows is set on the worksheet before streaming (the stream writer emits it
// at Flush), then the column widths, the frozen panes and the header row.
func streamSheet(f *excelize.File, st *xlsxStyles, sheet string, cols []sheetCol, nRows, frozenCols int) (*excelize.StreamWriter, error) {
	last, _ := excelize.CoordinatesToCellName(len(cols), max(2, nRows+1))
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		if c.width > 0 {
			if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
				return nil, err
			}
		}
	}
	if err := sw.SetPanes(freezePanes(frozenCols)); err != nil {
		return nil, err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: st.header, Value: c.label}
	}
	return sw, sw.SetRow("A1", header, excelize.RowOpts{Height: headerHeight(cols)})
}

// tasksSheet writes the task × model matrix, each cell coloured by outcome.
func (r *Report) tasksSheet(f *excelize.File, st *xlsxStyles) error {
	models, rows := r.taskMatrix()
	cols := []sheetCol{{label: "task", width: 36}, {label: "pack", width: 14}, {label: "kind", width: 11},
		{label: "reference", width: 36}}
	for _, m := range models {
		cols = append(cols, sheetCol{label: m, width: 26})
	}
	sw, err := streamSheet(f, st, sheetTasks, cols, len(rows), 1)
	if err != nil {
		return err
	}
	for y, row := range rows {
		vals := []any{st.cell(vText(row.task), st.text), st.cell(vText(row.pack), st.text),
			st.cell(vText(row.kind), st.text), st.cell(vText(row.reference), st.wrap)}
		lines := textLines(row.reference, int(cols[3].width), maxTaskLines)
		for i, c := range row.cells {
			lines = max(lines, textLines(c.text, int(cols[4+i].width), maxTaskLines))
			style, ok := st.tones[c.tone]
			if !ok {
				style = st.wrap
			}
			vals = append(vals, st.cell(vText(c.text), style))
		}
		ref, _ := excelize.CoordinatesToCellName(1, y+2)
		if err := sw.SetRow(ref, vals, excelize.RowOpts{Height: rowHeightLine * float64(lines)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// errSheetFull stops the Turns sheet at Excel's row limit.
var errSheetFull = errors.New("sheet full")

// turnsSheet writes one row per message. Rows are as tall as their text up
// to maxTurnLines lines, so the sheet stays scannable; the full text is in
// the cell. A run with more messages than Excel has rows ends with a row
// saying how many were left out.
func (r *Report) turnsSheet(f *excelize.File, st *xlsxStyles) error {
	total, fits := r.turnCount(), r.turnCount()
	if total > maxExcelRows-1 {
		fits = maxExcelRows - 2 // room for the header and the marker row
	}
	sw, err := streamSheet(f, st, sheetTurns, turnColumns, fits, 0)
	if err != nil {
		return err
	}
	textCol := len(turnColumns) - 1
	row := 1
	err = r.eachTurn(func(vals []cellValue) error {
		if row-1 == fits {
			return errSheetFull
		}
		row++
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = st.cell(v, st.textStyle(turnColumns[i]))
		}
		ref, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(ref, out, excelize.RowOpts{Height: rowHeightLine * float64(wrappedLines(vals[textCol].text))})
	})
	if errors.Is(err, errSheetFull) {
		msg := fmt.Sprintf("… %s more messages do not fit in a sheet: see the JSON report or the database", thousands(total-fits))
		ref, _ := excelize.CoordinatesToCellName(1, row+1)
		err = sw.SetRow(ref, []any{excelize.Cell{StyleID: st.section, Value: msg}})
	}
	if err != nil {
		return err
	}
	return sw.Flush()
}

// maxTurnLines caps a Turns row's height, in lines of text; maxTaskLines
// a Tasks row's.
const maxTurnLines, maxTaskLines = 8, 4

// wrappedLines estimates how many lines a text wraps to in the Turns
// sheet's text column, between 1 and maxTurnLines.
func wrappedLines(s string) int {
	return textLines(s, int(turnColumns[len(turnColumns)-1].width), maxTurnLines)
}

// textLines estimates how many lines s takes in a wrapped column of width
// characters, counting at most limit.
func textLines(s string, width, limit int) int {
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		n += wrapCount(line, width)
		if n >= limit {
			return limit
		}
	}
	return max(1, n)
}

// runSheet writes the run's config, packs, counts and failures.
func (r *Report) runSheet(f *excelize.File, st *xlsxStyles) error {
	return writeTable(f, st, sheetRun, runColumns, r.runRows(), 0)
}
