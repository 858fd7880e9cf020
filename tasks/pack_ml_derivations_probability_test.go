package tasks_test

import (
	"math"
	"math/rand"
	"testing"
)

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
