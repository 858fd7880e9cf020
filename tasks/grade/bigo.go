package grade

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/pushback/pushback/tasks/grade/mathexpr"
)

func init() { register("bigo", []string{"answer", "symbols"}, newBigO) }

// BigO grades an asymptotic bound, such as O(N D D_random), by comparing the
// dominant terms of the answer with those of the reference.
//
// Finding the answer: within Extract's text, the last O(...), \mathcal{O}(...),
// \Theta(...) or Θ(...) (parentheses balanced, \left( and \big( allowed); when
// that text has none and it came from \boxed{}, the boxed text itself read as
// a bare bound; else the last such bound anywhere in the reply.
//
// Normal form: constant factors are dropped, products of sums expanded, and
// every term dropped that another term dominates, i.e. grows at least as fast
// in every symbol and strictly faster in one, with log x counted below x^ε
// (N log N dominates N and is dominated by N^2; N·D dominates N and D). Logs
// of any base are the same; max(a, b) is a + b. The sets of remaining terms
// must be equal. A bound that cannot be read is no_answer; one that reads
// but is not a polynomial-log bound (2^N, N/(D+M)) is incorrect.
//
// Symbols: spec.Symbols maps a canonical symbol to its spellings, e.g.
// {D_random: [D_r, "D_{random}", R]}; the canonical name always counts, and
// spellings are read like answers, so D_{\text{random}} and D_random are one
// spelling. Names are case-sensitive (N is not n unless listed). A name in
// the reference that is not listed stands for itself. A name in an answer
// that is neither canonical, nor a listed spelling, nor in the reference
// makes the answer incorrect.
//
// Implicit products: a word that is not itself a known name but splits into
// known names is their product, the split with the fewest parts winning:
// with N, D and D_r known, "ND" is N·D and "NDD_r" is N·D·D_r, and a power
// binds to the last part ("ND^2" is N·D^2). A word that does not split stays
// one (unknown) name.
type BigO struct {
	terms []monomial        // the reference's dominant terms
	canon map[string]string // spelling → canonical symbol
	known map[string]bool   // names an answer may use
	order []string          // canonical symbols: the reference's first, in order of use
	rank  map[string]int    // position of each symbol in order
}

var _ Grader = (*BigO)(nil)

func newBigO(spec Spec, _ Env) (Grader, error) {
	canon, err := bigoSymbols(spec.Symbols)
	if err != nil {
		return nil, err
	}
	text := strings.TrimSpace(spec.Answer)
	if text == "" {
		return nil, fieldErr("answer", "bigo needs a reference bound such as O(N D)")
	}
	inner := text
	if _, in, ok := lastBound(text); ok {
		inner = in
	}
	n, _, err := mathexpr.Parse(inner, mathexpr.Config{Known: nameSet(canon)})
	if err != nil {
		return nil, fieldErr("answer", "cannot parse bound %q: %v", text, err)
	}
	z := bigoNorm{canon: canon, free: true}
	p, err := z.poly(n, 0)
	if err != nil {
		return nil, fieldErr("answer", "bound %q: %v", text, err)
	}
	terms := dominant(p)
	if len(terms) == 0 {
		return nil, fieldErr("answer", "bound %q is zero", text)
	}
	g := &BigO{terms: terms, canon: canon, order: z.used, rank: map[string]int{}}
	for _, s := range z.used {
		canon[s] = s
	}
	var rest []string
	for _, c := range canon {
		if !slices.Contains(g.order, c) && !slices.Contains(rest, c) {
			rest = append(rest, c)
		}
	}
	sort.Strings(rest)
	g.order = append(g.order, rest...)
	for i, s := range g.order {
		g.rank[s] = i
	}
	g.known = nameSet(canon)
	return g, nil
}

// Grade finds the reply's committed bound (see selectAnswer) and compares
// its dominant terms with the reference's.
func (g *BigO) Grade(_ context.Context, r Reply) Verdict {
	return decide(selectAnswer(r, boundSpans(r.Text)), g.gradeBound, "O(...) bound")
}

