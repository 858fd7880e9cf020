package yamlpos

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Errors collects the problems of one file.
type Errors struct {
	File string
	List List
}

// AddAt records a problem at a position.
func (e *Errors) AddAt(p token.Position, format string, args ...any) {
	e.List = append(e.List, &Error{File: e.File, Line: p.Line, Col: p.Column, Msg: fmt.Sprintf(format, args...)})
}

// AddFile records a problem of the whole file.
func (e *Errors) AddFile(format string, args ...any) {
	e.List = append(e.List, &Error{File: e.File, Msg: fmt.Sprintf(format, args...)})
}

// Decoder turns a goccy/go-yaml AST into Go values by reflection on their
// yaml tags, collecting every problem (unknown field, wrong type, duplicate
// key) with its position instead of stopping at the first, and remembering
// where each field was written so later checks can point at it. Merge keys
// (<<: *base) are expanded; explicit keys override merged ones. A
// time.Duration is read from a number of seconds or a duration ("90s").
// Both pushback's YAML files, task packs and models.yaml, are read by it.
type Decoder struct {
	Errs *Errors
	Resolver
	// Pos maps a field path ("tasks[2].grader.answer") to the position of
	// its value, path+"#key" to the position of its key, and a mapping's
	// path+"#start" to where it starts (its first key); Keys maps a
	// mapping's path to the keys written in it, in order.
	Pos  map[string]token.Position
	Keys map[string][]string
	// Bad holds the paths whose value had the wrong type, so validation
	// does not also report them as missing.
	Bad map[string]bool
	// UnknownField, when set, may word the message for an unknown field
	// of the mapping at path ("" keeps the default message).
	UnknownField func(path, key string, known []string) string
}

// NewDecoder returns a decoder that records problems in errs.
func NewDecoder(errs *Errors) *Decoder {
	d := &Decoder{Errs: errs, Pos: map[string]token.Position{}, Keys: map[string][]string{}, Bad: map[string]bool{}}
	d.Unknown = func(p token.Position, alias string) { errs.AddAt(p, "unknown alias *%s", alias) }
	return d
}

var durationType = reflect.TypeFor[time.Duration]()

func describe(t reflect.Type) string {
	if t == durationType {
		return "a duration such as 90s or 2m"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64:
		return "an integer"
	case reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping"
	case reflect.Pointer:
		return describe(t.Elem())
	}
	return t.String()
}

