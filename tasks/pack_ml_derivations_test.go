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
		if v := g.Grade(ctx, "Final answer: "+task.Reference); v.Grade != grade.Correct {
			t.Errorf("%s: reference graded %s: %s", task.ID, v.Grade, v.Reason)
		}
		if v := g.Grade(ctx, "Final answer: "+task.Distractor); v.Grade != grade.Incorrect {
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

// ---------------------------------------------------------------------------
// Softmax, cross-entropy and log-sum-exp
// ---------------------------------------------------------------------------

func checkLabelSmoothingGrad(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		k, y := 5, 2
		z := uniformVec(r, k, -2, 2)
		temp, eps := uniform(r, 0.4, 2.5), uniform(r, 0.05, 0.4)
		loss := func(z []float64) float64 {
			l := 0.0
			for j, pj := range softmaxT(z, temp) {
				q := eps / float64(k)
				if j == y {
					q += 1 - eps
				}
				l -= q * math.Log(pj)
			}
			return l
		}
		cs = append(cs, mlCase{
			vars: map[string]float64{"p_y": softmaxT(z, temp)[y], `\epsilon`: eps, "K": float64(k), "T": temp},
			want: partial(loss, z, y, 1e-5),
		})
	}
	return cs
}

func checkDistillationT2(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		n, j := 4, 1
		z, v := uniformVec(r, n, -3, 3), uniformVec(r, n, -3, 3)
		temp := uniform(r, 1.5, 5)
		q := softmaxT(v, temp)
		loss := func(z []float64) float64 {
			l := 0.0
			for i, pi := range softmaxT(z, temp) {
				l += q[i] * math.Log(q[i]/pi)
			}
			return temp * temp * l
		}
		cs = append(cs, mlCase{
			vars: map[string]float64{"p_j": softmaxT(z, temp)[j], "q_j": q[j], "T": temp},
			want: partial(loss, z, j, 1e-5),
		})
	}
	return cs
}

// checkDistillationHighT compares the exact gradient at a large temperature
// with the leading-order approximation; the relative error is O(|z|/T).
func checkDistillationHighT(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	center := func(x []float64) []float64 {
		m := 0.0
		for _, v := range x {
			m += v
		}
		for i := range x {
			x[i] -= m / float64(len(x))
		}
		return x
	}
	for range 3 {
		n, i, temp := 4, 2, 2000.0
		z, v := center(uniformVec(r, n, -1, 1)), center(uniformVec(r, n, -1, 1))
		q := softmaxT(v, temp)
		loss := func(z []float64) float64 {
			l := 0.0
			for j, pj := range softmaxT(z, temp) {
				l -= q[j] * math.Log(pj)
			}
			return l
		}
		cs = append(cs, mlCase{
			vars:   map[string]float64{"z_i": z[i], "v_i": v[i], "N": float64(n), "T": temp},
			want:   partial(loss, z, i, 1e-2),
			relTol: 5e-3, absTol: 1e-15,
		})
	}
	return cs
}

func checkLSEThird(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for _, tau := range []float64{0.5, 1.7, 2.3} {
		z := uniformVec(r, 4, -1, 1)
		i := 0
		f := func(zi float64) float64 {
			x := slices.Clone(z)
			x[i] = zi
			m := slices.Max(x)
			s := 0.0
			for _, xj := range x {
				s += math.Exp((xj - m) / tau)
			}
			return m + tau*math.Log(s)
		}
		cs = append(cs, mlCase{
			vars: map[string]float64{"p_i": softmaxT(z, tau)[i], `\tau`: tau},
			want: deriv3(f, z[i], 2e-3*tau), relTol: 1e-4, absTol: 1e-5,
		})
	}
	return cs
}

func checkSoftmaxEntropy(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	entropy := func(z []float64) float64 {
		h := 0.0
		for _, p := range softmaxT(z, 1) {
			h -= p * math.Log(p)
		}
		return h
	}
	for range 3 {
		z, i := uniformVec(r, 5, -2, 2), 3
		cs = append(cs, mlCase{
			vars: map[string]float64{"p_i": softmaxT(z, 1)[i], "H": entropy(z)},
			want: partial(entropy, z, i, 1e-5),
		})
	}
	return cs
}