// gradeBound grades one bound as written: "O(N D)", "O(N D) + O(N M)", or
// a bare boxed "N D".
func (g *BigO) gradeBound(bound string) Verdict {
	inner := boundInner(bound)
	v := Verdict{Grade: Incorrect, Extracted: bound}
	n, _, err := mathexpr.Parse(inner, mathexpr.Config{Known: g.known})
	if err != nil {
		v.Grade = NoAnswer
		v.Reason = fmt.Sprintf("cannot parse %s: %v", bound, err)
		return v
	}
	z := bigoNorm{canon: g.canon}
	p, err := z.poly(n, 0)
	switch {
	case len(z.unknown) > 0:
		v.Reason = fmt.Sprintf("answer %s uses unknown %s %s (known: %s)", bound,
			pluralWord(len(z.unknown), "symbol", "symbols"), quoteNames(z.unknown), strings.Join(g.order, ", "))
		return v
	case err != nil:
		v.Reason = fmt.Sprintf("answer %s cannot be compared: %v", bound, err)
		return v
	}
	terms := dominant(p)
	if sameMonomials(terms, g.terms) {
		v.Grade, v.Score = Correct, 1
		v.Reason = fmt.Sprintf("dominant terms %s match", g.show(terms))
		return v
	}
	v.Reason = fmt.Sprintf("answer %s has dominant terms %s, expected %s", bound, g.show(terms), g.show(g.terms))
	return v
}

// SameAnswer implements Comparer: two bounds are the same answer when
// their dominant terms are equal.
func (g *BigO) SameAnswer(a, b Verdict) (same, ok bool) {
	ta, oka := g.termsOf(a.Extracted)
	tb, okb := g.termsOf(b.Extracted)
	if !oka || !okb {
		return false, false
	}
	return sameMonomials(ta, tb), true
}

func (g *BigO) termsOf(bound string) ([]monomial, bool) {
	if strings.TrimSpace(bound) == "" || strings.Contains(bound, " | ") {
		return nil, false
	}
	n, _, err := mathexpr.Parse(boundInner(bound), mathexpr.Config{Known: g.known})
	if err != nil {
		return nil, false
	}
	z := bigoNorm{canon: g.canon}
	p, err := z.poly(n, 0)
	if err != nil {
		return nil, false
	}
	return dominant(p), true
}

// bigoSymbols reads a symbols map into spelling → canonical name.
func bigoSymbols(m map[string][]string) (map[string]string, error) {
	canon := map[string]string{}
	names := make([]string, 0, len(m))
	for c := range m {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		cn, err := symbolName(c)
		if err != nil {
			return nil, fieldErr("symbols", "canonical symbol %q: %v", c, err)
		}
		for _, s := range append([]string{c}, m[c]...) {
			sn, err := symbolName(s)
			if err != nil {
				return nil, fieldErr("symbols", "spelling %q of %q: %v", s, c, err)
			}
			if prev, ok := canon[sn]; ok && prev != cn {
				return nil, fieldErr("symbols", "spelling %q is listed under both %q and %q", s, prev, c)
			}
			canon[sn] = cn
		}
	}
	return canon, nil
}

// symbolName reads s as a single symbol name.
func symbolName(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", errors.New("empty name")
	}
	n, _, err := mathexpr.Parse(s, mathexpr.Config{})
	if err != nil {
		return "", err
	}
	if n.Kind != mathexpr.Sym {
		return "", errors.New("not a single symbol name")
	}
	return n.Name, nil
}

// bigoNorm turns a parsed bound into a poly, mapping spellings to canonical
// symbols.
type bigoNorm struct {
	canon   map[string]string
	free    bool     // unknown names are free variables (the reference)
	used    []string // canonical symbols in order of first use
	unknown []string // unknown names (answers)
}

func (z *bigoNorm) symbol(name string) poly {
	c, ok := z.canon[name]
	switch {
	case ok:
	case z.free:
		c = name
	default:
		if !slices.Contains(z.unknown, name) {
			z.unknown = append(z.unknown, name)
		}
		return atomPoly(name)
	}
	if !slices.Contains(z.used, c) {
		z.used = append(z.used, c)
	}
	return atomPoly(c)
}

func (z *bigoNorm) poly(n *mathexpr.Node, depth int) (poly, error) {
	if depth > 2*mathexpr.MaxDepth {
		return nil, errors.New("bound nested too deeply")
	}
	switch n.Kind {
	case mathexpr.Num:
		return constPoly(n.Val), nil
	case mathexpr.Sym:
		return z.symbol(n.Name), nil
	case mathexpr.Neg, mathexpr.Abs:
		p, err := z.poly(n.Kids[0], depth+1)
		if err != nil || n.Kind == mathexpr.Abs {
			return p, err
		}
		return scalePoly(p, -1), nil
	case mathexpr.Add, mathexpr.Mul:
		return z.fold(n, depth)
	case mathexpr.Div:
		return z.quotient(n, depth)
	case mathexpr.Pow:
		e, ok := mathexpr.ConstValue(n.Kids[1])
		if !ok {
			return nil, fmt.Errorf("exponent %s is not a constant", n.Kids[1].Key())
		}
		b, err := z.poly(n.Kids[0], depth+1)
		if err != nil {
			return nil, err
		}
		return powPoly(b, e)
	case mathexpr.Func:
		return z.function(n, depth)
	}
	return nil, fmt.Errorf("%s has no place in a bound", n.Key())
}

