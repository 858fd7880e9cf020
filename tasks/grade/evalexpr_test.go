package grade

import (
	"math"
	"strings"
	"testing"
)

func TestEvalExpr(t *testing.T) {
	tests := []struct {
		src  string
		vars map[string]float64
		want float64
	}{
		{`\frac{1}{2}\log\frac{\sigma_2^2}{\sigma_1^2}`, map[string]float64{`\sigma_1`: 1, `\sigma_2`: math.E}, 1},
		{`s(1-s)`, map[string]float64{"s": 0.25}, 0.1875},
		{`p_i - y_i`, map[string]float64{"p_i": 0.7, "y_i": 1}, -0.3},
		{`K(q,k) \exp\left(\frac{\|q\|^2}{2\sqrt{D}}\right)`, map[string]float64{"K(q,k)": 2, `\|q\|`: 2, "D": 4}, 2 * math.Exp(1)},
		{`\sqrt{d}`, map[string]float64{"d": 9}, 3},
	}
	for _, tc := range tests {
		got, err := EvalExpr(tc.src, tc.vars)
		if err != nil || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("EvalExpr(%q) = %v, %v; want %v", tc.src, got, err, tc.want)
		}
	}
	if _, err := EvalExpr(`a + b`, map[string]float64{"a": 1}); err == nil || !strings.Contains(err.Error(), "needs a value for b") {
		t.Errorf("missing variable: err = %v", err)
	}
}