func checkFocal(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		z, y := uniformVec(r, 4, -2, 2), 1
		fl := func(z []float64) float64 {
			p := softmaxT(z, 1)[y]
			return -(1 - p) * (1 - p) * math.Log(p)
		}
		cs = append(cs, mlCase{
			vars: map[string]float64{"p": softmaxT(z, 1)[y]},
			want: partial(fl, z, y, 1e-5),
		})
	}
	return cs
}

// checkLogitGap minimises the smoothed cross-entropy over all K logits by
// gradient descent (finite-difference gradients) and reads off the gap.
func checkLogitGap(t *testing.T, _ *rand.Rand) []mlCase {
	var cs []mlCase
	for _, c := range []struct{ k, eps float64 }{{4, 0.2}, {10, 0.1}, {3, 0.5}} {
		k, y := int(c.k), 0
		loss := func(z []float64) float64 {
			l := 0.0
			for j, p := range softmaxT(z, 1) {
				q := c.eps / c.k
				if j == y {
					q += 1 - c.eps
				}
				l -= q * math.Log(p)
			}
			return l
		}
		z := make([]float64, k)
		for range 20000 {
			g := make([]float64, k)
			for j := range z {
				g[j] = partial(loss, z, j, 1e-6)
			}
			for j := range z {
				z[j] -= 1.5 * g[j]
			}
		}
		cs = append(cs, mlCase{
			vars: map[string]float64{`\epsilon`: c.eps, "K": c.k},
			want: z[y] - z[k-1], relTol: 1e-6,
		})
	}
	return cs
}

// ---------------------------------------------------------------------------
// Normalisation layers
// ---------------------------------------------------------------------------

// standardise returns (x − μ)/sqrt(v + ε) for the biased variance v, with v and s.
func standardise(x []float64, eps float64) (z []float64, v, s float64) {
	mu := 0.0
	for _, xi := range x {
		mu += xi
	}
	mu /= float64(len(x))
	for _, xi := range x {
		v += (xi - mu) * (xi - mu)
	}
	v /= float64(len(x))
	s = math.Sqrt(v + eps)
	z = make([]float64, len(x))
	for i, xi := range x {
		z[i] = (xi - mu) / s
	}
	return z, v, s
}

func checkLayerNormTwo(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		x := []float64{uniform(r, -1, 1), uniform(r, -1, 1)}
		eps := uniform(r, 0.1, 1)
		y1 := func(x []float64) float64 { z, _, _ := standardise(x, eps); return z[0] }
		cs = append(cs, mlCase{
			vars: map[string]float64{"x_1": x[0], "x_2": x[1], `\epsilon`: eps},
			want: partial(y1, x, 0, 1e-5),
		})
	}
	return cs
}

func checkLayerNormOffDiag(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		n, i, j := 6, 1, 4
		x, eps := uniformVec(r, n, -2, 2), uniform(r, 0.01, 0.5)
		yi := func(x []float64) float64 { z, _, _ := standardise(x, eps); return z[i] }
		y, _, s := standardise(x, eps)
		cs = append(cs, mlCase{
			vars: map[string]float64{"n": float64(n), "s": s, "y_i": y[i], "y_j": y[j]},
			want: partial(yi, x, j, 1e-5),
		})
	}
	return cs
}

func checkBatchNormBackward(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		m, i := 5, 2
		x, up := uniformVec(r, m, -2, 2), uniformVec(r, m, -1, 1)
		gamma, beta, eps := uniform(r, 0.5, 2), uniform(r, -1, 1), uniform(r, 0.01, 0.5)
		loss := func(x []float64) float64 { // L = Σ_k up_k y_k, so ∂L/∂y_k = up_k
			z, _, _ := standardise(x, eps)
			l := 0.0
			for k := range z {
				l += up[k] * (gamma*z[k] + beta)
			}
			return l
		}
		z, _, s := standardise(x, eps)
		gSum, pSum := 0.0, 0.0
		for k := range z {
			gSum += up[k]
			pSum += up[k] * z[k]
		}
		cs = append(cs, mlCase{
			vars: map[string]float64{`\gamma`: gamma, "m": float64(m), "s": s, "g_i": up[i], "z_i": z[i], "G": gSum, "P": pSum},
			want: partial(loss, x, i, 1e-5),
		})
	}
	return cs
}