// fold sums or multiplies the kids of n.
func (z *bigoNorm) fold(n *mathexpr.Node, depth int) (poly, error) {
	acc := constPoly(0)
	if n.Kind == mathexpr.Mul {
		acc = constPoly(1)
	}
	for _, k := range n.Kids {
		p, err := z.poly(k, depth+1)
		if err != nil {
			return nil, err
		}
		if n.Kind == mathexpr.Add {
			acc = addPoly(acc, p)
		} else if acc, err = mulPoly(acc, p); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

func (z *bigoNorm) quotient(n *mathexpr.Node, depth int) (poly, error) {
	a, err := z.poly(n.Kids[0], depth+1)
	if err != nil {
		return nil, err
	}
	b, err := z.poly(n.Kids[1], depth+1)
	if err != nil {
		return nil, err
	}
	if len(nonZero(b)) > 1 {
		return nil, fmt.Errorf("dividing by the sum %s is not a polynomial bound", n.Kids[1].Key())
	}
	inv, err := powPoly(b, -1)
	if err != nil {
		return nil, err
	}
	return mulPoly(a, inv)
}

func (z *bigoNorm) function(n *mathexpr.Node, depth int) (poly, error) {
	switch n.Name {
	case "log", "ln", "lg":
		p, err := z.poly(n.Kids[0], depth+1)
		if err != nil {
			return nil, err
		}
		return logPoly(p), nil
	case "max":
		return z.fold(&mathexpr.Node{Kind: mathexpr.Add, Kids: n.Kids}, depth)
	}
	return nil, fmt.Errorf("%s is not a polynomial-log bound", n.Key())
}

// show writes monomials for a reason: {N·D·D_random, N·M·D_random}.
func (g *BigO) show(ms []monomial) string {
	type shown struct {
		ranks []int
		text  string
	}
	out := make([]shown, len(ms))
	for i, m := range ms {
		out[i].ranks, out[i].text = g.showMono(m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].ranks, out[j].ranks
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return len(a) < len(b)
	})
	parts := make([]string, len(out))
	for i, s := range out {
		parts[i] = s.text
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// showMono writes one monomial, its symbols in reference order.
func (g *BigO) showMono(m monomial) ([]int, string) {
	type atom struct {
		sym   string
		level int
		exp   float64
	}
	atoms := make([]atom, 0, len(m))
	for a, e := range m {
		sym, level := logLevel(a)
		atoms = append(atoms, atom{sym, level, e})
	}
	rank := func(s string) int {
		if r, ok := g.rank[s]; ok {
			return r
		}
		return len(g.rank)
	}
	sort.Slice(atoms, func(i, j int) bool {
		ri, rj := rank(atoms[i].sym), rank(atoms[j].sym)
		if ri != rj {
			return ri < rj
		}
		if atoms[i].sym != atoms[j].sym {
			return atoms[i].sym < atoms[j].sym
		}
		return atoms[i].level < atoms[j].level
	})
	if len(atoms) == 0 {
		return nil, "1"
	}
	ranks := make([]int, len(atoms))
	parts := make([]string, len(atoms))
	for i, a := range atoms {
		ranks[i] = rank(a.sym)
		pow := ""
		if e := showExp(a.exp); e != "1" {
			pow = "^" + e
		}
		if a.level == 0 {
			parts[i] = a.sym + pow
		} else {
			parts[i] = "log" + pow + " " + strings.Repeat("log ", a.level-1) + a.sym
		}
	}
	return ranks, strings.Join(parts, "·")
}

// showExp writes an exponent for a reason: 2, 1.5, or (1/3) where the
// decimal would be long.
func showExp(e float64) string {
	s := fmtExp(e)
	if len(s) <= 5 {
		return s
	}
	for q := 2.0; q <= 12; q++ {
		if p := math.Round(e * q); math.Abs(e*q-p) < 1e-6 {
			return fmt.Sprintf("(%g/%g)", p, q)
		}
	}
	return s
}

// boundSpans lists the bounds of a reply as spans: every O(...) or
// Θ(...), with bounds joined by "+" ("O(N D) + O(N M)") as one, and the
// content of a \boxed{} that holds no bound read as a bare bound.
func boundSpans(reply string) []span {
	var out []span
	for _, b := range allBounds(reply) {
		if n := len(out); n > 0 && strings.TrimSpace(reply[out[n-1].end:b[0]]) == "+" {
			out[n-1].end = b[1]
			out[n-1].text = strings.Join(strings.Fields(reply[out[n-1].start:b[1]]), " ")
			continue
		}
		out = append(out, span{b[0], b[1], strings.Join(strings.Fields(reply[b[0]:b[1]]), " ")})
	}
	for _, bx := range boxedSpans(reply) {
		if len(allBounds(reply[bx[0]:bx[1]])) == 0 {
			if bare := trimMathAnswer(reply[bx[0]:bx[1]]); bare != "" {
				out = append(out, span{bx[0], bx[1], bare})
			}
		}
	}
	return out
}

// boundInner is what a written bound bounds: the inside of its O(...),
// the sum of the insides of "O(a) + O(b)", or a bare bound itself.
func boundInner(bound string) string {
	bs := allBounds(bound)
	if len(bs) == 0 {
		return bound
	}
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = "(" + bound[b[2]:b[3]] + ")"
	}
	return strings.Join(parts, " + ")
}

var boundHeadRe = mustPhrase(`(?:\\mathcal\s*\{\s*(?:O|\\Theta)\s*\}|\\mathcal\s*O|` +
	`\\(?:mathrm|operatorname|mathit|text)\s*\{\s*O\s*\}|\\Theta|\bO|Θ|𝒪)(?:\s|\\[,;:! ])*` +
	`(?:\\(?:left|bigl?|Bigl?|biggl?|Biggl?)\s*)?\(`)

// allBounds returns every O(...) or Θ(...) in s with balanced parentheses
// and something inside them: start and end of the bound, start and end of
// its inside.
func allBounds(s string) [][4]int {
	locs := boundHeadRe.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return nil
	}
	closer := matchParens(s)
	var out [][4]int
	for _, loc := range locs {
		start, open := loc[0], loc[1]-1
		end, ok := closer[open]
		if !ok || len(out) > 0 && start < out[len(out)-1][1] {
			continue
		}
		in := s[open+1 : end]
		switch strings.Join(strings.Fields(in), "") {
		case "", `\cdot`, "·", "⋅", ".", "...", `\ldots`, `\dots`:
			continue // notation such as "O(·)", not a bound
		}
		stop := end + 1
		// \right) closes as ")" with "\right" before it.
		out = append(out, [4]int{start, stop, open + 1, end})
	}
	return out
}

// lastBound returns the last bound in s, whitespace collapsed, with the
// text inside its parentheses.
func lastBound(s string) (bound, inner string, ok bool) {
	bs := allBounds(s)
	if len(bs) == 0 {
		return "", "", false
	}
	b := bs[len(bs)-1]
	return strings.Join(strings.Fields(s[b[0]:b[1]]), " "), s[b[2]:b[3]], true
}

// matchParens maps the index of every balanced "(" in s to its ")".
func matchParens(s string) map[int]int {
	out := map[int]int{}
	var open []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			open = append(open, i)
		case ')':
			if n := len(open); n > 0 {
				out[open[n-1]] = i
				open = open[:n-1]
			}
		}
	}
	return out
}

