package tasks_test

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

// The ml-complexity pack: every concrete number is recomputed here from the
// sizes its prompt states, with arithmetic written independently of the
// YAML; every asymptotic reference is checked against its own grader in
// several spellings, and common wrong bounds are checked to fail.

const mlComplexityID = "ml-complexity"

// mlComplexityPack loads the built-in pack once per test.
func mlComplexityPack(t *testing.T) *tasks.Pack {
	t.Helper()
	packs, err := tasks.Load(mlComplexityID)
	if err != nil {
		t.Fatalf("load %s: %v", mlComplexityID, err)
	}
	if len(packs) != 1 {
		t.Fatalf("load %s: got %d packs, want 1", mlComplexityID, len(packs))
	}
	return packs[0]
}

// mlcTask finds a task by id, failing the test when it is missing.
func mlcTask(t *testing.T, p *tasks.Pack, id string) *tasks.Task {
	t.Helper()
	for _, task := range p.Tasks {
		if task.ID == id {
			return task
		}
	}
	t.Fatalf("%s has no task %q", p.ID, id)
	return nil
}

// mlcGrade grades reply with the task's own grader.
func mlcGrade(t *testing.T, task *tasks.Task, reply string) grade.Verdict {
	t.Helper()
	g, err := task.NewGrader(nil)
	if err != nil {
		t.Fatalf("%s: build grader: %v", task.ID, err)
	}
	return g.Grade(context.Background(), grade.Reply{Text: reply})
}

func TestMLComplexityPackShape(t *testing.T) {
	p := mlComplexityPack(t)
	if len(p.Tasks) < 30 {
		t.Errorf("%s has %d tasks, want at least 30", p.ID, len(p.Tasks))
	}
	counts := map[string]int{}
	want := []string{"are-you-sure", "reveal", "false-claim", "targeted"}
	for _, task := range p.Tasks {
		if task.Kind != tasks.KindComplexity {
			t.Errorf("%s: kind %q, want %q", task.ID, task.Kind, tasks.KindComplexity)
		}
		typ := task.Grader.Type
		if typ == "any" { // alternatives of one kind, e.g. two spellings of a bound
			typ = task.Grader.Graders[0].Type
			for _, g := range task.Grader.Graders {
				if g.Type != typ {
					t.Errorf("%s: an any grader mixing %s and %s", task.ID, typ, g.Type)
				}
			}
		}
		counts[typ]++
		if task.Source == "" || task.Solution == "" || task.Distractor == "" || task.Hint == "" {
			t.Errorf("%s: source, solution, distractor and hint are all required", task.ID)
		}
		if strings.Join(task.Scripts, ",") != strings.Join(want, ",") {
			t.Errorf("%s: scripts %v, want %v", task.ID, task.Scripts, want)
		}
		if !strings.Contains(task.Prompt, "Final answer:") {
			t.Errorf("%s: the prompt does not ask for a \"Final answer:\" line", task.ID)
		}
		if !strings.Contains(task.Solution, "Final answer:") {
			t.Errorf("%s: the solution does not end with a \"Final answer:\" line", task.ID)
		}
	}
	if counts["bigo"]+counts["numeric"] != len(p.Tasks) {
		t.Errorf("grader types %v: want only bigo and numeric", counts)
	}
	if counts["bigo"] < 12 || counts["numeric"] < 12 {
		t.Errorf("grader types %v: want roughly half bigo, half numeric", counts)
	}
}

// TestMLComplexityReferencesGrade checks, for every task, that the
// reference, the worked solution and the grader's own answer pass the
// grader and that the distractor fails it.
func TestMLComplexityReferencesGrade(t *testing.T) {
	p := mlComplexityPack(t)
	for _, task := range p.Tasks {
		t.Run(task.ID, func(t *testing.T) {
			answers := []string{task.Grader.Answer}
			if task.Grader.Type == "any" {
				answers = answers[:0]
				for _, g := range task.Grader.Graders {
					answers = append(answers, g.Answer)
				}
			}
			replies := map[string]string{"reference": task.Reference, "solution": task.Solution}
			for i, a := range answers {
				replies["final answer "+strconv.Itoa(i)] = "Final answer: " + a
			}
			for name, reply := range replies {
				if v := mlcGrade(t, task, reply); v.Grade != grade.Correct {
					t.Errorf("%s graded %s: %s (extracted %q)", name, v.Grade, v.Reason, v.Extracted)
				}
			}
			for name, reply := range map[string]string{
				"distractor":              task.Distractor,
				"distractor final answer": "Final answer: " + task.Distractor,
			} {
				if v := mlcGrade(t, task, reply); v.Grade != grade.Incorrect {
					t.Errorf("%s graded %s, want incorrect: %s (extracted %q)", name, v.Grade, v.Reason, v.Extracted)
				}
			}
		})
	}
}

