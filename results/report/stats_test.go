package report

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// McNemar's exact test by hand: 9 vs 2 discordant pairs, n = 11.
// P(X ≤ 2) = (C(11,0) + C(11,1) + C(11,2)) / 2^11 = (1 + 11 + 55) / 2048
// = 67/2048; p = 2 · 67/2048 = 0.0654296875.
func TestMcNemarExact(t *testing.T) {
	for _, tc := range []struct {
		b, c int
		want float64
	}{
		{9, 2, 134.0 / 2048},
		{2, 9, 134.0 / 2048},
		{6, 2, 2 * 37.0 / 256}, // (1 + 8 + 28)/2^8, doubled
		{5, 5, 1},
		{0, 0, 1},
		{8, 0, 2.0 / 256},
	} {
		if got := McNemarExact(tc.b, tc.c); !near(got, tc.want, 1e-12) {
			t.Errorf("McNemarExact(%d, %d) = %.10f, want %.10f", tc.b, tc.c, got, tc.want)
		}
	}
	if p := McNemarExact(600, 400); p <= 0 || p > 1e-9 {
		t.Errorf("large counts: p = %g", p)
	}
}

// A paired difference by hand: 20 items, A alone right on 6, B alone on 2.
// Diff = (2 − 6)/20 = −0.2; SE = √(8 − 4²/20)/20 = √7.2/20 = 0.134164;
// 95% interval −0.2 ± 1.959964 · 0.134164 = [−0.462957, 0.062957];
// McNemar p(6, 2) = 74/256.
func TestPairedOneSample(t *testing.T) {
	var items []PairedItem
	add := func(n int, a, b bool) {
		for range n {
			items = append(items, PairedItem{A: []bool{a}, B: []bool{b}})
		}
	}
	add(6, true, false)
	add(2, false, true)
	add(7, true, true)
	add(5, false, false)
	d := Paired(items)
	if d.N != 20 || d.AOnly != 6 || d.BOnly != 2 || !near(d.Diff, -0.2, 1e-12) ||
		!near(d.Lo, -0.462957, 1e-6) || !near(d.Hi, 0.062957, 1e-6) || !near(d.P, 74.0/256, 1e-12) || d.Method != "mcnemar" {
		t.Errorf("Paired = %+v", d)
	}
}

// A cluster-robust SE by hand: four tasks of three samples with 2, 0, 3
// and 1 hits. p = 6/12 = 0.5; the residuals hits − p·n are 0.5, −1.5, 1.5,
// −0.5, their squares sum to 5; SE = √(4/3 · 5) / 12 = 0.215166, where the
// unclustered √(p(1−p)/N) = 0.144338 is a third smaller.
func TestClusterSE(t *testing.T) {
	cs := []Cluster{{2, 3}, {0, 3}, {3, 3}, {1, 3}}
	if got := ClusterSE(cs); !near(got, math.Sqrt(4.0/3*5)/12, 1e-12) || !near(got, 0.215166, 1e-6) {
		t.Errorf("ClusterSE = %.6f", got)
	}
	r := Rate{Num: 6, Den: 12, tasks: map[string]Cluster{"a": {2, 3}, "b": {0, 3}, "c": {3, 3}, "d": {1, 3}}, clustered: true}
	lo, hi, method := r.Interval()
	if method != IntervalCluster || !near(lo, 0.5-z95*0.215166, 1e-5) || !near(hi, 0.5+z95*0.215166, 1e-5) {
		t.Errorf("clustered interval %f–%f (%s)", lo, hi, method)
	}
	r.clustered = false
	if _, _, method := r.Interval(); method != IntervalWilson {
		t.Errorf("one sample per task: %s", method)
	}
}

// Holm by hand: p = 0.01, 0.04, 0.03. Sorted 0.01, 0.03, 0.04 times 3, 2,
// 1 = 0.03, 0.06, 0.04, made monotone: 0.03, 0.06, 0.06.
func TestHolm(t *testing.T) {
	got := Holm([]float64{0.01, 0.04, 0.03})
	want := []float64{0.03, 0.06, 0.06}
	for i := range want {
		if !near(got[i], want[i], 1e-12) {
			t.Fatalf("Holm = %v, want %v", got, want)
		}
	}
}

// The detectable difference solves Connor's sample size for δ: plugging
// it back gives n.
func TestDetectableDiff(t *testing.T) {
	d := DetectableDiff(111, 0.2, 0.05, 0.8)
	za, zb := 1.959964, 0.841621
	n := math.Pow(za*math.Sqrt(0.2)+zb*math.Sqrt(0.2-d*d), 2) / (d * d)
	if !near(n, 111, 0.5) || d < 0.1 || d > 0.2 {
		t.Errorf("DetectableDiff(111, 0.2) = %.4f (n back = %.1f)", d, n)
	}
	if DetectableDiff(10000, 0.2, 0.05, 0.8) >= d {
		t.Error("more items detect no smaller difference")
	}
}
