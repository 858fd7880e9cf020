package grade

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"regexp"
	"sort"
	"strings"
)

func init() { register("expr", []string{"answer", "symbols"}, newExpr) }

// Expr grades a scalar expression written in LaTeX or plain math by
// evaluating the answer and the reference at the same random points.
//
// Finding the answer: Extract's text, or the last inline math ($...$, \(...\))
// inside it; for a reply with no explicit final answer, its last inline math,
// then its last line; when the explicit answer holds no math at all ("Final
// answer: see above"), the reply's last inline math. Prose around the math
// ("the similarity is", "\quad where ...") is dropped, and of an equation
// (sim(q,k) = ..., a = b = c) the right-most side is compared.
//
// Reading: \frac, \sqrt, \sqrt[n], \exp, e^x, \log and \ln (natural), ^, **,
// \cdot, \times, *, /, implicit products (an unknown word "ab" is a·b),
// unary minus, \left( \right), \big(, braces, |x| (absolute value), greek
// letters, subscripts (D_r, \sigma_{x}), \pi and a lone e. Font wrappers
// are dropped: \mathcal{K}, \mathrm{K} and K are the same name. \infty,
// sums (\sum) and other unsupported notation make the answer unreadable
// (no_answer).
//
// Opaque atoms: symbols, norms (\|q\|, ||q||, \lVert q\rVert; a subscript
// such as \|q\|_2 is ignored), inner products (q^T k, q^\top k, q^{\top}k,
// \langle q,k\rangle, all equal to k^T q; q^T q is \|q\|^2) and calls of
// named functions (\mathcal{K}_{\text{Gauss}}(q,k), \text{sim}(q,k),
// \phi(q)) are atoms. Each distinct atom, after canonical spelling, gets its
// own value in [0.5, 2.5] at each point, the same for answer and reference.
// q \cdot k is an ordinary product of the atoms q and k, not an inner
// product. A single plain letter followed by parentheses, x(1-x), is a
// product; any other name followed by parentheses is a call, and a comma
// inside the parentheses always makes one.
//
// Symbols: spec.Symbols maps a canonical expression to the spellings that
// mean it. A spelling must be an atom: a name, a call, a norm or an inner
// product; the canonical may be any expression. Both are read like answers,
// so spacing and wrappers do not matter, and a spelling is matched wherever
// that atom occurs in an answer. For example
//
//	symbols: {"K_Gauss(q,k)": ['\mathcal{K}(q,k)', 'K(q,k)'], D: [d]}
//
// makes K(q, k) and \mathcal{K}(q,k) the same atom as K_{\text{Gauss}}(q,k),
// and d the same symbol as D. Arguments are part of a call's spelling:
// K(k,q) is a different atom from K(q,k) unless it is listed too. A name the
// reference does not use simply gets its own value, so it will not match.
type Expr struct {
	aliases  map[string]*mathNode // atom key → canonical expression
	known    map[string]bool      // symbol names in play
	refVals  []float64            // the reference at each sample point (NaN: undefined)
	refAtoms map[string]bool      // atoms the reference uses
}

var _ Grader = (*Expr)(nil)

const (
	exprPoints    = 24   // sample points tried
	exprMinPoints = 8    // points where both sides are defined, at least
	exprRelTol    = 1e-6 // relative tolerance at each point
	exprAbsTol    = 1e-12
)

func newExpr(spec Spec, _ Env) (Grader, error) {
	aliases, known, err := exprSymbols(spec.Symbols)
	if err != nil {
		return nil, err
	}
	text := trimMathAnswer(spec.Answer)
	if text == "" {
		return nil, fieldErr("answer", "expr needs a reference expression")
	}
	n, _, err := parseMath(text, parseConfig{known: known, calls: true, letters: true})
	if err != nil {
		return nil, fieldErr("answer", "cannot parse %q: %v", text, err)
	}
	for _, s := range n.symbols() {
		known[s] = true
	}
	g := &Expr{aliases: aliases, known: known}
	g.refAtoms = map[string]bool{}
	g.atoms(n, g.refAtoms, 0)
	g.refVals = make([]float64, exprPoints)
	valid := 0
	for i := range g.refVals {
		g.refVals[i] = g.eval(n, i)
		if exprFinite(g.refVals[i]) {
			valid++
		}
	}
	if valid < exprMinPoints {
		return nil, fieldErr("answer", "reference %q is undefined at %d of %d sample points", text, exprPoints-valid, exprPoints)
	}
	return g, nil
}

