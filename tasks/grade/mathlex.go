package grade

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// This file is the lexer shared by the bigo and expr graders. It reads LaTeX
// and plain math alike: `\frac{a}{b}`, `a/b`, `x^{2}`, `x**2`, `\cdot`, `·`,
// `\|q\|`, `||q||`, `\sqrt D`, `√D`, `N²`. Presentation commands (`\left`,
// `\big`, `\,`, `\displaystyle`, `$`) are dropped, font wrappers (`\text{}`,
// `\mathrm{}`, `\mathcal{}`, `\mathbf{}`, `\operatorname{}`) yield the name
// they wrap, and a subscript is glued to its identifier in canonical form:
// `D_r`, `D_{r}` and `D_{\text{r}}` all lex as the identifier D with
// subscript "r".

type tokKind uint8

const (
	tEOF    tokKind = iota
	tNum            // text: the digits
	tIdent          // text: base name; sub: subscript; plain: from a run of letters
	tFunc           // text: function name (exp, log, sqrt, ...)
	tFrac           // \frac, \dfrac, \tfrac, \cfrac
	tSqrt           // \sqrt (text "sqrt") or √ (text "√")
	tInf            // \infty, ∞
	tTop            // a transpose marker: \top, \intercal, ᵀ
	tPlus           // +
	tMinus          // -
	tMul            // * \cdot \times ·
	tDiv            // / \div
	tPow            // ^ **
	tSub            // _ not glued to an identifier
	tComma          // ,
	tEq             // = := \approx \equiv
	tLParen         // ( \{
	tRParen         // ) \}
	tLBrack         // [
	tRBrack         // ]
	tLBrace         // {
	tRBrace         // }
	tBar            // | \vert
	tNorm           // \| || ‖ \lVert \rVert
	tLAngle         // \langle < ⟨
	tRAngle         // \rangle > ⟩
)

var tokNames = [...]string{
	tEOF: "end of input", tNum: "number", tIdent: "name", tFunc: "function", tFrac: `\frac`,
	tSqrt: `\sqrt`, tInf: "infinity", tTop: "transpose", tPlus: "+", tMinus: "-", tMul: "*",
	tDiv: "/", tPow: "^", tSub: "_", tComma: ",", tEq: "=", tLParen: "(", tRParen: ")",
	tLBrack: "[", tRBrack: "]", tLBrace: "{", tRBrace: "}", tBar: "|", tNorm: "‖",
	tLAngle: "⟨", tRAngle: "⟩",
}

// mathToken is one lexeme.
type mathToken struct {
	kind  tokKind
	text  string
	sub   string
	plain bool
	pos   int // byte offset of the token in the lexed text
	end   int // byte offset just past it (set for emitted operators)
}

func (t mathToken) String() string {
	switch t.kind {
	case tNum, tFunc:
		return fmt.Sprintf("%q", t.text)
	case tIdent:
		return fmt.Sprintf("%q", t.name())
	}
	return fmt.Sprintf("%q", tokNames[t.kind])
}

// name is an identifier's full name: base, then "_" and the subscript.
func (t mathToken) name() string {
	if t.sub == "" {
		return t.text
	}
	return t.text + "_" + t.sub
}

// maxMathLen bounds the text the parser accepts; answers are short.
const maxMathLen = 4000

type mathLexer struct {
	s    string
	i    int
	toks []mathToken
	err  error
}

// lexMath splits s into tokens, ending with a tEOF token.
func lexMath(s string) ([]mathToken, error) {
	if len(s) > maxMathLen {
		return nil, fmt.Errorf("expression longer than %d bytes", maxMathLen)
	}
	lx := &mathLexer{s: s}
	for lx.i < len(lx.s) && lx.err == nil {
		lx.next()
	}
	if lx.err != nil {
		return nil, lx.err
	}
	lx.emit(tEOF, "", len(s))
	return lx.toks, nil
}

func (lx *mathLexer) emit(k tokKind, text string, pos int) {
	lx.toks = append(lx.toks, mathToken{kind: k, text: text, pos: pos, end: lx.i})
}

func (lx *mathLexer) failf(format string, args ...any) {
	if lx.err == nil {
		lx.err = fmt.Errorf(format, args...)
	}
}

