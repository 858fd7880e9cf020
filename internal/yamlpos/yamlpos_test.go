package yamlpos

import (
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

func TestListSortedAndFormatted(t *testing.T) {
	l := List{{File: "f", Line: 3, Col: 1, Msg: "c"}, {File: "f", Line: 1, Col: 5, Msg: "b"}, {File: "f", Msg: "whole"}, {Msg: "flagless"}}
	got := l.Sorted().Error()
	want := "f: whole\nflagless\nf:1:5: b\nf:3:1: c"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestResolveAnchorsAndUnknownAlias(t *testing.T) {
	f, err := parser.ParseBytes([]byte("a: &x {k: v}\nb: *x\nc: *nope\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	var unknown []string
	r := &Resolver{Unknown: func(_ token.Position, alias string) { unknown = append(unknown, alias) }}
	m := f.Docs[0].Body.(*ast.MappingNode)
	if Kind(r.Resolve(m.Values[0].Value)) != "a mapping" || Kind(r.Resolve(m.Values[1].Value)) != "a mapping" {
		t.Error("anchor or alias not followed")
	}
	if r.Resolve(m.Values[2].Value) != nil || len(unknown) != 1 || unknown[0] != "nope" {
		t.Errorf("unknown alias: %v", unknown)
	}
	if KeyText(m.Values[0].Key) != "a" || Position(m.Values[1].Key).Line != 2 {
		t.Error("key text or position")
	}
}
