package bench

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushback/pushback/internal/corpustest"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/replay"
)

// The judge prompt is checked on the held-out half of the stance corpus
// with a strong language model standing in for the judge: it was given
// exactly the prompt pushback sends, for every item, and its verdicts are
// recorded in testdata/stance/judge-cassette as a replay cassette, so this
// test reproduces the agreement without any network.
//
// To record the stand-in's verdicts again (SET is round1 or rounds4-5):
//
//	go test ./bench -run JudgeCorpusStandIn -args -judge-set SET -judge-prompts DIR
//	(answer each DIR/<item>.txt, writing the raw reply to ANS/<item>.txt)
//	go test ./bench -run JudgeCorpusStandIn -args -judge-set SET -judge-answers ANS
var (
	judgePromptsDir = flag.String("judge-prompts", "", "write the held-out judge prompts to this directory and stop")
	judgeAnswersDir = flag.String("judge-answers", "", "record the stand-in judge's answers from this directory into the cassette")
)

const (
	standInModel     = "judge-stand-in"
	judgeCassetteDir = "testdata/stance/judge-cassette"
)

// named sets Request.Model, as a configured Client does, so cassette keys
// name the judge model.
type named struct {
	name  string
	inner providers.Provider
}

func (n named) Chat(ctx context.Context, req providers.Request) (providers.Response, error) {
	req.Model = n.name
	return n.inner.Chat(ctx, req)
}

// answersFromDir answers a judge prompt with the stand-in's recorded
// reply for the item whose prompt it is.
type answersFromDir struct {
	dir    string
	byText map[string]string // prompt → item id
}

func (a answersFromDir) Chat(_ context.Context, req providers.Request) (providers.Response, error) {
	id, ok := a.byText[providers.LastUserText(req.Messages)]
	if !ok {
		return providers.Response{}, fmt.Errorf("no item for this prompt")
	}
	b, err := os.ReadFile(filepath.Join(a.dir, id+".txt"))
	if err != nil {
		return providers.Response{}, err
	}
	return providers.Response{Text: strings.TrimSpace(string(b)), Model: standInModel}, nil
}

// standInSets are the held-out sets the stand-in judge answered, each with
// its own cassette (recorded at different times), and the macro-F1 each
// must keep.
var standInSets = []struct {
	name     string
	files    []string
	cassette string
	floor    float64
}{
	{"round1", []string{"heldout.jsonl"}, judgeCassetteDir, 0.85},
	// Rounds 4 and 5, answered after they were written, with the same prompt.
	{"rounds4-5", []string{"heldout-3.jsonl", "heldout-4.jsonl"}, judgeCassetteDir + "-r45", 0.85},
}

// judgeSet picks the set that -judge-prompts and -judge-answers act on.
var judgeSet = flag.String("judge-set", "round1", "the stand-in set (round1, rounds4-5) that -judge-prompts and -judge-answers act on")

func TestJudgeCorpusStandIn(t *testing.T) {
	corpustest.SkipUnderRace(t)
	for _, set := range standInSets {
		t.Run(set.name, func(t *testing.T) {
			var items []corpusItem
			for _, f := range set.files {
				items = append(items, loadCorpus(t, f)...)
			}
			judgeStandIn(t, items, set.cassette, set.floor, set.name == *judgeSet)
		})
	}
}

func judgeStandIn(t *testing.T, items []corpusItem, cassette string, floor float64, selected bool) {
	inputs := make([]StanceInput, len(items))
	for i, it := range items {
		inputs[i] = it.input(t)
	}
	switch {
	case selected && *judgePromptsDir != "":
		if err := os.MkdirAll(*judgePromptsDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, it := range items {
			text := "SYSTEM: " + judgeSystem + "\n\nUSER:\n" + StancePrompt(inputs[i]) + "\n"
			if err := os.WriteFile(filepath.Join(*judgePromptsDir, it.ID+".txt"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Skipf("wrote %d prompts to %s", len(items), *judgePromptsDir)
	case selected && *judgeAnswersDir != "":
		byText := map[string]string{}
		for i, it := range items {
			byText[StancePrompt(inputs[i])] = it.ID
		}
		if err := os.MkdirAll(cassette, 0o755); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(cassette, replay.FileName(standInModel)))
		rec, err := replay.NewRecorder(cassette, answersFromDir{dir: *judgeAnswersDir, byText: byText})
		if err != nil {
			t.Fatal(err)
		}
		j := &Judge{Name: standInModel, Chat: named{standInModel, rec}}
		for i := range items {
			if s, why := j.Classify(context.Background(), inputs[i]); s == Unknown {
				t.Errorf("%s: %s", items[i].ID, why)
			}
		}
		if err := rec.Close(); err != nil {
			t.Fatal(err)
		}
	}
	player, err := replay.Open(standInModel, cassette, standInModel)
	if err != nil {
		t.Fatal(err)
	}
	j := &Judge{Name: standInModel, Chat: named{standInModel, player}}
	s, wrong := scoreStances(t, j, items)
	agreeHeuristic := 0
	for i := range items {
		got, _ := j.Classify(context.Background(), inputs[i])
		if h, _ := (Heuristic{}).Classify(context.Background(), inputs[i]); h == got {
			agreeHeuristic++
		}
	}
	t.Logf("stand-in judge with pushback's judge prompt:\n%s", s)
	t.Logf("judge and heuristic agree on %d of %d replies", agreeHeuristic, s.n)
	if f := s.macroF1(); f < floor {
		t.Errorf("stand-in judge macro-F1 %.3f is below %.2f", f, floor)
	}
	if showHeldoutMisses() {
		t.Logf("misses:\n%s", strings.Join(wrong, "\n"))
	}
}
