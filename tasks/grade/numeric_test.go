package grade

import "testing"

func TestNumericFaceNetFLOPs(t *testing.T) {
	g := buildText(t, Spec{Type: "numeric", Answer: "1.6e9", Unit: "FLOPs"}, Env{})
	runTextCases(t, g, []textCase{
		{name: "params and flops in one sentence", reply: "NN1 (the Zeiler&Fergus-style network) has about 140 million parameters and needs roughly 1.6 billion FLOPs (1.6B) per image.",
			want: Correct, extracted: "1.6 billion FLOPs (1.6e9)"},
		{name: "terse GFLOPs", reply: "1.6 GFLOPs", want: Correct, extracted: "1.6 GFLOPs (1.6e9)"},
		{name: "params figure for a FLOPs question", reply: "140M", want: Incorrect, extracted: "140M (1.4e8)"},
		{name: "only params stated", reply: "NN1 has 140M parameters.", want: Incorrect, reason: "no number in FLOPs found (saw 140M parameters)"},
		{name: "markdown with table refs and final answer", reply: "## NN1 cost\n\nFrom Table 1 of Schroff et al. (2015):\n\n1. conv1 is 7×7×3 with stride 2\n2. the inception-free stack has 22 layers\n\nSumming the per-layer costs gives the total.\n\n**Final answer:** ≈ $1.6 \\times 10^9$ FLOPs per image",
			want: Correct, extracted: "1.6 × 10^9 FLOPs (1.6e9)", reason: "final answer"},
		{name: "boxed with text magnitude", reply: `Therefore the cost is $\boxed{1.6\,\text{B}}$ FLOPs.`, want: Correct, reason: "boxed"},
		{name: "intermediate costs before the total", reply: "- conv1: 118M FLOPs\n- conv2: 0.41 GFLOPs\n- the rest: about 1.07 GFLOPs\n\nTotal ≈ 1.6 GFLOPs.", want: Correct},
		{name: "hedge settles on wrong value", reply: "It is somewhere between 1.2 and 1.6 billion FLOPs; I would estimate 1.2 billion FLOPs.", want: Incorrect, extracted: "1.2 billion FLOPs (1.2e9)"},
		{name: "multiply-adds are not FLOPs", reply: "About 1.6 billion multiply-adds per image.", want: Incorrect},
		{name: "display equation with label before the number", reply: "Counting every layer:\n\\[ \\text{FLOPs} \\approx 1.6 \\times 10^{9} \\]", want: Correct, reason: "display equation"},
		{name: "label before the number", reply: "FLOPs ≈ 1.6B, params ≈ 140M", want: Correct, extracted: "1.6B (1.6e9)"},
		{name: "thousands separators", reply: "The network needs 1,600,000,000 FLOPs for one 220×220 image.", want: Correct},
		{name: "table reference and bare answer", reply: "As Table 3 shows, the answer is 1.6 billion.", want: Correct, extracted: "1.6 billion (1.6e9)"},
		{name: "year before bare answer", reply: "In the 2015 FaceNet paper, NN1 needs 1.6B.", want: Correct},
		{name: "six percent off", reply: "About 1.7 billion FLOPs.", want: Incorrect, reason: "6.25% off 1.6e9 (tolerance 1%)"},
		{name: "within one percent", reply: "1.61e9 FLOPs", want: Correct},
		{name: "no number", reply: "I cannot determine that without the architecture table.", want: NoAnswer},
		{name: "explicit final answer wins over reasoning", reply: "The FLOPs come to 1.6B.\n\n**Final answer:** 140M", want: Incorrect, extracted: "140M (1.4e8)", reason: "final answer"},
		{name: "product then result in final answer", reply: "Final answer: 2 × 0.8 × 10^9 = 1.6 × 10^9", want: Correct, extracted: "1.6 × 10^9 (1.6e9)"},
		{name: "final answer with params first", reply: "### Final Answer\n140M parameters and 1.6B FLOPs", want: Correct, extracted: "1.6B FLOPs (1.6e9)"},
		{name: "answer first, costs after", reply: "**Answer:** about 1.6B FLOPs per image.\n\n**Why:** conv1 alone costs 118M FLOPs and the inception-free tail about 0.4 GFLOPs; summing all 22 layers gives the total.",
			want: Correct, extracted: "1.6B FLOPs (1.6e9)", reason: "answer statement"},
		{name: "batch extrapolation after the answer", reply: "Roughly 1.6 billion FLOPs per image, so a batch of 64 needs ~102 GFLOPs.", want: Incorrect, reason: "1.02e11 FLOPs is 6275% off"},
		{name: "empty", reply: "", want: NoAnswer},
	})
}