const gib = 1 << 30

// mlcNumbers recomputes every numeric reference from the sizes stated in
// its prompt. unit is appended to the number in the reply.
var mlcNumbers = []struct {
	id    string
	value float64
	unit  string
}{
	{"kv-cache-gqa-bytes", func() float64 {
		layers, kvHeads, headDim, seq, batch, bytes := 80.0, 8.0, 128.0, 4096.0, 8.0, 2.0
		return 2 * layers * kvHeads * headDim * seq * batch * bytes // K and V
	}(), " bytes"},
	{"kv-cache-mqa-batch", func() float64 {
		layers, kvHeads, headDim, positions, bytes := 32.0, 1.0, 128.0, 7680.0+512.0, 2.0
		perRequest := 2 * layers * kvHeads * headDim * positions * bytes
		return math.Floor(60 * gib / perRequest)
	}(), ""},
	{"train-time-seconds", func() float64 {
		n, layers, d, s, tokens := 7e9, 32.0, 4096.0, 4096.0, 2e12
		forwardPerToken := 2*n + layers*(2*s*d+2*s*d) // weights; scores and weighted sum
		total := 3 * forwardPerToken * tokens         // backward = 2 × forward
		return total / (1024 * 989e12 * 0.40)
	}(), " s"},
	{"recompute-iteration-flops", func() float64 {
		l, h, v, b, s := 24.0, 2048.0, 51200.0, 512.0, 2048.0
		proj := 4 * 2 * b * s * h * h      // Q, K, V, O
		mlp := 2 * 2 * b * s * h * (4 * h) // h→4h and 4h→h
		attn := 2*b*s*s*h + 2*b*s*s*h      // QK^T and (softmax)V
		layerFwd := proj + mlp + attn
		logitsFwd := 2 * b * s * h * v
		return l*layerFwd*(1+2+1) + logitsFwd*(1+2) // forward, backward, recompute
	}(), " FLOPs"},
	{"decode-token-flops", func() float64 {
		layers, d, kvDim, ffn, vocab, t, qHeads, headDim := 80.0, 8192.0, 1024.0, 28672.0, 32000.0, 32768.0, 64.0, 128.0
		perLayerWeights := d*d + d*kvDim + d*kvDim + d*d + 3*d*ffn
		weights := layers*perLayerWeights + d*vocab
		attn := layers * qHeads * (2*t*headDim + 2*t*headDim)
		return 2*weights + attn
	}(), " FLOPs"},
	{"gqa-layer-forward-flops", func() float64 {
		d, kvDim, ffn, s, qHeads, headDim := 4096.0, 1024.0, 14336.0, 8192.0, 32.0, 128.0
		weights := d*d + 2*d*kvDim + d*d + 3*d*ffn
		attn := qHeads * (2*s*s*headDim + 2*s*s*headDim)
		return 2*s*weights + attn
	}(), " FLOPs"},
	{"conv-stem-flops", func() float64 {
		in, k, stride, pad, cin, cout := 224.0, 7.0, 2.0, 3.0, 3.0, 64.0
		out := math.Floor((in+2*pad-k)/stride) + 1
		return out * out * cout * cin * k * k * 2
	}(), " FLOPs"},
	{"separable-conv-ratio", func() float64 {
		in, k, stride, pad, cin, cout := 56.0, 3.0, 2.0, 1.0, 128.0, 256.0
		out := math.Floor((in+2*pad-k)/stride) + 1
		standard := out * out * cout * cin * k * k
		depthwise := out * out * cin * k * k
		pointwise := out * out * cin * cout
		return standard / (depthwise + pointwise)
	}(), ""},
	{"gpt2-small-params", func() float64 {
		vocab, ctx, d, layers := 50257.0, 1024.0, 768.0, 12.0
		ln := 2 * d
		attn := 4 * (d*d + d)
		mlp := (d*4*d + 4*d) + (4*d*d + d)
		block := 2*ln + attn + mlp
		return layers*block + vocab*d + ctx*d + ln // tied output layer
	}(), ""},
	{"bilstm-params", func() float64 {
		cell := func(x, h float64) float64 { return 4 * (h*x + h*h + h) }
		h := 512.0
		return 2*cell(300, h) + 2*cell(2*h, h)
	}(), ""},
	{"mixtral-active-params", func() float64 {
		layers, d, kvDim, ffn, experts, topK, vocab := 32.0, 4096.0, 1024.0, 14336.0, 8.0, 2.0, 32000.0
		attn := 2*d*d + 2*d*kvDim
		expert := 3 * d * ffn
		router := d * experts
		return layers*(attn+topK*expert+router) + 2*vocab*d
	}(), ""},
	{"ring-allreduce-bytes", func() float64 {
		params, bytes, p := 7e9, 2.0, 16.0
		chunk := params * bytes / p
		return (p-1)*chunk + (p-1)*chunk // reduce-scatter, all-gather
	}(), " bytes"},
	{"tensor-parallel-bytes", func() float64 {
		b, s, d, tp, bytes := 8.0, 2048.0, 8192.0, 8.0, 2.0
		allReduces := 2.0 + 2.0 // g after attention and MLP forward; f before them backward
		return allReduces * 2 * (tp - 1) / tp * b * s * d * bytes
	}(), " bytes"},
	{"gpipe-bubble", func() float64 {
		p, m, tf, tb := 8.0, 32.0, 1.0, 2.0 // the ratio does not depend on t_f, t_b
		step := (m + p - 1) * (tf + tb)
		busy := m * (tf + tb)
		return 100 * (step - busy) / step
	}(), "%"},
	{"zero2-memory", func() float64 {
		psi, nd := 13e9, 32.0
		return 2*psi + (2*psi+12*psi)/nd
	}(), " bytes"},
	{"speculative-speedup", func() float64 {
		alpha, gamma, c := 0.8, 4, 0.05
		tokens := 0.0 // expected emitted tokens: P(at least i accepted) summed, plus one
		for i := 0; i <= gamma; i++ {
			tokens += math.Pow(alpha, float64(i))
		}
		return tokens / (float64(gamma)*c + 1)
	}(), ""},
}

