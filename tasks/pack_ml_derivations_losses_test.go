package tasks_test

import (
	"math"
	"math/rand"
	"slices"
	"testing"
)

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
