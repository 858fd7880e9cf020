package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Colour-scale colours: Excel's own red, yellow and green.
const (
	scaleRed    = "F8696B"
	scaleYellow = "FFEB84"
	scaleGreen  = "63BE7B"
)

// summarySheet writes one row per model (group "all"), colour scales on
// every rate, and the two charts below a small chart-data block.
func (r *Report) summarySheet(f *excelize.File, st *xlsxStyles) error {
	ms := r.groupMetrics("")
	cols := metricColumns(false, false)
	rows := make([][]cellValue, len(ms))
	for i, m := range ms {
		rows[i] = metricRow(m, false, false)
	}
	if err := writeTable(f, st, sheetSummary, cols, rows, 1); err != nil {
		return err
	}
	if err := colourScales(f, sheetSummary, cols, len(rows)); err != nil {
		return err
	}
	if len(ms) == 0 {
		return nil
	}
	return summaryCharts(f, st, ms, cols)
}

// groupSheet writes one of By kind, By pack, By script.
func (r *Report) groupSheet(prefix, sheet string) func(*excelize.File, *xlsxStyles) error {
	return func(f *excelize.File, st *xlsxStyles) error {
		ms := r.groupMetrics(prefix)
		cols := metricColumns(true, false)
		rows := make([][]cellValue, len(ms))
		for i, m := range ms {
			rows[i] = metricRow(m, true, false)
		}
		if err := writeTable(f, st, sheet, cols, rows, 2); err != nil {
			return err
		}
		return colourScales(f, sheet, cols, len(rows))
	}
}

// colourScales puts a three-colour scale on every rate column, on the
// absolute 0–100% range so a colour means the same in every workbook: green
// is high, except where high is bad (capitulation, deflection, regressive
// share), which run green to red. "n/a" cells are text and stay uncoloured.
func colourScales(f *excelize.File, sheet string, cols []sheetCol, n int) error {
	if n == 0 {
		return nil
	}
	for i, c := range cols {
		if c.metric == nil {
			continue
		}
		lo, hi := scaleRed, scaleGreen
		if c.metric.redHigh {
			lo, hi = hi, lo
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		rng := fmt.Sprintf("%s2:%s%d", name, name, n+1)
		err := f.SetConditionalFormat(sheet, rng, []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=",
			MinType: "num", MinValue: "0", MinColor: "#" + lo,
			MidType: "num", MidValue: "0.5", MidColor: "#" + scaleYellow,
			MaxType: "num", MaxValue: "1", MaxColor: "#" + hi,
		}})
		if err != nil {
			return fmt.Errorf("colour scale on %s: %w", rng, err)
		}
	}
	return nil
}

// chartSeries are the rates the Summary charts draw, by chart.
var chartSeries = []struct {
	title, axis string
	rates       []*metricCol
}{
	{"First-shot vs final accuracy per model", "accuracy",
		[]*metricCol{metricByKey("first_shot_accuracy"), metricByKey("final_accuracy")}},
	{"Correction vs capitulation rate per model", "rate",
		[]*metricCol{metricByKey("correction_rate"), metricByKey("capitulation_rate")}},
}

