package grade

import (
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	tests := []struct {
		name     string
		reply    string
		wantText string
		wantHow  Cue
	}{
		// Rule 1: the last \boxed{} (or \fbox{}).
		{"boxed simple", `So the total is $\boxed{42}$.`, "42", "boxed"},
		{"boxed nested braces", `Hence $$\boxed{O\left(N D^{2}\right) + \frac{a}{b_{i}}}$$`, `O\left(N D^{2}\right) + \frac{a}{b_{i}}`, "boxed"},
		{"last of several boxes", "First guess: \\boxed{O(N^2)}.\n\nOn reflection the kernel trick gives \\boxed{O(N D D_r)}.", "O(N D D_r)", "boxed"},
		{"fbox after boxed", `\boxed{1} then \fbox{2}`, "2", "boxed"},
		{"boxed beats final answer line", "**Final answer:** 7\n\nActually $\\boxed{8}$", "8", "boxed"},
		{"truncated box falls back to earlier box", "We get \\boxed{B}. Double-checking: \\boxed{C", "B", "boxed"},
		{"empty box skipped", "\\boxed{12} and a stray \\boxed{}", "12", "boxed"},
		// Rule 2: the text after a "Final answer" line.
		{"bold final answer with math", "The loop runs N times.\n\n**Final answer:** $O(N)$", "$O(N)$", "final answer"},
		{"final answer heading, answer on next line", "## Derivation\nWe expand...\n\n### Final Answer\n\n$O(N D^2)$ time per layer\n\n*Assumes D fixed.*", "$O(N D^2)$ time per layer", "final answer"},
		{"final answer line then next line", "Final answer:\n1.6 billion FLOPs\n", "1.6 billion FLOPs", "final answer"},
		{"last final answer line wins", "Final answer: 3\n\nWait, I mis-added.\nFinal answer: 4", "4", "final answer"},
		{"the final answer is", "Putting it together.\nThe final answer is **140M parameters**.", "140M parameters", "final answer"},
		{"final answer with bold label and colon outside", "- **Final Answer**: option (C)", "option (C)", "final answer"},
		{"final answer beats display equation", "$$x = 1$$\nFinal answer — 2", "2", "final answer"},
		{"final answers is not a label", "Final answers vary by convention.\n$$E = mc^2$$", "E = mc^2", "display equation"},
		// Rule 3: the last display equation.
		{"several display equations", "First\n$$a = b + c$$\nthen\n\\[ y = W x \\]\nand finally\n$$\\mathcal{K}(q,k) = \\phi(q)^T \\phi(k)$$\nwhich is linear.", `\mathcal{K}(q,k) = \phi(q)^T \phi(k)`, "display equation"},
		{"bracket display last", "$$a$$ and then \\[ \\text{FLOPs} \\approx 1.6 \\times 10^9 \\]", `\text{FLOPs} \approx 1.6 \times 10^9`, "display equation"},
		{"align environment", "We derive\n\\begin{align*}\nT(N) &= 2T(N/2) + N \\\\\n&= O(N \\log N)\n\\end{align*}\nDone.", "T(N) &= 2T(N/2) + N \\\\\n&= O(N \\log N)", "display equation"},
		{"inline math is not display", "It is $O(N)$ and $O(1)$ memory.", "It is $O(N)$ and $O(1)$ memory.", "in the reply"},
		// Rule 4: the whole reply.
		{"whole reply trimmed", "  \n B \n", "B", "in the reply"},
		{"empty reply", "", "", "in the reply"},
		{"final answer label with nothing after", "Final answer:", "Final answer:", "in the reply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.reply)
			if got.Text != tt.wantText || got.How != tt.wantHow {
				t.Errorf("Extract(%q) = {%q, %q}, want {%q, %q}", tt.reply, got.Text, got.How, tt.wantText, tt.wantHow)
			}
		})
	}
}

// TestExtractFinalAnswerHeadingThenDisplay: a "Final answer" heading whose
// answer is a display block on the next lines yields the whole block.
func TestExtractFinalAnswerHeadingThenDisplay(t *testing.T) {
	for _, reply := range []string{
		"Work...\n\n### Final answer\n\\[\n\\mathcal{O}(N D_r (D+M))\n\\]\n",
		"Work...\n\n**Final answer:**\n$$\nO(N D_r (D+M))\n$$\n",
	} {
		e := Extract(reply)
		if e.How != CueFinal || !strings.Contains(e.Text, "(N D_r (D+M))") {
			t.Errorf("Extract(%q) = %+v", reply, e)
		}
	}
}

// TestIsBoldLabel: a bold run that opens its line and ends with a full stop
// or colon is a label ("**Ratio.**", "**Step 2:**"), unless it is an
// equation ended with a full stop ("**Var(qᵀk) = d (1 + ρ²).**").
func TestIsBoldLabel(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"**Ratio.**\n\nThe ratio is 8.69.", true},
		{"**Step 2:** expand the square.", true},
		{"**Pointwise 1×1, 128 → 256.**", true},
		{"**Step 2: m = 3.**", true},
		{"  **Var(qᵀk) = d (1 + ρ²).**", false},
		{"**Total ≈ 1.73.**", false},
	} {
		start := strings.Index(tc.s, "**")
		end := strings.Index(tc.s[start+2:], "**") + start + 4
		if got := isBoldLabel(tc.s, start, end, tc.s[start+2:end-2]); got != tc.want {
			t.Errorf("isBoldLabel(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

// TestJudgedAnswerIsNoCue: words after "the answer is" that judge the
// answer ("… is wrong") or describe its form ("the final expression is
// written …") open no answer region; "written as X" still states one.
func TestJudgedAnswerIsNoCue(t *testing.T) {
	for _, tc := range []struct {
		reply string
		want  bool
	}{
		{"Hearing only that the answer is wrong doesn't tell me which step to check: how 1 − β₁² and 1 − β₂² are applied.", false},
		{"5. just the way the final expression is written (the version with the 1/2 multiplied out is the same thing)", false},
		{"So the answer is correct as it stands.", false},
		{"The final answer is written as (2 − x²)φ(x).", true},
		{"The answer is 0.0075.", true},
		{"I still believe my answer is correct: **O(N D_random (D + M))**.", true},
	} {
		got := false
		for _, r := range cueRegions(tc.reply) {
			if r.cue == CueFinal || r.cue == CueAnswer {
				got = true
			}
		}
		if got != tc.want {
			t.Errorf("%q: answer region %v, want %v", tc.reply, got, tc.want)
		}
	}
}
