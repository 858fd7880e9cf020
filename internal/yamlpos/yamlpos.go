// Package yamlpos holds what pushback's two YAML readers (task packs and
// models.yaml) share on top of goccy/go-yaml's AST: positioned errors that
// are collected rather than returned one at a time, node positions and
// kinds, key text, and anchor/alias resolution.
package yamlpos

import (
	"fmt"
	"sort"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// Error is one problem in a YAML file (or a flag), at a position.
type Error struct {
	File string
	Line int // 1-based; 0 when the problem concerns the whole file
	Col  int
	Msg  string
}

// Error formats the problem as file:line:col: message.
func (e *Error) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line == 0:
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// List is every problem found, one a line.
type List []*Error

// Error lists the problems one a line.
func (l List) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Sorted returns the problems in the order a reader meets them in a file.
func (l List) Sorted() List {
	out := append(List(nil), l...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return out
}

// Position is where a node starts (1:1 when it has no token).
func Position(n ast.Node) token.Position {
	if n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		return token.Position{Line: 1, Column: 1}
	}
	return *n.GetToken().Position
}

// KeyText is a mapping key as written, without its quotes.
func KeyText(k ast.MapKeyNode) string {
	switch s := k.(type) {
	case *ast.StringNode:
		return s.Value
	case *ast.LiteralNode:
		return s.Value.Value
	}
	if t := k.GetToken(); t != nil {
		return t.Value
	}
	return k.String()
}

// Kind names a node's kind for messages: "a mapping", "a list", ...
func Kind(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		return "a string"
	case *ast.IntegerNode:
		return "an integer"
	case *ast.FloatNode:
		return "a number"
	case *ast.BoolNode:
		return "a boolean"
	case *ast.NullNode, nil:
		return "null"
	}
	return "a " + strings.ToLower(n.Type().String())
}

// Resolver follows anchors, tags and aliases to the node that holds a
// value, remembering anchors as it meets them.
type Resolver struct {
	anchors  map[string]ast.Node
	reported map[ast.Node]bool
	// Unknown is called for an alias with no anchor (may be nil).
	Unknown func(pos token.Position, alias string)
}

// Index records every anchor under n, so an alias resolves even when its
// anchor sits in a part of the file that is never decoded (an unknown
// field, say).
func (r *Resolver) Index(n ast.Node) {
	if r.anchors == nil {
		r.anchors = map[string]ast.Node{}
	}
	switch v := n.(type) {
	case *ast.AnchorNode:
		if v.Name != nil {
			r.anchors[v.Name.String()] = v.Value
		}
		r.Index(v.Value)
	case *ast.TagNode:
		r.Index(v.Value)
	case *ast.MappingNode:
		for _, kv := range v.Values {
			r.Index(kv)
		}
	case *ast.MappingValueNode:
		r.Index(v.Value)
	case *ast.SequenceNode:
		for _, item := range v.Values {
			r.Index(item)
		}
	}
}

// Resolve strips anchors, tags and aliases; nil for an unknown alias,
// which is reported (once) to Unknown.
func (r *Resolver) Resolve(n ast.Node) ast.Node {
	if r.anchors == nil {
		r.anchors = map[string]ast.Node{}
	}
	for i := 0; i < 32 && n != nil; i++ {
		switch v := n.(type) {
		case *ast.AnchorNode:
			if v.Name != nil {
				r.anchors[v.Name.String()] = v.Value
			}
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			target, ok := r.anchors[v.Value.String()]
			if !ok {
				if r.reported == nil {
					r.reported = map[ast.Node]bool{}
				}
				if r.Unknown != nil && !r.reported[v] {
					r.Unknown(Position(v), v.Value.String())
				}
				r.reported[v] = true
				return nil
			}
			n = target
		default:
			return n
		}
	}
	return n
}
