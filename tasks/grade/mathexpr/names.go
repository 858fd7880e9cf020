package mathexpr

import (
	"math"
	"strings"
)

// This file holds how the parser reads names. A word of letters such as "ND" is read, in order, as: a known
// symbol ("ND" itself); pi or e; a product of known symbols when the word
// splits into them ("ND" → N·D, "NDD_r" → N·D·D_r, the split with the fewest
// parts wins, and a power binds to the last part: "ND^2" is N·D²); a word
// around "log" or "sqrt" ("NlogN" → N·log N); else one symbol named by the
// whole word (bigo) or the product of its letters ("ab" → a·b, expr).
// Names from wrappers (\text{sim}) and greek letters are never split.
// With calls on (expr), a name followed by "(" is an opaque call
// unless it is a known symbol, a single plain letter, or splits into known
// symbols; a comma inside the parentheses always makes it a call.

// commaAhead reports whether the group opening at p.i holds a comma at its
// own level.
func (p *mathParser) commaAhead() bool {
	depth := 0
	for _, tk := range p.toks[p.i:] {
		switch tk.kind {
		case tLParen, tLBrack, tLBrace, tLAngle:
			depth++
		case tRParen, tRBrack, tRBrace, tRAngle:
			depth--
			if depth <= 0 {
				return false
			}
		case tComma:
			if depth == 1 {
				return true
			}
		}
	}
	return false
}

// ident reads an identifier token already consumed (see the file comment).
func (p *mathParser) ident(tk mathToken) *Node {
	name := tk.name()
	if p.cfg.Calls && p.peek().kind == tLParen && p.isCall(tk, name) {
		return &Node{Kind: Call, Name: name, Kids: p.args()}
	}
	if p.cfg.Known[name] {
		return symNode(name)
	}
	if tk.sub == "" && tk.text == "pi" {
		return numNode(math.Pi)
	}
	if tk.sub == "" && tk.text == "e" {
		return numNode(math.E)
	}
	if p.splittable(tk) {
		if parts := splitKnown(name, p.cfg.Known); len(parts) > 1 {
			kids := make([]*Node, len(parts))
			for i, s := range parts {
				kids[i] = symNode(s)
			}
			return &Node{Kind: Mul, Kids: kids, Split: true}
		}
		if p.spliceFunc(tk) {
			return p.primary()
		}
		if p.cfg.Letters {
			return letterProduct(tk)
		}
	}
	return symNode(name)
}

// letterProduct reads a word as the product of its letters; primes and the
// subscript stay with their letter ("ab'_i" is a·b'_i).
func letterProduct(tk mathToken) *Node {
	var kids []*Node
	for _, c := range []byte(tk.text) {
		if c == '\'' && len(kids) > 0 {
			kids[len(kids)-1].Name += "'"
			continue
		}
		kids = append(kids, symNode(string(c)))
	}
	if tk.sub != "" {
		kids[len(kids)-1].Name += "_" + tk.sub
	}
	if len(kids) == 1 {
		return kids[0]
	}
	return &Node{Kind: Mul, Kids: kids, Split: true}
}

func (p *mathParser) splittable(tk mathToken) bool {
	return tk.plain && GreekNames[tk.text] == "" && len(tk.name()) > 1 && len(tk.name()) <= maxSplitLen
}

func (p *mathParser) isCall(tk mathToken, name string) bool {
	switch {
	case p.commaAhead():
		return true
	case p.cfg.Known[name]:
		return false
	case tk.sub == "" && (tk.text == "e" || tk.text == "pi"):
		return false
	case tk.plain && len(name) == 1:
		return false
	case p.splittable(tk) && len(splitKnown(name, p.cfg.Known)) > 1:
		return false
	}
	return true
}

// spliceFunc replaces the word just consumed, when it holds "log" or
// "sqrt" between readable names ("NlogN"), by the tokens it stands for and
// rewinds to the first of them.
func (p *mathParser) spliceFunc(tk mathToken) bool {
	for _, f := range []string{"log", "sqrt"} {
		i := strings.Index(tk.text, f)
		if i < 0 {
			continue
		}
		pre, post := tk.text[:i], tk.text[i+len(f):]
		postTok := mathToken{kind: tIdent, text: post, sub: tk.sub, plain: true, pos: tk.pos}
		if !p.readable(pre) || (post == "" && tk.sub != "") || (post != "" && !p.readable(postTok.name())) {
			continue
		}
		var repl []mathToken
		if pre != "" {
			repl = append(repl, mathToken{kind: tIdent, text: pre, plain: true, pos: tk.pos})
		}
		repl = append(repl, mathToken{kind: tFunc, text: f, pos: tk.pos})
		if post != "" {
			repl = append(repl, postTok)
		}
		rest := p.toks[p.i:]
		p.toks = append(append(p.toks[:p.i-1:p.i-1], repl...), rest...)
		p.i--
		return true
	}
	return false
}

// readable reports whether a piece of a word reads as names on its own.
func (p *mathParser) readable(w string) bool {
	return w == "" || len(w) == 1 || p.cfg.Known[w] || splitKnown(w, p.cfg.Known) != nil
}

// splitKnown splits s into the fewest known names, none starting or ending
// with "_"; it returns nil when s cannot be split.
func splitKnown(s string, known map[string]bool) []string {
	if len(known) == 0 || s == "" || len(s) > maxSplitLen {
		return nil
	}
	n := len(s)
	best := make([]int, n+1) // fewest parts covering s[:j]; -1: none
	prev := make([]int, n+1)
	for j := 1; j <= n; j++ {
		best[j] = -1
		for i := 0; i < j; i++ {
			if best[i] < 0 || s[i] == '_' || s[j-1] == '_' || !known[s[i:j]] {
				continue
			}
			if best[j] < 0 || best[i]+1 < best[j] {
				best[j], prev[j] = best[i]+1, i
			}
		}
	}
	if best[n] < 0 {
		return nil
	}
	parts := make([]string, best[n])
	for j, k := n, best[n]-1; j > 0; j, k = prev[j], k-1 {
		parts[k] = s[prev[j]:j]
	}
	return parts
}
