package mathexpr

import (
	"fmt"
	"strconv"
	"strings"
)

// This file is the parser shared by the bigo and expr graders. Precedence,
// loosest first: "=" (only the right-most side is kept), + and -, products
// (explicit *, \cdot, \times, /, and implicit juxtaposition, left to right),
// unary minus, powers (^, **, right-hand side a single group or token as in
// LaTeX), then primaries.

// Config says how the parser reads names.
type Config struct {
	// Known are the symbol names in play: canonical names, their aliases
	// and the reference's free variables.
	Known map[string]bool
	// Calls reads name(args) as an opaque function call and x^T y as an
	// inner product (expr); without it name(x) is a product (bigo).
	Calls bool
	// Letters reads a word that is neither known nor split into known
	// names as a product of single Letters, "ab" as a·b (expr); without it
	// the word is one name (bigo, where an unknown name is reported).
	Letters bool
}

const (
	MaxDepth    = 200 // deeper nesting is rejected, not recursed into
	maxSplitLen = 64  // longer words are not split into known symbols
)

type mathParser struct {
	toks      []mathToken
	i         int
	cfg       Config
	err       error
	depth     int
	normDepth int // inside ‖...‖: a ‖ closes rather than opens
	barDepth  int // inside |...|: a | closes rather than opens
}

// Parse parses s. It returns the right-most side of an equation (the
// whole expression when there is no "="), and the text of that side.
func Parse(s string, cfg Config) (*Node, string, error) {
	toks, err := lexMath(s)
	if err != nil {
		return nil, "", err
	}
	p := &mathParser{toks: toks, cfg: cfg}
	start := 0
	n := p.sum()
	for p.err == nil && p.peek().kind == tEq {
		start = p.peek().end
		p.advance()
		n = p.sum()
	}
	if p.err == nil && p.peek().kind != tEOF {
		p.failf("unexpected %s", p.peek())
	}
	if p.err != nil {
		return nil, "", p.err
	}
	return n, strings.TrimSpace(s[start:]), nil
}

func (p *mathParser) peek() mathToken { return p.toks[p.i] }

func (p *mathParser) advance() {
	if p.toks[p.i].kind != tEOF {
		p.i++
	}
}

func (p *mathParser) failf(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf(format, args...)
	}
}

func (p *mathParser) expect(k tokKind) {
	if p.err != nil {
		return
	}
	if p.peek().kind != k {
		p.failf("expected %q, found %s", tokNames[k], p.peek())
		return
	}
	p.advance()
}

func (p *mathParser) enter() bool {
	p.depth++
	if p.depth > MaxDepth {
		p.failf("expression nested too deeply")
		return false
	}
	return true
}

func (p *mathParser) leave() { p.depth-- }

func (p *mathParser) sum() *Node {
	defer p.leave()
	if !p.enter() {
		return numNode(0)
	}
	kids := []*Node{p.term()}
	for p.err == nil {
		k := p.peek().kind
		if k != tPlus && k != tMinus {
			break
		}
		p.advance()
		t := p.term()
		if k == tMinus {
			t = negNode(t)
		}
		kids = append(kids, t)
	}
	if len(kids) == 1 {
		return kids[0]
	}
	return &Node{Kind: Add, Kids: kids}
}

func (p *mathParser) term() *Node {
	f := p.unary()
	for p.err == nil {
		tk := p.peek()
		switch {
		case tk.kind == tMul:
			p.advance()
			f = product(f, p.unary())
		case tk.kind == tDiv:
			p.advance()
			f = divNode(f, p.unary())
		case p.startsFactor(tk):
			f = product(f, p.power())
		default:
			return f
		}
	}
	return f
}

// startsFactor reports whether tk can begin an implicit product factor.
func (p *mathParser) startsFactor(tk mathToken) bool {
	switch tk.kind {
	case tNum, tIdent, tFunc, tFrac, tSqrt, tLParen, tLBrack, tLBrace, tLAngle, tInf:
		return true
	case tNorm:
		return p.normDepth == 0
	case tBar:
		return p.barDepth == 0
	}
	return false
}

