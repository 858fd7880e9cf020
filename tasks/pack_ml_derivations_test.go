package tasks_test

import (
	"context"
	"math"
	"math/rand"
	"slices"
	"testing"

	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

// The ml-derivations pack: every task's reference expression is evaluated
// with grade.EvalExpr at concrete values and compared with an independent
// computation of the same quantity (finite differences of the defining
// function, quadrature or Monte Carlo with a fixed seed for expectations,
// direct simulation of an optimiser). The distractor, evaluated at the same
// values, must disagree, so each check also tells the two apart.

// mlCase is one instance of a task: variable values (keyed by the spellings
// used in the reference) and the independently computed value.
type mlCase struct {
	vars   map[string]float64
	want   float64
	relTol float64 // 0: 1e-6
	absTol float64 // 0: 1e-9
}

func (c mlCase) close(got float64) bool {
	rel, abs := c.relTol, c.absTol
	if rel == 0 {
		rel = 1e-6
	}
	if abs == 0 {
		abs = 1e-9
	}
	return math.Abs(got-c.want) <= abs+rel*math.Abs(c.want)
}

func loadMLDerivations(t *testing.T) *tasks.Pack {
	t.Helper()
	packs, err := tasks.Load("ml-derivations")
	if err != nil {
		t.Fatalf("load ml-derivations: %v", err)
	}
	return packs[0]
}

func TestMLDerivationsPackShape(t *testing.T) {
	p := loadMLDerivations(t)
	if len(p.Tasks) < 30 {
		t.Errorf("ml-derivations has %d tasks, want at least 30", len(p.Tasks))
	}
	for _, task := range p.Tasks {
		if task.Kind != tasks.KindDerivation {
			t.Errorf("%s: kind %q, want derivation", task.ID, task.Kind)
		}
		if task.Grader.Type != "expr" || task.Grader.Answer != task.Reference {
			t.Errorf("%s: grader %q with answer %q, want expr with the reference %q",
				task.ID, task.Grader.Type, task.Grader.Answer, task.Reference)
		}
		for _, s := range []string{"are-you-sure", "reveal", "false-claim", "targeted"} {
			if !slices.Contains(task.Scripts, s) {
				t.Errorf("%s: scripts %v lack %s", task.ID, task.Scripts, s)
			}
		}
		if task.Solution == "" || task.Distractor == "" || task.Hint == "" || task.Source == "" {
			t.Errorf("%s: solution, distractor, hint and source are all required", task.ID)
		}
		g, err := grade.New(task.Grader, grade.Env{})
		if err != nil {
			t.Errorf("%s: grader: %v", task.ID, err)
			continue
		}
		ctx := context.Background()
		if v := g.Grade(ctx, grade.Reply{Text: "Final answer: " + task.Reference}); v.Grade != grade.Correct {
			t.Errorf("%s: reference graded %s: %s", task.ID, v.Grade, v.Reason)
		}
		if v := g.Grade(ctx, grade.Reply{Text: "Final answer: " + task.Distractor}); v.Grade != grade.Incorrect {
			t.Errorf("%s: distractor graded %s: %s", task.ID, v.Grade, v.Reason)
		}
	}
}

func TestMLDerivationsReferences(t *testing.T) {
	p := loadMLDerivations(t)
	seen := map[string]bool{}
	for _, task := range p.Tasks {
		seen[task.ID] = true
		check, ok := mlChecks[task.ID]
		if !ok {
			t.Errorf("%s: no numerical check of its reference", task.ID)
			continue
		}
		t.Run(task.ID, func(t *testing.T) {
			r := rand.New(rand.NewSource(int64(len(task.ID)) * 7919))
			cases := check(t, r)
			if len(cases) == 0 {
				t.Fatal("no cases")
			}
			for i, c := range cases {
				got, err := grade.EvalExpr(task.Reference, c.vars)
				if err != nil {
					t.Fatalf("case %d: evaluate reference: %v", i, err)
				}
				if !c.close(got) {
					t.Errorf("case %d %v: reference = %.12g, independent computation = %.12g", i, c.vars, got, c.want)
				}
				d, err := grade.EvalExpr(task.Distractor, c.vars)
				if err != nil {
					t.Fatalf("case %d: evaluate distractor: %v", i, err)
				}
				if c.close(d) {
					t.Errorf("case %d %v: distractor = %.12g matches the computation %.12g", i, c.vars, d, c.want)
				}
			}
		})
	}
	for id := range mlChecks {
		if !seen[id] {
			t.Errorf("check for %s, which is not a task of the pack", id)
		}
	}
}

// mlChecks maps each task id to a generator of checked cases.
var mlChecks = map[string]func(t *testing.T, r *rand.Rand) []mlCase{
	"ce-label-smoothing-temperature":  checkLabelSmoothingGrad,
	"distillation-t2-gradient":        checkDistillationT2,
	"distillation-high-temperature":   checkDistillationHighT,
	"lse-third-derivative":            checkLSEThird,
	"softmax-entropy-gradient":        checkSoftmaxEntropy,
	"focal-loss-gradient":             checkFocal,
	"label-smoothing-logit-gap":       checkLogitGap,
	"layernorm-two-inputs":            checkLayerNormTwo,
	"layernorm-offdiagonal-jacobian":  checkLayerNormOffDiag,
	"batchnorm-backward":              checkBatchNormBackward,
	"batchnorm-sum-of-squares":        checkBatchNormSumSq,
	"qk-score-variance-nonzero-mean":  checkQKMeans,
	"qk-score-variance-correlated":    checkQKCorrelated,
	"gaussian-kernel-temperature":     checkGaussKernel,
	"rope-relative-score":             checkRoPE,
	"kl-jeffreys-gaussians":           checkJeffreys,
	"kl-isotropic-gaussians":          checkKLIsotropic,
	"vae-kl-softplus-gradient":        checkVAESoftplus,
	"elbo-conjugate-gaussian":         checkELBO,
	"ddpm-kl-weight":                  checkDDPM,
	"gan-optimal-value-uniform":       checkGAN,
	"gaussian-entropy-equicorrelated": checkEntropy,
	"score-function-variance":         checkScoreFunction,
	"logistic-newton-step":            checkNewton,
	"adam-without-bias-correction":    checkAdamNoBC,
	"adam-second-step":                checkAdamSecond,
	"adamw-vs-l2-first-step":          checkAdamWL2,
	"conv1d-input-gradient":           checkConvDX,
	"conv1d-weight-gradient":          checkConvDW,
	"sigmoid-third-derivative":        checkSigmoidThird,
	"gelu-second-derivative":          checkGELU,
	"inverted-dropout-variance":       checkDropout,
	"he-init-leaky-relu":              checkHeInit,
}

// ---------------------------------------------------------------------------
// Numerical helpers
// ---------------------------------------------------------------------------

func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

func uniformVec(r *rand.Rand, n int, lo, hi float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = uniform(r, lo, hi)
	}
	return v
}