func (lx *mathLexer) peekByte(off int) byte {
	if lx.i+off < len(lx.s) {
		return lx.s[lx.i+off]
	}
	return 0
}

func (lx *mathLexer) next() {
	c := lx.s[lx.i]
	switch {
	case strings.IndexByte(" \t\r\n$`&~", c) >= 0:
		lx.i++
	case mathDigit(c) || (c == '.' && mathDigit(lx.peekByte(1))):
		lx.number()
	case mathLetter(c):
		lx.word()
	case c == '\\':
		lx.command()
	case c >= utf8.RuneSelf:
		lx.unicode()
	default:
		lx.punct(c)
	}
}

func (lx *mathLexer) number() {
	start := lx.i
	for lx.i < len(lx.s) && mathDigit(lx.s[lx.i]) {
		lx.i++
	}
	if lx.peekByte(0) == '.' && mathDigit(lx.peekByte(1)) {
		lx.i++
		for lx.i < len(lx.s) && mathDigit(lx.s[lx.i]) {
			lx.i++
		}
	}
	lx.emit(tNum, lx.s[start:lx.i], start)
}

// word lexes a run of ASCII letters: a function name or an identifier.
func (lx *mathLexer) word() {
	start := lx.i
	for lx.i < len(lx.s) && mathLetter(lx.s[lx.i]) {
		lx.i++
	}
	w := lx.s[start:lx.i]
	if plainFuncs[w] {
		lx.emit(tFunc, w, start)
		return
	}
	lx.toks = append(lx.toks, mathToken{kind: tIdent, text: w, plain: true, pos: start})
	lx.attach()
}

// attach glues primes and a subscript to the identifier just emitted.
func (lx *mathLexer) attach() {
	t := &lx.toks[len(lx.toks)-1]
	for lx.i < len(lx.s) {
		switch {
		case lx.s[lx.i] == '\'':
			t.text += "'"
			lx.i++
		case lx.s[lx.i] == '_':
			lx.i++
			sub := lx.subscript()
			if t.sub != "" && sub != "" {
				sub = t.sub + "_" + sub
			}
			t.sub = sub
		case strings.HasPrefix(lx.s[lx.i:], `\_`):
			lx.i += 2
			t.sub = lx.subscript()
		default:
			return
		}
	}
}

// subscript reads what follows "_": a braced group, a command with its
// argument, or a run of letters and digits (plain `D_random`).
func (lx *mathLexer) subscript() string {
	for lx.i < len(lx.s) && lx.s[lx.i] == ' ' {
		lx.i++
	}
	switch c := lx.peekByte(0); {
	case c == '{':
		return canonSub(lx.braced())
	case c == '\\':
		start := lx.i
		lx.i++
		name := lx.letters()
		if wrapperCmds[name] || accentCmds[name] {
			lx.skipSpaces()
			if lx.peekByte(0) == '{' {
				lx.braced()
			} else if lx.i < len(lx.s) {
				lx.i++
			}
		}
		return canonSub(lx.s[start:lx.i])
	case mathDigit(c) || mathLetter(c):
		start := lx.i
		for lx.i < len(lx.s) && (mathDigit(lx.s[lx.i]) || mathLetter(lx.s[lx.i])) {
			lx.i++
		}
		return lx.s[start:lx.i]
	}
	lx.failf("empty subscript at byte %d", lx.i)
	return ""
}

// braced reads a balanced {...} group at lx.i and returns its content.
func (lx *mathLexer) braced() string {
	depth, start := 0, lx.i
	for ; lx.i < len(lx.s); lx.i++ {
		switch lx.s[lx.i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				lx.i++
				return lx.s[start+1 : lx.i-1]
			}
		}
	}
	lx.failf("unbalanced { at byte %d", start)
	return ""
}

func (lx *mathLexer) letters() string {
	start := lx.i
	for lx.i < len(lx.s) && mathLetter(lx.s[lx.i]) {
		lx.i++
	}
	return lx.s[start:lx.i]
}

func (lx *mathLexer) skipSpaces() {
	for lx.i < len(lx.s) && (lx.s[lx.i] == ' ' || lx.s[lx.i] == '\n' || lx.s[lx.i] == '\t') {
		lx.i++
	}
}

