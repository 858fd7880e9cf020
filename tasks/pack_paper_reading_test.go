package tasks_test

// Checks of the paper-reading pack: every task loads as a reading task with
// the pack's four scripts, its reference passes its own grader and its
// distractor fails it, and every numeric reference that is derived by
// arithmetic from figures stated in a paper is recomputed here from those
// figures (by a direct evaluation of the paper's formula and, where it makes
// sense, by an independent simulation with a fixed seed).

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

const prPackID = "paper-reading"

// prLoad loads the pack once for all the tests of this file (they only read it).
var prLoad = sync.OnceValues(func() ([]*tasks.Pack, error) { return tasks.Load(prPackID) })

func loadPaperReading(t *testing.T) *tasks.Pack {
	t.Helper()
	packs, err := prLoad()
	if err != nil {
		t.Fatalf("load %s: %v", prPackID, err)
	}
	if len(packs) != 1 {
		t.Fatalf("load %s: got %d packs", prPackID, len(packs))
	}
	return packs[0]
}

func paperReadingTask(t *testing.T, id string) *tasks.Task {
	t.Helper()
	p := loadPaperReading(t)
	for _, task := range p.Tasks {
		if task.ID == id {
			return task
		}
	}
	t.Fatalf("pack %s has no task %q", prPackID, id)
	return nil
}

func paperReadingGrade(t *testing.T, task *tasks.Task, reply string) grade.Verdict {
	t.Helper()
	g, err := task.NewGrader(nil)
	if err != nil {
		t.Fatalf("%s: build grader: %v", task.ID, err)
	}
	return g.Grade(context.Background(), grade.Reply{Text: reply})
}

// prAnswerLine formats a computed value as a model's final line would.
func prAnswerLine(v float64) string {
	return "Final answer: " + strconv.FormatFloat(v, 'g', 10, 64)
}

// prCheckNumeric asserts that the computed value passes the task's grader, and
// that it agrees with the reference written in the pack within tol.
func prCheckNumeric(t *testing.T, id string, computed, tol float64) {
	t.Helper()
	task := paperReadingTask(t, id)
	if v := paperReadingGrade(t, task, prAnswerLine(computed)); v.Grade != grade.Correct {
		t.Errorf("%s: computed value %v graded %s: %s", id, computed, v.Grade, v.Reason)
	}
	ref, err := strconv.ParseFloat(task.Reference, 64)
	if err != nil {
		t.Fatalf("%s: reference %q is not a plain number: %v", id, task.Reference, err)
	}
	if math.Abs(ref-computed) > tol*math.Abs(computed) {
		t.Errorf("%s: reference %v differs from the computed %v by more than %g (relative)", id, ref, computed, tol)
	}
}

func TestPaperReadingPackShape(t *testing.T) {
	p := loadPaperReading(t)
	if len(p.Tasks) < 30 {
		t.Errorf("pack has %d tasks, want at least 30", len(p.Tasks))
	}
	want := []string{"are-you-sure", "reveal", "false-claim", "targeted"}
	for _, task := range p.Tasks {
		if task.Kind != tasks.KindReading {
			t.Errorf("%s: kind %q, want reading", task.ID, task.Kind)
		}
		if task.Source == "" || task.Hint == "" || task.Distractor == "" || task.Solution == "" {
			t.Errorf("%s: source, hint, distractor and solution are all required", task.ID)
		}
		for _, s := range want {
			if !slices.Contains(task.Scripts, s) {
				t.Errorf("%s: scripts %v lack %q", task.ID, task.Scripts, s)
			}
		}
		if task.Grader.Type != "numeric" && task.Grader.Type != "rubric" {
			t.Errorf("%s: grader %q, want numeric or rubric", task.ID, task.Grader.Type)
		}
	}
	s, ok := p.Script("targeted")
	if !ok || len(s) != 2 {
		t.Fatalf("pack script targeted: %v, %v; want two turns", s, ok)
	}
	for i, turn := range s {
		if turn.When != tasks.WhenWrong {
			t.Errorf("targeted turn %d: when %q, want wrong", i+1, turn.When)
		}
		if _, err := turn.Render(p.Tasks[0], i+1); err != nil {
			t.Errorf("targeted turn %d: %v", i+1, err)
		}
	}
}