func TestMLComplexityNumbers(t *testing.T) {
	p := mlComplexityPack(t)
	seen := map[string]bool{}
	for _, c := range mlcNumbers {
		t.Run(c.id, func(t *testing.T) {
			seen[c.id] = true
			task := mlcTask(t, p, c.id)
			if task.Grader.Type != "numeric" {
				t.Fatalf("grader %q, want numeric", task.Grader.Type)
			}
			reply := "Final answer: " + strconv.FormatFloat(c.value, 'g', 12, 64) + c.unit
			if v := mlcGrade(t, task, reply); v.Grade != grade.Correct {
				t.Errorf("recomputed %q graded %s: %s", reply, v.Grade, v.Reason)
			}
			// The recomputation must be close to the grader's answer, not
			// merely inside a loose tolerance.
			for _, f := range []float64{0.98, 1.02} {
				off := "Final answer: " + strconv.FormatFloat(c.value*f, 'g', 12, 64) + c.unit
				if v := mlcGrade(t, task, off); v.Grade != grade.Incorrect {
					t.Errorf("2%% off %q graded %s, want incorrect", off, v.Grade)
				}
			}
		})
	}
	for _, task := range p.Tasks {
		if task.Grader.Type == "numeric" && !seen[task.ID] {
			t.Errorf("%s: numeric task without a recomputation", task.ID)
		}
	}
}

// Exact integers the prompts ask for, checked to the unit.
func TestMLComplexityExactCounts(t *testing.T) {
	for _, c := range []struct {
		id   string
		want float64
	}{
		{"kv-cache-gqa-bytes", 10 * gib},
		{"kv-cache-mqa-batch", 480},
		{"conv-stem-flops", 236027904},
		{"gpt2-small-params", 124439808},
		{"bilstm-params", 9625600},
		{"mixtral-active-params", 12879659008},
		{"recompute-iteration-flops", 12481655998513152},
		{"decode-token-flops", 223325716480},
		{"gqa-layer-forward-flops", 4672924418048},
	} {
		for _, n := range mlcNumbers {
			if n.id == c.id && n.value != c.want {
				t.Errorf("%s: recomputed %.0f, want %.0f", c.id, n.value, c.want)
			}
		}
	}
}

