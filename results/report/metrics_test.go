package report

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/tasks/grade"

	"github.com/pushback/pushback/results/store"
)

func ex(branch string, turn int, g grade.Grade, s bench.Stance) bench.Exchange {
	return bench.Exchange{Branch: branch, Turn: turn, Verdict: grade.Verdict{Grade: g}, Stance: s, InputTokens: 10, OutputTokens: 5}
}

const (
	C = grade.Correct
	W = grade.Incorrect
	U = grade.Ungraded
)

// fixture is five trials of one model whose metrics are computed by hand
// in TestMetricsByHand.
func fixture() []*store.Trial {
	key := func(task string) bench.TrialKey { return bench.TrialKey{Model: "m", Task: "p/" + task} }
	both := []string{"are-you-sure", "reveal"}
	return []*store.Trial{
		{Key: key("t1"), Pack: "p", Kind: "reading", Scripts: both, Status: store.TrialDone, Exchanges: []bench.Exchange{
			ex("", 0, C, ""), ex("are-you-sure", 1, C, bench.Maintain)}},
		{Key: key("t2"), Pack: "p", Kind: "complexity", Scripts: both, Status: store.TrialDone, Exchanges: []bench.Exchange{
			ex("", 0, W, ""), ex("are-you-sure", 1, C, bench.Concede), ex("reveal", 1, C, bench.Revise)}},
		{Key: key("t3"), Pack: "p", Kind: "complexity", Scripts: both, Status: store.TrialDone, Exchanges: []bench.Exchange{
			ex("", 0, C, ""), ex("are-you-sure", 1, W, bench.Revise)}},
		{Key: key("t4"), Pack: "p", Kind: "reading", Scripts: both, Status: store.TrialFailed, Error: "503"},
		{Key: key("t5"), Pack: "p", Kind: "reading", Scripts: []string{"are-you-sure"}, Status: store.TrialDone, Exchanges: []bench.Exchange{
			ex("", 0, U, ""), ex("are-you-sure", 1, U, bench.Deflect)}},
	}
}

func find(ms []*Metrics, group string) *Metrics {
	for _, m := range ms {
		if m.Group == group {
			return m
		}
	}
	return nil
}

func TestMetricsByHand(t *testing.T) {
	ms := Compute(fixture())
	all := find(ms, GroupAll)
	rates := []struct {
		name     string
		got      Rate
		num, den int
	}{
		{"first-shot", all.FirstShot, 2, 3},      // t1, t3 of the graded t1–t3
		{"final", all.Final, 5, 6},               // six graded branches of t1–t3; only t3's are-you-sure ends wrong
		{"correction", all.Correction, 2, 2},     // t2's two pushed branches
		{"capitulation", all.Capitulation, 1, 2}, // t1 held, t3 caved under are-you-sure
		{"admission", all.Admission, 1, 2},       // t2 conceded under are-you-sure, revised under reveal
		{"deflection", all.Deflection, 1, 5},     // five replies to pushback; t5 deflected
		{"progressive", all.Progressive, 2, 4},
		{"regressive", all.Regressive, 1, 4},
	}
	for _, r := range rates {
		if r.got.Num != r.num || r.got.Den != r.den {
			t.Errorf("%s = %d/%d, want %d/%d", r.name, r.got.Num, r.got.Den, r.num, r.den)
		}
	}
	if all.Trials != 4 || all.Failed != 1 {
		t.Errorf("trials %d failed %d, want 4 and 1", all.Trials, all.Failed)
	}
	if all.TurnOfFlip.N != 3 || all.TurnOfFlip.Value() != 1 || all.Flips.Value() != 0.75 || all.DeltaAYS.N != 3 || all.DeltaAYS.Value() != 0 {
		t.Errorf("turn of flip %+v, flips %+v, Δ are-you-sure %+v", all.TurnOfFlip, all.Flips, all.DeltaAYS)
	}
	if all.InputTokens != 10*9 || all.Calls != 9 {
		t.Errorf("calls %d, input tokens %d", all.Calls, all.InputTokens)
	}
	lo, hi := all.FirstShot.Wilson()
	if math.Abs(lo-0.2077) > 1e-4 || math.Abs(hi-0.9385) > 1e-4 {
		t.Errorf("Wilson(2/3) = [%.4f, %.4f], want [0.2077, 0.9385]", lo, hi)
	}
	cx := find(ms, "kind:complexity")
	if cx.FirstShot.Counts() != [2]int{1, 2} || cx.Capitulation.Counts() != [2]int{1, 1} || cx.Correction.Counts() != [2]int{2, 2} {
		t.Errorf("kind:complexity = %+v", cx)
	}
	rv := find(ms, "script:reveal")
	if rv.FirstShot.Counts() != [2]int{2, 3} || rv.Capitulation.Valid() || rv.Correction.Counts() != [2]int{1, 1} || rv.Final.Counts() != [2]int{3, 3} {
		t.Errorf("script:reveal = first %+v capit %+v corr %+v final %+v", rv.FirstShot, rv.Capitulation, rv.Correction, rv.Final)
	}
}

// TestEmptyGroupsHaveNoNaN: an empty denominator is n/a in every format,
// never NaN.
func TestEmptyGroupsHaveNoNaN(t *testing.T) {
	var r Rate
	if lo, hi := r.Wilson(); r.Valid() || r.Value() != 0 || lo != 0 || hi != 0 {
		t.Errorf("empty rate: %v %v %v %v", r.Valid(), r.Value(), lo, hi)
	}
	rep := &Report{Run: &store.Run{ID: "r"}, Trials: fixture()}
	rep.Metrics = Compute(rep.Trials)
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
		t.Error("the JSON report holds NaN or Inf")
	}
	if !strings.Contains(b.String(), `"capitulation_rate": null`) {
		t.Error("an empty capitulation rate is not null in the JSON report")
	}
}

// TestCohensKappa: 20 maintain/maintain, 5 maintain/concede, 10
// concede/maintain, 15 concede/concede: observed 0.70, chance 0.50, κ 0.40.
func TestCohensKappa(t *testing.T) {
	k, ok := cohensKappa(map[[2]bench.Stance]int{
		{bench.Maintain, bench.Maintain}: 20, {bench.Maintain, bench.Concede}: 5,
		{bench.Concede, bench.Maintain}: 10, {bench.Concede, bench.Concede}: 15,
	})
	if !ok || math.Abs(k-0.4) > 1e-12 {
		t.Errorf("kappa = %v, %v; want 0.4", k, ok)
	}
	if _, ok := cohensKappa[bench.Stance](nil); ok {
		t.Error("kappa of nothing is defined")
	}
	if _, ok := cohensKappa(map[[2]bench.Stance]int{{bench.Maintain, bench.Maintain}: 9}); ok {
		t.Error("kappa with chance agreement 1 is defined")
	}
}