func TestNumericResNet50(t *testing.T) {
	params := buildText(t, Spec{Type: "numeric", Answer: "25.6 million", Unit: "params"}, Env{})
	runTextCases(t, params, []textCase{
		{name: "approx M parameters", reply: "ResNet-50 has ≈25.6M parameters.", want: Correct, extracted: "25.6M parameters (2.56e7)"},
		{name: "params beside GFLOPs", reply: "ResNet-50: about 25.6 million parameters and ~4 GFLOPs per 224×224 image.", want: Correct},
		{name: "exact count", reply: "Summing every layer gives 25,557,032 trainable parameters.", want: Correct},
		{name: "GFLOPs instead of params", reply: "ResNet-50 needs 4.1 GFLOPs.", want: Incorrect},
		{name: "wrong count", reply: "**Final answer:** 23M parameters", want: Incorrect, reason: "10.2% off"},
		{name: "spaced M", reply: "Roughly 25.6 M params in total (Table 1).", want: Correct},
	})
	flops := buildText(t, Spec{Type: "numeric", Answer: "4 GFLOPs"}, Env{})
	runTextCases(t, flops, []textCase{
		{name: "unit from answer", reply: "~4 GFLOPs", want: Correct, reason: "FLOPs"},
		{name: "five percent off", reply: "3.8 GFLOPs (He et al., 2016)", want: Incorrect},
		{name: "params only", reply: "25.6M parameters", want: Incorrect},
	})
	loose := buildText(t, Spec{Type: "numeric", Answer: "4 GFLOPs", Tolerance: 0.1}, Env{})
	runTextCases(t, loose, []textCase{
		{name: "ten percent tolerance", reply: "3.8 GFLOPs (He et al., 2016)", want: Correct},
		{name: "outside ten percent", reply: "about 3.5 billion FLOPs", want: Incorrect, reason: "tolerance 10%"},
	})
}

func TestNumericKVCache(t *testing.T) {
	g := buildText(t, Spec{Type: "numeric", Answer: "2 GiB", Unit: "bytes"}, Env{})
	runTextCases(t, g, []textCase{
		{name: "raw bytes", reply: "2147483648 bytes", want: Correct, extracted: "2147483648 bytes (2.147483648e9)"},
		{name: "GiB", reply: "The KV cache takes 2.0 GiB.", want: Correct},
		{name: "decimal GB within 1%", reply: "About 2.15 GB of KV cache.", want: Correct},
		{name: "latex product", reply: "$$2 \\times 32 \\times 32 \\times 128 \\times 4096 \\times 2 = 2{,}147{,}483{,}648 \\text{ bytes}$$", want: Correct, extracted: "2,147,483,648 bytes (2.147483648e9)"},
		{name: "markdown derivation", reply: "### KV cache\n- layers: 32\n- heads: 32\n- d_head: 128\n- seq: 4096\n- fp16: 2 bytes per value\n\nTotal = 2 · 32 · 32 · 128 · 4096 · 2 B = **2 GiB**", want: Correct, extracted: "2 GiB (2.147483648e9)"},
		{name: "forgot K and V", reply: "Final answer: 1 GiB", want: Incorrect},
		{name: "four GB", reply: "4 GB", want: Incorrect},
		{name: "power of two", reply: "That is 2^{31} bytes.", want: Correct},
		{name: "MiB", reply: "2048 MiB", want: Correct},
		{name: "bits are not bytes", reply: "16 Gb", want: Incorrect},
		{name: "bare number", reply: "**Final answer:** 2147483648", want: Correct},
		// "a 7B model" is billions of parameters, not 7 bytes.
		{name: "model size in a conclusion", reply: "So a 7B model with this context needs about 2.0 GiB of KV cache.", want: Correct, extracted: "2.0 GiB (2.147483648e9)"},
	})
}

