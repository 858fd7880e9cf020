package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench/lifecycle"
	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

func newGradeCmd() *cobra.Command {
	var packRef, taskID, answer, answerFile, judgeFlag, config string
	var explain bool
	cmd := &cobra.Command{
		Use:   "grade --pack P --task T (--answer TEXT | --answer-file F)",
		Short: "Grade one answer against a task's grader and print the verdict as JSON",
		Long: `Grade an answer with a task's grader, without calling any model. The verdict
is printed as JSON: {"grade", "score", "extracted", "reason", "hedged",
"candidates"}. The candidates are the answers the grader considered, in reply
order, each with its cue (boxed, final answer, answer statement, total, opening,
conclusion, bold, display equation, in the reply), its role (own, alternative,
endorsed, remark, compared, attributed, rejected, quoted) and its grade; the
committed answer is marked "chosen". A reply that commits to two answers that
grade differently is incorrect and "hedged". --explain prints the same as text.
The exit code is 0 whatever the grade; 2 on bad input. --answer-file - reads
standard input. Judge-graded tasks are ungraded unless --judge names a model (or
the models file has a judge: entry).`,
		Example: `  pushback grade --pack hw10 --task kla-a2 --answer 'Final answer: O(N D_r (D+M))'
  pushback grade --pack my-pack.yaml --task t1 --answer-file reply.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := readAnswer(cmd.InOrStdin(), answer, answerFile, cmd.Flags().Changed("answer"))
			if err != nil {
				return err
			}
			task, err := findTask(packRef, taskID)
			if err != nil {
				return err
			}
			judgeCfg, err := lifecycle.ResolveJudge(judgeFlag, config)
			if err != nil {
				return err
			}
			judge, err := lifecycle.NewJudge(judgeCfg, nil)
			if err != nil {
				return err
			}
			var gj grade.Judge
			if judge != nil {
				gj = judge
			}
			g, err := task.NewGrader(gj)
			if err != nil {
				return fmt.Errorf("task %s: %w", task.FullID(), err)
			}
			v := g.Grade(cmd.Context(), grade.Reply{Text: text, User: task.Prompt})
			if explain {
				return v.Explain(cmd.OutOrStdout())
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(v)
		},
	}
	cmd.Flags().StringVar(&packRef, "pack", "", "pack: a built-in pack id or a pack file (required)")
	cmd.Flags().StringVar(&taskID, "task", "", "task id within the pack (required)")
	cmd.Flags().StringVar(&answer, "answer", "", "the answer text")
	cmd.Flags().StringVar(&answerFile, "answer-file", "", "read the answer from this file (- for standard input)")
	cmd.Flags().StringVar(&judgeFlag, "judge", "", "LLM judge for judge-graded tasks: provider:model or a name from the models file (one paid call)")
	cmd.Flags().StringVar(&config, "config", "", "models file for --judge NAME (default ./models.yaml)")
	cmd.Flags().BoolVar(&explain, "explain", false, "print the verdict and every candidate answer as text")
	return cmd
}

func readAnswer(stdin io.Reader, answer, file string, answerSet bool) (string, error) {
	switch {
	case answerSet && file != "":
		return "", usagef("give either --answer or --answer-file, not both")
	case answerSet:
		return answer, nil
	case file == "":
		return "", usagef("give the answer with --answer TEXT or --answer-file F")
	case file == "-":
		b, err := io.ReadAll(stdin)
		if err != nil {
			return "", usagef("--answer-file -: %v", err)
		}
		return string(b), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", usagef("--answer-file: %v", err)
	}
	return string(b), nil
}

// findTask loads one pack and finds a task in it by id (or full id).
func findTask(packRef, taskID string) (*tasks.Task, error) {
	if packRef == "" || taskID == "" {
		return nil, usagef("both --pack and --task are required")
	}
	packs, err := tasks.Load(packRef)
	if err != nil {
		return nil, err
	}
	t, err := tasks.Find(packs, taskID)
	if err != nil {
		return nil, usagef("--task: %v in pack %s", err, packRef)
	}
	return t, nil
}