func (lx *mathLexer) punct(c byte) {
	start := lx.i
	lx.i++
	two := func(next byte, k2, k1 tokKind) {
		if lx.peekByte(0) == next {
			lx.i++
			lx.emit(k2, "", start)
			return
		}
		lx.emit(k1, "", start)
	}
	switch c {
	case '*':
		two('*', tPow, tMul)
	case '|':
		two('|', tNorm, tBar)
	case ':':
		if lx.peekByte(0) != '=' {
			lx.failf("unexpected ':' at byte %d", start)
			return
		}
		lx.i++
		lx.emit(tEq, "", start)
	case '\'':
		if n := len(lx.toks); n > 0 && lx.toks[n-1].kind == tIdent {
			lx.toks[n-1].text += "'"
			return
		}
		lx.failf("unexpected ' at byte %d", start)
	default:
		k, ok := punctKinds[c]
		if !ok {
			lx.failf("unexpected %q at byte %d", c, start)
			return
		}
		lx.emit(k, "", start)
	}
}

var punctKinds = map[byte]tokKind{
	'+': tPlus, '-': tMinus, '/': tDiv, '^': tPow, '_': tSub, ',': tComma, '=': tEq,
	'(': tLParen, ')': tRParen, '[': tLBrack, ']': tRBrack, '{': tLBrace, '}': tRBrace,
	'<': tLAngle, '>': tRAngle,
}

func (lx *mathLexer) unicode() {
	start := lx.i
	r, size := utf8.DecodeRuneInString(lx.s[lx.i:])
	lx.i += size
	if k, ok := unicodeKinds[r]; ok {
		lx.emit(k, string(r), start)
		return
	}
	if name, ok := unicodeGreek[r]; ok {
		lx.toks = append(lx.toks, mathToken{kind: tIdent, text: name, pos: start})
		lx.attach()
		return
	}
	switch {
	case r == '\u00a0' || r == '\u2009' || r == '\u202f' || r == '\u200b':
	case r == 'ᵀ':
		lx.emit(tPow, "", start)
		lx.emit(tTop, "", start)
	case superDigits[r] != 0 || r == '⁻':
		lx.superscript(start, r)
	default:
		lx.failf("unexpected %q at byte %d", r, start)
	}
}

var superDigits = map[rune]byte{
	'⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
}

// superscript lexes a run of superscript digits (N², 2⁻¹) as ^ and a number.
func (lx *mathLexer) superscript(start int, r rune) {
	lx.emit(tPow, "", start)
	if r == '⁻' {
		lx.emit(tMinus, "", start)
		next, size := utf8.DecodeRuneInString(lx.s[lx.i:])
		if _, ok := superDigits[next]; !ok {
			lx.failf("dangling superscript minus at byte %d", start)
			return
		}
		r = next
		lx.i += size
	}
	var b strings.Builder
	for {
		b.WriteByte(superDigits[r])
		next, size := utf8.DecodeRuneInString(lx.s[lx.i:])
		if _, ok := superDigits[next]; !ok || lx.i >= len(lx.s) {
			break
		}
		r = next
		lx.i += size
	}
	lx.emit(tNum, b.String(), start)
}

var unicodeKinds = map[rune]tokKind{
	'·': tMul, '⋅': tMul, '∙': tMul, '×': tMul, '∗': tMul, '−': tMinus, '–': tMinus,
	'÷': tDiv, '√': tSqrt, '‖': tNorm, '∣': tBar, '⟨': tLAngle, '〈': tLAngle,
	'⟩': tRAngle, '〉': tRAngle, '∞': tInf, '≈': tEq, '≡': tEq, '≔': tEq,
}

var unicodeGreek = map[rune]string{
	'α': "alpha", 'β': "beta", 'γ': "gamma", 'δ': "delta", 'ε': "epsilon", 'ϵ': "epsilon",
	'θ': "theta", 'λ': "lambda", 'μ': "mu", 'π': "pi", 'ρ': "rho", 'σ': "sigma",
	'τ': "tau", 'φ': "phi", 'ϕ': "phi", 'ψ': "psi", 'ω': "omega", 'Σ': "Sigma",
	'Θ': "Theta", 'Φ': "Phi", 'Ω': "Omega", 'Δ': "Delta", 'Λ': "Lambda",
}

func mathDigit(c byte) bool  { return c >= '0' && c <= '9' }
func mathLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
