package mathexpr

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Kind is the kind of a parsed math expression node.
type Kind uint8

const (
	Num   Kind = iota // val
	Sym               // name: a canonical symbol name such as "D_random"
	Add               // kids summed
	Mul               // kids multiplied
	Div               // kids[0] / kids[1]
	Neg               // -kids[0]
	Pow               // kids[0] ^ kids[1]
	Func              // name(kids...): exp, log, ln, lg, sin, ..., max, min; base: \log_b
	Abs               // |kids[0]|
	Call              // an opaque named function: name(kids...)
	Norm              // ‖kids[0]‖
	Inner             // ⟨kids[0], kids[1]⟩, also written kids[0]^T kids[1]
	Trans             // kids[0]^T with nothing to pair it with; no kids: the marker ^T
)

// Node is one node of a parsed expression.
type Node struct {
	Kind  Kind
	Name  string
	Val   float64
	Kids  []*Node
	Base  *Node // Func: explicit logarithm base
	Split bool  // Mul read from one word ("ND" as N·D): a power binds to the last factor
}

func numNode(v float64) *Node    { return &Node{Kind: Num, Val: v} }
func symNode(name string) *Node  { return &Node{Kind: Sym, Name: name} }
func negNode(x *Node) *Node      { return &Node{Kind: Neg, Kids: []*Node{x}} }
func divNode(a, b *Node) *Node   { return &Node{Kind: Div, Kids: []*Node{a, b}} }
func powNode(b, e *Node) *Node   { return &Node{Kind: Pow, Kids: []*Node{b, e}} }
func innerNode(a, b *Node) *Node { return &Node{Kind: Inner, Kids: []*Node{a, b}} }

// mulNode multiplies a and b, flattening nested products.
func mulNode(a, b *Node) *Node {
	var kids []*Node
	for _, x := range []*Node{a, b} {
		if x.Kind == Mul && !x.Split {
			kids = append(kids, x.Kids...)
		} else {
			kids = append(kids, x)
		}
	}
	return &Node{Kind: Mul, Kids: kids}
}

// IsAtom reports whether n is opaque: a symbol, a named call, a norm, an
// inner product or a lone transpose.
func (n *Node) IsAtom() bool {
	switch n.Kind {
	case Sym, Call, Norm, Inner, Trans:
		return true
	}
	return false
}

// Key is a canonical spelling of n: equal for the same expression written
// with different spacing, wrappers or argument order of commutative
// operations (sums, products, inner products).
func (n *Node) Key() string {
	switch n.Kind {
	case Num:
		return strconv.FormatFloat(n.Val, 'g', 12, 64)
	case Sym:
		return n.Name
	case Add:
		return "(" + strings.Join(sortedKeys(n.Kids), "+") + ")"
	case Mul:
		return "(" + strings.Join(sortedKeys(n.Kids), "·") + ")"
	case Div:
		return "(" + n.Kids[0].Key() + "/" + n.Kids[1].Key() + ")"
	case Neg:
		return "-" + n.Kids[0].Key()
	case Pow:
		return n.Kids[0].Key() + "^" + n.Kids[1].Key()
	case Func, Call:
		name := n.Name
		if n.Base != nil {
			name += "_" + n.Base.Key()
		}
		return name + "(" + strings.Join(Keys(n.Kids), ",") + ")"
	case Abs:
		return "|" + n.Kids[0].Key() + "|"
	case Norm:
		return "‖" + n.Kids[0].Key() + "‖"
	case Inner:
		return "⟨" + strings.Join(sortedKeys(n.Kids), ",") + "⟩"
	case Trans:
		if len(n.Kids) == 0 {
			return "ᵀ"
		}
		return n.Kids[0].Key() + "ᵀ"
	}
	return "?"
}

// Keys are the keys of ns, in order.
func Keys(ns []*Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Key()
	}
	return out
}

func sortedKeys(ns []*Node) []string {
	out := Keys(ns)
	sort.Strings(out)
	return out
}

// Walk calls fn on n and every node below it, parents first.
func (n *Node) Walk(fn func(*Node)) {
	fn(n)
	for _, k := range n.Kids {
		k.Walk(fn)
	}
	if n.Base != nil {
		n.Base.Walk(fn)
	}
}

// Symbols lists the symbol names used in n, in order of first use.
func (n *Node) Symbols() []string {
	var out []string
	seen := map[string]bool{}
	n.Walk(func(x *Node) {
		if x.Kind == Sym && !seen[x.Name] {
			seen[x.Name] = true
			out = append(out, x.Name)
		}
	})
	return out
}

// ConstValue evaluates n when it holds no symbol or atom (an exponent).
func ConstValue(n *Node) (float64, bool) {
	var v float64
	switch n.Kind {
	case Num:
		v = n.Val
	case Neg:
		x, ok := ConstValue(n.Kids[0])
		if !ok {
			return 0, false
		}
		v = -x
	case Add, Mul:
		v = 0
		if n.Kind == Mul {
			v = 1
		}
		for _, k := range n.Kids {
			x, ok := ConstValue(k)
			if !ok {
				return 0, false
			}
			if n.Kind == Mul {
				v *= x
			} else {
				v += x
			}
		}
	case Div, Pow:
		a, ok1 := ConstValue(n.Kids[0])
		b, ok2 := ConstValue(n.Kids[1])
		if !ok1 || !ok2 {
			return 0, false
		}
		v = a / b
		if n.Kind == Pow {
			v = math.Pow(a, b)
		}
	default:
		return 0, false
	}
	return v, !math.IsNaN(v) && !math.IsInf(v, 0)
}