func checkBatchNormSumSq(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		m, i := 5, 3
		x := uniformVec(r, m, -2, 2)
		gamma, beta, eps := uniform(r, 0.5, 2), uniform(r, -1, 1), uniform(r, 0.2, 1)
		loss := func(x []float64) float64 {
			z, _, _ := standardise(x, eps)
			l := 0.0
			for _, zk := range z {
				l += 0.5 * (gamma*zk + beta) * (gamma*zk + beta)
			}
			return l
		}
		z, v, _ := standardise(x, eps)
		cs = append(cs, mlCase{
			vars: map[string]float64{`\gamma`: gamma, `\epsilon`: eps, "v": v, "z_i": z[i]},
			want: partial(loss, x, i, 1e-5),
		})
	}
	return cs
}

// ---------------------------------------------------------------------------
// Attention
// ---------------------------------------------------------------------------

// checkQKMeans estimates Var(q^T k/√d) by Monte Carlo, with uniform query
// entries and Gaussian key entries (the result holds for any distribution).
func checkQKMeans(t *testing.T, r *rand.Rand) []mlCase {
	const d, samples = 8, 200000
	muQ, muK, sdQ, sdK := 0.8, -0.6, 1.2, 0.7
	scores := make([]float64, samples)
	for n := range scores {
		s := 0.0
		for range d {
			q := muQ + sdQ*math.Sqrt(3)*uniform(r, -1, 1)
			k := muK + sdK*r.NormFloat64()
			s += q * k
		}
		scores[n] = s / math.Sqrt(d)
	}
	return []mlCase{{
		vars: map[string]float64{`\sigma_q`: sdQ, `\sigma_k`: sdK, `\mu_q`: muQ, `\mu_k`: muK},
		want: sampleVariance(scores), relTol: 0.03,
	}}
}

func checkQKCorrelated(t *testing.T, r *rand.Rand) []mlCase {
	const d, samples = 8, 200000
	var cs []mlCase
	for _, rho := range []float64{0.6, -0.9} {
		dots := make([]float64, samples)
		for n := range dots {
			s := 0.0
			for range d {
				u, w := r.NormFloat64(), r.NormFloat64()
				s += u * (rho*u + math.Sqrt(1-rho*rho)*w)
			}
			dots[n] = s
		}
		cs = append(cs, mlCase{
			vars: map[string]float64{"d": d, `\rho`: rho},
			want: sampleVariance(dots), relTol: 0.03,
		})
	}
	return cs
}

func checkGaussKernel(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		q, k := uniformVec(r, 4, -1, 1), uniformVec(r, 4, -1, 1)
		sigma, tau := uniform(r, 0.5, 2), uniform(r, 0.5, 3)
		dot, nq, nk, dist := 0.0, 0.0, 0.0, 0.0
		for i := range q {
			dot += q[i] * k[i]
			nq += q[i] * q[i]
			nk += k[i] * k[i]
			dist += (q[i] - k[i]) * (q[i] - k[i])
		}
		cs = append(cs, mlCase{
			vars: map[string]float64{
				`K_\sigma(q,k)`: math.Exp(-dist / (2 * sigma * sigma)),
				`\|q\|`:         math.Sqrt(nq), `\|k\|`: math.Sqrt(nk),
				`\sigma`: sigma, `\tau`: tau,
			},
			want: math.Exp(dot / tau),
		})
	}
	return cs
}

func checkRoPE(t *testing.T, r *rand.Rand) []mlCase {
	rot := func(phi float64, v []float64) []float64 {
		return []float64{math.Cos(phi)*v[0] - math.Sin(phi)*v[1], math.Sin(phi)*v[0] + math.Cos(phi)*v[1]}
	}
	var cs []mlCase
	for range 4 {
		q, k := uniformVec(r, 2, -2, 2), uniformVec(r, 2, -2, 2)
		m := float64(r.Intn(50))
		n := m + float64(1+r.Intn(40)) // n ≠ m, so the sine term matters
		theta := uniform(r, 0.01, 1)
		qt, kt := rot(m*theta, q), rot(n*theta, k)
		cs = append(cs, mlCase{
			vars: map[string]float64{"q_1": q[0], "q_2": q[1], "k_1": k[0], "k_2": k[1], "m": m, "n": n, `\theta`: theta},
			want: qt[0]*kt[0] + qt[1]*kt[1],
		})
	}
	return cs
}