// trimMathAnswer strips math delimiters ($, \( \), \[ \]), backticks, markdown
// emphasis, trailing punctuation and unmatched closing parentheses from an
// extracted answer.
func trimMathAnswer(s string) string {
	s = strings.NewReplacer("$", " ", `\(`, " ", `\)`, " ", `\[`, " ", `\]`, " ", "`", " ").Replace(s)
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimSpace(strings.Trim(s, "*_"))
		switch {
		case strings.HasSuffix(t, `\,`), strings.HasSuffix(t, `\;`), strings.HasSuffix(t, `\!`),
			strings.HasSuffix(t, `\\`), strings.HasSuffix(t, `\.`):
			t = t[:len(t)-2]
		case t != "" && strings.ContainsRune(".,;:", rune(t[len(t)-1])) && !strings.HasSuffix(t, `\`+t[len(t)-1:]):
			t = t[:len(t)-1]
		case strings.HasSuffix(t, ")") && strings.Count(t, ")") > strings.Count(t, "("):
			// The close of a parenthesis the answer was written inside:
			// "(or, with a summed loss, X)".
			t = t[:len(t)-1]
		}
		t = strings.TrimSpace(t)
		if t == s {
			return strings.Join(strings.Fields(s), " ")
		}
		s = t
	}
}

func nameSet(m map[string]string) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func quoteNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
