package tasks_test

import (
	"context"
	"testing"

	"github.com/pushback/pushback/tasks/grade"
)

// BenchmarkGradeCorpus grades the first answers of the answer corpora,
// written by other hands (one op is one answer).
// go test ./tasks -run XXX -bench GradeCorpus
func BenchmarkGradeCorpus(b *testing.B) {
	t := &testing.T{}
	byID := builtinTasks(t)
	type item struct {
		g    grade.Grader
		text string
		user string
	}
	var items []item
	for _, f := range []string{"dev.jsonl", "dev-2.jsonl", "dev-3.jsonl", "dev-4.jsonl", "dev-5.jsonl", "heldout.jsonl", "heldout-2.jsonl", "heldout-3.jsonl", "heldout-4.jsonl"} {
		for _, a := range loadCorpus(t, "testdata/answers/"+f) {
			task := byID[a.Task]
			g, err := task.NewGrader(nil)
			if err != nil {
				b.Fatal(err)
			}
			items = append(items, item{g, a.Reply, task.Prompt})
		}
	}
	b.ResetTimer()
	for i := range b.N {
		it := items[i%len(items)]
		it.g.Grade(context.Background(), grade.Reply{Text: it.text, User: it.user})
	}
}
