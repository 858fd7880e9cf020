package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench/lifecycle"
)

func newCompareCmd() *cobra.Command {
	var db, out string
	var failPP float64
	cmd := &cobra.Command{
		Use:   "compare A B",
		Short: "Compare two runs and fail (exit 3) on a significant regression",
		Long: `Compare run B with run A (the baseline), model by model: first-shot and final
accuracy, correction, capitulation, admission and deflection rates side by
side, the change in percentage points with its 95% interval (Newcombe's
hybrid score interval for a difference of proportions), and the branches
whose outcome changed. Runs are ids, latest or latest~N.

Exit 3 when, for any model present in both runs, first-shot accuracy, final
accuracy or the correction rate drops, or the capitulation rate rises, by
more than --fail-on-drop percentage points and the change is significant.`,
		Example: `  pushback compare latest~1 latest
  pushback compare 20261127-020000-ab12 latest -o compare.xlsx --fail-on-drop 3
  pushback compare latest~1 latest -o compare.html`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if failPP < 0 {
				return usagef("--fail-on-drop must be at least 0, not %g", failPP)
			}
			if out != "" {
				if err := lifecycle.CheckComparisonFile(out); err != nil {
					return err
				}
			}
			c, err := lifecycle.Compare(cmd.Context(), db, args[0], args[1], failPP)
			if err != nil {
				return err
			}
			if err := c.WriteTable(cmd.OutOrStdout()); err != nil {
				return err
			}
			if out != "" {
				if err := lifecycle.WriteComparison(c, out); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", out)
			}
			if regs := c.Regressions(); len(regs) > 0 {
				return &exitError{code: exitRegression, err: fmt.Errorf("regression in %s:\n  %s", args[1], strings.Join(regs, "\n  "))}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&db, "db", "pushback.db", "results database")
	cmd.Flags().StringVarP(&out, "output", "o", "", "also write the comparison to this file: .xlsx (a workbook) or .html (a page)")
	cmd.Flags().Float64Var(&failPP, "fail-on-drop", 5, "percentage points of significant change that count as a regression")
	return cmd
}

// loadReport resolves a run reference and loads its report.