// exprSymbols reads a symbols map into atom key → canonical expression,
// and the symbol names it mentions.
func exprSymbols(m map[string][]string) (map[string]*mathNode, map[string]bool, error) {
	aliases := map[string]*mathNode{}
	owner := map[string]string{}
	canonKeys := map[string]string{}
	known := map[string]bool{}
	names := make([]string, 0, len(m))
	for c := range m {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		cn, _, err := parseMath(c, parseConfig{calls: true})
		if err != nil {
			return nil, nil, fieldErr("symbols", "canonical %q: %v", c, err)
		}
		canonKeys[cn.key()] = c
		if cn.kind == nSym {
			known[cn.name] = true
		}
		for _, s := range m[c] {
			an, _, err := parseMath(s, parseConfig{calls: true})
			if err != nil {
				return nil, nil, fieldErr("symbols", "spelling %q of %q: %v", s, c, err)
			}
			if !an.isAtom() {
				return nil, nil, fieldErr("symbols", "spelling %q of %q is not a name, a call such as K(q,k), "+
					"a norm or an inner product (a single letter before parentheses reads as a product)", s, c)
			}
			if an.kind == nSym {
				known[an.name] = true
			}
			k := an.key()
			if k == cn.key() {
				continue
			}
			if prev, ok := owner[k]; ok && prev != c {
				return nil, nil, fieldErr("symbols", "spelling %q is listed under both %q and %q", s, prev, c)
			}
			owner[k], aliases[k] = c, cn
		}
	}
	for k, c := range owner {
		if other, ok := canonKeys[k]; ok {
			return nil, nil, fieldErr("symbols", "%q, a spelling of %q, is itself a canonical entry", other, c)
		}
	}
	return aliases, known, nil
}

// Grade finds the reply's expression and compares it with the reference at
// every sample point.
func (g *Expr) Grade(_ context.Context, reply string) Verdict {
	n, text, err := g.find(reply)
	if n == nil {
		reason := "no expression found in the reply"
		if err != nil {
			reason = fmt.Sprintf("cannot parse %q: %v", text, err)
		}
		return Verdict{Grade: NoAnswer, Extracted: text, Reason: reason}
	}
	v := Verdict{Grade: Incorrect, Extracted: text}
	valid, differ := 0, 0
	var got, want float64
	for i, r := range g.refVals {
		a := g.eval(n, i)
		if !exprFinite(a) || !exprFinite(r) {
			continue
		}
		valid++
		if !exprClose(a, r) {
			if differ == 0 {
				got, want = a, r
			}
			differ++
		}
	}
	switch {
	case valid < exprMinPoints:
		v.Reason = fmt.Sprintf("answer %s is undefined at most sample points", text)
	case differ > 0:
		v.Reason = fmt.Sprintf("answer %s differs from the reference at %d of %d points (%.6g vs %.6g)%s",
			text, differ, valid, got, want, g.unknownNote(n))
	default:
		v.Grade, v.Score = Correct, 1
		v.Reason = fmt.Sprintf("equal to the reference at %d random points", valid)
	}
	return v
}

// find returns the first candidate answer that parses, with the text of its
// right-most side; else nil and the first parse error.
func (g *Expr) find(reply string) (*mathNode, string, error) {
	var firstErr error
	var firstText string
	cfg := parseConfig{known: g.known, calls: true, letters: true}
	cands := exprCandidates(reply)
	for i := 0; i < len(cands); i++ {
		c := g.cleanCandidate(cands[i])
		if c == "" || g.proseOnly(c) {
			if i == len(cands)-1 && firstErr == nil {
				// The explicit answer was prose ("see above"): fall back to
				// the reply's last inline math, as bigo falls back to its
				// last bound.
				if m, ok := lastInlineMath(reply); ok && m != cands[i] {
					cands = append(cands, m)
				}
			}
			continue
		}
		n, side, err := parseMath(c, cfg)
		if err == nil {
			return n, side, nil
		}
		// A left-hand side the parser cannot read (∂L/∂z, KL(P ‖ Q), ᾱ_t)
		// must not hide a readable right-hand side.
		if rhs, ok := rightOfLastEquals(c); ok {
			if n, side, err := parseMath(rhs, cfg); err == nil {
				return n, side, nil
			}
		}
		if firstErr == nil {
			firstErr, firstText = err, c
		}
	}
	return nil, firstText, firstErr
}

