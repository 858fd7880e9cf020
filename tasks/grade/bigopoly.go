package grade

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// This file turns a parsed bound into a sum of monomials and keeps the
// dominant ones. A monomial maps atoms to exponents; an atom is a symbol
// ("N") or an iterated logarithm of one ("log N", "log log N").

// monomial maps an atom to its (non-zero) exponent.
type monomial map[string]float64

// polyTerm is one monomial with its coefficient.
type polyTerm struct {
	m monomial
	c float64
}

// poly is a sum of terms keyed by monoKey.
type poly map[string]polyTerm

const (
	maxPolyTerms = 128 // larger expansions are refused (real bounds have a few terms)
	maxExpandPow = 12  // (a+b)^k is expanded for integer 0 <= k <= this
	expEps       = 1e-9
)

func constPoly(c float64) poly { return poly{"": {m: monomial{}, c: c}} }

func atomPoly(a string) poly { return poly{monoKey(monomial{a: 1}): {m: monomial{a: 1}, c: 1}} }

// monoKey is a canonical spelling of m, equal for equal monomials.
func monoKey(m monomial) string {
	parts := make([]string, 0, len(m))
	for a, e := range m {
		parts = append(parts, a+"^"+fmtExp(e))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

func fmtExp(e float64) string {
	return strconv.FormatFloat(math.Round(e/expEps)*expEps, 'g', 10, 64)
}

func (p poly) addTerm(t polyTerm) {
	k := monoKey(t.m)
	if old, ok := p[k]; ok {
		t.c += old.c
	}
	p[k] = t
}

func addPoly(a, b poly) poly {
	out := poly{}
	for _, t := range a {
		out.addTerm(t)
	}
	for _, t := range b {
		out.addTerm(t)
	}
	return out
}

func scalePoly(a poly, c float64) poly {
	out := poly{}
	for k, t := range a {
		out[k] = polyTerm{m: t.m, c: t.c * c}
	}
	return out
}

func mulMono(a, b monomial) monomial {
	out := monomial{}
	for x, e := range a {
		out[x] = e
	}
	for x, e := range b {
		out[x] += e
		if math.Abs(out[x]) < expEps {
			delete(out, x)
		}
	}
	return out
}

func mulPoly(a, b poly) (poly, error) {
	if len(a)*len(b) > maxPolyTerms {
		return nil, fmt.Errorf("bound too large to expand")
	}
	out := poly{}
	for _, s := range a {
		for _, t := range b {
			out.addTerm(polyTerm{m: mulMono(s.m, t.m), c: s.c * t.c})
		}
	}
	return out, nil
}

// powPoly raises a to a constant power: exactly for a single term or a
// small integer power, and for other positive powers of a sum term by term
// ((a+b)^p = Θ(a^p + b^p) for p > 0).
func powPoly(a poly, e float64) (poly, error) {
	a = nonZero(a)
	switch {
	case math.IsNaN(e) || math.IsInf(e, 0):
		return nil, fmt.Errorf("exponent is not finite")
	case len(a) == 0 && e > 0:
		return a, nil
	case len(a) == 0:
		return nil, fmt.Errorf("division by zero")
	case len(a) > 1 && e == math.Trunc(e) && e >= 0 && e <= maxExpandPow:
		out := constPoly(1)
		for i := 0; i < int(e); i++ {
			var err error
			if out, err = mulPoly(out, a); err != nil {
				return nil, err
			}
		}
		return out, nil
	case len(a) > 1 && e < 0:
		return nil, fmt.Errorf("a negative power of a sum is not a polynomial bound")
	}
	out := poly{}
	for _, t := range a {
		m := monomial{}
		for x, d := range t.m {
			if math.Abs(d*e) >= expEps {
				m[x] = d * e
			}
		}
		out.addTerm(polyTerm{m: m, c: math.Pow(math.Abs(t.c), e)})
	}
	return out, nil
}

// logPoly is Θ(log a): the sum of log x over the atoms x that a grows with
// (log(N^2 D) = 2 log N + log D; log of a constant is a constant).
func logPoly(a poly) poly {
	a = nonZero(a)
	out := poly{}
	for _, t := range a {
		for x, e := range t.m {
			if len(a) > 1 {
				e = math.Max(e, 0)
			}
			out.addTerm(polyTerm{m: monomial{"log " + x: 1}, c: e})
		}
	}
	if len(nonZero(out)) == 0 {
		return constPoly(1)
	}
	return out
}

// nonZero drops the terms whose coefficient is negligible next to the
// largest one (cancelled terms such as N - N).
func nonZero(a poly) poly {
	maxC := 0.0
	for _, t := range a {
		maxC = math.Max(maxC, math.Abs(t.c))
	}
	out := poly{}
	for k, t := range a {
		if math.Abs(t.c) > 1e-9*maxC && !math.IsNaN(t.c) {
			out[k] = t
		}
	}
	return out
}

// dominant returns the monomials of a that no other monomial dominates,
// sorted by monoKey.
func dominant(a poly) []monomial {
	var ms []monomial
	var gs []map[string][]float64
	for _, t := range nonZero(a) {
		ms = append(ms, t.m)
		gs = append(gs, growth(t.m))
	}
	var out []monomial
	for i, m := range ms {
		dominated := false
		for j := range ms {
			if i != j && growthDominates(gs[j], gs[i]) {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, m)
		}
	}
	out = dropBetween(out)
	sort.Slice(out, func(i, j int) bool { return monoKey(out[i]) < monoKey(out[j]) })
	return out
}

// dropBetween drops a monomial that lies between two others: P·T is at
// most (P² + T²)/2, so O(P² + P·T + T²) is O(P² + T²). Its exponents are
// then at most a weighted mean of theirs, x^m ≤ x^(t·a + (1−t)·b) ≤
// t·x^a + (1−t)·x^b (AM–GM). Monomials with logs are left alone.
func dropBetween(ms []monomial) []monomial {
	if len(ms) < 3 {
		return ms
	}
	for _, m := range ms {
		for a := range m {
			if _, level := logLevel(a); level > 0 {
				return ms
			}
		}
	}
	var out []monomial
	for i, m := range ms {
		between := false
		for j := 0; j < len(ms) && !between; j++ {
			for k := j + 1; k < len(ms) && !between; k++ {
				between = i != j && i != k && onSegment(m, ms[j], ms[k])
			}
		}
		if !between {
			out = append(out, m)
		}
	}
	return out
}

// onSegment reports whether some t in [0, 1] makes every exponent of m at
// most t·a + (1−t)·b.
func onSegment(m, a, b monomial) bool {
	lo, hi := 0.0, 1.0
	syms := map[string]bool{}
	for _, x := range []monomial{m, a, b} {
		for s := range x {
			syms[s] = true
		}
	}
	for s := range syms {
		em, ea, eb := m[s], a[s], b[s]
		d := ea - eb
		switch {
		case d > expEps:
			lo = max(lo, (em-eb)/d)
		case d < -expEps:
			hi = min(hi, (em-eb)/d)
		case em > eb+expEps:
			return false
		}
	}
	return lo <= hi+expEps
}

// logLevel splits an atom into its symbol and how many logs wrap it.
func logLevel(atom string) (string, int) {
	level := 0
	for strings.HasPrefix(atom, "log ") {
		atom = atom[len("log "):]
		level++
	}
	return atom, level
}

// growth is, per symbol, the exponents of x, log x, log log x, ...
func growth(m monomial) map[string][]float64 {
	g := map[string][]float64{}
	for a, e := range m {
		sym, level := logLevel(a)
		v := g[sym]
		for len(v) <= level {
			v = append(v, 0)
		}
		v[level] += e
		g[sym] = v
	}
	return g
}

// cmpGrowth compares two growth vectors lexicographically: x^ε beats any
// power of log x.
func cmpGrowth(a, b []float64) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y float64
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		switch {
		case x > y+expEps:
			return 1
		case x < y-expEps:
			return -1
		}
	}
	return 0
}

// dominates reports whether a grows at least as fast as b in every symbol
// and strictly faster in one (N·D dominates N; N log N dominates N and is
// dominated by N^2).
func dominates(a, b monomial) bool { return growthDominates(growth(a), growth(b)) }

func growthDominates(ga, gb map[string][]float64) bool {
	strict := false
	for sym, va := range ga {
		switch cmpGrowth(va, gb[sym]) {
		case -1:
			return false
		case 1:
			strict = true
		}
	}
	for sym, vb := range gb {
		if _, ok := ga[sym]; ok {
			continue
		}
		switch cmpGrowth(nil, vb) {
		case -1:
			return false
		case 1:
			strict = true
		}
	}
	return strict
}

func sameMonomials(a, b []monomial) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if monoKey(a[i]) != monoKey(b[i]) {
			return false
		}
	}
	return true
}