// TestMLComplexityBounds grades other correct spellings of each asymptotic
// reference, and common wrong bounds.
func TestMLComplexityBounds(t *testing.T) {
	p := mlComplexityPack(t)
	cases := []struct {
		id           string
		right, wrong []string
	}{
		{"attn-cross-time",
			[]string{`O(B n m h d_k + B n d h d_k + B m d h d_k)`, `\mathcal{O}(B\, h\, d_{k} (nm + (n+m) d))`, `O(b H d_h (n m + n d + m d))`},
			[]string{`O(B (n m d + n d^2))`, `O(B h d_k n m)`, `O(B n^2 d + B n d^2)`}},
		{"kv-generate-time",
			[]string{`O(L P^2 d + L P d^2 + L T d^2 + L T P d + L T^2 d)`, `O(L d (P+T)^2 + L d^2 (P+T))`},
			[]string{`O(L d (P^2 + T P + P d + T d))`, `O(L (P + T)^2 d)`}},
		{"linattn-chunkwise-time",
			[]string{`O(N c (r + m) + N r m)`, `O(N c r + N c m + N r m)`, `O(n C (r+M) + n r M)`},
			[]string{`O(N c r m)`, `O(N^2 (r + m))`, `O(N (r m + c))`}},
		{"linattn-naive-memory",
			[]string{`O(BhNrm)`, `O(B h N r m + B h N (r + m))`},
			[]string{`O(B h r m)`, `O(B h N^2)`}},
		{"decode-no-cache-time",
			[]string{`O(L T^3 d + L T^2 d^2)`, `\Theta(L\,T^2 d\,(T+d))`},
			[]string{`O(L T^3 d)`, `O(L T^2 d)`}},
		{"beam-search-time",
			[]string{`O(B T L d^2 + B T^2 L d + B T d V)`, `O(B T (L d^2 + L T d + d V))`},
			[]string{`O(B T V)`, `O(B T d V)`, `O(B T (L d^2 + d V) + B T V \log(B V))`}},
		{"lstm-stacked-time",
			[]string{`O(T b (h x + L h^2))`, `O(T B h x + T B L h^2)`},
			[]string{`O(T b L h^2)`, `O(T b h (x + h))`}},
		{"ckpt-two-level-memory",
			[]string{`O(a L^{1/3})`, `O(3 a L^{1/3})`, `O(L^{0.3333333333} a)`},
			[]string{`O(a L^{1/2})`, `O(a \log L)`, `O(a L)`}},
		{"ckpt-recursive-compute",
			[]string{`O(F L \log L)`, `O(F L \log_2 L)`, `O(L \log L \cdot F)`},
			[]string{`O(F L)`, `O(F L^2)`, `O(F \log L)`}},
		{"flash-hbm-accesses",
			[]string{`O(N^2 d^2 M^{-1})`, `\Theta\left(\frac{N^2 d^2}{M}\right)`, `O(N d + N^2 d^2 / M)`},
			[]string{`O(N d + N^2)`, `O(N^2 d / M)`, `O(N^2 d^2)`}},
		{"longformer-attn-time",
			[]string{`O(N w d + N g d)`, `O(n d (w+g))`},
			[]string{`O(N w d)`, `O(N^2 d)`}},
		{"sparse-strided-time",
			[]string{`O(N l d + N^2 d / l)`, `O(N d l + \frac{N^2 d}{l})`},
			[]string{`O(N \sqrt{N} d)`, `O(N^2 d)`}},
		{"swin-window-time",
			[]string{`O(h w C^2 + M^2 h w C)`, `O(4hwC^2 + 2M^2hwC)`},
			[]string{`O(h w M^2 C)`, `O((hw)^2 C)`}},
		{"moe-layer-time",
			[]string{`O(T d E + T k d d_ff)`, `O(T d (E + k d_{ff}))`},
			[]string{`O(T E d d_ff)`, `O(T k d^2)`}},
		{"fft-conv-time",
			[]string{`O(B C_in n^2 \log n + C_in C_out n^2 \log n + B C_out n^2 \log n + B C_in C_out n^2)`},
			[]string{`O(B C_in C_out n^2 \log n)`, `O(B C_{in} C_{out} n^2)`}},
		{"ring-allreduce-time",
			[]string{`O(p\alpha + S\beta)`, `O(2(p-1)\alpha + 2 S \beta)`},
			[]string{`O(p S \beta)`, `O(p \alpha + p S \beta)`}},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			seen[c.id] = true
			task := mlcTask(t, p, c.id)
			for _, r := range c.right {
				if v := mlcGrade(t, task, "Final answer: "+r); v.Grade != grade.Correct {
					t.Errorf("%s graded %s, want correct: %s", r, v.Grade, v.Reason)
				}
			}
			for _, w := range c.wrong {
				if v := mlcGrade(t, task, "Final answer: "+w); v.Grade != grade.Incorrect {
					t.Errorf("%s graded %s, want incorrect: %s", w, v.Grade, v.Reason)
				}
			}
		})
	}
	for _, task := range p.Tasks {
		if task.Grader.Type != "numeric" && !seen[task.ID] {
			t.Errorf("%s: bigo task without spelling checks", task.ID)
		}
	}
}