// rightOfLastEquals returns the text after the last "=" outside any
// brackets, or false when there is none.
func rightOfLastEquals(s string) (string, bool) {
	depth, at := 0, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '=':
			if depth == 0 {
				at = i
			}
		}
	}
	if at < 0 || strings.TrimSpace(s[at+1:]) == "" {
		return "", false
	}
	return strings.TrimSpace(s[at+1:]), true
}

// exprCandidates lists the texts that may hold the answer, best first.
func exprCandidates(reply string) []string {
	ex := Extract(reply)
	var out []string
	if ex.How == "whole reply" {
		if m, ok := lastInlineMath(reply); ok {
			out = append(out, m)
		}
		lines := strings.Split(strings.TrimSpace(reply), "\n")
		return append(out, lines[len(lines)-1])
	}
	if m, ok := lastInlineMath(ex.Text); ok {
		out = append(out, m)
	}
	return append(out, ex.Text)
}

var inlineMathRe = regexp.MustCompile(`(?s)\$\$(.+?)\$\$|\\\[(.+?)\\\]|\$([^$\n]+?)\$|\\\((.+?)\\\)`)

// lastInlineMath returns the content of the last $...$, $$...$$, \(...\) or
// \[...\] in s.
func lastInlineMath(s string) (string, bool) {
	ms := inlineMathRe.FindAllStringSubmatchIndex(s, -1)
	if len(ms) == 0 {
		return "", false
	}
	m := ms[len(ms)-1]
	for g := 1; 2*g+1 < len(m); g++ {
		if m[2*g] >= 0 {
			return s[m[2*g]:m[2*g+1]], true
		}
	}
	return "", false
}

var (
	proseCutRe  = regexp.MustCompile(`\\q?quad\b|\\text\s*\{[^{}]*\s[^{}]*\}|[,;]?\s+(?:where|for|with|if|when|since)\s`)
	leadWordRe  = regexp.MustCompile(`^([A-Za-z]{2,})[:,]?\s+`)
	proseOnlyRe = regexp.MustCompile(`^[A-Za-z\s.,!?'-]*$`)
	wordRe      = regexp.MustCompile(`[A-Za-z]{3,}`)
)

// cleanCandidate trims delimiters and punctuation, cuts trailing prose
// (\quad, \text{ where ...}) and drops leading words that are not names.
func (g *Expr) cleanCandidate(s string) string {
	s = trimMathAnswer(s)
	for {
		m := proseCutRe.FindStringIndex(s)
		if m == nil {
			break
		}
		if strings.TrimSpace(s[:m[0]]) == "" {
			s = s[m[1]:]
			continue
		}
		s = s[:m[0]]
		break
	}
	for {
		m := leadWordRe.FindStringSubmatch(s)
		if m == nil || g.isName(m[1]) {
			break
		}
		s = s[len(m[0]):]
	}
	return trimMathAnswer(s)
}

// isName reports whether w reads as math rather than prose.
func (g *Expr) isName(w string) bool {
	return plainFuncs[w] || greekNames[w] != "" || w == "pi" || g.known[w]
}

// proseOnly reports whether s is words, not math ("see above").
func (g *Expr) proseOnly(s string) bool {
	if !proseOnlyRe.MatchString(s) {
		return false
	}
	for _, w := range wordRe.FindAllString(s, -1) {
		if !g.isName(w) {
			return true
		}
	}
	return false
}

// unknownNote names the atoms of an answer that the reference does not use.
func (g *Expr) unknownNote(n *mathNode) string {
	atoms := map[string]bool{}
	g.atoms(n, atoms, 0)
	var extra []string
	for a := range atoms {
		if !g.refAtoms[a] {
			extra = append(extra, a)
		}
	}
	if len(extra) == 0 {
		return ""
	}
	sort.Strings(extra)
	return "; not in the reference: " + strings.Join(extra, ", ")
}