// ---------------------------------------------------------------------------
// Divergences, variational inference, diffusion, GANs
// ---------------------------------------------------------------------------

func checkJeffreys(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		m1, m2 := uniform(r, -2, 2), uniform(r, -2, 2)
		s1, s2 := uniform(r, 0.3, 2), uniform(r, 0.3, 2)
		cs = append(cs, mlCase{
			vars: map[string]float64{`\mu_1`: m1, `\mu_2`: m2, `\sigma_1`: s1, `\sigma_2`: s2},
			want: klGauss1D(m1, s1*s1, m2, s2*s2) + klGauss1D(m2, s2*s2, m1, s1*s1),
		})
	}
	return cs
}

// checkKLIsotropic sums the quadrature KL of each coordinate: the densities
// of isotropic Gaussians factorise over coordinates.
func checkKLIsotropic(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		d := 3
		mu1, mu2 := uniformVec(r, d, -1, 1), uniformVec(r, d, -1, 1)
		a, b := uniform(r, 0.2, 2), uniform(r, 0.2, 2)
		kl, dist := 0.0, 0.0
		for i := range d {
			kl += klGauss1D(mu1[i], a, mu2[i], b)
			dist += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i])
		}
		cs = append(cs, mlCase{vars: map[string]float64{"d": float64(d), "a": a, "b": b, "r": dist}, want: kl})
	}
	return cs
}

func checkVAESoftplus(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for _, rho := range []float64{-1.3, 0.2, 1.9} {
		mu := uniform(r, -1, 1)
		kl := func(rho float64) float64 {
			sd := math.Log1p(math.Exp(rho))
			return klGauss1D(mu, sd*sd, 0, 1)
		}
		cs = append(cs, mlCase{vars: map[string]float64{`\rho`: rho}, want: deriv1(kl, rho, 1e-4), relTol: 1e-6, absTol: 1e-7})
	}
	return cs
}

func checkELBO(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		x, s, m, v := uniform(r, -2, 2), uniform(r, 0.3, 2), uniform(r, -1, 1), uniform(r, 0.1, 2)
		elbo := gaussExpect(func(z float64) float64 {
			return logNormal(x, z, s*s) + logNormal(z, 0, 1) - logNormal(z, m, v)
		}, m, v)
		cs = append(cs, mlCase{vars: map[string]float64{"x": x, "s": s, "m": m, "v": v}, want: elbo})
	}
	return cs
}

// checkDDPM computes the forward-process posterior by Gaussian conditioning
// (prior on x_{t−1} given x_0, likelihood of x_t given x_{t−1}), checks the
// prompt's formula for μ̃_t against it, and takes the θ-dependent part of the
// KL by quadrature.
func checkDDPM(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		beta, abarPrev := uniform(r, 0.001, 0.2), uniform(r, 0.05, 0.95)
		alpha := 1 - beta
		abar := alpha * abarPrev
		sigma := uniform(r, 0.05, 0.5)
		x0, eps, epsTheta := r.NormFloat64(), r.NormFloat64(), r.NormFloat64()
		xt := math.Sqrt(abar)*x0 + math.Sqrt(1-abar)*eps

		prec := 1/(1-abarPrev) + alpha/beta
		muPost := (math.Sqrt(abarPrev)*x0/(1-abarPrev) + math.Sqrt(alpha)*xt/beta) / prec
		varPost := 1 / prec
		muPrompt := math.Sqrt(abarPrev)*beta/(1-abar)*x0 + math.Sqrt(alpha)*(1-abarPrev)/(1-abar)*xt
		if math.Abs(muPrompt-muPost) > 1e-12*(1+math.Abs(muPost)) {
			t.Fatal("ddpm: the prompt's posterior mean disagrees with Gaussian conditioning")
		}
		muTheta := (xt - beta/math.Sqrt(1-abar)*epsTheta) / math.Sqrt(alpha)
		meanPart := klGauss1D(muPost, varPost, muTheta, sigma*sigma) - klGauss1D(muPost, varPost, muPost, sigma*sigma)
		cs = append(cs, mlCase{
			vars: map[string]float64{`\beta_t`: beta, `\alpha_t`: alpha, `\bar{\alpha}_t`: abar, `\sigma_t`: sigma},
			want: meanPart / ((eps - epsTheta) * (eps - epsTheta)),
		})
	}
	return cs
}

