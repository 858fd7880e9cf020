package grade

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"

	"github.com/pushback/pushback/tasks/grade/mathexpr"
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
	aliases  map[string]*mathexpr.Node // atom key → canonical expression
	known    map[string]bool           // symbol names in play
	refVals  []float64                 // the reference at each sample point (NaN: undefined)
	refAtoms map[string]bool           // atoms the reference uses
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
	n, _, err := mathexpr.Parse(text, mathexpr.Config{Known: known, Calls: true, Letters: true})
	if err != nil {
		return nil, fieldErr("answer", "cannot parse %q: %v", text, err)
	}
	for _, s := range n.Symbols() {
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
func exprSymbols(m map[string][]string) (map[string]*mathexpr.Node, map[string]bool, error) {
	aliases := map[string]*mathexpr.Node{}
	owner := map[string]string{}
	canonKeys := map[string]string{}
	known := map[string]bool{}
	names := make([]string, 0, len(m))
	for c := range m {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		cn, _, err := mathexpr.Parse(c, mathexpr.Config{Calls: true})
		if err != nil {
			return nil, nil, fieldErr("symbols", "canonical %q: %v", c, err)
		}
		canonKeys[cn.Key()] = c
		if cn.Kind == mathexpr.Sym {
			known[cn.Name] = true
		}
		for _, s := range m[c] {
			an, _, err := mathexpr.Parse(s, mathexpr.Config{Calls: true})
			if err != nil {
				return nil, nil, fieldErr("symbols", "spelling %q of %q: %v", s, c, err)
			}
			if !an.IsAtom() {
				return nil, nil, fieldErr("symbols", "spelling %q of %q is not a name, a call such as K(q,k), "+
					"a norm or an inner product (a single letter before parentheses reads as a product)", s, c)
			}
			if an.Kind == mathexpr.Sym {
				known[an.Name] = true
			}
			k := an.Key()
			if k == cn.Key() {
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

// Grade finds the reply's committed expression (see selectAnswer) and
// compares it with the reference at every sample point.
func (g *Expr) Grade(_ context.Context, r Reply) Verdict {
	return decide(selectAnswer(r, g.spans(r.Text)), g.gradeExpr, "expression")
}

// gradeExpr grades one candidate expression as written.
func (g *Expr) gradeExpr(text string) Verdict {
	n, side, err := g.parse(text)
	if n == nil {
		// "σ² = τ, exp(…)·K": a condition, then the expression.
		if i := lastTopLevel(text, ','); i > 0 {
			if v := g.gradeExpr(text[i+1:]); v.Grade != NoAnswer {
				return v
			}
		}
		reason := "no expression in " + quoteClip(text)
		if err != nil {
			reason = fmt.Sprintf("cannot parse %q: %v", side, err)
		}
		return Verdict{Grade: NoAnswer, Extracted: side, Reason: reason}
	}
	v := Verdict{Grade: Incorrect, Extracted: side}
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
		v.Reason = fmt.Sprintf("answer %s is undefined at most sample points", side)
	case differ > 0:
		v.Reason = fmt.Sprintf("answer %s differs from the reference at %d of %d points (%.6g vs %.6g)%s",
			side, differ, valid, got, want, g.unknownNote(n))
	default:
		v.Grade, v.Score = Correct, 1
		v.Reason = fmt.Sprintf("equal to the reference at %d random points", valid)
	}
	return v
}

// lastTopLevel is the index of the last byte c of s outside any brackets,
// -1 if none.
func lastTopLevel(s string, c byte) int { return topLevel(s, c, false) }

// topLevel is the index of the first (or, unless first, the last) byte c
// of s outside any brackets, -1 if none.
func topLevel(s string, c byte, first bool) int {
	depth, found := 0, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case c:
			if depth == 0 {
				found = i
				if first {
					return i
				}
			}
		}
	}
	return found
}

// SameAnswer implements Comparer: two expressions are the same answer when
// they agree at every sample point where both are defined.
func (g *Expr) SameAnswer(a, b Verdict) (same, ok bool) {
	na, _, _ := g.parse(a.Extracted)
	nb, _, _ := g.parse(b.Extracted)
	if na == nil || nb == nil || strings.Contains(a.Extracted, " | ") || strings.Contains(b.Extracted, " | ") {
		return false, false
	}
	valid := 0
	for i := range g.refVals {
		x, y := g.eval(na, i), g.eval(nb, i)
		if !exprFinite(x) || !exprFinite(y) {
			continue
		}
		valid++
		if !exprClose(x, y) {
			return false, true
		}
	}
	return true, valid >= exprMinPoints
}

// parse reads a candidate: cleaned of delimiters and prose, the
// right-most side of an equation; when a left-hand side the parser cannot
// read (∂L/∂z, KL(P ‖ Q), ᾱ_t) fails it, the text after the last "=".
// It returns the parsed node (nil on failure), the text read and the
// parse error.
func (g *Expr) parse(text string) (*mathexpr.Node, string, error) {
	c := g.cleanCandidate(text)
	if c == "" || g.proseOnly(c) {
		return nil, "", nil
	}
	c = g.digitSubscripts(c)
	cfg := mathexpr.Config{Known: g.known, Calls: true, Letters: true}
	n, side, err := mathexpr.Parse(c, cfg)
	if err == nil {
		return n, side, nil
	}
	if rhs, ok := rightOfLastEquals(c); ok {
		if n, side, err := mathexpr.Parse(rhs, cfg); err == nil {
			return n, side, nil
		}
	}
	return nil, c, err
}

// digitSubscripts writes a letter followed by digits as the subscripted
// symbol the reference uses: plain-text "w0 - (s1 - y1)*x1" is
// w_0 − (s_1 − y_1)·x_1 when w_0, s_1, … are symbols and w0, s1 are not.
func (g *Expr) digitSubscripts(c string) string {
	idx := digitSubRe.FindAllStringSubmatchIndex(c, -1)
	if idx == nil {
		return c
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		l, d := c[m[2]:m[3]], c[m[4]:m[5]]
		if !g.known[l+"_"+d] || g.known[l+d] {
			continue
		}
		b.WriteString(c[last:m[2]])
		b.WriteString(l + "_" + d)
		last = m[5]
	}
	b.WriteString(c[last:])
	return b.String()
}

// digitSubRe finds a single letter followed by digits, not part of a
// longer word or a LaTeX command.
var digitSubRe = mustPhrase(`(?:^|[^A-Za-z\\_0-9])([A-Za-z])(\d+)\b`)

// spans lists a reply's candidate expressions: every piece of math in
// delimiters ($...$, $$...$$, \(...\), \[...\], equation environments);
// the text of every cued region that holds none (plain-text answers:
// "Final answer: −α(β₁a + b)/…"); and, when that finds nothing, the
// reply's last line.
func (g *Expr) spans(reply string) []span {
	var out []span
	segs := mathSegments(reply)
	for _, m := range segs {
		out = append(out, span{m[0], m[1], reply[m[0]:m[1]]})
	}
	out = append(out, g.plainMathSpans(reply, segs)...)
	out = append(out, orAlternatives(reply, out)...)
	for _, rg := range cueRegions(reply) {
		if rg.cue == CueBold || rg.cue == CueDisplay || rg.cue == CueConclusion || rg.cue == CueTotal {
			continue
		}
		inside := false
		for _, sp := range out {
			if sp.start >= rg.start && sp.end <= rg.end+1 {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, span{rg.start, rg.end, reply[rg.start:rg.end]})
		}
	}
	if len(out) == 0 {
		t := strings.TrimRight(reply, " \t\r\n")
		if i := strings.LastIndexByte(t, '\n'); i >= 0 || t != "" {
			out = append(out, span{i + 1, len(t), t[i+1:]})
		}
	}
	return out
}

// rightOfLastEquals returns the text after the last "=" outside any
// brackets, or false when there is none.
func rightOfLastEquals(s string) (string, bool) {
	at := lastTopLevel(s, '=')
	if at < 0 || strings.TrimSpace(s[at+1:]) == "" {
		return "", false
	}
	return strings.TrimSpace(s[at+1:]), true
}

var mathSegRe = mustPhrase(`(?s)\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\begin\{(?:equation|align|gather|displaymath)\*?\}(.+?)\\end\{(?:equation|align|gather|displaymath)\*?\}|\$([^$\n]+?)\$|\\\((.+?)\\\)`)

// mathSegments returns the content of every piece of delimited math in s,
// in order.
func mathSegments(s string) [][2]int {
	var out [][2]int
	for _, m := range mathSegRe.FindAllStringSubmatchIndex(s, -1) {
		for g := 1; 2*g+1 < len(m); g++ {
			if m[2*g] >= 0 {
				out = append(out, [2]int{m[2*g], m[2*g+1]})
				break
			}
		}
	}
	return out
}

var (
	// proseCutRe finds where prose starts after an expression: \quad, a
	// \text{} with words, a clause ("…, i.e. the kernel rescaled", "where
	// …", "(attained at …)"), a sentence end.
	proseCutRe  = mustPhrase(`\\q?quad\b|\\text\s*\{[^{}]*\s[^{}]*\}|[,;]?\s+(?:where|for|with|if|when|since|i\.e\.|ie|e\.g\.|which|that|because|as|so|and\s+(?:the|this|it|that)|but|versus|vs\.?|compared|attained|achieved|reached|here|note|assuming|given|valid|independent|evaluated|at\s+(?:the\s+)?(?:optimum|maximum|minimum)|in\s+(?:terms|nats|bits))\b|[,;]?\s+(?:w\.r\.t\.|with\s+respect\s+to\b)|\s\((?:[A-Za-z]{3,}[\s,)])|(?:^|[^\\]);\s|[.!?](?:\s|$)`)
	leadWordRe  = mustPhrase(`^([A-Za-z]{2,})[:,]?\s+`)
	proseOnlyRe = mustPhrase(`^[A-Za-z\s.,!?'-]*$`)
	wordRe      = mustPhrase(`[A-Za-z]{3,}`)
)

// cleanCandidate trims delimiters and punctuation, cuts trailing prose
// (\quad, \text{ where ...}) and drops leading words that are not names.
func (g *Expr) cleanCandidate(s string) string {
	s = trimMathAnswer(s)
	if m := labelRe.FindStringIndex(s); m != nil && m[1] < len(s) {
		s = s[m[1]:] // "b: (d/2) log …" after "off-diagonal": a label
	}
	s = strings.TrimSpace(s)
	for len(s) > 0 && (s[len(s)-1] == ']' || s[len(s)-1] == ')') && unbalancedClose(s) {
		s = strings.TrimSpace(s[:len(s)-1]) // "[or, with …: X]": the bracket the alternative sits in
	}
	for {
		m := g.proseCut(s)
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

// proseCut finds the first place where prose starts in s: a match of
// proseCutRe outside brackets, where a parenthesis opening with a word
// counts only when the word is not math ("(log p + H)" is math,
// "(attained at …)" is not).
func (g *Expr) proseCut(s string) []int {
	for _, m := range proseCutRe.FindAllStringIndex(s, -1) {
		if bracketDepth(s[:m[0]]) > 0 || strings.HasSuffix(s[:m[0]], `\left`) || strings.HasSuffix(s[:m[0]], `\right`) {
			continue // \left. is an invisible delimiter, not a full stop
		}
		if w := strings.TrimLeft(s[m[0]:m[1]], " \t("); strings.HasPrefix(strings.TrimSpace(s[m[0]:m[1]]), "(") {
			if g.isName(strings.TrimRight(w, " \t,)")) {
				continue
			}
		}
		return m
	}
	return nil
}

// labelRe is a one-word label before an expression ("b: (d/2) log …").
var labelRe = mustPhrase(`^\s*[A-Za-z][A-Za-z0-9_']{0,2}:\s+`)

// unbalancedClose reports whether s closes a bracket it did not open.
func unbalancedClose(s string) bool {
	_, stray := brackets(s)
	return stray > 0
}

// bracketDepth is the nesting of (, [ and { left open at the end of s.
func bracketDepth(s string) int {
	open, _ := brackets(s)
	return open
}

// brackets counts the (, [ and { left open at the end of s, and the
// closing brackets that close nothing.
func brackets(s string) (open, stray int) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			open++
		case ')', ']', '}':
			if open == 0 {
				stray++
			} else {
				open--
			}
		}
	}
	return open, stray
}

// isName reports whether w reads as math rather than prose.
func (g *Expr) isName(w string) bool {
	return mathexpr.PlainFuncs[w] || mathexpr.GreekNames[w] != "" || w == "pi" || g.known[w]
}

// proseOnly reports whether s is words, not math ("see above", "on").
func (g *Expr) proseOnly(s string) bool {
	if proseStopwords[strings.ToLower(strings.TrimSpace(s))] {
		return true
	}
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
func (g *Expr) unknownNote(n *mathexpr.Node) string {
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
func (g *Expr) atoms(n *mathexpr.Node, set map[string]bool, depth int) {
	if n.IsAtom() {
		k := n.Key()
		if c, ok := g.aliases[k]; ok && depth < 8 {
			g.atoms(c, set, depth+1)
			return
		}
		set[k] = true
		return
	}
	for _, k := range n.Kids {
		g.atoms(k, set, depth)
	}
	if n.Base != nil {
		g.atoms(n.Base, set, depth)
	}
}

// eval evaluates n at sample point i.
func (g *Expr) eval(n *mathexpr.Node, i int) float64 {
	ev := exprEval{aliases: g.aliases, point: i}
	return ev.eval(n)
}

// exprEval evaluates expressions at one sample point.
type exprEval struct {
	aliases map[string]*mathexpr.Node
	point   int
	depth   int // alias expansions in progress
	// values, when set, gives each atom its value (EvalExpr); an atom
	// missing from it is recorded in missing.
	values  map[string]float64
	missing string
}

func (ev *exprEval) eval(n *mathexpr.Node) float64 {
	switch n.Kind {
	case mathexpr.Num:
		return n.Val
	case mathexpr.Sym, mathexpr.Call, mathexpr.Norm, mathexpr.Trans:
		return ev.atom(n)
	case mathexpr.Inner:
		if n.Kids[0].Key() == n.Kids[1].Key() {
			v := ev.atom(&mathexpr.Node{Kind: mathexpr.Norm, Kids: n.Kids[:1]})
			return v * v
		}
		return ev.atom(n)
	case mathexpr.Add, mathexpr.Mul:
		acc := 0.0
		if n.Kind == mathexpr.Mul {
			acc = 1
		}
		for _, k := range n.Kids {
			if n.Kind == mathexpr.Mul {
				acc *= ev.eval(k)
			} else {
				acc += ev.eval(k)
			}
		}
		return acc
	case mathexpr.Div:
		return ev.eval(n.Kids[0]) / ev.eval(n.Kids[1])
	case mathexpr.Neg:
		return -ev.eval(n.Kids[0])
	case mathexpr.Pow:
		return math.Pow(ev.eval(n.Kids[0]), ev.eval(n.Kids[1]))
	case mathexpr.Abs:
		return math.Abs(ev.eval(n.Kids[0]))
	case mathexpr.Func:
		return ev.function(n)
	}
	return math.NaN()
}

func (ev *exprEval) function(n *mathexpr.Node) float64 {
	x := ev.eval(n.Kids[0])
	switch n.Name {
	case "max", "min":
		for _, k := range n.Kids[1:] {
			if n.Name == "max" {
				x = math.Max(x, ev.eval(k))
			} else {
				x = math.Min(x, ev.eval(k))
			}
		}
		return x
	case "log", "ln":
		if n.Base != nil {
			return math.Log(x) / math.Log(ev.eval(n.Base))
		}
		return math.Log(x)
	}
	if f, ok := exprFuncs[n.Name]; ok {
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
func (ev *exprEval) atom(n *mathexpr.Node) float64 {
	k := n.Key()
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

var (
	plainWordRe = mustPhrase(`\S+`)
	// mathOpRe finds what makes a run of words an expression: an operator,
	// a relation, a root, a power or a fraction (a name alone, such as w₀
	// in a sentence, is not one); a spaced minus only beside a subscript or
	// a bracket ("T(p_j - q_j)", not "Adam - a method").
	mathOpRe = mustPhrase(`[=+*/^·×√∛‖≈−⋅∙²³⁻ⁿ½¼¾⅓]|\\(?:frac|sqrt|cdot|times|exp|log|ln)|\b(?:exp|log|ln|sqrt)\(|\S-\S|\)\(|[_(]\S*\s-\s|\s-\s\S*[_)]`)
	// proseWordRe is a word that is prose, not math: letters, hyphens and
	// apostrophes with three letters in a row or an apostrophe ("I've",
	// "re-checked"), after markdown and punctuation are stripped.
	proseWordRe = mustPhrase(`^[A-Za-z'’-]*(?:[A-Za-z]{3}|['’])[A-Za-z'’-]*$`)
)

// plainMathSpans finds expressions written without math delimiters:
// maximal runs of words that are not prose, holding an operator, such as
// "∂L/∂w₀ = g₁x₁ + g₂x₃" or "−α (β₁a + b)√(1 + β₂)". Text inside delimited
// math (skip) is left alone.
func (g *Expr) plainMathSpans(s string, skip [][2]int) []span {
	var out []span
	inSkip := func(i int) bool {
		for _, k := range skip {
			if i >= k[0]-2 && i < k[1]+2 {
				return true
			}
		}
		return false
	}
	flush := func(ws [][]int) {
		if len(ws) == 0 {
			return
		}
		start, end := ws[0][0], ws[len(ws)-1][1]
		text := strings.TrimRight(s[start:end], ".,;:!?*_")
		text = strings.TrimLeft(text, "*_")
		lead := strings.Index(s[start:end], text)
		if lead < 0 || len(strings.TrimSpace(text)) < 3 || !mathOpRe.MatchString(text) {
			return
		}
		out = append(out, span{start + lead, start + lead + len(text), text})
	}
	for _, line := range lineSpans(s) {
		var run [][]int
		for _, w := range plainWordRe.FindAllStringIndex(s[line[0]:line[1]], -1) {
			w[0], w[1] = w[0]+line[0], w[1]+line[0]
			word := s[w[0]:w[1]]
			if inSkip(w[0]) || g.isProse(word) {
				flush(run)
				run = nil
				continue
			}
			run = append(run, w)
			if strings.HasSuffix(strings.TrimRight(word, "*_"), ";") {
				// "X if d(1 − 2s)/dz is taken as −2s; Y if …": a
				// semicolon ends the expression before it.
				flush(run)
				run = nil
			}
		}
		flush(run)
	}
	return out
}

// isProse reports whether a word of running text is prose rather than part
// of an expression.
func (g *Expr) isProse(word string) bool {
	w := strings.Trim(word, ".,;:!?*_()[]{}\"'`“”‘’")
	if w == "" {
		return strings.ContainsAny(word, "`\"“”") // code marks and quotes alone
	}
	if proseStopwords[strings.ToLower(w)] {
		return true
	}
	if !proseWordRe.MatchString(w) {
		return false
	}
	return !g.isName(w) && !g.isName(strings.ToLower(w))
}

// proseStopwords are short English words that end an expression written
// in running text ("d(1 + 2ρ²), is the most common slip").
var proseStopwords = map[string]bool{
	"is": true, "of": true, "to": true, "in": true, "on": true, "at": true, "by": true, "or": true,
	"an": true, "as": true, "if": true, "it": true, "we": true, "be": true, "so": true, "no": true,
	"do": true, "us": true, "my": true, "am": true, "i.e": true, "e.g": true, "vs": true, "w.r.t": true, "wrt": true,
}

var orAltRe = mustPhrase(`\(\s*or\s+([^()]*(?:\([^()]*\)[^()]*)*)\)|\bor\s+([^,;()\n]+)`)

// orAlternatives finds answers offered after "or" in an explicit final
// answer ("Final answer: γ²εz/(v+ε)^{3/2} (or 0)") that no other span
// covers: a bare alternative such as "0" has no operator to find it by.
func orAlternatives(reply string, have []span) []span {
	var out []span
	for _, rg := range cueRegions(reply) {
		if rg.cue != CueFinal && rg.cue != CueBoxed && rg.cue != CueAnswer {
			continue
		}
		text := reply[rg.start:rg.end]
		for _, m := range orAltRe.FindAllStringSubmatchIndex(text, -1) {
			g := 2
			if m[2] < 0 {
				g = 4
			}
			start, end := rg.start+m[g], rg.start+m[g+1]
			covered := false
			for _, h := range have {
				if h.start < end && start < h.end {
					covered = true
					break
				}
			}
			if !covered && strings.TrimSpace(reply[start:end]) != "" {
				out = append(out, span{start, end, reply[start:end]})
			}
		}
	}
	return out
}

// lineSpans returns the start and end of every line of s.
func lineSpans(s string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '\n' {
			out = append(out, [2]int{start, i})
			start = i + 1
		}
	}
	return out
}
