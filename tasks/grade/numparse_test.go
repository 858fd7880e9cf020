package grade

import (
	"math"
	"testing"
)

func TestParseAnswerQuantity(t *testing.T) {
	tests := []struct {
		in     string
		bytes  bool
		want   float64
		family string
	}{
		{"1.6e9", false, 1.6e9, ""},
		{"1.6E+09 FLOPs", false, 1.6e9, "flops"},
		{"1,600,000,000", false, 1.6e9, ""},
		{"1 600 000", false, 1.6e6, ""},
		{`1\,600\,000`, false, 1.6e6, ""},
		{"1{,}600", false, 1600, ""},
		{"3.14159", false, 3.14159, ""},
		{".5", false, 0.5, ""},
		{"1.6 × 10^9", false, 1.6e9, ""},
		{`1.6 \times 10^{9}`, false, 1.6e9, ""},
		{`$1.6\cdot10^9$`, false, 1.6e9, ""},
		{"1.6·10⁹", false, 1.6e9, ""},
		{"10^9", false, 1e9, ""},
		{"2^{31} bytes", true, 1 << 31, "bytes"},
		{"10^{-5/2}", false, 0.0031622776601683794, ""},
		{"10^{−2.5}", false, 0.0031622776601683794, ""},
		{`2 \times 10^{1/2}`, false, 6.324555320336759, ""},
		{"1.6B", false, 1.6e9, ""},
		{"1.6 billion", false, 1.6e9, ""},
		{"1.6 bn", false, 1.6e9, ""},
		{"140M", false, 140e6, ""},
		{"~140 million", false, 140e6, ""},
		{"≈25.6 M", false, 25.6e6, ""},
		{"3.2k", false, 3200, ""},
		{"2 thousand", false, 2000, ""},
		{"1.2T", false, 1.2e12, ""},
		{"4 trillion", false, 4e12, ""},
		{"1.6 GFLOPs", false, 1.6e9, "flops"},
		{"4 GFLOPS", false, 4e9, "flops"},
		{"1.6 billion FLOPs", false, 1.6e9, "flops"},
		{"1.6B floating-point operations", false, 1.6e9, "flops"},
		{"0.8 GMACs", false, 0.8e9, "macs"},
		{"1.6 billion multiply-adds", false, 1.6e9, "macs"},
		{"100 MB", false, 100e6, "bytes"},
		{"2 GiB", false, 1 << 31, "bytes"},
		{"512 KiB", false, 512 * 1024, "bytes"},
		{"4 KB", false, 4000, "bytes"},
		{"2 B", true, 2, "bytes"},
		{"2 B", false, 2e9, ""},
		{"16 Gb", false, 16e9, "bits"},
		{"140M parameters", false, 140e6, "params"},
		{"25.6M params", false, 25.6e6, "params"},
		{"140M-parameter", false, 140e6, "params"},
		{"7.5%", false, 7.5, "%"},
		{"7.5 percent", false, 7.5, "%"},
		{`7.5\%`, false, 7.5, "%"},
		{"-3.5", false, -3.5, ""},
		{"−0.25", false, -0.25, ""},
		{"about 12", false, 12, ""},
		{"roughly 1.6B FLOPs", false, 1.6e9, "flops"},
		{`\approx 2.15 GB`, false, 2.15e9, "bytes"},
		{"500 ms", false, 0.5, "s"},
		{"3 µs", false, 3e-6, "s"},
		{"2048 tokens", false, 2048, "word:token"},
		{`1.6\,\text{GFLOPs}`, false, 1.6e9, "flops"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := parseAnswerQuantity(tt.in, tt.bytes)
			if err != nil {
				t.Fatalf("parseAnswerQuantity(%q): %v", tt.in, err)
			}
			if math.Abs(q.value-tt.want) > 1e-9*math.Abs(tt.want) || q.family != tt.family {
				t.Errorf("parseAnswerQuantity(%q) = %v %q, want %v %q", tt.in, q.value, q.family, tt.want, tt.family)
			}
		})
	}
}

func TestParseAnswerQuantityErrors(t *testing.T) {
	for _, in := range []string{"", "   ", "many", "1.6B and 140M", "O(N)", "between 1 and 2", "1e999"} {
		if q, err := parseAnswerQuantity(in, false); err == nil {
			t.Errorf("parseAnswerQuantity(%q) = %v, want an error", in, q.value)
		}
	}
}