// checkGAN evaluates V(D*, G) by midpoint sums on [0, 1] and [1, a], with D*
// computed pointwise from the densities, and checks it against −log 4 + 2 JSD.
func checkGAN(t *testing.T, _ *rand.Rand) []mlCase {
	var cs []mlCase
	for _, a := range []float64{1.5, 2, 3.7} {
		pData := func(x float64) float64 {
			if x <= 1 {
				return 1
			}
			return 0
		}
		pG := func(float64) float64 { return 1 / a }
		integrate := func(f func(float64) float64, lo, hi float64) float64 {
			const n = 1000
			h, s := (hi-lo)/n, 0.0
			for i := range n {
				s += f(lo + (float64(i)+0.5)*h)
			}
			return s * h
		}
		xlogy := func(x, y float64) float64 { // x log y with 0 log 0 = 0
			if x == 0 {
				return 0
			}
			return x * math.Log(y)
		}
		v, jsd := 0.0, 0.0
		for _, iv := range [][2]float64{{0, 1}, {1, a}} {
			v += integrate(func(x float64) float64 {
				d := pData(x) / (pData(x) + pG(x))
				return xlogy(pData(x), d) + xlogy(pG(x), 1-d)
			}, iv[0], iv[1])
			jsd += integrate(func(x float64) float64 {
				m := (pData(x) + pG(x)) / 2
				return 0.5*xlogy(pData(x), pData(x)/m) + 0.5*xlogy(pG(x), pG(x)/m)
			}, iv[0], iv[1])
		}
		if math.Abs(v-(-math.Log(4)+2*jsd)) > 1e-9 {
			t.Fatal("gan: V(D*, G) differs from −log 4 + 2 JSD")
		}
		cs = append(cs, mlCase{vars: map[string]float64{"a": a}, want: v})
	}
	return cs
}

// checkEntropy computes log det Σ by a Cholesky factorisation.
func checkEntropy(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for _, d := range []int{2, 5, 9} {
		a, b := uniform(r, 0.2, 2), uniform(r, 0.1, 1)
		l := make([][]float64, d)
		for i := range l {
			l[i] = make([]float64, d)
		}
		logDet := 0.0
		for i := range d {
			for j := 0; j <= i; j++ {
				s := b
				if i == j {
					s += a
				}
				for k := range j {
					s -= l[i][k] * l[j][k]
				}
				if i == j {
					l[i][i] = math.Sqrt(s)
					logDet += 2 * math.Log(l[i][i])
				} else {
					l[i][j] = s / l[j][j]
				}
			}
		}
		cs = append(cs, mlCase{
			vars: map[string]float64{"d": float64(d), "a": a, "b": b},
			want: 0.5 * (float64(d)*math.Log(2*math.Pi*math.E) + logDet),
		})
	}
	return cs
}

// checkScoreFunction integrates the estimator's first two moments over
// x ~ N(θ, s²) directly.
func checkScoreFunction(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		theta, s := uniform(r, -2, 2), uniform(r, 0.3, 2)
		ghat := func(x float64) float64 { return x * (x - theta) / (s * s) }
		m1 := gaussExpect(ghat, theta, s*s)
		m2 := gaussExpect(func(x float64) float64 { return ghat(x) * ghat(x) }, theta, s*s)
		if math.Abs(m1-1) > 1e-9 {
			t.Fatal("score function: the estimator is not unbiased")
		}
		cs = append(cs, mlCase{vars: map[string]float64{`\theta`: theta, "s": s}, want: m2 - m1*m1})
	}
	return cs
}

// ---------------------------------------------------------------------------
// Optimisation
// ---------------------------------------------------------------------------

