package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench/lifecycle"
)

func newMergeCmd() *cobra.Command {
	var db, out string
	var allowPartial bool
	cmd := &cobra.Command{
		Use:   "merge SHARD.db... --db RUN.db",
		Short: "Combine the shards of a run (run --shard K/N) into one run",
		Long: `Merge the runs of shard databases — each made by pushback run --shard K/N,
on a CI matrix, a Kubernetes Indexed Job or a Slurm array — into one run of
--db, whose reports equal the run's unsharded: the same trials, turns,
grades and metrics. The reports are written to --out.

The shards must agree on everything but K and their limits (concurrency,
rpm): the models, packs and their content, tasks, scripts, samples, judge
and pushback version. Merge refuses shards of different runs (exit 2,
naming what differs). Merging is idempotent: a shard already merged into
--db is skipped with a note, so the merge job can run again as shards
arrive. While a shard is missing or did not finish, the run is marked
incomplete and merge exits 1, unless --allow-partial.

Exit codes: 0 merged (every shard, or --allow-partial), 1 shards missing or
unfinished, 2 bad input (not a shard, shards of different runs).`,
		Example: `  pushback merge shard-1.db shard-2.db shard-3.db --db run.db
  pushback merge shards/*.db --db nightly.db --out reports/
  pushback merge shard-1.db shard-2.db --db run.db --allow-partial`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if db == "" {
				return usagef("--db must name the database the merged run is written to")
			}
			res, err := lifecycle.Merge(cmd.Context(), args, lifecycle.MergeOptions{DB: db, Version: version, Log: cmd.ErrOrStderr()})
			if err != nil {
				return err
			}
			defer res.Report.Close()
			stdout := cmd.OutOrStdout()
			if err := res.Report.WriteTable(stdout); err != nil {
				return err
			}
			if out != "" {
				if err := lifecycle.WriteReportsSaying(stdout, res.Report, out); err != nil {
					return err
				}
			}
			fmt.Fprintf(stdout, "\nrun %s · %s · shards merged now %s, already merged %s · database %s\n", res.Run.ID, res.Run.Status, orNone(res.Merged), orNone(res.Skipped), res.DB)
			if !res.Complete() {
				msg := fmt.Errorf("run %s is incomplete: shards missing %v, unfinished %v (merge them when they finish; --allow-partial accepts the run as it is)",
					res.Run.ID, orNone(res.Missing), orNone(res.Unfinished))
				if allowPartial {
					fmt.Fprintf(cmd.ErrOrStderr(), "pushback: %v\n", msg)
					return nil
				}
				return &exitError{code: exitFailed, err: msg}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&db, "db", "", "the database the merged run is written to (created if needed)")
	fl.StringVar(&out, "out", "pushback-out", "directory for the merged run's reports (empty: none)")
	fl.BoolVar(&allowPartial, "allow-partial", false, "exit 0 even when shards are missing or unfinished (the run stays marked incomplete)")
	return cmd
}

// orNone prints a list of shard numbers, or "none".
func orNone(ks []int) string {
	if len(ks) == 0 {
		return "none"
	}
	return fmt.Sprint(ks)
}
