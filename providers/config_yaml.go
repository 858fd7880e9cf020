package providers

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// ConfigError is one problem in a model config, at a position in its file
// (Line 0 when it concerns the whole file or the --models flag).
type ConfigError struct {
	File string
	Line int
	Col  int
	Msg  string
}

// Error formats the problem as file:line:col: message.
func (e *ConfigError) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// ConfigErrors is every problem found in one config, in file order.
type ConfigErrors []*ConfigError

// Error lists the problems one a line.
func (l ConfigErrors) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// LoadConfig reads and validates a models.yaml file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read model config: %w", err)
	}
	return ParseConfig(path, data)
}

// ParseConfig decodes and validates the models.yaml text data read from
// file. It reports every problem at once, each as file:line:col: sentence,
// in a ConfigErrors.
func ParseConfig(file string, data []byte) (*Config, error) {
	d := &yamlDecoder{file: file, anchors: map[string]ast.Node{}}
	cfg := &Config{File: file}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
			d.add(*ye.GetToken().Position, "%s", ye.GetMessage())
		} else {
			d.errs = append(d.errs, &ConfigError{File: file, Msg: err.Error()})
		}
		return nil, d.errs
	}
	var body ast.Node
	if len(f.Docs) > 0 {
		body = f.Docs[0].Body
	}
	if body == nil {
		d.errs = append(d.errs, &ConfigError{File: file, Msg: "no models: the file must have a models: list"})
		return nil, d.errs
	}
	var modelsNode, judgeNode ast.Node
	for _, kv := range d.entries(body, "the file") {
		switch kv.key {
		case "models":
			modelsNode = kv.value
		case "judge":
			judgeNode = kv.value
		default:
			d.add(kv.pos, "unknown top-level field %q (want models or judge)", kv.key)
		}
	}
	if judgeNode != nil {
		if m, ok := d.model(judgeNode); ok {
			cfg.Judge = &m
		}
	}
	seq, ok := d.resolve(modelsNode).(*ast.SequenceNode)
	if modelsNode != nil && !ok {
		d.add(position(modelsNode), "models must be a list, got %s", nodeKind(d.resolve(modelsNode)))
	}
	if ok {
		for _, item := range seq.Values {
			if m, ok := d.model(item); ok {
				cfg.Models = append(cfg.Models, m)
			}
		}
	}
	if len(cfg.Models) == 0 && len(d.errs) == 0 {
		d.errs = append(d.errs, &ConfigError{File: file, Msg: "no models: the models: list is empty"})
	}
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool {
			a, b := d.errs[i], d.errs[j]
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		return nil, d.errs
	}
	return cfg, nil
}

type yamlDecoder struct {
	file    string
	errs    ConfigErrors
	anchors map[string]ast.Node
	// names maps each model name seen to where it was defined.
	names map[string]token.Position
}

func (d *yamlDecoder) add(p token.Position, format string, args ...any) {
	d.errs = append(d.errs, &ConfigError{File: d.file, Line: p.Line, Col: p.Column, Msg: fmt.Sprintf(format, args...)})
}

func position(n ast.Node) token.Position {
	if n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		return token.Position{Line: 1, Column: 1}
	}
	return *n.GetToken().Position
}

