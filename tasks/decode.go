package tasks

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"github.com/pushback/pushback/internal/yamlpos"
)

// decoder turns a goccy/go-yaml AST into Go values by reflection, collecting
// every problem (unknown field, wrong type, duplicate key) with its position
// instead of stopping at the first, and remembering where each field was
// written so later checks can point at it.
type decoder struct {
	errs *errorList
	yamlpos.Resolver
	// pos maps a field path ("tasks[2].grader.answer") to the position of its
	// value; keys maps a mapping's path to the keys written in it, in order.
	pos  map[string]token.Position
	keys map[string][]string
	// bad holds the paths whose value had the wrong type, so validation does
	// not also report them as missing.
	bad map[string]bool
}

func newDecoder(errs *errorList) *decoder {
	d := &decoder{errs: errs, pos: map[string]token.Position{}, keys: map[string][]string{}, bad: map[string]bool{}}
	d.Unknown = func(p token.Position, alias string) { errs.addAt(p, "unknown alias *%s", alias) }
	return d
}

var position = yamlpos.Position

func describe(t reflect.Type) string {
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

// decode fills v (addressable) from n; name is the field path used in messages.
func (d *decoder) decode(n ast.Node, v reflect.Value, path string) {
	n = d.Resolve(n)
	if n == nil {
		return
	}
	d.pos[path] = position(n)
	if _, isNull := n.(*ast.NullNode); isNull {
		return // leave the zero value; required fields are checked later
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
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
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Map:
		d.decodeMap(n, v, path)
	default:
		d.decodeScalar(n, v, path)
	}
}

func (d *decoder) wrongType(n ast.Node, t reflect.Type, path string) {
	d.bad[path] = true
	d.errs.addAt(position(n), "%s must be %s, not %s", fieldName(path), describe(t), yamlpos.Kind(n))
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

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (d *decoder) decodeStruct(n ast.Node, v reflect.Value, path string) {
	pairs, ok := mappingPairs(n)
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
	seen := map[string]bool{}
	for _, kv := range pairs {
		key := yamlpos.KeyText(kv.Key)
		kp := position(kv.Key)
		if seen[key] {
			d.errs.addAt(kp, "duplicate key %q", key)
			continue
		}
		seen[key] = true
		i, ok := fields[key]
		if !ok {
			where := "here"
			if path != "" {
				where = "in " + fieldName(path)
			}
			d.errs.addAt(kp, "unknown field %q %s (known fields: %s)", key, where, strings.Join(known, ", "))
			continue
		}
		d.keys[path] = append(d.keys[path], key)
		d.pos[join(path, key)+"#key"] = kp
		d.decode(kv.Value, v.Field(i), join(path, key))
	}
}

func (d *decoder) decodeMap(n ast.Node, v reflect.Value, path string) {
	pairs, ok := mappingPairs(n)
	if !ok {
		d.wrongType(n, v.Type(), path)
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	for _, kv := range pairs {
		key := yamlpos.KeyText(kv.Key)
		if v.MapIndex(reflect.ValueOf(key)).IsValid() {
			d.errs.addAt(position(kv.Key), "duplicate key %q", key)
			continue
		}
		d.keys[path] = append(d.keys[path], key)
		kpath := path + "." + key
		d.pos[kpath+"#key"] = position(kv.Key)
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(kv.Value, elem, kpath)
		v.SetMapIndex(reflect.ValueOf(key), elem)
	}
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

func (d *decoder) decodeScalar(n ast.Node, v reflect.Value, path string) {
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
