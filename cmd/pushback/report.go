package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/results"
)

// reportFormats are the formats `pushback report` writes.
var reportFormats = []string{"json"}

func newReportCmd() *cobra.Command {
	var db, format, out string
	cmd := &cobra.Command{
		Use:   "report [ID|latest]",
		Short: "Write a stored run's report",
		Long: `Write the report of a stored run (default latest) in one format to -o, or to
standard output. json is the pushback.report/v1 document described in the README.`,
		Example: `  pushback report latest --format json -o run.json`,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref := "latest"
			if len(args) == 1 {
				ref = args[0]
			}
			if !slices.Contains(reportFormats, format) {
				return usagef("--format must be one of %v, not %q", reportFormats, format)
			}
			store, err := results.OpenExisting(db)
			if err != nil {
				return usageErr(err)
			}
			defer store.Close()
			run, err := store.Resolve(cmd.Context(), ref)
			if err != nil {
				return usageErr(err)
			}
			rep, err := results.LoadReport(cmd.Context(), store, run)
			if err != nil {
				return err
			}
			write := rep.WriteJSON
			if out == "" || out == "-" {
				return write(cmd.OutOrStdout())
			}
			if err := writeFileAtomic(out, write); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVar(&db, "db", "pushback.db", "results database")
	cmd.Flags().StringVar(&format, "format", "json", fmt.Sprintf("report format: %v", reportFormats))
	cmd.Flags().StringVarP(&out, "output", "o", "", "output file (default standard output)")
	return cmd
}
