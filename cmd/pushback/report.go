package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench/lifecycle"
)

func newReportCmd() *cobra.Command {
	var db, format, out string
	cmd := &cobra.Command{
		Use:   "report [ID|latest]",
		Short: "Write a stored run's report",
		Long: `Write the report of a stored run (default latest) in one format:

  xlsx  the workbook: Summary (charts), By kind, By pack, By script, Tasks,
        Turns, Run; to -o, default pushback-<id>.xlsx
  csv   one file per sheet into the directory -o, default pushback-<id>-csv/
  json  the pushback.report/v1 document described in the README; to -o or
        standard output
  md    a summary for a pull-request comment or a wiki: the table and the
        five most telling transcripts; to -o or standard output
  html  one self-contained page to open in a browser (no server, no
        network): charts with intervals, the branches by outcome and stance
        with filters and search, every transcript, models side by side; to
        -o, default pushback-<id>.html

The Tasks sheet shows each task's reference, read from the packs the run
recorded; a pack that changed since the run is named and left out.`,
		Example: `  pushback report latest --format xlsx
  pushback report latest --format md > comment.md
  pushback report latest --format html -o run.html
  pushback report 20261128-172334 --format csv -o csv/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref := "latest"
			if len(args) == 1 {
				ref = args[0]
			}
			if err := lifecycle.CheckFormat(format, out); err != nil {
				return err
			}
			rep, err := lifecycle.OpenReport(cmd.Context(), db, ref, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer rep.Close()
			wrote, err := lifecycle.WriteReport(rep, format, out, cmd.OutOrStdout())
			if wrote != "" && err == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", wrote)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&db, "db", "pushback.db", "results database")
	cmd.Flags().StringVar(&format, "format", "json", fmt.Sprintf("report format: %v", lifecycle.Formats))
	cmd.Flags().StringVarP(&out, "output", "o", "",
		"output file, - for standard output (csv: a directory; default: standard output for json and md, pushback-<id>.xlsx or .html, pushback-<id>-csv/)")
	return cmd
}
