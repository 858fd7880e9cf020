package mathexpr

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
	tEq             // = := \approx \equiv ∝ \propto
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

// MaxLen bounds the text the parser accepts; answers are short.
const MaxLen = 4000

type mathLexer struct {
	s    string
	i    int
	toks []mathToken
	err  error
}

// lexMath splits s into tokens, ending with a tEOF token.
func lexMath(s string) ([]mathToken, error) {
	if len(s) > MaxLen {
		return nil, fmt.Errorf("expression longer than %d bytes", MaxLen)
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
	if PlainFuncs[w] {
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
	case mathDigit(c):
		// \beta_2a^2 is β₂·a²: a numeric subscript is its digits only.
		start := lx.i
		for lx.i < len(lx.s) && mathDigit(lx.s[lx.i]) {
			lx.i++
		}
		return lx.s[start:lx.i]
	case mathLetter(c):
		start := lx.i
		for lx.i < len(lx.s) && (mathDigit(lx.s[lx.i]) || mathLetter(lx.s[lx.i])) {
			lx.i++
		}
		return lx.s[start:lx.i]
	}
	if r, size := utf8.DecodeRuneInString(lx.s[lx.i:]); unicodeGreek[r] != "" {
		lx.i += size
		return unicodeGreek[r]
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
	if _, ok := subChars[r]; ok {
		lx.unicodeSubscript(start, r)
		return
	}
	if _, ok := superChars[r]; ok {
		lx.unicodeSuperscript(start, r)
		return
	}
	if f, ok := vulgarFractions[r]; ok {
		// ½ reads as (1/2), so "½ ln x" and "x·½" both work.
		lx.emit(tLParen, "", start)
		lx.emit(tNum, f[0], start)
		lx.emit(tDiv, "", start)
		lx.emit(tNum, f[1], start)
		lx.emit(tRParen, "", start)
		return
	}
	if acc, ok := combiningAccents[r]; ok {
		// x̄, α̂: an accent combined with the letter before it.
		if n := len(lx.toks); n > 0 && lx.toks[n-1].kind == tIdent && lx.toks[n-1].sub == "" {
			lx.toks[n-1].text = acc + "{" + lx.toks[n-1].text + "}"
			lx.attach()
			return
		}
		lx.failf("accent %q without a letter at byte %d", r, start)
		return
	}
	switch {
	case r == '\u00a0' || r == '\u2009' || r == '\u202f' || r == '\u200b' || r == '\u2061' || r == '\u2062':
	case r == 'ᵀ' || r == '⊤':
		lx.emit(tPow, "", start)
		lx.emit(tTop, "", start)
	case r == '∛' || r == '∜':
		lx.emit(tSqrt, string(r), start)
	case r == 'ᾱ':
		lx.toks = append(lx.toks, mathToken{kind: tIdent, text: "bar{alpha}", pos: start})
		lx.attach()
	case r == '′':
		if n := len(lx.toks); n > 0 && lx.toks[n-1].kind == tIdent {
			lx.toks[n-1].text += "'"
			return
		}
		lx.failf("unexpected %q at byte %d", r, start)
	default:
		lx.failf("unexpected %q at byte %d", r, start)
	}
}

// unicodeSubscript glues a run of subscript characters (β₁, x₁₂, s_tᵢ) to
// the identifier before it.
func (lx *mathLexer) unicodeSubscript(start int, r rune) {
	var b strings.Builder
	b.WriteString(subChars[r])
	for lx.i < len(lx.s) {
		next, size := utf8.DecodeRuneInString(lx.s[lx.i:])
		c, ok := subChars[next]
		if !ok {
			break
		}
		b.WriteString(c)
		lx.i += size
	}
	n := len(lx.toks)
	if n == 0 || lx.toks[n-1].kind != tIdent {
		lx.failf("subscript %q without a name at byte %d", r, start)
		return
	}
	t := &lx.toks[n-1]
	if t.sub != "" {
		t.sub += "_" + b.String()
	} else {
		t.sub = b.String()
	}
	lx.attach()
}

// unicodeSuperscript lexes a run of superscript characters (N², 2⁻¹, eⁿ,
// x⁽ⁱ⁾) as ^ and the group they spell.
func (lx *mathLexer) unicodeSuperscript(start int, r rune) {
	var b strings.Builder
	b.WriteString(superChars[r])
	for lx.i < len(lx.s) {
		next, size := utf8.DecodeRuneInString(lx.s[lx.i:])
		c, ok := superChars[next]
		if !ok {
			break
		}
		b.WriteString(c)
		lx.i += size
	}
	toks, err := lexMath(b.String())
	if err != nil {
		lx.failf("superscript at byte %d: %v", start, err)
		return
	}
	lx.emit(tPow, "", start)
	lx.emit(tLBrace, "", start)
	for _, t := range toks[:len(toks)-1] {
		t.pos, t.end = start, lx.i
		lx.toks = append(lx.toks, t)
	}
	lx.emit(tRBrace, "", start)
}

// subChars and superChars spell the unicode sub- and superscripts.
var (
	subChars = map[rune]string{
		'₀': "0", '₁': "1", '₂': "2", '₃': "3", '₄': "4", '₅': "5", '₆': "6", '₇': "7", '₈': "8", '₉': "9",
		'ₐ': "a", 'ₑ': "e", 'ₒ': "o", 'ₓ': "x", 'ₕ': "h", 'ₖ': "k", 'ₗ': "l", 'ₘ': "m", 'ₙ': "n",
		'ₚ': "p", 'ₛ': "s", 'ₜ': "t", 'ᵢ': "i", 'ⱼ': "j", 'ᵣ': "r", 'ᵤ': "u", 'ᵥ': "v",
		'ᵦ': "beta", 'ᵧ': "gamma", 'ᵨ': "rho", 'ᵩ': "phi", 'ᵪ': "chi",
	}
	superChars = map[rune]string{
		'⁰': "0", '¹': "1", '²': "2", '³': "3", '⁴': "4", '⁵': "5", '⁶': "6", '⁷': "7", '⁸': "8", '⁹': "9",
		'⁻': "-", '⁺': "+", '⁽': "(", '⁾': ")",
		'ⁿ': "n", 'ⁱ': "i", 'ᵗ': "t", 'ᵏ': "k", 'ˣ': "x", 'ʸ': "y", 'ᵃ': "a", 'ᵇ': "b", 'ᶜ': "c",
		'ᵈ': "d", 'ᵉ': "e", 'ᵐ': "m", 'ᵖ': "p", 'ʳ': "r", 'ˢ': "s", 'ᵘ': "u", 'ᵛ': "v", 'ʷ': "w", 'ᶻ': "z",
		'ᴺ': "N", 'ᴰ': "D", 'ᴸ': "L", 'ᴹ': "M", 'ᵝ': "beta", 'ᵞ': "gamma",
	}
	vulgarFractions = map[rune][2]string{
		'½': {"1", "2"}, '⅓': {"1", "3"}, '⅔': {"2", "3"}, '¼': {"1", "4"}, '¾': {"3", "4"},
		'⅕': {"1", "5"}, '⅖': {"2", "5"}, '⅗': {"3", "5"}, '⅘': {"4", "5"}, '⅙': {"1", "6"},
		'⅚': {"5", "6"}, '⅛': {"1", "8"}, '⅜': {"3", "8"}, '⅝': {"5", "8"}, '⅞': {"7", "8"},
	}
	combiningAccents = map[rune]string{'\u0304': "bar", '\u0305': "bar", '\u0302': "hat", '\u0303': "tilde", '\u0307': "dot"}
)

var unicodeKinds = map[rune]tokKind{
	'·': tMul, '⋅': tMul, '∙': tMul, '×': tMul, '∗': tMul, '−': tMinus, '–': tMinus,
	'÷': tDiv, '∕': tDiv, '√': tSqrt, '‖': tNorm, '∣': tBar, '⟨': tLAngle, '〈': tLAngle,
	'⟩': tRAngle, '〉': tRAngle, '∞': tInf, '≈': tEq, '∝': tEq, '≡': tEq, '≔': tEq,
}

var unicodeGreek = map[rune]string{
	'α': "alpha", 'β': "beta", 'γ': "gamma", 'δ': "delta", 'ε': "epsilon", 'ϵ': "epsilon",
	'θ': "theta", 'λ': "lambda", 'μ': "mu", 'π': "pi", 'ρ': "rho", 'σ': "sigma",
	'τ': "tau", 'φ': "phi", 'ϕ': "phi", 'ψ': "psi", 'ω': "omega", 'Σ': "Sigma",
	'Θ': "Theta", 'Φ': "Phi", 'Ω': "Omega", 'Δ': "Delta", 'Λ': "Lambda",
	'η': "eta", 'ζ': "zeta", 'ξ': "xi", 'χ': "chi", 'κ': "kappa", 'ν': "nu", 'ι': "iota", 'υ': "upsilon",
	'ϑ': "theta", 'ϱ': "rho", 'ς': "sigma", 'Γ': "Gamma", 'Π': "Pi", 'Ψ': "Psi", 'Ξ': "Xi", 'ℓ': "ell",
}

func mathDigit(c byte) bool  { return c >= '0' && c <= '9' }
func mathLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
