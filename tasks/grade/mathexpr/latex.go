package mathexpr

import (
	"strings"
	"unicode/utf8"
)

// This file holds the LaTeX half of the lexer: commands, control symbols,
// font wrappers and the canonical form of subscripts.

// command lexes a backslash command or control symbol at lx.i.
func (lx *mathLexer) command() {
	start := lx.i
	lx.i++
	if lx.i >= len(lx.s) {
		lx.failf("dangling backslash at byte %d", start)
		return
	}
	if !mathLetter(lx.s[lx.i]) {
		lx.controlSymbol(start)
		return
	}
	name := lx.letters()
	switch {
	case ignoredCmds[name]:
	case sizerCmds[name]:
		lx.skipSpaces()
		switch {
		case lx.peekByte(0) == '.':
			lx.i++ // \left. and \right. are invisible delimiters
		case name == "right" && lx.peekByte(0) == '|' && lx.evaluationBar():
			// \right|_{x=0}: an evaluation bar, not an absolute value.
		}
	case skipArgCmds[name]:
		lx.skipSpaces()
		if lx.peekByte(0) == '{' {
			lx.braced()
		}
	case wrapperCmds[name]:
		lx.wrapper(start, name, false)
	case accentCmds[name]:
		lx.wrapper(start, name, true)
	case GreekNames[name] != "":
		lx.toks = append(lx.toks, mathToken{kind: tIdent, text: GreekNames[name], pos: start})
		lx.attach()
	default:
		c, ok := latexCmds[name]
		if !ok {
			lx.failf(`unsupported command \%s at byte %d`, name, start)
			return
		}
		lx.emit(c.kind, c.text, start)
		if c.kind == tIdent {
			lx.attach()
		}
	}
}

// evaluationBar skips an evaluation bar at lx.i ("|_{x=0}", "|_{0}^{1}")
// and reports whether there was one; a bar without a subscript is left.
func (lx *mathLexer) evaluationBar() bool {
	j := lx.i + 1
	for j < len(lx.s) && lx.s[j] == ' ' {
		j++
	}
	if j >= len(lx.s) || lx.s[j] != '_' {
		return false
	}
	lx.i = j + 1
	lx.skipSpaces()
	if lx.peekByte(0) == '{' {
		lx.braced()
	} else if lx.i < len(lx.s) {
		lx.i++
	}
	lx.skipSpaces()
	if lx.peekByte(0) == '^' {
		lx.i++
		lx.skipSpaces()
		if lx.peekByte(0) == '{' {
			lx.braced()
		} else if lx.i < len(lx.s) {
			lx.i++
		}
	}
	return true
}

// controlSymbol lexes a backslash followed by one non-letter: \, \| \{ ...
func (lx *mathLexer) controlSymbol(start int) {
	c := lx.s[lx.i]
	lx.i++
	switch c {
	case ',', ';', ':', '!', ' ', '>', '(', ')', '[', ']', '\\', '\n', '\t', '\r', '$':
		// spacing, line breaks and math delimiters carry no meaning here
	case '|':
		lx.emit(tNorm, "", start)
	case '{':
		lx.emit(tLParen, "", start)
	case '}':
		lx.emit(tRParen, "", start)
	case '_':
		lx.emit(tSub, "", start)
	default:
		lx.failf(`unexpected \%c at byte %d`, c, start)
	}
}

// wrapper lexes a font wrapper (\mathrm{d}) or an accent (\hat{y}) and the
// name it wraps, as an identifier, a function name or a number.
func (lx *mathLexer) wrapper(start int, cmd string, accent bool) {
	lx.skipSpaces()
	var content string
	switch c := lx.peekByte(0); {
	case c == '{':
		content = lx.braced()
	case c == '\\':
		s := lx.i
		lx.i++
		if lx.letters() == "" && lx.i < len(lx.s) {
			lx.i++
		}
		content = lx.s[s:lx.i]
	case lx.i < len(lx.s):
		_, size := utf8.DecodeRuneInString(lx.s[lx.i:])
		content = lx.s[lx.i : lx.i+size]
		lx.i += size
	}
	if lx.err != nil {
		return
	}
	name, ok := wrappedName(content)
	switch {
	case !ok:
		lx.failf(`cannot read \%s{%s} at byte %d`, cmd, content, start)
	case name == "":
	case accent:
		lx.toks = append(lx.toks, mathToken{kind: tIdent, text: cmd + "{" + name + "}", pos: start})
		lx.attach()
	case PlainFuncs[name] || latexFuncs[name]:
		lx.emit(tFunc, name, start)
	case allDigits(name):
		lx.emit(tNum, name, start)
	default:
		base, sub, _ := strings.Cut(name, "_")
		lx.toks = append(lx.toks, mathToken{kind: tIdent, text: base, sub: sub, pos: start})
		lx.attach()
	}
}

// wrappedName is the canonical name inside a wrapper: `\text{Gauss}` gives
// "Gauss", `\mathbf{\sigma}` "sigma". Prose (inner spaces, punctuation) is
// not a name.
func wrappedName(content string) (string, bool) {
	if strings.ContainsAny(strings.TrimSpace(content), " \t\n") {
		return "", false
	}
	name := canonSub(content)
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !mathLetter(c) && !mathDigit(c) && c != '_' && c != '\'' {
			return "", false
		}
	}
	if strings.HasPrefix(name, "_") {
		return "", false
	}
	return name, true
}

