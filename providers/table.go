package providers

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteTable writes one row per model, after a line saying where the
// models came from (pushback models). The KEY column names the variable
// and whether it is set; the key itself is never read into the output.
func WriteTable(w io.Writer, ms []ModelConfig, source string, getenv func(string) string) error {
	fmt.Fprintf(w, "models from %s\n\n", source)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tPROVIDER\tMODEL\tKEY\tCONCURRENCY\tRPM\tATTEMPTS\tTIMEOUT\t$IN/MTOK\t$OUT/MTOK\tBATCH")
	missing := 0
	for _, m := range ms {
		key := "not needed"
		if envs := m.KeyEnvs(); len(envs) > 0 {
			env, set := m.KeyStatus(getenv)
			if set {
				key = "$" + env + " set"
			} else {
				key = "$" + strings.Join(envs, " or $") + " NOT SET"
				missing++
			}
		}
		pol := m.Policy().WithDefaults()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", m.Name, m.Provider, m.Model, key,
			concurrencyText(m), orDash(m.RPM, fmt.Sprintf("%g", m.RPM)),
			pol.MaxAttempts, pol.Timeout, orDash(m.Price.InputPerMTok, fmt.Sprintf("%.2f", m.Price.InputPerMTok)),
			orDash(m.Price.OutputPerMTok, fmt.Sprintf("%.2f", m.Price.OutputPerMTok)), batchText(m))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if missing > 0 {
		fmt.Fprintf(w, "\n%d of %d models cannot run until their key variable is set\n", missing, len(ms))
	}
	return nil
}

// concurrencyText is the model's limit on calls in flight: "≤ 32 adaptive"
// (a ceiling the limit grows towards), "8" (fixed) or "-" (none).
func concurrencyText(m ModelConfig) string {
	if m.IsAdaptive() {
		return fmt.Sprintf("≤ %d adaptive", m.Concurrency)
	}
	return orDash(m.Concurrency, fmt.Sprint(m.Concurrency))
}

// batchText says when a model's calls go through its batch API, and at
// what discount: "always, 50% off", "--batch, 50% off" or "-".
func batchText(m ModelConfig) string {
	switch {
	case m.UsesBatch(false):
		return fmt.Sprintf("always, %.0f%% off", 100*m.BatchDiscount())
	case m.UsesBatch(true):
		return fmt.Sprintf("--batch, %.0f%% off", 100*m.BatchDiscount())
	}
	return "-"
}

// orDash returns s, or "-" when v is zero (no limit, no price).
func orDash[T int | float64](v T, s string) string {
	if v == 0 {
		return "-"
	}
	return s
}
