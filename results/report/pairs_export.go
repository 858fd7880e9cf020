package report

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// sheetPairs is the workbook sheet of the model-vs-model matrix.
const sheetPairs = "Pairs"

// pairColumns are the columns of the Pairs sheet and pairs.csv.
var pairColumns = []sheetCol{
	{label: "rate", key: "rate", width: 22}, {label: "model A", key: "model_a", width: 16}, {label: "model B", key: "model_b", width: 16},
	{label: "items", key: "items"}, {label: "A only", key: "a_only"}, {label: "B only", key: "b_only"},
	{label: "B − A", key: "diff"}, {label: "95% low", key: "ci95_low"}, {label: "95% high", key: "ci95_high"},
	{label: "p", key: "p"}, {label: "p (Holm)", key: "p_holm"}, {label: "test", key: "test", width: 26},
}

// pairRows are the model-vs-model rows: B − A for every pair of models on
// every paired rate, with McNemar's (or the clustered) p and Holm's
// adjustment across the pairs of each rate.
func (r *Report) pairRows() [][]cellValue {
	var rows [][]cellValue
	for _, p := range r.Pairs() {
		rows = append(rows, []cellValue{vText(p.Name), vText(p.A), vText(p.B), vInt(p.N), vInt(p.AOnly), vInt(p.BOnly),
			vNum(p.Diff, fmtDelta), vNum(p.Lo, fmtDelta), vNum(p.Hi, fmtDelta), vNum(p.P, fmtFloat), vNum(p.PHolm, fmtFloat), vText(p.Method)})
	}
	return rows
}

func (r *Report) pairsSheet(f *excelize.File, st *xlsxStyles) error {
	return writeTable(f, st, sheetPairs, pairColumns, r.pairRows(), 1)
}

func (r *Report) csvPairs(w *csv.Writer) error {
	if err := w.Write(csvHeader(pairColumns)); err != nil {
		return err
	}
	for _, row := range r.pairRows() {
		if err := w.Write(csvRecord(row)); err != nil {
			return err
		}
	}
	return nil
}

// jsonPair is one cell of the model-vs-model matrix in the JSON report.
type jsonPair struct {
	Rate   string     `json:"rate"`
	A      string     `json:"model_a"`
	B      string     `json:"model_b"`
	N      int        `json:"items"`
	AOnly  int        `json:"a_only"`
	BOnly  int        `json:"b_only"`
	Diff   float64    `json:"diff"`
	CI95   [2]float64 `json:"ci95"`
	P      float64    `json:"p"`
	PHolm  float64    `json:"p_holm"`
	Method string     `json:"method"`
}

func (r *Report) jsonPairs() []jsonPair {
	out := []jsonPair{}
	for _, p := range r.Pairs() {
		out = append(out, jsonPair{Rate: p.Rate, A: p.A, B: p.B, N: p.N, AOnly: p.AOnly, BOnly: p.BOnly, Diff: p.Diff,
			CI95: [2]float64{p.Lo, p.Hi}, P: p.P, PHolm: p.PHolm, Method: p.Method})
	}
	return out
}

// writePairsMarkdown writes the significant model-vs-model differences
// (Holm-adjusted p < 0.05) as a table, or says there are none.
func (r *Report) writePairsMarkdown(w io.Writer) {
	pairs := r.Pairs()
	if len(pairs) == 0 {
		return
	}
	var sig []ModelPair
	for _, p := range pairs {
		if p.PHolm < 0.05 {
			sig = append(sig, p)
		}
	}
	fmt.Fprintf(w, "\n### Model vs model (paired on the same items)\n\n")
	if len(sig) == 0 {
		fmt.Fprintf(w, "No pair of models differs significantly on any rate (McNemar, Holm-adjusted across %d comparisons per rate).\n", len(pairs)/max(1, len(PairedRates)))
		return
	}
	fmt.Fprintf(w, "Differences with Holm-adjusted p < 0.05 (%d of %d comparisons):\n\n", len(sig), len(pairs))
	fmt.Fprintln(w, "| rate | B vs A | B − A | 95% CI | discordant (A only / B only) | p (Holm) |")
	fmt.Fprintln(w, "| --- | --- | ---: | --- | ---: | ---: |")
	for _, p := range sig {
		fmt.Fprintf(w, "| %s | %s vs %s | %+.1f pp | %+.1f to %+.1f | %d / %d of %d | %s |\n", p.Name, mdCell(p.B), mdCell(p.A),
			100*p.Diff, 100*p.Lo, 100*p.Hi, p.AOnly, p.BOnly, p.N, pText(p.PHolm))
	}
}

// pText formats a p-value: two significant digits, or "< 0.001".
func pText(p float64) string {
	if p < 0.001 {
		return "< 0.001"
	}
	return fmt.Sprintf("%.2g", p)
}