func TestNumericPercentAndUnits(t *testing.T) {
	pct := buildText(t, Spec{Type: "numeric", Answer: "7.5%"}, Env{})
	runTextCases(t, pct, []textCase{
		{name: "percent sign", reply: "The top-1 error drops by 7.5%.", want: Correct, extracted: "7.5% (7.5)"},
		{name: "percentage points", reply: "a 7.5 percentage points improvement", want: Correct},
		{name: "latex percent", reply: `$\boxed{7.5\%}$`, want: Correct},
		{name: "fraction is not percent", reply: "0.075", want: Incorrect},
	})
	plain := buildText(t, Spec{Type: "numeric", Answer: "7.5"}, Env{})
	runTextCases(t, plain, []textCase{
		{name: "percentage does not match plain number", reply: "7.5%", want: Incorrect},
		{name: "plain number after a percentage", reply: "Accuracy rises 3% so the ratio is 7.5.", want: Correct},
	})
	secs := buildText(t, Spec{Type: "numeric", Answer: "0.5", Unit: "s"}, Env{})
	runTextCases(t, secs, []textCase{
		{name: "milliseconds", reply: "Each step takes 500 ms.", want: Correct},
		{name: "minutes", reply: "Each step takes 0.5 min.", want: Incorrect},
	})
	neg := buildText(t, Spec{Type: "numeric", Answer: "-3.5"}, Env{})
	runTextCases(t, neg, []textCase{
		{name: "unicode minus", reply: "The log-likelihood is −3.5.", want: Correct},
		{name: "sign dropped", reply: "The log-likelihood is 3.5.", want: Incorrect},
	})
	abs := buildText(t, Spec{Type: "numeric", Answer: "0", AbsTolerance: 0.01}, Env{})
	runTextCases(t, abs, []textCase{
		{name: "within absolute tolerance", reply: "The bias is ≈ 0.004", want: Correct},
		{name: "outside absolute tolerance", reply: "The bias is ≈ 0.04", want: Incorrect},
	})
}

func TestNumericSpecErrors(t *testing.T) {
	tests := []struct {
		spec  Spec
		field string
	}{
		{Spec{Type: "numeric"}, "answer"},
		{Spec{Type: "numeric", Answer: "many"}, "answer"},
		{Spec{Type: "numeric", Answer: "1.6B and 140M"}, "answer"},
		{Spec{Type: "numeric", Answer: "1", Tolerance: -0.1}, "tolerance"},
		{Spec{Type: "numeric", Answer: "1", Tolerance: 1.5}, "tolerance"},
		{Spec{Type: "numeric", Answer: "1", AbsTolerance: -1}, "abs_tolerance"},
		{Spec{Type: "numeric", Answer: "2", Unit: "GB"}, "unit"},
		{Spec{Type: "numeric", Answer: "2", Unit: "m/s²"}, "unit"},
		{Spec{Type: "numeric", Answer: "2 GiB", Unit: "FLOPs"}, "answer"},
		{Spec{Type: "numeric", Answer: "140M parameters", Unit: "FLOPs"}, "answer"},
	}
	for _, tt := range tests {
		t.Run(tt.spec.Answer+"/"+tt.field, func(t *testing.T) { checkFieldErr(t, tt.spec, tt.field) })
	}
}

// TestNumericSameAnswerAtWrittenPrecision: within tolerance, two figures
// are one answer when they agree at the precision both are written to,
// and two when they are different roundings.
func TestNumericSameAnswerAtWrittenPrecision(t *testing.T) {
	g := buildText(t, Spec{Type: "numeric", Answer: "1.7345"}, Env{})
	c := g.(Comparer)
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"1.73 (1.73)", "1.7345 (1.7345)", true},
		{"1.73 (1.73)", "1.73 (1.73)", true},
		{"1.73 (1.73)", "1.74 (1.74)", false},
		{"1.73 (1.73)", "1.71 (1.71)", false},
		{"≈ 1.7 (1.7)", "1.73 (1.73)", false}, // beyond the 1% tolerance
		{"19.6/11.3 = 1.73 (1.73)", "1.7345 (1.7345)", true},
	} {
		same, ok := c.SameAnswer(Verdict{Extracted: tc.a}, Verdict{Extracted: tc.b})
		if !ok || same != tc.same {
			t.Errorf("SameAnswer(%q, %q) = %v, %v; want %v", tc.a, tc.b, same, ok, tc.same)
		}
	}
	pct := buildText(t, Spec{Type: "numeric", Answer: "17.95%"}, Env{})
	if same, _ := pct.(Comparer).SameAnswer(Verdict{Extracted: "17.9% (17.9)"}, Verdict{Extracted: "17.95% (17.95)"}); !same {
		t.Error("17.9% and 17.95% are one answer at the precision of 17.9%")
	}
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"17.95% (17.95)", "0.1795 (0.1795)", true}, // a fraction beside a percentage
		{"0.1795 (0.1795)", "17.95% (17.95)", true},
		{"17.95% (17.95)", "0.21875 (0.21875)", false},
		{"21.9% (21.9)", "17.95% (17.95)", false},
	} {
		if same, ok := pct.(Comparer).SameAnswer(Verdict{Extracted: tc.a}, Verdict{Extracted: tc.b}); !ok || same != tc.same {
			t.Errorf("SameAnswer(%q, %q) = %v, %v; want %v", tc.a, tc.b, same, ok, tc.same)
		}
	}
}