// startPos returns where a mapping starts: at its first key.
func (d *yamlDecoder) startPos(n ast.Node) token.Position {
	switch v := d.resolve(n).(type) {
	case *ast.MappingNode:
		if len(v.Values) > 0 {
			return position(v.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return position(v.Key)
	}
	return position(n)
}

// resolve strips anchors, tags and aliases down to the node holding a value.
func (d *yamlDecoder) resolve(n ast.Node) ast.Node {
	for i := 0; i < 32 && n != nil; i++ {
		switch v := n.(type) {
		case *ast.AnchorNode:
			if v.Name != nil {
				d.anchors[v.Name.String()] = v.Value
			}
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			target, ok := d.anchors[v.Value.String()]
			if !ok {
				d.add(position(v), "unknown alias *%s", v.Value.String())
				return nil
			}
			n = target
		default:
			return n
		}
	}
	return n
}

// entry is one key: value of a mapping.
type entry struct {
	key   string
	pos   token.Position // of the key
	value ast.Node
}

// entries lists a mapping's keys in order, expanding merge keys (<<: *x)
// and reporting duplicates; what names the mapping in messages.
func (d *yamlDecoder) entries(n ast.Node, what string) []entry {
	var kvs []*ast.MappingValueNode
	switch v := d.resolve(n).(type) {
	case *ast.MappingNode:
		kvs = v.Values
	case *ast.MappingValueNode:
		kvs = []*ast.MappingValueNode{v}
	case nil, *ast.NullNode:
		return nil
	default:
		d.add(position(n), "%s must be a mapping, got %s", what, nodeKind(v))
		return nil
	}
	var out []entry
	seen := map[string]bool{}
	for _, kv := range kvs {
		if _, merge := kv.Key.(*ast.MergeKeyNode); merge {
			for _, e := range d.entries(kv.Value, "a merged value") {
				if !seen[e.key] {
					out = append(out, e)
				}
			}
			continue
		}
		key := keyString(kv.Key)
		if seen[key] {
			d.add(position(kv.Key), "duplicate field %q in %s", key, what)
			continue
		}
		seen[key] = true
		// An explicit key overrides one merged in earlier.
		out = slices.DeleteFunc(out, func(e entry) bool { return e.key == key })
		out = append(out, entry{key: key, pos: position(kv.Key), value: kv.Value})
	}
	return out
}

func keyString(k ast.MapKeyNode) string {
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	if t := k.GetToken(); t != nil {
		return t.Value
	}
	return k.String()
}

func nodeKind(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		return "a string"
	case *ast.IntegerNode:
		return "an integer"
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "a number"
	case *ast.BoolNode:
		return "a boolean"
	case *ast.NullNode, nil:
		return "nothing"
	}
	return "a " + strings.ToLower(n.Type().String())
}

// model decodes one item of the models list, validates it and checks its
// name is unique. ok is false when the item is not a mapping.
func (d *yamlDecoder) model(n ast.Node) (ModelConfig, bool) {
	var m ModelConfig
	start := d.startPos(n)
	if _, isMap := d.resolve(n).(*ast.MappingNode); !isMap {
		if _, isKV := d.resolve(n).(*ast.MappingValueNode); !isKV {
			d.add(start, "each model must be a mapping (name: ..., provider: ...), got %s", nodeKind(d.resolve(n)))
			return m, false
		}
	}
	where := map[string]token.Position{}
	for _, kv := range d.entries(n, "a model") {
		set, known := modelFields[kv.key]
		if !known {
			d.add(kv.pos, "%s", unknownFieldMsg(kv.key))
			continue
		}
		v := d.resolve(kv.value)
		where[kv.key] = position(v)
		if v == nil {
			continue
		}
		if _, null := v.(*ast.NullNode); null {
			continue
		}
		if kv.key == "price" {
			d.price(&m.Price, v)
			continue
		}
		if msg := set(&m, v); msg != "" {
			d.add(position(v), "%s %s", kv.key, msg)
		}
	}
	m.applyDefaults()
	m.Source = fmt.Sprintf("%s:%d:%d", d.file, start.Line, start.Column)
	for _, p := range m.validate() {
		pos, ok := where[p.field]
		if !ok {
			pos = start
		}
		d.add(pos, "%s", p.msg)
	}
	if m.Name != "" {
		if d.names == nil {
			d.names = map[string]token.Position{}
		}
		if first, dup := d.names[m.Name]; dup {
			pos, ok := where["name"]
			if !ok {
				pos = start
			}
			d.add(pos, "duplicate model name %q (first defined at line %d)", m.Name, first.Line)
		} else {
			d.names[m.Name] = start
		}
	}
	return m, true
}

func unknownFieldMsg(key string) string {
	if strings.Contains(strings.ToLower(key), "key") && key != "api_key_env" {
		return fmt.Sprintf("unknown field %q: keys are never read from the config; set api_key_env to the name of the environment variable that holds the key", key)
	}
	names := make([]string, 0, len(modelFields))
	for k := range modelFields {
		names = append(names, k)
	}
	sort.Strings(names)
	return fmt.Sprintf("unknown field %q (want one of %s)", key, strings.Join(names, ", "))
}

func (d *yamlDecoder) price(p *Price, n ast.Node) {
	for _, kv := range d.entries(n, "price") {
		v := d.resolve(kv.value)
		var dst *float64
		switch kv.key {
		case "input_per_mtok":
			dst = &p.InputPerMTok
		case "output_per_mtok":
			dst = &p.OutputPerMTok
		default:
			d.add(kv.pos, "unknown field %q in price (want input_per_mtok, output_per_mtok)", kv.key)
			continue
		}
		f, ok := asFloat(v)
		if !ok {
			d.add(position(v), "price %s must be a number, got %s", kv.key, nodeKind(v))
			continue
		}
		*dst = f
	}
}

// modelFields sets each field of a model from its YAML value, returning
// what is wrong with the value ("must be ...") or "".
var modelFields = map[string]func(*ModelConfig, ast.Node) string{
	"name":             str(func(m *ModelConfig) *string { return &m.Name }),
	"provider":         str(func(m *ModelConfig) *string { return &m.Provider }),
	"model":            str(func(m *ModelConfig) *string { return &m.Model }),
	"api_key_env":      str(func(m *ModelConfig) *string { return &m.APIKeyEnv }),
	"base_url":         str(func(m *ModelConfig) *string { return &m.BaseURL }),
	"organization":     str(func(m *ModelConfig) *string { return &m.Organization }),
	"reasoning_effort": str(func(m *ModelConfig) *string { return &m.ReasoningEffort }),
	"cassettes":        str(func(m *ModelConfig) *string { return &m.Cassettes }),
	"max_tokens":       integer(func(m *ModelConfig) *int { return &m.MaxTokens }),
	"concurrency":      integer(func(m *ModelConfig) *int { return &m.Concurrency }),
	"max_attempts":     integer(func(m *ModelConfig) *int { return &m.MaxAttempts }),
	"thinking_budget":  integer(func(m *ModelConfig) *int { return &m.ThinkingBudget }),
	"temperature": func(m *ModelConfig, n ast.Node) string {
		f, ok := asFloat(n)
		if !ok {
			return "must be a number, got " + nodeKind(n)
		}
		m.Temperature = &f
		return ""
	},
	"seed": func(m *ModelConfig, n ast.Node) string {
		i, ok := asInt(n)
		if !ok {
			return "must be an integer, got " + nodeKind(n)
		}
		m.Seed = &i
		return ""
	},
	"rpm": func(m *ModelConfig, n ast.Node) string {
		f, ok := asFloat(n)
		if !ok {
			return "must be a number of requests per minute, got " + nodeKind(n)
		}
		m.RPM = f
		return ""
	},
	"timeout": func(m *ModelConfig, n ast.Node) string {
		if secs, ok := asFloat(n); ok {
			m.Timeout = time.Duration(secs * float64(time.Second))
			return ""
		}
		s, ok := asString(n)
		if !ok {
			return "must be a duration such as 90s or 2m, got " + nodeKind(n)
		}
		dur, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Sprintf("must be a duration such as 90s or 2m, got %q", s)
		}
		m.Timeout = dur
		return ""
	},
	"price": nil, // decoded by yamlDecoder.price
}

func str(field func(*ModelConfig) *string) func(*ModelConfig, ast.Node) string {
	return func(m *ModelConfig, n ast.Node) string {
		s, ok := asString(n)
		if !ok {
			return "must be a string, got " + nodeKind(n)
		}
		*field(m) = s
		return ""
	}
}

func integer(field func(*ModelConfig) *int) func(*ModelConfig, ast.Node) string {
	return func(m *ModelConfig, n ast.Node) string {
		i, ok := asInt(n)
		if !ok || i > math.MaxInt32 || i < math.MinInt32 {
			return "must be an integer, got " + nodeKind(n)
		}
		*field(m) = int(i)
		return ""
	}
}

func asString(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	}
	return "", false
}

func asInt(n ast.Node) (int64, bool) {
	v, ok := n.(*ast.IntegerNode)
	if !ok {
		return 0, false
	}
	switch x := v.Value.(type) {
	case int64:
		return x, true
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), true
		}
	}
	return 0, false
}

func asFloat(n ast.Node) (float64, bool) {
	if f, ok := n.(*ast.FloatNode); ok {
		return f.Value, true
	}
	if i, ok := asInt(n); ok {
		return float64(i), true
	}
	return 0, false
}
