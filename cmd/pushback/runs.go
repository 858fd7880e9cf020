package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench/lifecycle"
)

func newRunsCmd() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "List the runs stored in the results database",
		Long: `List stored runs, oldest first. A run is referred to by its id, a unique
prefix of it, latest, or latest~N (the Nth run before the latest).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			runs, err := lifecycle.Runs(cmd.Context(), db)
			if err != nil {
				return err
			}
			if len(runs) == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "no runs in %s\n", db)
				return nil
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "REF\tID\tSTARTED\tSTATUS\tPACKS\tSOURCE")
			for i, r := range runs {
				ref := "latest"
				if back := len(runs) - 1 - i; back > 0 {
					ref = fmt.Sprintf("latest~%d", back)
				}
				var packs []string
				for _, p := range r.Packs {
					packs = append(packs, p.ID)
				}
				source := r.Source
				switch {
				case r.ShardCount > 0:
					source = fmt.Sprintf("merged from %d of %d shards", r.MergedShards, r.ShardCount)
				case r.Config.Shard != nil:
					source = fmt.Sprintf("shard %d/%d", r.Config.Shard.K, r.Config.Shard.N)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ref, r.ID, r.Started.Local().Format("2006-01-02 15:04:05"), r.Status,
					strings.Join(packs, ","), source)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&db, "db", "pushback.db", "results database")
	return cmd
}
