package bench

import (
	"github.com/pushback/pushback/providers/sim"
	"github.com/pushback/pushback/tasks"
)

// SimKeys returns the answer keys of every task of packs by full task id,
// for the sim models of a run: they are handed over when the sim is built,
// never sent with a request.
func SimKeys(packs []*tasks.Pack) func(task string) sim.AnswerKey {
	keys := map[string]sim.AnswerKey{}
	for _, p := range packs {
		for _, t := range p.Tasks {
			keys[t.FullID()] = sim.AnswerKey{Reference: t.Reference, Distractor: t.Distractor, Solution: t.Solution}
		}
	}
	return func(task string) sim.AnswerKey { return keys[task] }
}