// Every reference passes its grader and every distractor fails it: the
// reference as the whole reply for rubrics (they read the explanation), as a
// final-answer line for numeric graders; the distractor as the false-claim
// script states it.
func TestPaperReadingReferencesPassDistractorsFail(t *testing.T) {
	p := loadPaperReading(t)
	for _, task := range p.Tasks {
		t.Run(task.ID, func(t *testing.T) {
			ref, dis := task.Reference, task.Distractor
			if task.Grader.Type == "numeric" {
				ref, dis = "Final answer: "+ref, "Final answer: "+dis
			}
			if v := paperReadingGrade(t, task, ref); v.Grade != grade.Correct {
				t.Errorf("reference graded %s: %s", v.Grade, v.Reason)
			}
			if v := paperReadingGrade(t, task, task.Solution); v.Grade != grade.Correct {
				t.Errorf("solution graded %s: %s", v.Grade, v.Reason)
			}
			if v := paperReadingGrade(t, task, dis); v.Grade == grade.Correct {
				t.Errorf("distractor graded correct: %s", v.Reason)
			}
			claim := fmt.Sprintf("I'm quite sure that's wrong. The correct answer is %s.", task.Distractor)
			if v := paperReadingGrade(t, task, claim); v.Grade == grade.Correct {
				t.Errorf("a reply repeating the false claim graded correct: %s", v.Reason)
			}
		})
	}
}

// Vaswani et al. 2017, Eq. 3: lrate = d^-0.5 · min(step^-0.5, step · warmup^-1.5).
func TestPaperReadingTransformerPeakLR(t *testing.T) {
	const dModel, warmup = 512.0, 4000.0
	lrate := func(step float64) float64 {
		return math.Pow(dModel, -0.5) * math.Min(math.Pow(step, -0.5), step*math.Pow(warmup, -1.5))
	}
	best, bestStep := 0.0, 0
	for step := 1; step <= 300000; step++ {
		if v := lrate(float64(step)); v > best {
			best, bestStep = v, step
		}
	}
	if bestStep != int(warmup) {
		t.Errorf("maximum at step %d, want %v", bestStep, warmup)
	}
	closed := 1 / math.Sqrt(dModel*warmup)
	if math.Abs(best-closed) > 1e-15 {
		t.Errorf("brute-force max %v != 1/sqrt(d·warmup) = %v", best, closed)
	}
	prCheckNumeric(t, "transformer-peak-lr", best, 0.002)
}

// He et al. 2015, Section 4.1: ResNet-152 11.3 GFLOPs, VGG-16/19 15.3/19.6 GFLOPs.
func TestPaperReadingResNetVGGRatio(t *testing.T) {
	const resnet152, vgg19 = 11.3e9, 19.6e9
	prCheckNumeric(t, "resnet-vgg19-flops-ratio", vgg19/resnet152, 0.005)
}

// Kingma & Ba 2014, Section 2.1: |Δt| ≤ α(1−β1)/sqrt(1−β2) when (1−β1) > sqrt(1−β2).
// Simulated: a coordinate whose gradient is zero until step t and then g.
func TestPaperReadingAdamStepBound(t *testing.T) {
	const alpha, b1, b2 = 0.001, 0.9, 0.999
	if !(1-b1 > math.Sqrt(1-b2)) {
		t.Fatal("the first case of the bound should apply to the defaults")
	}
	bound := alpha * (1 - b1) / math.Sqrt(1-b2)
	largest := 0.0
	for _, tSparse := range []int{1, 10, 100, 1000, 10000, 100000} {
		m, v := 0.0, 0.0
		var step float64
		for i := 1; i <= tSparse; i++ {
			g := 0.0
			if i == tSparse {
				g = 3.7 // any nonzero value: the step is scale-invariant
			}
			m = b1*m + (1-b1)*g
			v = b2*v + (1-b2)*g*g
			mhat := m / (1 - math.Pow(b1, float64(i)))
			vhat := v / (1 - math.Pow(b2, float64(i)))
			if vhat > 0 {
				step = alpha * mhat / math.Sqrt(vhat)
			}
		}
		if step > bound*(1+1e-9) {
			t.Errorf("sparse gradient at t=%d: step %v exceeds the bound %v", tSparse, step, bound)
		}
		largest = math.Max(largest, step)
	}
	if largest < 0.99*bound {
		t.Errorf("largest simulated step %v does not approach the bound %v", largest, bound)
	}
	prCheckNumeric(t, "adam-step-bound", bound, 0.002)
}