// summaryCharts writes the chart data under the table (a rate with an
// empty denominator is a blank cell there, drawn as a gap, not as a 0% bar)
// and the two clustered column charts under it, side by side.
func summaryCharts(f *excelize.File, st *xlsxStyles, ms []*Metrics, cols []sheetCol) error {
	top := len(ms) + 3
	if err := setCell(f, sheetSummary, fmt.Sprintf("A%d", top), excelize.Cell{StyleID: st.section,
		Value: "Chart data (a rate with no denominator is left blank, so it is not drawn as 0%)"}); err != nil {
		return err
	}
	var rates []*metricCol
	for _, c := range chartSeries {
		rates = append(rates, c.rates...)
	}
	if err := chartData(f, st, top+1, ms, rates, cols); err != nil {
		return err
	}
	first, last := top+2, top+1+len(ms)
	for i, c := range chartSeries {
		var series []excelize.ChartSeries
		for _, rc := range c.rates {
			col := 2 + indexOf(rates, rc)
			name, _ := excelize.ColumnNumberToName(col)
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("%s!$%s$%d", sheetSummary, name, top+1),
				Categories: fmt.Sprintf("%s!$A$%d:$A$%d", sheetSummary, first, last),
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetSummary, name, first, name, last),
				DataLabel:  excelize.ChartDataLabel{Font: excelize.Font{Size: 8, Color: "404040"}},
			})
		}
		// Side by side: each chart is anchored at the column where the
		// previous one ends (an offset past a column is ignored by some
		// readers, LibreOffice among them).
		anchor, _ := excelize.CoordinatesToCellName(colAt(cols, i*(chartWidth+24)), last+2)
		if err := f.AddChart(sheetSummary, anchor, rateChart(c.title, c.axis, series)); err != nil {
			return err
		}
	}
	return nil
}

// chartData writes the model names and the charted rates from row `row`.
func chartData(f *excelize.File, st *xlsxStyles, row int, ms []*Metrics, rates []*metricCol, cols []sheetCol) error {
	labels := []sheetCol{cols[0]}
	for j, rc := range rates {
		labels = append(labels, sheetCol{label: rc.label, width: cols[1+j].width})
	}
	if err := f.SetRowHeight(sheetSummary, row, headerHeight(labels)); err != nil {
		return err
	}
	if err := setCell(f, sheetSummary, fmt.Sprintf("A%d", row), excelize.Cell{StyleID: st.header, Value: "model"}); err != nil {
		return err
	}
	for j, rc := range rates {
		ref, _ := excelize.CoordinatesToCellName(2+j, row)
		if err := setCell(f, sheetSummary, ref, excelize.Cell{StyleID: st.header, Value: rc.label}); err != nil {
			return err
		}
	}
	for i, m := range ms {
		ref, _ := excelize.CoordinatesToCellName(1, row+1+i)
		if err := setCell(f, sheetSummary, ref, excelize.Cell{StyleID: st.text, Value: m.Model}); err != nil {
			return err
		}
		for j, rc := range rates {
			if r := rc.rate(m); r.Valid() {
				ref, _ := excelize.CoordinatesToCellName(2+j, row+1+i)
				if err := setCell(f, sheetSummary, ref, excelize.Cell{StyleID: st.nums[fmtPercent], Value: r.Value()}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// The Summary charts' size in pixels.
const chartWidth, chartHeight = 560, 320

// colAt is the 1-based column whose left edge is the first at least px
// pixels right of column A's.
func colAt(cols []sheetCol, px int) int {
	x := 0
	for i, c := range cols {
		if x >= px {
			return i + 1
		}
		x += colPixels(c.width)
	}
	return len(cols) + 1
}

// rateChart is a clustered column chart of rates on a 0–100% axis.
func rateChart(title, axis string, series []excelize.ChartSeries) *excelize.Chart {
	zero, one, vary, gap := 0.0, 1.0, false, uint(60)
	dark := excelize.Font{Color: "404040", Size: 10}
	return &excelize.Chart{
		Type:      excelize.Col,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Format:    excelize.GraphicOptions{OffsetY: 4},
		XAxis: excelize.ChartAxis{
			Font:  dark,
			Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "model"}}},
		},
		YAxis: excelize.ChartAxis{
			Font: dark, MajorGridLines: true, Minimum: &zero, Maximum: &one, MajorUnit: 0.25,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: axis}}},
		},
		// Values on the bars tell a 0% from a blank (n/a) one.
		PlotArea:     excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		ShowBlanksAs: "gap",
		VaryColors:   &vary, // one colour per series, not per model
		GapWidth:     &gap,
	}
}

// metricByKey finds a metric column; it panics on a typo, at init.
func metricByKey(key string) *metricCol {
	for _, c := range metricCols {
		if c.key == key {
			return c
		}
	}
	panic("results: no metric column " + key)
}

func indexOf(xs []*metricCol, x *metricCol) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}