func checkNewton(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for _, y := range [][2]float64{{1, 0}, {0, 1}, {1, 1}} {
		x := [2]float64{uniform(r, -2, 2), uniform(r, -2, 2)}
		w0, lambda := uniform(r, -1, 1), uniform(r, 0.05, 1)
		loss := func(w float64) float64 {
			l := 0.0
			for i := range 2 {
				s := sigmoid(w * x[i])
				l += -y[i]*math.Log(s) - (1-y[i])*math.Log(1-s)
			}
			return l/2 + lambda*w*w/2
		}
		w1 := w0 - deriv1(loss, w0, 1e-5)/deriv2(loss, w0, 1e-4)
		cs = append(cs, mlCase{
			vars: map[string]float64{
				"w_0": w0, "x_1": x[0], "x_2": x[1], "y_1": y[0], "y_2": y[1],
				"s_1": sigmoid(w0 * x[0]), "s_2": sigmoid(w0 * x[1]), `\lambda`: lambda,
			},
			want: w1, relTol: 1e-6, absTol: 1e-7,
		})
	}
	return cs
}

// adamStep runs Adam on the given gradients and returns the last update.
func adamStep(grads []float64, alpha, b1, b2, eps float64, biasCorrect bool) float64 {
	m, v, step := 0.0, 0.0, 0.0
	for i, g := range grads {
		t := float64(i + 1)
		m = b1*m + (1-b1)*g
		v = b2*v + (1-b2)*g*g
		mh, vh := m, v
		if biasCorrect {
			mh, vh = m/(1-math.Pow(b1, t)), v/(1-math.Pow(b2, t))
		}
		step = -alpha * mh / (math.Sqrt(vh) + eps)
	}
	return step
}

func checkAdamNoBC(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for _, steps := range []int{1, 2, 7, 40} {
		alpha, g, eps := uniform(r, 1e-3, 1), uniform(r, 0.01, 3), uniform(r, 1e-3, 0.5)
		grads := make([]float64, steps)
		for i := range grads {
			grads[i] = g
		}
		cs = append(cs, mlCase{
			vars: map[string]float64{`\alpha`: alpha, `\epsilon`: eps, "g": g, "t": float64(steps)},
			want: adamStep(grads, alpha, 0.9, 0.999, eps, false),
		})
	}
	return cs
}

func checkAdamSecond(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		alpha, b1, b2 := uniform(r, 1e-3, 1), uniform(r, 0.5, 0.99), uniform(r, 0.9, 0.9999)
		a, b := uniform(r, -2, 2), uniform(r, -2, 2)
		cs = append(cs, mlCase{
			vars: map[string]float64{`\alpha`: alpha, `\beta_1`: b1, `\beta_2`: b2, "a": a, "b": b},
			want: adamStep([]float64{a, b}, alpha, b1, b2, 0, true),
		})
	}
	return cs
}

func checkAdamWL2(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		alpha, b1, b2 := uniform(r, 1e-3, 1), uniform(r, 0.5, 0.99), uniform(r, 0.9, 0.9999)
		theta0, g, lambda, eps := uniform(r, 0.1, 3), uniform(r, 0.01, 2), uniform(r, 0.01, 1), uniform(r, 1e-3, 0.5)
		withL2 := adamStep([]float64{g + lambda*theta0}, alpha, b1, b2, eps, true)
		plain := adamStep([]float64{g}, alpha, b1, b2, eps, true)
		cs = append(cs, mlCase{
			vars: map[string]float64{`\alpha`: alpha, `\epsilon`: eps, `\lambda`: lambda, `\theta_0`: theta0, "g": g},
			want: withL2 - plain, relTol: 1e-9, absTol: 1e-14,
		})
	}
	return cs
}

// ---------------------------------------------------------------------------
// Convolutions
// ---------------------------------------------------------------------------

// conv1d is the layer of the prompts: kernel 3, stride 2, zero padding 1.
func conv1d(x, w []float64) []float64 {
	padded := append(append([]float64{0}, x...), 0)
	y := make([]float64, (len(padded)-len(w))/2+1)
	for t := range y {
		for k := range w {
			y[t] += w[k] * padded[2*t+k]
		}
	}
	return y
}