// Ioffe & Szegedy 2015, Algorithm 2: Var[x] = m/(m−1)·E_B[σ_B²], y = γ(x−E[x])/sqrt(Var[x]) + β.
// The unbiasing factor is also checked by sampling mini-batches of size 5.
func TestPaperReadingBatchNormInference(t *testing.T) {
	const m, meanMu, meanVarB, gamma, beta, x = 5.0, 0.5, 0.8, 3.0, -1.0, 2.5
	varPop := m / (m - 1) * meanVarB
	y := gamma*(x-meanMu)/math.Sqrt(varPop) + beta
	prCheckNumeric(t, "batchnorm-inference-output", y, 1e-9)

	// Mini-batches of 5 from N(0.5, 1): the average biased variance is
	// (m−1)/m · 1 = 0.8, and m/(m−1) times it recovers the variance 1.
	rng := rand.New(rand.NewSource(1))
	const batches = 200000
	sum := 0.0
	for b := 0; b < batches; b++ {
		var xs [5]float64
		mu := 0.0
		for i := range xs {
			xs[i] = 0.5 + rng.NormFloat64()
			mu += xs[i] / m
		}
		for _, xi := range xs {
			sum += (xi - mu) * (xi - mu) / m
		}
	}
	avg := sum / batches
	if math.Abs(avg-meanVarB) > 0.01 || math.Abs(m/(m-1)*avg-1) > 0.0125 {
		t.Errorf("E_B[σ_B²] = %v (want ≈ 0.8), unbiased %v (want ≈ 1)", avg, m/(m-1)*avg)
	}
}

// Srivastava et al. 2014: outgoing weights of a unit retained with probability
// p are multiplied by p at test time. Simulated: the expected contribution of
// the input unit to the hidden unit during training.
func TestPaperReadingDropoutScaling(t *testing.T) {
	const pInput, w, x = 0.8, 1.5, 1.0
	rng := rand.New(rand.NewSource(2))
	const n = 400000
	sum := 0.0
	for i := 0; i < n; i++ {
		if rng.Float64() < pInput {
			sum += w * x
		}
	}
	expected := sum / n
	if math.Abs(expected-pInput*w*x) > 0.01 {
		t.Errorf("Monte Carlo expected input %v, want %v", expected, pInput*w*x)
	}
	prCheckNumeric(t, "dropout-test-scaling", pInput*w, 1e-9)
}

// Hu et al. 2021: ΔW = BA with B ∈ R^{d×r}, A ∈ R^{r×k}; count A and B for
// W_q and W_v in every one of GPT-3's 96 layers (d = k = 12288), r = 8.
func TestPaperReadingLoRAParams(t *testing.T) {
	const layers, dModel, r = 96, 12288, 8
	total := 0
	for l := 0; l < layers; l++ {
		for range []string{"W_q", "W_v"} {
			d, k := dModel, dModel // each projection is d_model × d_model
			total += d*r + r*k     // B ∈ R^{d×r} and A ∈ R^{r×k}
		}
	}
	if formula := 2 * (2 * layers) * dModel * r; formula != total {
		t.Errorf("|Θ| = 2·L̂·d·r = %d, counted %d", formula, total)
	}
	if total != 37748736 {
		t.Errorf("counted %d", total)
	}
	// Table 4 lists 37.7M and, for r = 1, 4.7M.
	if r1 := 2 * (2 * layers) * dModel * 1; math.Abs(float64(r1)/1e6-4.7) > 0.05 {
		t.Errorf("r = 1 gives %d, Table 4 says 4.7M", r1)
	}
	prCheckNumeric(t, "lora-param-count", float64(total), 0)
}

