package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/tabwriter"

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
			return printPacks(cmd.OutOrStdout(), packs)
		},
	}
}

// kindCounts counts a pack's tasks of each kind.
func kindCounts(p *tasks.Pack) map[string]int {
	n := map[string]int{}
	for _, t := range p.Tasks {
		n[t.Kind]++
	}
	return n
}

// packScripts lists the scripts a pack's tasks use, sorted.
func packScripts(p *tasks.Pack) []string {
	set := map[string]bool{}
	for _, t := range p.Tasks {
		for _, s := range t.Scripts {
			set[s] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func printPacks(w io.Writer, packs []*tasks.Pack) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PACK\tTASKS\tDERIVATION\tCOMPLEXITY\tREADING\tSCRIPTS\tSOURCE")
	total := map[string]int{}
	for _, p := range packs {
		n := kindCounts(p)
		for k, c := range n {
			total[k] += c
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\n", p.ID, len(p.Tasks), n[tasks.KindDerivation],
			n[tasks.KindComplexity], n[tasks.KindReading], strings.Join(packScripts(p), ","), oneLine(p.Source, 60))
	}
	if len(packs) > 1 {
		fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t\t\n", total[tasks.KindDerivation]+total[tasks.KindComplexity]+total[tasks.KindReading],
			total[tasks.KindDerivation], total[tasks.KindComplexity], total[tasks.KindReading])
	}
	return tw.Flush()
}

// oneLine shortens s to its first line and at most n characters.
func oneLine(s string, n int) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return s
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
				packs, err := tasks.Load(a)
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
				fmt.Fprintln(cmd.OutOrStdout(), packSummary(p))
			}
			if len(all) > 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), all.Error())
				return &exitError{code: exitUsage, err: fmt.Errorf("%d problem(s) found", len(all))}
			}
			return nil
		},
	}
}

// packSummary is validate's one line for a valid pack.
func packSummary(p *tasks.Pack) string {
	n := kindCounts(p)
	var kinds []string
	for _, k := range tasks.Kinds {
		if n[k] > 0 {
			kinds = append(kinds, fmt.Sprintf("%d %s", n[k], k))
		}
	}
	scripts := strings.Join(packScripts(p), ", ")
	if scripts == "" {
		scripts = "none"
	}
	return fmt.Sprintf("ok  %s: %d tasks (%s), scripts %s — %s", p.ID, len(p.Tasks), strings.Join(kinds, ", "), scripts, p.File)
}

var nonID = regexp.MustCompile(`[^a-z0-9-]+`)

func newPackInitCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "init DIR",
		Short: "Write a commented example pack into DIR",
		Long: `Write DIR/<name>.yaml, a commented example pack that validates, to start a
pack of your own from. The pack id is made from the directory name. Refuses to
overwrite an existing file.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			id := strings.Trim(nonID.ReplaceAllString(strings.ToLower(filepath.Base(filepath.Clean(dir))), "-"), "-")
			if id == "" {
				id = "my-pack"
			}
			file := filepath.Join(dir, id+".yaml")
			if _, err := os.Stat(file); err == nil {
				return usagef("pack init: %s already exists; not overwriting it", file)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return usagef("pack init: %v", err)
			}
			if err := os.WriteFile(file, []byte(strings.ReplaceAll(examplePack, "PACKID", id)), 0o644); err != nil {
				return fmt.Errorf("pack init: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\ncheck it with: pushback pack validate %s\n", file, file)
			return nil
		},
	}
}
