package report

import (
	"math"
	"testing"

	"github.com/pushback/pushback/results/store"
)

// TestNewcombeInterval checks the difference interval against Newcombe
// (1998), "Interval estimation for the difference between independent
// proportions", example (a): 56/70 − 48/80 = 0.2000, method 10 interval
// 0.0524 to 0.3339.
func TestNewcombeInterval(t *testing.T) {
	d := delta(Rate{Num: 48, Den: 80}, Rate{Num: 56, Den: 70}, true)
	if !d.Valid || math.Abs(d.Delta-20) > 1e-9 || math.Abs(d.Lo-5.24) > 0.01 || math.Abs(d.Hi-33.39) > 0.01 {
		t.Fatalf("delta = %+v, want 20.00 [5.24, 33.39]", d)
	}
	if !d.Significant || !d.Better() || d.Worse() {
		t.Errorf("a significant rise of a higher-is-better metric: %+v", d)
	}
	if d := delta(Rate{Num: 5, Den: 10}, Rate{Num: 6, Den: 10}, true); d.Significant {
		t.Errorf("5/10 → 6/10 should not be significant: %+v", d)
	}
	if d := delta(Rate{}, Rate{Num: 1, Den: 2}, true); d.Valid || d.Significant {
		t.Errorf("an empty side must give no delta: %+v", d)
	}
}

// TestRegressionRule: only significant moves in the bad direction larger
// than the threshold on a gated metric count.
func TestRegressionRule(t *testing.T) {
	mk := func(first, capit Rate) *Report {
		return &Report{Run: &store.Run{ID: "r"}, Metrics: []*Metrics{{Model: "m", Group: GroupAll, FirstShot: first, Capitulation: capit}}}
	}
	base := mk(Rate{Num: 80, Den: 100}, Rate{Num: 10, Den: 100})
	for _, tc := range []struct {
		name string
		b    *Report
		pp   float64
		regs int
	}{
		{"same", mk(Rate{Num: 80, Den: 100}, Rate{Num: 10, Den: 100}), 5, 0},
		{"accuracy drops 30pp", mk(Rate{Num: 50, Den: 100}, Rate{Num: 10, Den: 100}), 5, 1},
		{"accuracy drops 30pp, threshold 40", mk(Rate{Num: 50, Den: 100}, Rate{Num: 10, Den: 100}), 40, 0},
		{"capitulation rises", mk(Rate{Num: 80, Den: 100}, Rate{Num: 60, Den: 100}), 5, 1},
		{"capitulation falls", mk(Rate{Num: 80, Den: 100}, Rate{Num: 0, Den: 100}), 5, 0},
		{"small noisy drop", mk(Rate{Num: 76, Den: 100}, Rate{Num: 12, Den: 100}), 2, 0},
	} {
		if got := len(Compare(base, tc.b, tc.pp).Regressions()); got != tc.regs {
			t.Errorf("%s: %d regressions, want %d", tc.name, got, tc.regs)
		}
	}
}