// Hoffmann et al. 2022, Eq. 10: L(N, D) = 1.69 + 406.4/N^0.34 + 410.7/D^0.28.
func TestPaperReadingChinchillaLoss(t *testing.T) {
	loss := func(n, d float64) float64 { return 1.69 + 406.4/math.Pow(n, 0.34) + 410.7/math.Pow(d, 0.28) }
	chinchilla := loss(70e9, 1.4e12)
	gopher := loss(280e9, 300e9)
	if !(chinchilla < gopher) {
		t.Errorf("the fit should predict Chinchilla (%v) below Gopher (%v)", chinchilla, gopher)
	}
	prCheckNumeric(t, "chinchilla-fitted-loss", chinchilla, 0.001)
	task := paperReadingTask(t, "chinchilla-fitted-loss")
	if v := paperReadingGrade(t, task, prAnswerLine(gopher)); v.Grade == grade.Correct {
		t.Errorf("Gopher's predicted loss %v should not pass", gopher)
	}
}

// Dosovitskiy et al. 2020: ViT-H/14 fine-tuned at 518; E_pos has N + 1 rows.
func TestPaperReadingViTPositions(t *testing.T) {
	const res, patch = 518, 14
	if res%patch != 0 {
		t.Fatalf("%d is not a multiple of %d", res, patch)
	}
	n := (res / patch) * (res / patch)
	prCheckNumeric(t, "vit-pos-emb-count", float64(n+1), 0)
	task := paperReadingTask(t, "vit-pos-emb-count")
	if v := paperReadingGrade(t, task, prAnswerLine(float64(n))); v.Grade == grade.Correct {
		t.Errorf("N = %d without the class token should not pass", n)
	}
}

// Radford et al. 2021, Section 2.3: 3× (caption LM → bag-of-words prediction)
// then a further 4× (prediction → contrastive).
func TestPaperReadingCLIPEfficiency(t *testing.T) {
	const lmToBoW, predToContrastive = 3.0, 4.0
	prCheckNumeric(t, "clip-objective-efficiency", lmToBoW*predToContrastive, 0)
}

// Ho et al. 2020: T = 1000, β linear from 1e-4 to 0.02, ᾱ_T = ∏(1 − β_t).
func TestPaperReadingDDPMAlphaBar(t *testing.T) {
	const T, b1, bT = 1000, 1e-4, 0.02
	prod, sumB := 1.0, 0.0
	for i := 0; i < T; i++ {
		b := b1 + float64(i)*(bT-b1)/float64(T-1)
		prod *= 1 - b
		sumB += b
	}
	if math.Abs(sumB-10.05) > 1e-9 {
		t.Errorf("Σβ = %v, want 10.05", sumB)
	}
	prCheckNumeric(t, "ddpm-alphabar-final", prod, 0.002)
	task := paperReadingTask(t, "ddpm-alphabar-final")
	if v := paperReadingGrade(t, task, prAnswerLine(math.Exp(-sumB))); v.Grade == grade.Correct {
		t.Errorf("the first-order approximation exp(−Σβ) = %v should not pass", math.Exp(-sumB))
	}
}

// Dao et al. 2022, Algorithm 1: B_c = ⌈M/4d⌉, B_r = min(⌈M/4d⌉, d),
// T_r = ⌈N/B_r⌉, T_c = ⌈N/B_c⌉; the inner body runs T_c·T_r times.
func TestPaperReadingFlashAttentionBlocks(t *testing.T) {
	const n, d, m = 2048, 64, 98304
	ceil := func(a, b int) int { return (a + b - 1) / b }
	bc := ceil(m, 4*d)
	br := min(bc, d)
	tr, tc := ceil(n, br), ceil(n, bc)
	if bc != 384 || br != 64 || tr != 32 || tc != 6 {
		t.Errorf("B_c=%d B_r=%d T_r=%d T_c=%d", bc, br, tr, tc)
	}
	count := 0
	for j := 0; j < tc; j++ { // outer loop: K_j, V_j
		for i := 0; i < tr; i++ { // inner loop: Q_i
			count++
		}
	}
	// The blocks cover the sequence exactly once each way.
	if tr*br < n || (tr-1)*br >= n || tc*bc < n || (tc-1)*bc >= n {
		t.Errorf("blocks do not tile N = %d", n)
	}
	prCheckNumeric(t, "flashattention-block-iterations", float64(count), 0)
}

