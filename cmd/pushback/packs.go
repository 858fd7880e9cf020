package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/tasks"
)

func newPacksCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "packs [PACK...]",
		Short: "List task packs: tasks by kind, scripts, source",
		Long: `List the built-in task packs (or the packs named by id, file or directory)
with their number of tasks of each kind, their scripts and their source.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			packs, err := tasks.Load(args...)
			if err != nil {
				return err
			}
			return tasks.WriteList(cmd.OutOrStdout(), packs)
		},
	}
}

func newPackCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pack",
		Short: "Work with task pack files: validate, init",
	}
	cmd.AddCommand(newPackValidateCmd(), newPackInitCmd())
	return cmd
}

func newPackValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Check pack files and report every problem with file:line:col",
		Long: `Validate pack files, directories of packs or built-in pack ids (all built-in
packs when none is given). Prints one line per valid pack; on any problem
prints every error of every file as file:line:col: message and exits 2.`,
		Example: `  pushback pack validate tasks/packs/hw10.yaml
  pushback pack validate my-packs/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = tasks.BuiltinIDs()
			}
			var all tasks.ErrorList
			var ok []*tasks.Pack
			for _, a := range args {
				packs, err := tasks.LoadChecked(a)
				var el tasks.ErrorList
				switch {
				case errors.As(err, &el):
					all = append(all, el...)
				case err != nil:
					return err
				}
				ok = append(ok, packs...)
			}
			for _, p := range ok {
				fmt.Fprintln(cmd.OutOrStdout(), p.Summary())
			}
			if len(all) > 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), all.Error())
				return &exitError{code: exitUsage, err: fmt.Errorf("%d problem(s) found", len(all))}
			}
			return nil
		},
	}
}

func newPackInitCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "init DIR",
		Short: "Write a commented example pack into DIR",
		Long: `Write DIR/<name>.yaml, a commented example pack that validates, to start a
pack of your own from. The pack id is made from the directory name. Refuses to
overwrite an existing file.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file, err := tasks.InitPack(args[0])
			if err != nil {
				return usagef("pack init: %v", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\ncheck it with: pushback pack validate %s\n", file, file)
			return nil
		},
	}
}
