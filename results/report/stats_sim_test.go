package report

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks/grade"
)

// firstAnswers makes a run of one model whose first answer to task i is
// right when right(i) says so.
func firstAnswers(id string, n int, right func(i int) bool) *Report {
	r := &Report{Run: &store.Run{ID: id}}
	for i := range n {
		key := bench.TrialKey{Model: "m", Task: fmt.Sprintf("p/t%03d", i)}
		g := grade.Incorrect
		if right(i) {
			g = grade.Correct
		}
		r.Trials = append(r.Trials, &store.Trial{Key: key, Pack: "p", Kind: "derivation", Status: store.TrialDone, TaskHash: key.Task,
			Exchanges: []bench.Exchange{{Key: key, Branch: bench.FirstBranch, Verdict: grade.Verdict{Grade: g}}}})
	}
	r.Metrics = Compute(r.Trials)
	return r
}

// TestPairedFindsWhatUnpairedMisses: 120 tasks; last night's run is right
// on 72, tonight's loses 10 of them and gains 1 (63 right). Unpaired, the
// drop of 7.5 points is within noise (Newcombe's interval spans zero);
// paired, 10 against 1 discordant items is McNemar p = 2·(1 + 11)/2^11 =
// 0.0117, and compare flags the regression.
func TestPairedFindsWhatUnpairedMisses(t *testing.T) {
	a := firstAnswers("a", 120, func(i int) bool { return i < 72 })
	b := firstAnswers("b", 120, func(i int) bool { return i < 62 || i == 100 })
	unpaired := delta(a.Metrics[0].FirstShot, b.Metrics[0].FirstShot, true)
	if unpaired.Significant || !(unpaired.Lo < 0 && unpaired.Hi > 0) {
		t.Fatalf("unpaired: %+v, want an interval spanning zero", unpaired)
	}
	c := Compare(a, b, 5)
	d := c.Models[0].Metrics[0]
	if d.Name != "first-shot accuracy" || d.Method != "paired (McNemar)" || d.AOnly != 10 || d.BOnly != 1 ||
		!near(d.P, 24.0/2048, 1e-12) || !d.Regression {
		t.Fatalf("paired: %+v", d)
	}
	t.Logf("unpaired %+.1f pp [%+.1f, %+.1f]: not significant; paired McNemar 10/1, p %.4f: regression", unpaired.Delta, unpaired.Lo, unpaired.Hi, d.P)
}

// TestClusteredIntervalCoverage simulates 1,000 runs of 100 tasks × 5
// samples whose difficulty varies from task to task (each task's chance of
// a right answer drawn from Beta(1.2, 0.8), mean 0.6), and counts how often
// each 95% interval covers the true rate 0.6. Treating the 500 answers as
// independent (Wilson) covers it clearly less often than 95%; clustering by
// task brings it back within 93–97%.
func TestClusteredIntervalCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(20261130, 14))
	const runs, tasks, samples, truth = 1000, 100, 5, 0.6
	wilson, clustered := 0, 0
	for range runs {
		r := Rate{clustered: true}
		for g := range tasks {
			p := betaSample(rng, 1.2, 0.8)
			for range samples {
				r.add(fmt.Sprint(g), rng.Float64() < p)
			}
		}
		if lo, hi := r.Wilson(); lo <= truth && truth <= hi {
			wilson++
		}
		if lo, hi, _ := r.Interval(); lo <= truth && truth <= hi {
			clustered++
		}
	}
	cw, cc := float64(wilson)/runs, float64(clustered)/runs
	t.Logf("coverage of the true rate over %d simulated runs: unclustered (Wilson) %.1f%%, clustered by task %.1f%%", runs, 100*cw, 100*cc)
	if cw > 0.90 {
		t.Errorf("the unclustered interval covers %.1f%%; the simulation should show it falling short", 100*cw)
	}
	if cc < 0.93 || cc > 0.97 {
		t.Errorf("the clustered interval covers %.1f%%, want 93–97%%", 100*cc)
	}
}

// betaSample draws from Beta(a, b) as X/(X+Y) of two gamma draws.
func betaSample(rng *rand.Rand, a, b float64) float64 {
	x, y := gammaSample(rng, a), gammaSample(rng, b)
	return x / (x + y)
}

// gammaSample draws from Gamma(k, 1) by Marsaglia and Tsang's method
// (with the boost U^(1/k) for k < 1).
func gammaSample(rng *rand.Rand, k float64) float64 {
	if k < 1 {
		return gammaSample(rng, k+1) * math.Pow(rng.Float64(), 1/k)
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}