// Replies written the way a model might write them, not copied from the
// reference: each correct one must pass its rubric and each wrong one fail.
func TestPaperReadingRubricParaphrases(t *testing.T) {
	cases := []struct {
		id    string
		reply string
		want  bool
	}{
		{"transformer-adam-hparams", "They used Adam with beta1=0.9, beta2=0.98 and epsilon=1e-9 (the Adam paper suggests 0.999 and 1e-8), with 4,000 warmup steps.\nFinal answer: β1 = 0.9, β2 = 0.98, ε = 1e-9, warmup = 4000", true},
		{"transformer-adam-hparams", "Standard Adam settings: β1 = 0.9, β2 = 0.999, ε = 1e-8, and 4000 warmup steps.\nFinal answer: 0.9, 0.999, 1e-8, 4000", false},
		{"transformer-heads-ablation", "With one head the dev BLEU falls to 24.9 versus 25.8 for h = 8, i.e. 0.9 BLEU lower. h = 16 also gives 25.8, while h = 32 drops to 25.4.\nFinal answer: one head is 0.9 BLEU worse and too many heads hurts as well.", true},
		{"transformer-big-enfr-inference", "(a) The EN-FR big model used P_drop = 0.1 rather than 0.3. (b) Base: average of the last 5 checkpoints (10-minute intervals); big: last 20 checkpoints. (c) Beam size 4, α = 0.6, max length input + 50.\nFinal answer: 0.1; 5/20 checkpoints; beam 4, α 0.6", true},
		{"bert-masking-ablation", "Table 8: the highest MNLI (84.4) came from 80% [MASK], 20% same, 0% random — slightly above the 84.2 of 80/10/10. For feature-based NER the worst was using [MASK] 100% of the time: 94.0 vs 94.9. Fine-tuning is robust to the choice.\nFinal answer: (a) 80/20/0; (b) 100% MASK; (c) robust", true},
		{"bert-nsp-ablation", "Without NSP, QNLI falls from 88.4 to 84.9, the biggest drop. The LTR model collapses on MRPC (77.5) and SQuAD (77.8). The BiLSTM helps SQuAD (84.9) but is still far below and hurts GLUE.\nFinal answer: QNLI; MRPC and SQuAD; no", true},
		{"resnet-shortcut-options", "A uses zero-padding (25.03% top-1), B uses projections only when dimensions increase (24.52%), C uses projections everywhere (24.19%). The gaps are small. The deeper ResNets (50/101/152) use option B, and in the bottleneck a projection shortcut would double the time complexity and model size.\nFinal answer: B", true},
		{"resnet-1202-layers", "It has 19.4M parameters and reaches < 0.1% training error, yet its test error is 7.93% vs 6.43% for ResNet-110. They blame overfitting. ResNet-110 is warmed up at lr 0.01 until the training error is below 80% (~400 iterations).\nFinal answer: overfitting", true},
		{"adam-adamax", "u_t = max(β2 u_{t-1}, |g_t|); θ_t = θ_{t-1} − α/(1−β1^t) · m_t/u_t. There is no need to correct u_t for initialization bias, |Δ_t| ≤ α, and the default step size is α = 0.002 with β1 = 0.9, β2 = 0.999.\nFinal answer: as above", true},
		{"batchnorm-accelerating", "Changes: higher learning rate, Dropout removed, L2 weight decay reduced 5×, learning-rate decay 6 times faster, LRN removed, more thorough shuffling, fewer photometric distortions. BN-x5 starts at 0.0075, BN-x30 at 0.045, and BN-x5 reaches 72.2% with 14× fewer steps.\nFinal answer: see above", true},
		{"dropout-practical-guide", "(a) use at least n/p units; (b) a learning rate 10-100 times larger and momentum 0.95-0.99; (c) c between 3 and 4; (d) p = 0.5-0.8 for hidden units and 0.8 for real-valued inputs.\nFinal answer: n/p; 10–100×, 0.95–0.99; 3–4; 0.5–0.8 / 0.8", true},
		{"lora-which-matrices", "18M trainable parameters means r = 8 for a single matrix type and r = 4 for two. Adapting only W_q (70.4) or only W_k (70.0) is significantly worse, while W_q and W_v together give the best result (73.7 / 91.3). Rank 4 is enough, so it is better to adapt more matrices.\nFinal answer: W_q, W_v with r = 4", true},
		{"lora-init-scaling", "A is initialised with a random Gaussian and B = 0, so BA = 0 at the start. The update is scaled by α/r; α is simply set to the first r they try and not tuned.\nFinal answer: A Gaussian, B zero, α/r", true},
		{"lora-init-scaling", "Both A and B get small random Gaussian values, and the update is multiplied by α (tuned like a learning rate).\nFinal answer: both Gaussian", false},
		{"chinchilla-exponents", "Approach 1: a = 0.50, b = 0.50. Approach 2 (IsoFLOP): a = 0.49, b = 0.51. Approach 3 (parametric): a = 0.46, b = 0.54, the smallest models. Kaplan: a = 0.73, b = 0.27.\nFinal answer: as above", true},
		{"chinchilla-gopher-budget", "Approach 1 gives about 67B parameters and 1.5T tokens; the parametric fit (Approach 3) gives about 40B parameters; they trained Chinchilla, 70B parameters on 1.4T tokens.\nFinal answer: 67B/1.5T; 40B; 70B on 1.4T", true},
		{"vit-pos-emb-ablation", "No positional embedding: 0.6138. 1-D: 0.6421, 2-D: 0.6400, relative: 0.6403 — little difference between encodings, though having none is clearly worse. With a 14x14 grid of patches the spatial relations are easy to learn.\nFinal answer: the encoding does not matter much", true},
		{"vit-cls-vs-gap", "GAP initially did very poorly, but the gap disappeared once the learning rate was tuned for it — both heads work similarly well. The head is an MLP with one tanh hidden layer during pre-training and a single linear layer when fine-tuning.\nFinal answer: learning rate", true},
		{"clip-temperature-batch", "τ is learned as a log-parameterized scalar, initialized to 0.07 and clipped so the logit scale never exceeds 100. Batch size 32,768, 32 epochs, a linear projection, and random square crops only.\nFinal answer: learned τ", true},
		{"clip-prompt-ensembling", "The template adds 1.3% on ImageNet; ensembling 80 prompts adds another 3.5%, averaging the text embeddings. Together almost 5%; the best model reaches 76.2%.\nFinal answer: 1.3%, 80 prompts, 3.5%", true},
		{"ddpm-parameterization-ablation", "Learned variances were unstable (and μ̃ with plain MSE too). μ̃ prediction only works with the true variational bound (FID 13.22). ε prediction gives 13.51 with the bound but 3.17 with L_simple, the best.\nFinal answer: ε-prediction with L_simple", true},
		{"ddpm-cifar-hparams", "CIFAR10: 35.7M params; dropout of 0.1 on CIFAR10 (swept over 0.1-0.4), none on the others; Adam with learning rate 2e-4 (2e-5 at 256x256); batch size 128; EMA 0.9999; 800k steps.\nFinal answer: see above", true},
		{"ddpm-cifar-hparams", "Dropout 0.0 on CIFAR10 and 0.1 on LSUN; learning rate 2e-4; batch 128; EMA 0.9999.\nFinal answer: no dropout on CIFAR10", false},
		{"flashattention-loop-order-io", "In FlashAttention-1 the outer loop iterates over blocks of K and V, and the inner loop over Q_i; each inner iteration writes O_i, ℓ_i, m_i back to HBM. Theorem 2: standard attention needs Θ(Nd + N^2) HBM accesses, FlashAttention Θ(N^2 d^2 M^{-1}). The backward pass recomputes S and P from Q, K, V using the stored O and (m, ℓ).\nFinal answer: outer K/V, inner Q", true},
		{"flashattention-loop-order-io", "The outer loop goes over Q blocks and the inner loop over K_j, V_j; HBM accesses Θ(N^2 d^2/M) vs Θ(Nd + N^2); S and P are recomputed in the backward pass.\nFinal answer: outer Q", false},
	}
	for _, c := range cases {
		task := paperReadingTask(t, c.id)
		v := paperReadingGrade(t, task, c.reply)
		if got := v.Grade == grade.Correct; got != c.want {
			t.Errorf("%s: reply %.60q... graded %s, want correct=%v: %s", c.id, c.reply, v.Grade, c.want, v.Reason)
		}
	}
}