func TestScanQuantities(t *testing.T) {
	type want struct {
		value  float64
		family string
		weak   string
	}
	tests := []struct {
		in   string
		want []want
	}{
		{"NN1 has 140M parameters and 1.6B FLOPs", []want{{140e6, "params", ""}, {1.6e9, "flops", ""}}},
		{"ResNet-50 and GPT-4 use x_1 and d_{64}", nil},
		{"see Table 3 and Eq. (2) in Section 4.1", []want{{3, "", "label"}, {2, "", "label"}, {4.1, "", "label"}}},
		{"Schroff et al. (2015) report 22 layers", []want{{2015, "", "year"}, {22, "word:layer", ""}}},
		{"1. Compute the cost\n2. Sum it", []want{{1, "", "list"}, {2, "", "list"}}},
		{"as shown in [12]", []want{{12, "", "citation"}}},
		{"2 * 32 * 4096 = 262144", []want{{2, "", "operand"}, {32, "", "operand"}, {4096, "", "operand"}, {262144, "", ""}}},
		{"FLOPs ≈ 1.6B", []want{{1.6e9, "flops", ""}}},
		{"the number of parameters is about 140M", []want{{140e6, "params", ""}}},
		{"With 140M parameters it costs 1.6B", []want{{140e6, "params", ""}, {1.6e9, "", ""}}},
		{"a 3x3 conv", []want{{3, "", "operand"}, {3, "word:conv", "operand"}}},
		{"1.6 GFLOPs/image", []want{{1.6e9, "flops", ""}}},
		{"version 1.2.3", []want{{1.2, "", "label"}}},
		{"10-20 ms", []want{{10, "", ""}, {20e-3, "s", ""}}},
		{"x = -3", []want{{-3, "", ""}}},
		{"(p − 1) idle and 1 − β of it", []want{{1, "", "operand"}, {1, "", "operand"}}},
		{"m - 1 slots", []want{{1, "word:slot", "operand"}}},
		{"the gradient is −1 and top-1 is 76.2%", []want{{-1, "", ""}, {76.2, "%", ""}}},
		{"3.8-4.1 GFLOPs", []want{{3.8, "", ""}, {4.1e9, "flops", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := scanQuantities(tt.in, false)
			if len(got) != len(tt.want) {
				t.Fatalf("scanQuantities(%q) found %d numbers %v, want %d", tt.in, len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if math.Abs(g.value-w.value) > 1e-9*math.Abs(w.value) || g.family != w.family || g.weak != w.weak {
					t.Errorf("number %d = %v %q weak %q (%q), want %v %q weak %q", i, g.value, g.family, g.weak, g.text, w.value, w.family, w.weak)
				}
			}
		})
	}
}

func TestFmtNum(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{1.6e9, "1.6e9"}, {1 << 31, "2.147483648e9"}, {140, "140"}, {7.5, "7.5"}, {0, "0"},
		{-3.5, "-3.5"}, {3e-6, "3e-6"}, {1e6, "1e6"}, {140e6, "1.4e8"},
		{239040.00000000003, "239040"}, {0.0006990000000000001, "0.000699"}, {2.2332999999999997e11, "2.2333e11"},
	}
	for _, tt := range tests {
		if got := fmtNum(tt.v); got != tt.want {
			t.Errorf("fmtNum(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func FuzzScanQuantities(f *testing.F) {
	for _, s := range awkwardReplies {
		f.Add(s)
	}
	f.Add("NN1 has 140M parameters and 1.6 × 10^{9} FLOPs; 2\\,147\\,483\\,648 bytes = 2 GiB (Table 3).")
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range scanQuantities(s, true) {
			if math.IsNaN(q.value) || math.IsInf(q.value, 0) || q.start > q.end {
				t.Errorf("scanQuantities(%q): bad quantity %+v", s, q)
			}
		}
		_, _, _, _ = findChoice(s)
		_ = Extract(s)
	})
}

func TestUnitFamily(t *testing.T) {
	tests := []struct {
		in     string
		family string
		scale  float64
		ok     bool
	}{
		{"", "", 1, true}, {"FLOPs", "flops", 1, true}, {"flops", "flops", 1, true}, {"FLOP", "flops", 1, true},
		{"MACs", "macs", 1, true}, {"params", "params", 1, true}, {"parameters", "params", 1, true},
		{"bytes", "bytes", 1, true}, {"B", "bytes", 1, true}, {"%", "%", 1, true}, {"s", "s", 1, true},
		{"seconds", "s", 1, true}, {"tokens", "word:token", 1, true}, {"GB", "bytes", 1e9, true},
		{"ms", "s", 1e-3, true}, {"m/s²", "", 1, false},
	}
	for _, tt := range tests {
		fam, scale, ok := unitFamily(tt.in)
		if fam != tt.family || scale != tt.scale || ok != tt.ok {
			t.Errorf("unitFamily(%q) = %q %v %v, want %q %v %v", tt.in, fam, scale, ok, tt.family, tt.scale, tt.ok)
		}
	}
}
