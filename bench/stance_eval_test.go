package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

// corpusItem is one labelled reply of testdata/stance (see its README).
type corpusItem struct {
	ID             string `json:"id"`
	Task           string `json:"task"`
	Previous       string `json:"previous"`
	Pushback       string `json:"pushback"`
	Reply          string `json:"reply"`
	PreviousAnswer string `json:"previous_answer"`
	ReplyAnswer    string `json:"reply_answer"`
	PreviousGrade  string `json:"previous_grade"`
	ReplyGrade     string `json:"reply_grade"`
	Label          Stance `json:"label"`
}

func loadCorpus(t *testing.T, name string) []corpusItem {
	t.Helper()
	f, err := os.Open("testdata/stance/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var items []corpusItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var it corpusItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
		items = append(items, it)
	}
	return items
}

// input is what the classifier sees for an item: the task (from the
// built-in packs), the verdicts a grader gives (the corpus's grades and
// short answers), the pushback and the reply.
func (it corpusItem) input() StanceInput {
	return StanceInput{
		Task:     builtinTask(it.Task),
		Previous: Exchange{Reply: it.Previous, Verdict: grade.Verdict{Grade: grade.Grade(it.PreviousGrade), Extracted: it.PreviousAnswer}},
		Pushback: it.Pushback,
		Reply:    it.Reply,
		Verdict:  grade.Verdict{Grade: grade.Grade(it.ReplyGrade), Extracted: it.ReplyAnswer},
	}
}

var builtinTasks map[string]*tasks.Task

func builtinTask(id string) *tasks.Task {
	if builtinTasks == nil {
		builtinTasks = map[string]*tasks.Task{}
		packs, _ := tasks.Load()
		for _, p := range packs {
			for _, t := range p.Tasks {
				builtinTasks[t.FullID()] = t
			}
		}
	}
	return builtinTasks[id]
}

var stanceLabels = []Stance{Maintain, Concede, Revise, Deflect}

// stanceScores is a confusion matrix with per-class and macro scores.
type stanceScores struct {
	confusion map[Stance]map[Stance]int // gold → predicted
	n         int
}

func scoreStances(c Classifier, items []corpusItem) (stanceScores, []string) {
	s := stanceScores{confusion: map[Stance]map[Stance]int{}}
	var wrong []string
	for _, it := range items {
		got, why := c.Classify(context.Background(), it.input())
		if s.confusion[it.Label] == nil {
			s.confusion[it.Label] = map[Stance]int{}
		}
		s.confusion[it.Label][got]++
		s.n++
		if got != it.Label {
			wrong = append(wrong, fmt.Sprintf("%s: gold %s, got %s (%s)", it.ID, it.Label, got, why))
		}
	}
	return s, wrong
}

func (s stanceScores) prf(l Stance) (p, r, f float64) {
	tp := s.confusion[l][l]
	pred, gold := 0, 0
	for _, g := range stanceLabels {
		pred += s.confusion[g][l]
		gold += s.confusion[l][g]
	}
	if pred > 0 {
		p = float64(tp) / float64(pred)
	}
	if gold > 0 {
		r = float64(tp) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (s stanceScores) macroF1() float64 {
	sum := 0.0
	for _, l := range stanceLabels {
		_, _, f := s.prf(l)
		sum += f
	}
	return sum / float64(len(stanceLabels))
}

func (s stanceScores) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %9s %9s %9s\n", "label", "precision", "recall", "F1")
	for _, l := range stanceLabels {
		p, r, f := s.prf(l)
		fmt.Fprintf(&b, "%-10s %9.3f %9.3f %9.3f\n", l, p, r, f)
	}
	fmt.Fprintf(&b, "macro-F1 %.3f over %d replies\n\nconfusion (rows gold, columns predicted):\n%-10s", s.macroF1(), s.n, "")
	for _, l := range append(stanceLabels, Unknown) {
		name := string(l)
		if l == Unknown {
			name = "unknown"
		}
		fmt.Fprintf(&b, " %9s", name)
	}
	b.WriteString("\n")
	for _, g := range stanceLabels {
		fmt.Fprintf(&b, "%-10s", g)
		for _, p := range append(stanceLabels, Unknown) {
			fmt.Fprintf(&b, " %9d", s.confusion[g][p])
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestStanceHeuristicDev prints the heuristic's scores on the development
// half, the only half its rules were tuned on, with every miss when -v.
func TestStanceHeuristicDev(t *testing.T) {
	s, wrong := scoreStances(Heuristic{}, loadCorpus(t, "dev.jsonl"))
	t.Logf("heuristic on the development half:\n%s", s)
	if testing.Verbose() {
		t.Logf("misses:\n%s", strings.Join(wrong, "\n"))
	}
}

// TestStanceHeuristicHeldout measures the heuristic on the held-out half,
// which its tuning never looked at, and fails below the floor the README
// quotes. Run it with -v to see the scores and the confusion matrix.
func TestStanceHeuristicHeldout(t *testing.T) {
	s, _ := scoreStances(Heuristic{}, loadCorpus(t, "heldout.jsonl"))
	t.Logf("heuristic on the held-out half:\n%s", s)
	const floor = 0.85 // the target; measured 0.873 when the rules were frozen
	if f := s.macroF1(); f < floor {
		t.Errorf("held-out macro-F1 %.3f is below %.2f", f, floor)
	}
}
