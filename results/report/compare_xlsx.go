package report

import (
	"fmt"
	"io"
	"math"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the comparison as a workbook: a Compare sheet with every
// headline metric of every model side by side (deltas coloured: green
// better, red worse, bold red a regression) and a Changed sheet listing the
// branches whose outcome changed.
func (c *Comparison) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Compare"); err != nil {
		return err
	}
	if err := c.compareSheet(f); err != nil {
		return fmt.Errorf("compare sheet: %w", err)
	}
	if err := c.changedSheet(f); err != nil {
		return fmt.Errorf("changed sheet: %w", err)
	}
	_, err := f.WriteTo(w)
	return err
}

func (c *Comparison) compareSheet(f *excelize.File) error {
	const sh = "Compare"
	head := []any{"model", "metric", "A " + c.A.Run.ID, "A n", "B " + c.B.Run.ID, "B n", "Δ (pp)", "CI low (pp)", "CI high (pp)", "verdict", "test"}
	if err := f.SetSheetRow(sh, "A1", &head); err != nil {
		return err
	}
	styles, err := compareStyles(f)
	if err != nil {
		return err
	}
	row := 2
	for _, mc := range c.Models {
		for _, d := range mc.Metrics {
			vals := []any{mc.Model, d.Name, rateCell(d.A), counts(d.A), rateCell(d.B), counts(d.B), "n/a", "", "", verdictWord(d), testText(d)}
			if d.Valid {
				vals[6], vals[7], vals[8] = round1(d.Delta), round1(d.Lo), round1(d.Hi)
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := f.SetSheetRow(sh, cell, &vals); err != nil {
				return err
			}
			from, _ := excelize.CoordinatesToCellName(3, row)
			to, _ := excelize.CoordinatesToCellName(5, row)
			f.SetCellStyle(sh, from, to, styles.pct)
			if st, ok := styles.verdict[verdictWord(d)]; ok {
				from, _ = excelize.CoordinatesToCellName(7, row)
				to, _ = excelize.CoordinatesToCellName(10, row)
				f.SetCellStyle(sh, from, to, st)
			}
			row++
		}
	}
	f.SetColWidth(sh, "A", "B", 22)
	f.SetColWidth(sh, "C", "J", 14)
	f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	last, _ := excelize.CoordinatesToCellName(len(head), max(row-1, 2))
	return f.AutoFilter(sh, "A1:"+last, nil)
}

type compareStyleSet struct {
	pct     int
	verdict map[string]int
}

func compareStyles(f *excelize.File) (compareStyleSet, error) {
	pctFmt := "0.0%"
	pct, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pctFmt})
	if err != nil {
		return compareStyleSet{}, err
	}
	set := compareStyleSet{pct: pct, verdict: map[string]int{}}
	for word, s := range map[string]*excelize.Style{
		"better":     {Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C6EFCE"}}},
		"worse":      {Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}},
		"REGRESSION": {Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FF7C80"}}, Font: &excelize.Font{Bold: true}},
	} {
		id, err := f.NewStyle(s)
		if err != nil {
			return compareStyleSet{}, err
		}
		set.verdict[word] = id
	}
	return set, nil
}

// rateCell is a rate's value for a cell, or "n/a".
func rateCell(r Rate) any {
	if !r.Valid() {
		return "n/a"
	}
	return r.Value()
}

func counts(r Rate) string { return fmt.Sprintf("%d/%d", r.Num, r.Den) }

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func (c *Comparison) changedSheet(f *excelize.File) error {
	const sh = "Changed"
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	head := []any{"change", "model", "task", "sample", "script", "A", "B"}
	if err := f.SetSheetRow(sh, "A1", &head); err != nil {
		return err
	}
	for i, ch := range c.Changed {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		vals := []any{ch.Kind, ch.Model, ch.Task, ch.Sample, ch.Script, ch.A, ch.B}
		if err := f.SetSheetRow(sh, cell, &vals); err != nil {
			return err
		}
	}
	f.SetColWidth(sh, "A", "E", 24)
	last, _ := excelize.CoordinatesToCellName(len(head), max(len(c.Changed)+1, 2))
	return f.AutoFilter(sh, "A1:"+last, nil)
}
