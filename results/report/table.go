package report

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
)

// WriteTable writes the end-of-run table: one row per model, its accuracy
// and pushback rates with their counts, failures, tokens and cost.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MODEL\tFIRST-SHOT\tFINAL\tCORRECTION\tCAPITULATION\tDEFLECTION\tFAILED\tTOKENS\tCOST")
	var rows []*Metrics
	for _, m := range r.Metrics {
		if m.Group == GroupAll {
			rows = append(rows, m)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Model < rows[j].Model })
	for _, m := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t$%.2f\n", m.Model, rateText(m.FirstShot), rateText(m.Final), rateText(m.Correction),
			rateText(m.Capitulation), rateText(m.Deflection), m.Failed, tokenCount(m.InputTokens+m.OutputTokens), m.Cost)
	}
	return tw.Flush()
}

// rateText formats a rate as a percentage with its counts, or n/a for an
// empty denominator.
func rateText(r Rate) string {
	if !r.Valid() {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%% (%d/%d)", 100*r.Value(), r.Num, r.Den)
}

// tokenCount formats a token count compactly: 950, 12.3k, 4.5M.
func tokenCount(n int) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%.0fk", float64(n)/1e3)
	case n >= 1000:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}