// product multiplies a by b, pairing a trailing x^T in a with b as the inner
// product ⟨x, b⟩.
func product(a, b *Node) *Node {
	if a.Kind == Trans && len(a.Kids) == 1 {
		return innerNode(a.Kids[0], b)
	}
	if a.Kind == Mul && !a.Split {
		last := a.Kids[len(a.Kids)-1]
		if last.Kind == Trans && len(last.Kids) == 1 {
			kids := append([]*Node(nil), a.Kids...)
			kids[len(kids)-1] = innerNode(last.Kids[0], b)
			return &Node{Kind: Mul, Kids: kids}
		}
	}
	return mulNode(a, b)
}

func (p *mathParser) unary() *Node {
	defer p.leave()
	if !p.enter() {
		return numNode(0)
	}
	switch p.peek().kind {
	case tMinus:
		p.advance()
		return negNode(p.unary())
	case tPlus:
		p.advance()
		return p.unary()
	}
	return p.power()
}

func (p *mathParser) power() *Node {
	b := p.primary()
	for p.err == nil {
		switch p.peek().kind {
		case tPow:
			p.advance()
			b = raise(b, p.exponent())
		case tSub:
			p.advance()
			p.arg() // a subscript on a norm or a group (‖q‖_2) is decoration
		default:
			return b
		}
	}
	return b
}

// raise returns b^e; e may be the transpose marker. A power on a word split
// into symbols binds to its last symbol.
func raise(b, e *Node) *Node {
	if b.Kind == Mul && b.Split {
		kids := append([]*Node(nil), b.Kids...)
		kids[len(kids)-1] = raise(kids[len(kids)-1], e)
		return &Node{Kind: Mul, Kids: kids}
	}
	if e.Kind == Trans && len(e.Kids) == 0 {
		return &Node{Kind: Trans, Kids: []*Node{b}}
	}
	return powNode(b, e)
}

// exponent reads what follows ^: a sign, a group, one token, or a transpose
// marker (T, \top, {T}, {\top}).
func (p *mathParser) exponent() *Node {
	defer p.leave()
	if !p.enter() {
		return numNode(0)
	}
	tk := p.peek()
	switch tk.kind {
	case tMinus:
		p.advance()
		return negNode(p.exponent())
	case tPlus:
		p.advance()
		return p.exponent()
	case tTop:
		p.advance()
		return &Node{Kind: Trans}
	case tIdent:
		if p.isTransposeName(tk) {
			p.advance()
			return &Node{Kind: Trans}
		}
	case tLBrace:
		if p.i+2 < len(p.toks) && p.toks[p.i+2].kind == tRBrace {
			in := p.toks[p.i+1]
			if in.kind == tTop || in.kind == tIdent && p.isTransposeName(in) {
				p.i += 3
				return &Node{Kind: Trans}
			}
		}
	}
	return p.primary()
}

func (p *mathParser) isTransposeName(tk mathToken) bool {
	return p.cfg.Calls && tk.text == "T" && tk.sub == "" && !p.cfg.Known["T"]
}

func (p *mathParser) primary() *Node {
	defer p.leave()
	if !p.enter() {
		return numNode(0)
	}
	tk := p.peek()
	switch tk.kind {
	case tNum:
		p.advance()
		v, err := strconv.ParseFloat(tk.text, 64)
		if err != nil {
			p.failf("bad number %q", tk.text)
		}
		return numNode(v)
	case tIdent:
		p.advance()
		return p.ident(tk)
	case tFunc:
		p.advance()
		return p.function(tk.text)
	case tFrac:
		p.advance()
		a := p.arg()
		return divNode(a, p.arg())
	case tSqrt:
		p.advance()
		return p.sqrt(tk.text)
	case tLParen:
		return p.enclosed(tRParen)
	case tLBrack:
		return p.enclosed(tRBrack)
	case tLBrace:
		return p.enclosed(tRBrace)
	case tNorm, tBar:
		return p.delimited(tk.kind)
	case tLAngle:
		p.advance()
		a := p.sum()
		p.expect(tComma)
		b := p.sum()
		p.expect(tRAngle)
		return innerNode(a, b)
	case tInf:
		p.failf("infinity is not a finite expression")
	case tEOF:
		p.failf("unexpected end of expression")
	default:
		p.failf("unexpected %s", tk)
	}
	return numNode(0)
}

