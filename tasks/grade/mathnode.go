package grade

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// nodeKind is the kind of a parsed math expression node.
type nodeKind uint8

const (
	nNum   nodeKind = iota // val
	nSym                   // name: a canonical symbol name such as "D_random"
	nAdd                   // kids summed
	nMul                   // kids multiplied
	nDiv                   // kids[0] / kids[1]
	nNeg                   // -kids[0]
	nPow                   // kids[0] ^ kids[1]
	nFunc                  // name(kids...): exp, log, ln, lg, sin, ..., max, min; base: \log_b
	nAbs                   // |kids[0]|
	nCall                  // an opaque named function: name(kids...)
	nNorm                  // ‖kids[0]‖
	nInner                 // ⟨kids[0], kids[1]⟩, also written kids[0]^T kids[1]
	nTrans                 // kids[0]^T with nothing to pair it with; no kids: the marker ^T
)

// mathNode is one node of a parsed expression.
type mathNode struct {
	kind  nodeKind
	name  string
	val   float64
	kids  []*mathNode
	base  *mathNode // nFunc: explicit logarithm base
	split bool      // nMul read from one word ("ND" as N·D): a power binds to the last factor
}

func numNode(v float64) *mathNode        { return &mathNode{kind: nNum, val: v} }
func symNode(name string) *mathNode      { return &mathNode{kind: nSym, name: name} }
func negNode(x *mathNode) *mathNode      { return &mathNode{kind: nNeg, kids: []*mathNode{x}} }
func divNode(a, b *mathNode) *mathNode   { return &mathNode{kind: nDiv, kids: []*mathNode{a, b}} }
func powNode(b, e *mathNode) *mathNode   { return &mathNode{kind: nPow, kids: []*mathNode{b, e}} }
func innerNode(a, b *mathNode) *mathNode { return &mathNode{kind: nInner, kids: []*mathNode{a, b}} }

// mulNode multiplies a and b, flattening nested products.
func mulNode(a, b *mathNode) *mathNode {
	var kids []*mathNode
	for _, x := range []*mathNode{a, b} {
		if x.kind == nMul && !x.split {
			kids = append(kids, x.kids...)
		} else {
			kids = append(kids, x)
		}
	}
	return &mathNode{kind: nMul, kids: kids}
}

// isAtom reports whether n is opaque: a symbol, a named call, a norm, an
// inner product or a lone transpose.
func (n *mathNode) isAtom() bool {
	switch n.kind {
	case nSym, nCall, nNorm, nInner, nTrans:
		return true
	}
	return false
}

// key is a canonical spelling of n: equal for the same expression written
// with different spacing, wrappers or argument order of commutative
// operations (sums, products, inner products).
func (n *mathNode) key() string {
	switch n.kind {
	case nNum:
		return strconv.FormatFloat(n.val, 'g', 12, 64)
	case nSym:
		return n.name
	case nAdd:
		return "(" + strings.Join(sortedKeys(n.kids), "+") + ")"
	case nMul:
		return "(" + strings.Join(sortedKeys(n.kids), "·") + ")"
	case nDiv:
		return "(" + n.kids[0].key() + "/" + n.kids[1].key() + ")"
	case nNeg:
		return "-" + n.kids[0].key()
	case nPow:
		return n.kids[0].key() + "^" + n.kids[1].key()
	case nFunc, nCall:
		name := n.name
		if n.base != nil {
			name += "_" + n.base.key()
		}
		return name + "(" + strings.Join(keys(n.kids), ",") + ")"
	case nAbs:
		return "|" + n.kids[0].key() + "|"
	case nNorm:
		return "‖" + n.kids[0].key() + "‖"
	case nInner:
		return "⟨" + strings.Join(sortedKeys(n.kids), ",") + "⟩"
	case nTrans:
		if len(n.kids) == 0 {
			return "ᵀ"
		}
		return n.kids[0].key() + "ᵀ"
	}
	return "?"
}

func keys(ns []*mathNode) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.key()
	}
	return out
}

func sortedKeys(ns []*mathNode) []string {
	out := keys(ns)
	sort.Strings(out)
	return out
}

// walk calls fn on n and every node below it, parents first.
func (n *mathNode) walk(fn func(*mathNode)) {
	fn(n)
	for _, k := range n.kids {
		k.walk(fn)
	}
	if n.base != nil {
		n.base.walk(fn)
	}
}

// symbols lists the symbol names used in n, in order of first use.
func (n *mathNode) symbols() []string {
	var out []string
	seen := map[string]bool{}
	n.walk(func(x *mathNode) {
		if x.kind == nSym && !seen[x.name] {
			seen[x.name] = true
			out = append(out, x.name)
		}
	})
	return out
}

// constValue evaluates n when it holds no symbol or atom (an exponent).
func constValue(n *mathNode) (float64, bool) {
	var v float64
	switch n.kind {
	case nNum:
		v = n.val
	case nNeg:
		x, ok := constValue(n.kids[0])
		if !ok {
			return 0, false
		}
		v = -x
	case nAdd, nMul:
		v = 0
		if n.kind == nMul {
			v = 1
		}
		for _, k := range n.kids {
			x, ok := constValue(k)
			if !ok {
				return 0, false
			}
			if n.kind == nMul {
				v *= x
			} else {
				v += x
			}
		}
	case nDiv, nPow:
		a, ok1 := constValue(n.kids[0])
		b, ok2 := constValue(n.kids[1])
		if !ok1 || !ok2 {
			return 0, false
		}
		v = a / b
		if n.kind == nPow {
			v = math.Pow(a, b)
		}
	default:
		return 0, false
	}
	return v, !math.IsNaN(v) && !math.IsInf(v, 0)
}