// canonSub is the canonical form of a subscript: wrappers, braces, spacing
// and backslashes dropped, greek letters spelled out: `{\text{random}}`
// gives "random", `{\sigma}` gives "sigma".
func canonSub(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			j := i + 1
			for j < len(raw) && mathLetter(raw[j]) {
				j++
			}
			name := raw[i+1 : j]
			switch {
			case j == i+1 && j < len(raw) && raw[j] == '_':
				b.WriteByte('_') // \_ is an escaped underscore
				j++
			case j == i+1:
				j++ // a control symbol such as \, is spacing
			case GreekNames[name] != "":
				b.WriteString(GreekNames[name])
			case !wrapperCmds[name] && !ignoredCmds[name] && !sizerCmds[name]:
				b.WriteString(name)
			}
			i = j
		case c == '{' || c == '}' || c == '$' || c == ' ' || c == '\t' || c == '\n' || c == '~':
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !mathDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// PlainFuncs are function names recognised when written without a
// backslash; latexFuncs are the same as commands (\exp, \log, ...).
var PlainFuncs = map[string]bool{
	"exp": true, "log": true, "ln": true, "lg": true, "sqrt": true, "sin": true, "cos": true,
	"tan": true, "sinh": true, "cosh": true, "tanh": true, "max": true, "min": true, "abs": true,
}

var latexFuncs = map[string]bool{
	"exp": true, "log": true, "ln": true, "lg": true, "sin": true, "cos": true, "tan": true,
	"sinh": true, "cosh": true, "tanh": true, "max": true, "min": true, "arcsin": true,
	"arccos": true, "arctan": true,
}

type cmdToken struct {
	kind tokKind
	text string
}

var latexCmds = func() map[string]cmdToken {
	m := map[string]cmdToken{
		"cdot": {tMul, ""}, "times": {tMul, ""}, "ast": {tMul, ""}, "cdotp": {tMul, ""},
		"bullet": {tMul, ""}, "div": {tDiv, ""}, "frac": {tFrac, ""}, "dfrac": {tFrac, ""},
		"tfrac": {tFrac, ""}, "cfrac": {tFrac, ""}, "sqrt": {tSqrt, "sqrt"}, "infty": {tInf, ""},
		"top": {tTop, ""}, "intercal": {tTop, ""}, "lVert": {tNorm, ""}, "rVert": {tNorm, ""},
		"Vert": {tNorm, ""}, "lvert": {tBar, ""}, "rvert": {tBar, ""}, "vert": {tBar, ""},
		"langle": {tLAngle, ""}, "rangle": {tRAngle, ""}, "lbrace": {tLParen, ""},
		"rbrace": {tRParen, ""}, "lbrack": {tLBrack, ""}, "rbrack": {tRBrack, ""},
		"lparen": {tLParen, ""}, "rparen": {tRParen, ""}, "approx": {tEq, ""}, "propto": {tEq, ""},
		"equiv": {tEq, ""}, "coloneqq": {tEq, ""}, "triangleq": {tEq, ""}, "doteq": {tEq, ""},
		"pi": {tIdent, "pi"}, "varpi": {tIdent, "pi"}, "ell": {tIdent, "ell"},
	}
	for f := range latexFuncs {
		m[f] = cmdToken{tFunc, f}
	}
	return m
}()

var ignoredCmds = nameSetOf("quad", "qquad", "enspace", "thinspace", "medspace", "thickspace",
	"negthinspace", "negmedspace", "negthickspace", "displaystyle", "textstyle", "scriptstyle",
	"scriptscriptstyle", "limits", "nolimits", "nonumber", "notag", "mathopen", "mathclose",
	"mathord", "mathbin", "mathrel", "mathpunct", "mathinner", "strut", "boldmath",
	"rm", "it", "bf", "sf", "tt", "cal") // old-style font switches: {\rm sim}

var sizerCmds = nameSetOf("left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr",
	"Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm")

var skipArgCmds = nameSetOf("label", "tag", "hspace", "vspace", "phantom", "hphantom", "vphantom")

var wrapperCmds = nameSetOf("text", "textrm", "textit", "textbf", "textsf", "texttt", "textnormal",
	"mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal", "mathbb", "mathscr",
	"mathfrak", "mathnormal", "boldsymbol", "bm", "operatorname", "mbox", "vec", "pmb")

var accentCmds = nameSetOf("hat", "bar", "tilde", "widehat", "widetilde", "overline", "dot",
	"ddot", "check", "breve", "acute", "grave")

// GreekNames maps a greek-letter command to the name it lexes as; variant
// forms (\varphi) share the plain letter's name.
var GreekNames = func() map[string]string {
	m := map[string]string{"varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi",
		"varrho": "rho", "varsigma": "sigma", "varkappa": "kappa"}
	for _, g := range strings.Fields("alpha beta gamma delta epsilon zeta eta theta iota kappa " +
		"lambda mu nu xi omicron rho sigma tau upsilon phi chi psi omega Gamma Delta Theta " +
		"Lambda Xi Pi Sigma Upsilon Phi Psi Omega") {
		m[g] = g
	}
	return m
}()

func nameSetOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
