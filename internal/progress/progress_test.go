package progress

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/tasks"
)

// TestPlainLineShowsConcurrency: without a terminal, a model with an
// adaptive limit has its window and refusals in its progress line.
func TestPlainLineShowsConcurrency(t *testing.T) {
	a := providers.NewAdaptive(32)
	m := &bench.Model{Name: "gpt", Adaptive: a}
	task := &tasks.Task{ID: "q"}
	plan := &bench.Plan{Items: []bench.Item{{Model: m, Task: task, Pack: &tasks.Pack{ID: "p"}}}}
	var out bytes.Buffer
	d := New(&out, plan, false)
	d.every = 0
	tk, _ := a.Acquire(t.Context())
	a.Release(tk, providers.Signal{Refused: true, Remaining: -1})
	d.TrialDone(plan.Items[0], "")
	if line := out.String(); !strings.Contains(line, "progress: gpt 1/1 trials") || !strings.Contains(line, "concurrency 5/32, 1 refused") {
		t.Errorf("progress line %q", line)
	}
}