// atoms adds the atoms of n, after aliasing, to set.
func (g *Expr) atoms(n *mathNode, set map[string]bool, depth int) {
	if n.isAtom() {
		k := n.key()
		if c, ok := g.aliases[k]; ok && depth < 8 {
			g.atoms(c, set, depth+1)
			return
		}
		set[k] = true
		return
	}
	for _, k := range n.kids {
		g.atoms(k, set, depth)
	}
	if n.base != nil {
		g.atoms(n.base, set, depth)
	}
}

// eval evaluates n at sample point i.
func (g *Expr) eval(n *mathNode, i int) float64 {
	ev := exprEval{aliases: g.aliases, point: i}
	return ev.eval(n)
}

// exprEval evaluates expressions at one sample point.
type exprEval struct {
	aliases map[string]*mathNode
	point   int
	depth   int // alias expansions in progress
	// values, when set, gives each atom its value (EvalExpr); an atom
	// missing from it is recorded in missing.
	values  map[string]float64
	missing string
}

func (ev *exprEval) eval(n *mathNode) float64 {
	switch n.kind {
	case nNum:
		return n.val
	case nSym, nCall, nNorm, nTrans:
		return ev.atom(n)
	case nInner:
		if n.kids[0].key() == n.kids[1].key() {
			v := ev.atom(&mathNode{kind: nNorm, kids: n.kids[:1]})
			return v * v
		}
		return ev.atom(n)
	case nAdd, nMul:
		acc := 0.0
		if n.kind == nMul {
			acc = 1
		}
		for _, k := range n.kids {
			if n.kind == nMul {
				acc *= ev.eval(k)
			} else {
				acc += ev.eval(k)
			}
		}
		return acc
	case nDiv:
		return ev.eval(n.kids[0]) / ev.eval(n.kids[1])
	case nNeg:
		return -ev.eval(n.kids[0])
	case nPow:
		return math.Pow(ev.eval(n.kids[0]), ev.eval(n.kids[1]))
	case nAbs:
		return math.Abs(ev.eval(n.kids[0]))
	case nFunc:
		return ev.function(n)
	}
	return math.NaN()
}

func (ev *exprEval) function(n *mathNode) float64 {
	x := ev.eval(n.kids[0])
	switch n.name {
	case "max", "min":
		for _, k := range n.kids[1:] {
			if n.name == "max" {
				x = math.Max(x, ev.eval(k))
			} else {
				x = math.Min(x, ev.eval(k))
			}
		}
		return x
	case "log", "ln":
		if n.base != nil {
			return math.Log(x) / math.Log(ev.eval(n.base))
		}
		return math.Log(x)
	}
	if f, ok := exprFuncs[n.name]; ok {
		return f(x)
	}
	return math.NaN()
}

var exprFuncs = map[string]func(float64) float64{
	"exp": math.Exp, "lg": math.Log2, "sin": math.Sin, "cos": math.Cos, "tan": math.Tan,
	"sinh": math.Sinh, "cosh": math.Cosh, "tanh": math.Tanh, "arcsin": math.Asin,
	"arccos": math.Acos, "arctan": math.Atan,
}

// atom is the value of an opaque atom: its alias's value, or a value drawn
// from its key and the point.
func (ev *exprEval) atom(n *mathNode) float64 {
	k := n.key()
	if c, ok := ev.aliases[k]; ok && ev.depth < 8 {
		ev.depth++
		v := ev.eval(c)
		ev.depth--
		return v
	}
	if ev.values != nil {
		v, ok := ev.values[k]
		if !ok && ev.missing == "" {
			ev.missing = k
		}
		if !ok {
			return math.NaN()
		}
		return v
	}
	return atomValue(k, ev.point)
}

// atomValue draws a value in [0.5, 2.5] from an atom's key and a point
// index, deterministically.
func atomValue(key string, point int) float64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	x := h.Sum64() ^ (uint64(point+1) * 0x9e3779b97f4a7c15)
	// splitmix64 finaliser
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return 0.5 + 2*float64(x>>11)/float64(1<<53)
}

func exprFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func exprClose(a, b float64) bool {
	d := math.Abs(a - b)
	return d <= exprRelTol*math.Max(math.Abs(a), math.Abs(b)) || d < exprAbsTol
}