// enclosed parses a bracketed group; bars and norms inside it start afresh.
func (p *mathParser) enclosed(closer tokKind) *Node {
	p.advance()
	nd, bd := p.normDepth, p.barDepth
	p.normDepth, p.barDepth = 0, 0
	x := p.sum()
	p.normDepth, p.barDepth = nd, bd
	p.expect(closer)
	return x
}

// delimited parses ‖x‖ or |x|.
func (p *mathParser) delimited(k tokKind) *Node {
	p.advance()
	depth := &p.normDepth
	if k == tBar {
		depth = &p.barDepth
	}
	*depth++
	x := p.sum()
	*depth--
	p.expect(k)
	if k == tBar {
		return &Node{Kind: Abs, Kids: []*Node{x}}
	}
	return &Node{Kind: Norm, Kids: []*Node{x}}
}

// arg reads a LaTeX macro argument: a {group}, or a single token (one digit
// of a number: \frac12 is 1/2).
func (p *mathParser) arg() *Node {
	tk := p.peek()
	switch {
	case tk.kind == tLBrace:
		return p.enclosed(tRBrace)
	case tk.kind == tNum && len(tk.text) > 1 && allDigits(tk.text):
		p.toks[p.i].text = tk.text[1:]
		p.toks[p.i].pos++
		return numNode(float64(tk.text[0] - '0'))
	}
	return p.primary()
}

func (p *mathParser) sqrt(sign string) *Node {
	unicode := sign != "sqrt"
	var deg *Node
	switch sign {
	case "∛":
		deg = numNode(3)
	case "∜":
		deg = numNode(4)
	}
	if !unicode && p.peek().kind == tLBrack {
		deg = p.enclosed(tRBrack)
	}
	var x *Node
	if unicode {
		x = p.primary()
	} else {
		x = p.arg()
	}
	if deg == nil {
		return powNode(x, numNode(0.5))
	}
	return powNode(x, divNode(numNode(1), deg))
}

// function parses a known function: its optional power and base
// (\log^2_2), then a parenthesised argument list, a {group}, or a bare
// operand (\log N, \sqrt D).
func (p *mathParser) function(name string) *Node {
	var fpow, base *Node
	for i := 0; i < 2 && p.err == nil; i++ {
		switch p.peek().kind {
		case tPow:
			p.advance()
			fpow = p.exponent()
		case tSub:
			p.advance()
			base = p.arg()
		}
	}
	var args []*Node
	switch p.peek().kind {
	case tLParen:
		args = p.args()
	case tLBrace:
		args = []*Node{p.enclosed(tRBrace)}
	case tNum:
		args = []*Node{p.constantRun()}
	default:
		args = []*Node{p.unary()}
	}
	var n *Node
	switch {
	case name == "max" || name == "min":
		n = &Node{Kind: Func, Name: name, Kids: args}
	case len(args) != 1:
		p.failf("%s takes one argument, got %d", name, len(args))
		return numNode(0)
	case name == "sqrt":
		n = powNode(args[0], numNode(0.5))
	case name == "abs":
		n = &Node{Kind: Abs, Kids: args}
	default:
		n = &Node{Kind: Func, Name: name, Kids: args, Base: base}
	}
	if fpow != nil {
		n = raise(n, fpow)
	}
	return n
}

// constantRun parses the bare operand of a function that starts with a
// number as the whole juxtaposed product that follows: \ln 2\pi e and
// \log 2\pi e\sigma^2 are the log of the product, by convention.
func (p *mathParser) constantRun() *Node {
	x := p.power()
	for p.err == nil {
		switch p.peek().kind {
		case tNum, tIdent:
			x = mulNode(x, p.power())
			continue
		}
		return x
	}
	return x
}

// args parses a parenthesised, comma-separated argument list.
func (p *mathParser) args() []*Node {
	p.advance()
	nd, bd := p.normDepth, p.barDepth
	p.normDepth, p.barDepth = 0, 0
	out := []*Node{p.sum()}
	for p.err == nil && p.peek().kind == tComma {
		p.advance()
		out = append(out, p.sum())
	}
	p.normDepth, p.barDepth = nd, bd
	p.expect(tRParen)
	return out
}