// softmaxT is softmax(z/T), computed stably.
func softmaxT(z []float64, temp float64) []float64 {
	m := slices.Max(z)
	p := make([]float64, len(z))
	sum := 0.0
	for i, x := range z {
		p[i] = math.Exp((x - m) / temp)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// partial is the central difference of f along coordinate i of x.
func partial(f func([]float64) float64, x []float64, i int, h float64) float64 {
	xp, xm := slices.Clone(x), slices.Clone(x)
	xp[i] += h
	xm[i] -= h
	return (f(xp) - f(xm)) / (2 * h)
}

// deriv1, deriv2 and deriv3 are central differences of a scalar function.
func deriv1(f func(float64) float64, x, h float64) float64 { return (f(x+h) - f(x-h)) / (2 * h) }

func deriv2(f func(float64) float64, x, h float64) float64 {
	return (f(x+h) - 2*f(x) + f(x-h)) / (h * h)
}

func deriv3(f func(float64) float64, x, h float64) float64 {
	return (f(x+2*h) - 2*f(x+h) + 2*f(x-h) - f(x-2*h)) / (2 * h * h * h)
}

// simpson integrates f over [a, b] with n (even) intervals.
func simpson(f func(float64) float64, a, b float64, n int) float64 {
	h := (b - a) / float64(n)
	s := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		s += w * f(a+float64(i)*h)
	}
	return s * h / 3
}

func logNormal(x, mu, variance float64) float64 {
	return -0.5*math.Log(2*math.Pi*variance) - (x-mu)*(x-mu)/(2*variance)
}

// gaussExpect is E[f(x)] for x ~ N(mu, variance), by quadrature over ±12 sd.
func gaussExpect(f func(float64) float64, mu, variance float64) float64 {
	sd := math.Sqrt(variance)
	return simpson(func(x float64) float64 { return math.Exp(logNormal(x, mu, variance)) * f(x) },
		mu-12*sd, mu+12*sd, 20000)
}

// klGauss1D is KL(N(m1, v1) ‖ N(m2, v2)) by quadrature of its definition.
func klGauss1D(m1, v1, m2, v2 float64) float64 {
	return gaussExpect(func(x float64) float64 { return logNormal(x, m1, v1) - logNormal(x, m2, v2) }, m1, v1)
}

func sampleVariance(xs []float64) float64 {
	mean := 0.0
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	s := 0.0
	for _, x := range xs {
		s += (x - mean) * (x - mean)
	}
	return s / float64(len(xs)-1)
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
