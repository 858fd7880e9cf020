package tasks_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pushback/pushback/tasks/grade"
)

// BenchmarkGradeCorpus grades every reply of the answer corpus, both
// halves of every round, written by other hands (one op is one answer).
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
	files := slices.Clone(answerDevFiles)
	for _, f := range heldoutFloors {
		files = append(files, f.file)
	}
	for _, f := range files {
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