// Decode fills v (addressable) from n; path is the field path used in
// messages and in Pos.
func (d *Decoder) Decode(n ast.Node, v reflect.Value, path string) {
	if path == "" {
		d.Index(n) // the document: every anchor, before any alias
	}
	n = d.Resolve(n)
	if n == nil {
		return
	}
	d.Pos[path] = Position(n)
	if _, isNull := n.(*ast.NullNode); isNull {
		return // leave the zero value; required fields are checked later
	}
	if v.Type() == durationType {
		d.decodeDuration(n, v, path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.Decode(n, v.Elem(), path)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			d.wrongType(n, v.Type(), path)
			return
		}
		s := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
		for i, item := range seq.Values {
			d.Decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Map:
		d.decodeMap(n, v, path)
	default:
		d.decodeScalar(n, v, path)
	}
}

func (d *Decoder) wrongType(n ast.Node, t reflect.Type, path string) {
	d.Bad[path] = true
	d.Errs.AddAt(Position(n), "%s must be %s, not %s", fieldName(path), describe(t), Kind(n))
}

// fieldName is the last element of a path, for messages.
func fieldName(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	if path == "" {
		return "the document"
	}
	return path
}

// mappingPairs returns the key/value pairs of a mapping node, or false.
func mappingPairs(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

// pair is one key: value of a mapping, merged in or written.
type pair struct {
	key    string
	keyPos token.Position
	value  ast.Node
	merged bool
}

// pairs lists a mapping's pairs in order, expanding merge keys (<<: *x,
// <<: [*x, *y]): a key written in the mapping overrides a merged one.
func (d *Decoder) pairs(kvs []*ast.MappingValueNode) []pair {
	var out []pair
	for _, kv := range kvs {
		if _, merge := kv.Key.(*ast.MergeKeyNode); merge {
			src := []ast.Node{kv.Value}
			if seq, ok := d.Resolve(kv.Value).(*ast.SequenceNode); ok {
				src = seq.Values
			}
			for _, m := range src {
				inner, ok := mappingPairs(d.Resolve(m))
				if !ok {
					d.Errs.AddAt(Position(m), "a merge key (<<) takes a mapping, not %s", Kind(d.Resolve(m)))
					continue
				}
				for _, p := range d.pairs(inner) {
					p.merged = true
					out = append(out, p)
				}
			}
			continue
		}
		out = append(out, pair{key: KeyText(kv.Key), keyPos: Position(kv.Key), value: kv.Value})
	}
	// Drop merged pairs that a written key (or an earlier merge) overrides.
	written := map[string]bool{}
	for _, p := range out {
		if !p.merged {
			written[p.key] = true
		}
	}
	seen := map[string]bool{}
	kept := out[:0]
	for _, p := range out {
		if p.merged && (written[p.key] || seen[p.key]) {
			continue
		}
		if p.merged {
			seen[p.key] = true
		}
		kept = append(kept, p)
	}
	return kept
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (d *Decoder) decodeStruct(n ast.Node, v reflect.Value, path string) {
	kvs, ok := mappingPairs(n)
	if !ok {
		d.wrongType(n, v.Type(), path)
		return
	}
	fields := map[string]int{}
	var known []string
	for i := 0; i < v.NumField(); i++ {
		tag := strings.Split(v.Type().Field(i).Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		fields[tag] = i
		known = append(known, tag)
	}
	sort.Strings(known)
	if len(kvs) > 0 {
		d.Pos[path+"#start"] = Position(kvs[0].Key)
	}
	seen := map[string]bool{}
	for _, kv := range d.pairs(kvs) {
		if seen[kv.key] {
			d.Errs.AddAt(kv.keyPos, "duplicate key %q", kv.key)
			continue
		}
		seen[kv.key] = true
		i, ok := fields[kv.key]
		if !ok {
			d.unknownField(path, kv, known)
			continue
		}
		d.Keys[path] = append(d.Keys[path], kv.key)
		d.Pos[join(path, kv.key)+"#key"] = kv.keyPos
		d.Decode(kv.value, v.Field(i), join(path, kv.key))
	}
}

func (d *Decoder) unknownField(path string, kv pair, known []string) {
	if d.UnknownField != nil {
		if msg := d.UnknownField(path, kv.key, known); msg != "" {
			d.Errs.AddAt(kv.keyPos, "%s", msg)
			return
		}
	}
	where := "here"
	if path != "" {
		where = "in " + fieldName(path)
	}
	d.Errs.AddAt(kv.keyPos, "unknown field %q %s (known fields: %s)", kv.key, where, strings.Join(known, ", "))
}

func (d *Decoder) decodeMap(n ast.Node, v reflect.Value, path string) {
	kvs, ok := mappingPairs(n)
	if !ok {
		d.wrongType(n, v.Type(), path)
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	for _, kv := range d.pairs(kvs) {
		if v.MapIndex(reflect.ValueOf(kv.key)).IsValid() {
			d.Errs.AddAt(kv.keyPos, "duplicate key %q", kv.key)
			continue
		}
		d.Keys[path] = append(d.Keys[path], kv.key)
		kpath := path + "." + kv.key
		d.Pos[kpath+"#key"] = kv.keyPos
		elem := reflect.New(v.Type().Elem()).Elem()
		d.Decode(kv.value, elem, kpath)
		v.SetMapIndex(reflect.ValueOf(kv.key), elem)
	}
}

// decodeDuration reads a number of seconds or a duration string.
func (d *Decoder) decodeDuration(n ast.Node, v reflect.Value, path string) {
	text, ok := scalarText(n)
	if !ok {
		d.wrongType(n, v.Type(), path)
		return
	}
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
		secs, err := strconv.ParseFloat(text, 64)
		if err == nil && secs >= 0 {
			v.SetInt(int64(secs * float64(time.Second)))
			return
		}
	case *ast.StringNode:
		if dur, err := time.ParseDuration(text); err == nil && dur >= 0 {
			v.SetInt(int64(dur))
			return
		}
		d.Bad[path] = true
		d.Errs.AddAt(Position(n), "%s must be a duration such as 90s or 2m, not %q", fieldName(path), text)
		return
	}
	d.wrongType(n, v.Type(), path)
}

// scalarText returns the text of a scalar node as written (strings unquoted).
func scalarText(n ast.Node) (string, bool) {
	switch s := n.(type) {
	case *ast.StringNode:
		return s.Value, true
	case *ast.LiteralNode:
		return s.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

func (d *Decoder) decodeScalar(n ast.Node, v reflect.Value, path string) {
	text, ok := scalarText(n)
	if !ok {
		d.wrongType(n, v.Type(), path)
		return
	}
	switch v.Kind() {
	case reflect.String:
		// Numbers and booleans are accepted as their written text, so
		// `answer: 1.6e9` is the string "1.6e9".
		v.SetString(text)
	case reflect.Int, reflect.Int64:
		i, err := strconv.ParseInt(text, 0, 64)
		if _, isInt := n.(*ast.IntegerNode); !isInt || err != nil {
			d.wrongType(n, v.Type(), path)
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		f, err := strconv.ParseFloat(text, 64)
		switch n.(type) {
		case *ast.IntegerNode, *ast.FloatNode:
		default:
			err = fmt.Errorf("not a number")
		}
		if err != nil {
			d.wrongType(n, v.Type(), path)
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		b, isBool := n.(*ast.BoolNode)
		if !isBool {
			d.wrongType(n, v.Type(), path)
			return
		}
		v.SetBool(b.Value)
	default:
		d.wrongType(n, v.Type(), path)
	}
}

// ParseDocument parses data, which must hold one YAML document, and
// returns its body; a syntax error, an empty file (empty says why it must
// not be) or a second document is recorded in errs.
func ParseDocument(data []byte, errs *Errors, empty string) (ast.Node, bool) {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		var se *yaml.SyntaxError
		if errors.As(err, &se) && se.Token != nil && se.Token.Position != nil {
			errs.AddAt(*se.Token.Position, "YAML syntax: %s", se.Message)
		} else {
			errs.AddFile("%v", err)
		}
		return nil, false
	}
	var docs []ast.Node
	for _, doc := range f.Docs {
		if doc != nil && doc.Body != nil {
			docs = append(docs, doc.Body)
		}
	}
	switch len(docs) {
	case 0:
		errs.AddFile("%s", empty)
		return nil, false
	case 1:
		return docs[0], true
	}
	errs.AddAt(Position(docs[1]), "the file holds one YAML document; found %d", len(docs))
	return nil, false
}
