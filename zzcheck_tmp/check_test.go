package zzcheck

import (
	"context"
	"testing"

	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

func TestPacks(t *testing.T) {
	for _, id := range tasks.BuiltinIDs() {
		p, err := tasks.LoadBuiltin(id)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		for _, tk := range p.Tasks {
			switch tk.Grader.Type {
			case "bigo", "expr":
				continue
			}
			g, err := grade.New(tk.Grader, grade.Env{Prompt: tk.Prompt, Reference: tk.Reference, Solution: tk.Solution})
			if err != nil {
				t.Errorf("%s: build: %v", tk.FullID(), err)
				continue
			}
			for _, c := range []struct{ what, text string }{{"reference", tk.Reference}, {"solution", tk.Solution}, {"distractor", tk.Distractor}} {
				if c.text == "" {
					continue
				}
				v := g.Grade(context.Background(), c.text)
				t.Logf("%-40s %-8s %-10s %.2f %q | %s", tk.FullID(), tk.Grader.Type, c.what, v.Score, v.Grade, v.Reason)
			}
		}
	}
}
