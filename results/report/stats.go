package report

import (
	"math"
	"sort"
)

// z95 is the normal quantile of a two-sided 95% interval.
const z95 = 1.959963984540054

// McNemarExact is the two-sided exact McNemar p-value for the discordant
// counts of a paired comparison: b items where A was right and B wrong, c
// where A was wrong and B right. Under no difference each discordant item
// is a fair coin, so p = min(1, 2·P(X ≤ min(b, c))) with X ~ Bin(b+c, ½).
// With no discordant item it is 1.
func McNemarExact(b, c int) float64 {
	n := b + c
	if n == 0 {
		return 1
	}
	k := min(b, c)
	// P(X ≤ k) summed in log space: the binomial coefficients overflow
	// float64 past a few hundred items.
	tail := 0.0
	lgN, _ := math.Lgamma(float64(n + 1))
	for i := 0; i <= k; i++ {
		lgI, _ := math.Lgamma(float64(i + 1))
		lgNI, _ := math.Lgamma(float64(n - i + 1))
		tail += math.Exp(lgN - lgI - lgNI - float64(n)*math.Ln2)
	}
	return math.Min(1, 2*tail)
}

// Holm adjusts p-values for multiple comparisons (Holm–Bonferroni): the
// i-th smallest of m is multiplied by m−i+1, then made monotone, and
// capped at 1. The result is in the order of ps.
func Holm(ps []float64) []float64 {
	m := len(ps)
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return ps[idx[a]] < ps[idx[b]] })
	out := make([]float64, m)
	running := 0.0
	for rank, i := range idx {
		adj := math.Min(1, float64(m-rank)*ps[i])
		running = math.Max(running, adj)
		out[i] = running
	}
	return out
}

// Cluster is one task's observations of a 0/1 outcome: Hits of N.
type Cluster struct{ Hits, N int }

// ClusterSE is the cluster-robust standard error of the proportion
// Σhits/Σn over clusters (tasks): the sandwich estimator with the CR1
// small-sample factor G/(G−1),
//
//	SE² = G/(G−1) · Σ_g (hits_g − p·n_g)² / N².
//
// Samples of one task are not independent, so this, not √(p(1−p)/N), is
// the error of a rate measured with several samples per task (Miller,
// "Adding Error Bars to Evals", 2024). It is 0 with fewer than 2 clusters.
func ClusterSE(cs []Cluster) float64 {
	g := len(cs)
	hits, n := 0, 0
	for _, c := range cs {
		hits += c.Hits
		n += c.N
	}
	if g < 2 || n == 0 {
		return 0
	}
	p := float64(hits) / float64(n)
	ss := 0.0
	for _, c := range cs {
		e := float64(c.Hits) - p*float64(c.N)
		ss += e * e
	}
	return math.Sqrt(float64(g)/float64(g-1)*ss) / float64(n)
}

// PairedDiff is a paired comparison of a 0/1 outcome between two sides on
// the same items.
type PairedDiff struct {
	N int // items with an outcome on both sides
	// AOnly counts items where A had the outcome and B not; BOnly the
	// reverse (the discordant pairs).
	AOnly, BOnly int
	// Diff is B − A as a proportion; Lo and Hi its 95% interval.
	Diff, Lo, Hi float64
	// P is McNemar's exact p on the discordant pairs (one sample per
	// item), or the normal p of the clustered difference (several).
	P float64
	// Method names the test: "mcnemar" or "paired, clustered by task".
	Method string
}

// Paired compares A with B item by item. Each item is a task (cluster) with
// its samples; a, b hold 1 for the outcome, 0 without, per sample, both
// sides sample for sample. With one sample per item the interval is the
// Wald interval of the paired difference, (BOnly − AOnly)/N ± z·√(AOnly +
// BOnly − (BOnly − AOnly)²/N)/N, and P is McNemar's exact test; with
// several, the per-item differences are averaged within items and the
// standard error is cluster-robust.
func Paired(items []PairedItem) PairedDiff {
	var d PairedDiff
	several := false
	for _, it := range items {
		for i := range it.A {
			d.N++
			switch {
			case it.A[i] && !it.B[i]:
				d.AOnly++
			case !it.A[i] && it.B[i]:
				d.BOnly++
			}
		}
		if len(it.A) > 1 {
			several = true
		}
	}
	if d.N == 0 {
		d.P, d.Method = 1, "none"
		return d
	}
	n := float64(d.N)
	d.Diff = float64(d.BOnly-d.AOnly) / n
	if !several {
		se := math.Sqrt(math.Max(0, float64(d.AOnly+d.BOnly)-math.Pow(float64(d.BOnly-d.AOnly), 2)/n)) / n
		d.Lo, d.Hi = math.Max(-1, d.Diff-z95*se), math.Min(1, d.Diff+z95*se)
		d.P, d.Method = McNemarExact(d.AOnly, d.BOnly), "mcnemar"
		return d
	}
	// Cluster-robust: the per-sample differences, summed per item.
	g := float64(len(items))
	ss := 0.0
	for _, it := range items {
		e := 0.0
		for i := range it.A {
			e += boolf(it.B[i]) - boolf(it.A[i]) - d.Diff
		}
		ss += e * e
	}
	se := 0.0
	if g > 1 {
		se = math.Sqrt(g/(g-1)*ss) / n
	}
	d.Lo, d.Hi = math.Max(-1, d.Diff-z95*se), math.Min(1, d.Diff+z95*se)
	d.P, d.Method = 1, "paired, clustered by task"
	if se > 0 {
		d.P = 2 * (1 - normCDF(math.Abs(d.Diff)/se))
	} else if d.Diff != 0 {
		d.P = 0
	}
	return d
}

// PairedItem is one item of a paired comparison: one outcome per sample on
// each side (A and B have the same length).
type PairedItem struct {
	Key  string
	A, B []bool
}

func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// normQuantile is the inverse of normCDF, by bisection (to about 1e-15).
func normQuantile(p float64) float64 {
	lo, hi := -10.0, 10.0
	for range 100 {
		mid := (lo + hi) / 2
		if normCDF(mid) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// DetectableDiff is the smallest difference between two paired proportions
// that McNemar's test detects with the given power at two-sided level
// alpha on n items, when a fraction discord of the items is discordant
// (Connor 1987: n = (z_α/2·√ψ + z_β·√(ψ − δ²))² / δ²), solved for δ. It is
// 0 when n is 0 and at most discord.
func DetectableDiff(n int, discord, alpha, power float64) float64 {
	if n <= 0 || discord <= 0 {
		return 0
	}
	za, zb := normQuantile(1-alpha/2), normQuantile(power)
	need := func(d float64) float64 {
		return math.Pow(za*math.Sqrt(discord)+zb*math.Sqrt(math.Max(0, discord-d*d)), 2) / (d * d)
	}
	lo, hi := 1e-6, discord
	if need(hi) > float64(n) {
		return discord // not even a difference as large as the discordance is detectable
	}
	for range 100 {
		mid := (lo + hi) / 2
		if need(mid) > float64(n) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}
