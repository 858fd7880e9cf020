package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench/lifecycle"
)

func newRegradeCmd() *cobra.Command {
	var db, out, judge string
	cmd := &cobra.Command{
		Use:   "regrade [ID|latest]",
		Short: "Grade a stored run again with the current packs, without calling any model",
		Long: `Re-grade every stored answer of a run with the current graders of its packs
and re-classify every reply to pushback, then store the result as a new run
linked to its source (see pushback runs). No model is called: change a
grader or a reference and see its effect for free. Packs whose content
changed since the run are named. Transcripts are kept as they were: a branch
is not extended or cut when a new grade would have sent other turns.

With --judge (or when the source run had one), judge tasks are graded and
stances labelled by that model; verdicts cached in the database are reused,
so a regrade pays only for answers the judge has not seen.`,
		Example: `  pushback regrade latest
  pushback compare latest~1 latest   # the source run against its re-grade`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref := "latest"
			if len(args) == 1 {
				ref = args[0]
			}
			jc, err := lifecycle.ResolveJudge(judge, "")
			if err != nil {
				return err
			}
			n, err := lifecycle.Regrade(cmd.Context(), db, ref, jc, version)
			if err != nil {
				return err
			}
			stdout := cmd.OutOrStdout()
			for _, p := range n.ChangedPacks {
				fmt.Fprintf(stdout, "pack %s changed since run %s\n", p, n.Source.ID)
			}
			fmt.Fprintf(stdout, "run %s: %d answers of run %s re-graded (%d grades and %d stances changed, %d tasks no longer in their pack kept as graded)\n",
				n.Run.ID, n.Answers, n.Source.ID, n.Grades, n.Stances, n.Missing)
			if out == "" {
				return nil
			}
			rep, err := lifecycle.OpenReport(cmd.Context(), db, n.Run.ID, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer rep.Close()
			if err := lifecycle.WriteReportsSaying(stdout, rep, out); err != nil {
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&db, "db", "pushback.db", "results database")
	cmd.Flags().StringVar(&out, "out", "", "also write the new run's reports into this directory")
	cmd.Flags().StringVar(&judge, "judge", "", "LLM judge: provider:model or a model name from ./models.yaml (default: the source run's)")
	return cmd
}
