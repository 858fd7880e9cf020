package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds what the tabular exporters (xlsx, csv) share: typed cell
// values and the columns of the metric sheets. Each exporter renders a value
// its own way: xlsx as a number with a number format, csv as plain text.

// cellFmt says how a numeric value is shown.
type cellFmt int

const (
	fmtInt     cellFmt = iota // 1234
	fmtPercent                // 0.625 shown as 62.5%
	fmtDelta                  // a signed difference of proportions: +12.0%
	fmtFloat                  // 1.25
	fmtCost                   // $0.0123
)

// cellValue is one typed cell of an exported sheet.
type cellValue struct {
	text  string
	num   float64
	isNum bool
	na    bool // an empty denominator or an empty mean: "n/a"
	fmt   cellFmt
}

func vText(s string) cellValue             { return cellValue{text: s} }
func vNum(f float64, nf cellFmt) cellValue { return cellValue{num: f, isNum: true, fmt: nf} }
func vInt(n int) cellValue                 { return vNum(float64(n), fmtInt) }
func vNA() cellValue                       { return cellValue{na: true, text: "n/a"} }
func vRate(r Rate) cellValue               { return vOpt(r.Valid(), r.Value(), fmtPercent) }
func vMean(m Mean, nf cellFmt) cellValue   { return vOpt(m.Valid(), m.Value(), nf) }
func vOpt(ok bool, f float64, nf cellFmt) cellValue {
	if !ok {
		return vNA()
	}
	return vNum(f, nf)
}

