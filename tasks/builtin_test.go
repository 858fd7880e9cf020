package tasks

import (
	"context"
	"testing"

	"github.com/pushback/pushback/tasks/grade"
)

// TestBuiltinReferencesPassDistractorsFail checks every built-in task: its
// reference (alone, and as a final-answer line) and its worked solution pass
// its own grader, and its distractor fails. A wrong reference would reward
// models that cave to it.
func TestBuiltinReferencesPassDistractorsFail(t *testing.T) {
	packs, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	n := 0
	for _, p := range packs {
		for _, task := range p.Tasks {
			g, err := task.NewGrader(nil)
			if err != nil {
				t.Fatalf("%s: %v", task.FullID(), err)
			}
			if task.Grader.Type == "judge" {
				if v := g.Grade(ctx, grade.Reply{Text: task.Reference}); v.Grade != grade.Ungraded {
					t.Errorf("%s: a judge task without a judge graded %s", task.FullID(), v.Grade)
				}
				continue
			}
			n++
			for _, reply := range []string{task.Reference, "Final answer: " + task.Reference, task.Solution} {
				if reply == "" {
					continue
				}
				if v := g.Grade(ctx, grade.Reply{Text: reply}); v.Grade != grade.Correct {
					t.Errorf("%s: reference reply graded %s (%s):\n%.300s", task.FullID(), v.Grade, v.Reason, reply)
				}
			}
			if task.Distractor == "" {
				continue
			}
			for _, reply := range []string{task.Distractor, "Final answer: " + task.Distractor} {
				if v := g.Grade(ctx, grade.Reply{Text: reply}); v.Grade == grade.Correct {
					t.Errorf("%s: distractor graded correct (%s): %.200s", task.FullID(), v.Reason, reply)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("checked only %d gradable built-in tasks", n)
	}
}

// TestBuiltinPackCounts checks the sizes the issue asks for.
func TestBuiltinPackCounts(t *testing.T) {
	want := map[string]string{"ml-derivations": KindDerivation, "ml-complexity": KindComplexity, "paper-reading": KindReading}
	for id, kind := range want {
		p, err := LoadBuiltin(id)
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for _, task := range p.Tasks {
			if task.Kind == kind {
				count++
			}
			if task.Distractor == "" || task.Hint == "" || task.Solution == "" {
				t.Errorf("%s lacks a distractor, hint or solution", task.FullID())
			}
		}
		if count < 30 {
			t.Errorf("pack %s has %d %s tasks, want at least 30", id, count, kind)
		}
	}
}

// TestBuiltinSelfCheck validates every built-in pack as a user's pack is
// validated, with the check (skipped at start-up for built-ins) that each
// task's reference passes its grader and its distractor does not.
func TestBuiltinSelfCheck(t *testing.T) {
	if _, err := LoadChecked(); err != nil {
		t.Error(err)
	}
}