// convCase draws an input, a kernel and upstream gradients, and returns the
// loss L = Σ_t g_t y_t as a function of the input and of the kernel.
func convCase(t *testing.T, r *rand.Rand) (x, w, up []float64, vars map[string]float64) {
	x, w, up = uniformVec(r, 10, -2, 2), uniformVec(r, 3, -2, 2), uniformVec(r, 5, -2, 2)
	if n := len(conv1d(x, w)); n != 5 {
		t.Fatal("conv1d: expected 5 outputs")
	}
	vars = map[string]float64{}
	for i, v := range x {
		vars["x_"+string(rune('0'+i))] = v
	}
	for i, v := range w {
		vars["w_"+string(rune('0'+i))] = v
	}
	for i, v := range up {
		vars["g_"+string(rune('0'+i))] = v
	}
	return x, w, up, vars
}

func convLoss(x, w, up []float64) float64 {
	l := 0.0
	for t, y := range conv1d(x, w) {
		l += up[t] * y
	}
	return l
}

func checkConvDX(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		x, w, up, vars := convCase(t, r)
		f := func(x []float64) float64 { return convLoss(x, w, up) }
		cs = append(cs, mlCase{vars: vars, want: partial(f, x, 5, 0.5)})
	}
	return cs
}

func checkConvDW(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		x, w, up, vars := convCase(t, r)
		f := func(w []float64) float64 { return convLoss(x, w, up) }
		cs = append(cs, mlCase{vars: vars, want: partial(f, w, 0, 0.5)})
	}
	return cs
}

// ---------------------------------------------------------------------------
// Activations, dropout, initialisation
// ---------------------------------------------------------------------------

func checkSigmoidThird(t *testing.T, _ *rand.Rand) []mlCase {
	var cs []mlCase
	for _, z := range []float64{-2.5, -0.3, 0, 0.8, 3} {
		cs = append(cs, mlCase{
			vars: map[string]float64{"s": sigmoid(z)},
			want: deriv3(sigmoid, z, 2e-3), absTol: 1e-6,
		})
	}
	return cs
}

func checkGELU(t *testing.T, _ *rand.Rand) []mlCase {
	gelu := func(x float64) float64 { return x * 0.5 * (1 + math.Erf(x/math.Sqrt2)) }
	var cs []mlCase
	for _, x := range []float64{-2.2, -0.7, 0, 0.4, 1.3, 3} {
		cs = append(cs, mlCase{vars: map[string]float64{"x": x}, want: deriv2(gelu, x, 1e-4), absTol: 1e-6})
	}
	return cs
}

// checkDropout computes the moments of h̃ exactly over the mask (two
// outcomes) and by quadrature over a Gaussian h.
func checkDropout(t *testing.T, r *rand.Rand) []mlCase {
	var cs []mlCase
	for range 3 {
		mu, sd, p := uniform(r, -2, 2), uniform(r, 0.2, 2), uniform(r, 0.1, 0.8)
		keep := 1 - p
		m1 := keep * gaussExpect(func(h float64) float64 { return h / keep }, mu, sd*sd)
		m2 := keep * gaussExpect(func(h float64) float64 { return (h / keep) * (h / keep) }, mu, sd*sd)
		cs = append(cs, mlCase{vars: map[string]float64{`\sigma`: sd, `\mu`: mu, "p": p}, want: m2 - m1*m1})
	}
	return cs
}

// checkHeInit solves n Var(W) E[f(z)²] = Var(z) with E[f(z)²] by quadrature,
// for a Gaussian and for a uniform pre-activation.
func checkHeInit(t *testing.T, _ *rand.Rand) []mlCase {
	var cs []mlCase
	for _, c := range []struct{ a, n, v float64 }{{0.01, 256, 1.3}, {0.2, 100, 0.5}, {0.5, 37, 2}} {
		f2 := func(z float64) float64 {
			if z < 0 {
				return c.a * c.a * z * z
			}
			return z * z
		}
		gauss := gaussExpect(f2, 0, c.v)
		half := math.Sqrt(3 * c.v) // uniform on [−half, half] has variance v
		unif := simpson(f2, -half, 0, 2000)/(2*half) + simpson(f2, 0, half, 2000)/(2*half)
		for _, ef2 := range []float64{gauss, unif} {
			cs = append(cs, mlCase{vars: map[string]float64{"a": c.a, "n": c.n}, want: c.v / (c.n * ef2)})
		}
	}
	return cs
}