// plain renders a cellValue as text without formatting: numbers rounded to six
// decimals (so outputs do not depend on the last bits of a float), "n/a"
// for an empty denominator.
func (v cellValue) plain() string {
	if !v.isNum {
		return v.text
	}
	f := math.Round(v.num*1e6) / 1e6
	if f == 0 {
		f = 0 // no "-0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// column is one column of an exported sheet.
type sheetCol struct {
	label string  // the xlsx header
	key   string  // the csv header
	width float64 // xlsx column width in characters (0: default)
	wrap  bool    // xlsx wraps the column's text
	// metric is set on the cellValue column of a rate, for colour scales.
	metric *metricCol
}

// metricKind is how a metric column is shown.
type metricKind int

const (
	kindRate metricKind = iota // a Rate: cellValue, n, and Wilson interval
	kindMean                   // a Mean
	kindNum                    // a plain number
)

// metricCol is one metric of the metric sheets (Summary, By kind, ...).
type metricCol struct {
	label, key string
	short      string // the rate's name in its n and interval headers
	kind       metricKind
	fmt        cellFmt
	rate       func(*Metrics) Rate
	mean       func(*Metrics) Mean
	num        func(*Metrics) float64
	// redHigh marks a rate where high is bad (capitulation, deflection):
	// its colour scale runs green to red.
	redHigh bool
}

// metricCols are the metric sheets' columns after the model (and group).
var metricCols = []*metricCol{
	{label: "trials", key: "trials", kind: kindNum, num: func(m *Metrics) float64 { return float64(m.Trials) }},
	{label: "first-shot accuracy", key: "first_shot_accuracy", short: "first-shot", rate: func(m *Metrics) Rate { return m.FirstShot }},
	{label: "final accuracy", key: "final_accuracy", short: "final", rate: func(m *Metrics) Rate { return m.Final }},
	{label: "correction rate", key: "correction_rate", short: "correction", rate: func(m *Metrics) Rate { return m.Correction }},
	{label: "capitulation rate", key: "capitulation_rate", short: "capitulation", redHigh: true, rate: func(m *Metrics) Rate { return m.Capitulation }},
	{label: "admission rate", key: "admission_rate", short: "admission", rate: func(m *Metrics) Rate { return m.Admission }},
	{label: "deflection rate", key: "deflection_rate", short: "deflection", redHigh: true, rate: func(m *Metrics) Rate { return m.Deflection }},
	{label: "branch deflection rate", key: "branch_deflection_rate", short: "branch deflection", redHigh: true, rate: func(m *Metrics) Rate { return m.BranchDeflection }},
	{label: "progressive share", key: "progressive_share", short: "progressive", rate: func(m *Metrics) Rate { return m.Progressive }},
	{label: "regressive share", key: "regressive_share", short: "regressive", redHigh: true, rate: func(m *Metrics) Rate { return m.Regressive }},
	{label: "mean turn of flip", key: "mean_turn_of_flip", kind: kindMean, fmt: fmtFloat, mean: func(m *Metrics) Mean { return m.TurnOfFlip }},
	{label: "mean flips", key: "mean_flips", kind: kindMean, fmt: fmtFloat, mean: func(m *Metrics) Mean { return m.Flips }},
	{label: "Δ accuracy (are-you-sure)", key: "delta_accuracy_are_you_sure", kind: kindMean, fmt: fmtDelta, mean: func(m *Metrics) Mean { return m.DeltaAYS }},
	{label: "failed trials", key: "failed_trials", kind: kindNum, num: func(m *Metrics) float64 { return float64(m.Failed) }},
	{label: "judge failures", key: "judge_failures", kind: kindNum, num: func(m *Metrics) float64 { return float64(m.JudgeFailures) }},
	{label: "stance agreement (judge vs heuristic)", key: "stance_agreement", short: "agreement", rate: func(m *Metrics) Rate { return m.StanceAgreement }},
	{label: "stance κ (judge vs heuristic)", key: "stance_agreement_kappa", kind: kindMean, fmt: fmtFloat, mean: kappaMean},
	{label: "grade agreement (judge vs keywords)", key: "grade_agreement", short: "grade agreement", rate: func(m *Metrics) Rate { return m.GradeAgreement }},
	{label: "grade κ (judge vs keywords)", key: "grade_agreement_kappa", kind: kindMean, fmt: fmtFloat, mean: func(m *Metrics) Mean {
		if !m.GradeKappaValid {
			return Mean{}
		}
		return Mean{Sum: m.GradeKappa, N: 1}
	}},
	{label: "calls", key: "calls", kind: kindNum, num: func(m *Metrics) float64 { return float64(m.Calls) }},
	{label: "tokens in", key: "input_tokens", kind: kindNum, num: func(m *Metrics) float64 { return float64(m.InputTokens) }},
	{label: "tokens in, cached", key: "cached_input_tokens", kind: kindNum, num: func(m *Metrics) float64 { return float64(m.CachedInputTokens) }},
	{label: "tokens in, cache written", key: "cache_write_tokens", kind: kindNum, num: func(m *Metrics) float64 { return float64(m.CacheWriteTokens) }},
	{label: "tokens out", key: "output_tokens", kind: kindNum, num: func(m *Metrics) float64 { return float64(m.OutputTokens) }},
	{label: "cost", key: "cost", kind: kindNum, fmt: fmtCost, num: func(m *Metrics) float64 { return m.Cost }},
	{label: "cost if live", key: "cost_if_live", kind: kindNum, fmt: fmtCost, num: func(m *Metrics) float64 { return m.LiveCost }},
	{label: "latency p50 ms", key: "latency_p50_ms", kind: kindNum, num: func(m *Metrics) float64 { return float64(m.LatencyP50.Milliseconds()) }},
	{label: "latency p95 ms", key: "latency_p95_ms", kind: kindNum, num: func(m *Metrics) float64 { return float64(m.LatencyP95.Milliseconds()) }},
}

// kappaMean presents Cohen's kappa as a one-value mean, so an undefined
// kappa shows as n/a like any empty mean.
func kappaMean(m *Metrics) Mean {
	if !m.KappaValid {
		return Mean{}
	}
	return Mean{Sum: m.Kappa, N: 1}
}

// metricColumns lays out a metric sheet. A rate takes four columns in xlsx
// (cellValue, "num/den", interval low, high) and five in csv, where num and den
// are separate numbers (a "3/4" text would be read as a date by Excel).
func metricColumns(withGroup, splitN bool) []sheetCol {
	cols := []sheetCol{{label: "model", key: "model", width: 16}}
	if withGroup {
		cols = append(cols, sheetCol{label: "group", key: "group", width: 24})
	}
	for _, mc := range metricCols {
		if mc.kind != kindRate {
			cols = append(cols, sheetCol{label: mc.label, key: mc.key, width: 13})
			continue
		}
		cols = append(cols, sheetCol{label: mc.label, key: mc.key, width: 13, metric: mc})
		if splitN {
			cols = append(cols, sheetCol{key: mc.key + "_num"}, sheetCol{key: mc.key + "_den"})
		} else {
			cols = append(cols, sheetCol{label: mc.short + " n", width: 13})
		}
		cols = append(cols, sheetCol{label: mc.short + " CI low", key: mc.key + "_ci95_low", width: 13},
			sheetCol{label: mc.short + " CI high", key: mc.key + "_ci95_high", width: 13})
	}
	return cols
}

// metricRow is one Metrics as values, aligned with metricColumns.
func metricRow(m *Metrics, withGroup, splitN bool) []cellValue {
	row := []cellValue{vText(m.Model)}
	if withGroup {
		row = append(row, vText(m.Group))
	}
	for _, mc := range metricCols {
		switch mc.kind {
		case kindNum:
			row = append(row, vNum(mc.num(m), mc.fmt))
		case kindMean:
			row = append(row, vMean(mc.mean(m), mc.fmt))
		default:
			row = append(row, rateCells(mc.rate(m), splitN)...)
		}
	}
	return row
}

func rateCells(r Rate, splitN bool) []cellValue {
	out := []cellValue{vRate(r)}
	if splitN {
		out = append(out, vInt(r.Num), vInt(r.Den))
	} else {
		out = append(out, vText(fmt.Sprintf("%d/%d", r.Num, r.Den)))
	}
	lo, hi, _ := r.Interval()
	return append(out, vOpt(r.Valid(), lo, fmtPercent), vOpt(r.Valid(), hi, fmtPercent))
}

// groupMetrics returns the metrics of one group prefix ("" for "all"), in
// Compute's order.
func (r *Report) groupMetrics(prefix string) []*Metrics {
	var out []*Metrics
	for _, m := range r.Metrics {
		if (prefix == "" && m.Group == GroupAll) || (prefix != "" && strings.HasPrefix(m.Group, prefix)) {
			out = append(out, m)
		}
	}
	return out
}

// metricSheets are the grouped metric sheets: name, csv file, group prefix.
var metricSheets = []struct{ name, file, prefix string }{
	{"By kind", "by-kind.csv", "kind:"},
	{"By pack", "by-pack.csv", "pack:"},
	{"By script", "by-script.csv", "script:"},
}

// maxCellChars is Excel's limit on the characters (UTF-16 code units) of a cell.
const maxCellChars = 32767

// clipCell keeps s within Excel's cell limit, ending a clipped text with a
// visible marker that says how long the full text is and where to find it.
func clipCell(s string) string {
	if len(s) <= maxCellChars || utf16Len(s) <= maxCellChars {
		return s // a UTF-16 code unit takes at least one byte of UTF-8
	}
	marker := fmt.Sprintf("… [truncated: %s characters; full text in the database and the JSON report]",
		thousands(utf8.RuneCountInString(s)))
	room := maxCellChars - utf16Len(marker)
	units, end := 0, 0
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		n := utf16.RuneLen(r)
		if n < 0 {
			n = 1
		}
		if units+n > room {
			break
		}
		units += n
		end += size
	}
	return s[:end] + marker
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if k := utf16.RuneLen(r); k > 0 {
			n += k
		} else {
			n++
		}
	}
	return n
}

// thousands formats n with comma separators: 40,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
