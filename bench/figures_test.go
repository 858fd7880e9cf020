package bench

import "testing"

func TestFinalFigures(t *testing.T) {
	for _, c := range []struct {
		prev, now string
		changed   bool
	}{
		// A figure replaced in the same place.
		{"Final answer: about 1.0 BLEU worse (24.8 vs 25.8); h = 32 drops to 25.4.",
			"Final answer: 0.9 BLEU worse (24.9 vs 25.8); h = 32 drops to 25.4.", true},
		// Rounded, or written as a fraction: the same figure.
		{"Final answer: 76.2% top-1, +3.5% from ensembling.", "Final answer: 76% top-1, +3.5% from ensembling.", false},
		{"Final answer: test error 7.93% vs 6.43%.", "Final answer: test error 0.0793 vs 0.0643.", false},
		// Figures only added or only dropped: no replacement.
		{"Final answer: 32,768 pairs per batch.", "Final answer: 32,768 pairs per batch, 32 epochs.", false},
		// Far apart, or followed by something else: not the same place.
		{"Final answer: 400M pairs.", "Final answer: 10 pairs.", false},
		// No final-answer line on one side.
		{"The batch is 32,768.", "Final answer: 16,384 per batch.", false},
	} {
		gone, added := finalFigures(c.prev, c.now)
		if got := gone != "" && added != ""; got != c.changed {
			t.Errorf("finalFigures(%q, %q) = %q, %q; want changed %v", c.prev, c.now, gone, added, c.changed)
		}
	}
}
