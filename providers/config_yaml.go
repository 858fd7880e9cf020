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

	"github.com/pushback/pushback/internal/yamlpos"
)

// ConfigError is one problem in a model config, at a position in its file
// (Line 0 when it concerns the whole file or the --models flag).
type ConfigError = yamlpos.Error

// ConfigErrors is every problem found in one config, in file order.
type ConfigErrors = yamlpos.List

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
	d := &yamlDecoder{file: file}
	d.Unknown = func(p token.Position, alias string) { d.add(p, "unknown alias *%s", alias) }
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
	seq, ok := d.Resolve(modelsNode).(*ast.SequenceNode)
	if modelsNode != nil && !ok {
		d.add(yamlpos.Position(modelsNode), "models must be a list, got %s", yamlpos.Kind(d.Resolve(modelsNode)))
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
		return nil, d.errs.Sorted()
	}
	return cfg, nil
}

type yamlDecoder struct {
	file string
	errs ConfigErrors
	yamlpos.Resolver
	// names maps each model name seen to where it was defined.
	names map[string]token.Position
}

func (d *yamlDecoder) add(p token.Position, format string, args ...any) {
	d.errs = append(d.errs, &ConfigError{File: d.file, Line: p.Line, Col: p.Column, Msg: fmt.Sprintf(format, args...)})
}

// startPos returns where a mapping starts: at its first key.
func (d *yamlDecoder) startPos(n ast.Node) token.Position {
	switch v := d.Resolve(n).(type) {
	case *ast.MappingNode:
		if len(v.Values) > 0 {
			return yamlpos.Position(v.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return yamlpos.Position(v.Key)
	}
	return yamlpos.Position(n)
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
	switch v := d.Resolve(n).(type) {
	case *ast.MappingNode:
		kvs = v.Values
	case *ast.MappingValueNode:
		kvs = []*ast.MappingValueNode{v}
	case nil, *ast.NullNode:
		return nil
	default:
		d.add(yamlpos.Position(n), "%s must be a mapping, got %s", what, yamlpos.Kind(v))
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
		key := yamlpos.KeyText(kv.Key)
		if seen[key] {
			d.add(yamlpos.Position(kv.Key), "duplicate field %q in %s", key, what)
			continue
		}
		seen[key] = true
		// An explicit key overrides one merged in earlier.
		out = slices.DeleteFunc(out, func(e entry) bool { return e.key == key })
		out = append(out, entry{key: key, pos: yamlpos.Position(kv.Key), value: kv.Value})
	}
	return out
}

// model decodes one item of the models list, validates it and checks its
// name is unique. ok is false when the item is not a mapping.
func (d *yamlDecoder) model(n ast.Node) (ModelConfig, bool) {
	var m ModelConfig
	start := d.startPos(n)
	if _, isMap := d.Resolve(n).(*ast.MappingNode); !isMap {
		if _, isKV := d.Resolve(n).(*ast.MappingValueNode); !isKV {
			d.add(start, "each model must be a mapping (name: ..., provider: ...), got %s", yamlpos.Kind(d.Resolve(n)))
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
		v := d.Resolve(kv.value)
		where[kv.key] = yamlpos.Position(v)
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
			d.add(yamlpos.Position(v), "%s %s", kv.key, msg)
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
		v := d.Resolve(kv.value)
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
			d.add(yamlpos.Position(v), "price %s must be a number, got %s", kv.key, yamlpos.Kind(v))
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
			return "must be a number, got " + yamlpos.Kind(n)
		}
		m.Temperature = &f
		return ""
	},
	"seed": func(m *ModelConfig, n ast.Node) string {
		i, ok := asInt(n)
		if !ok {
			return "must be an integer, got " + yamlpos.Kind(n)
		}
		m.Seed = &i
		return ""
	},
	"rpm": func(m *ModelConfig, n ast.Node) string {
		f, ok := asFloat(n)
		if !ok {
			return "must be a number of requests per minute, got " + yamlpos.Kind(n)
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
			return "must be a duration such as 90s or 2m, got " + yamlpos.Kind(n)
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
			return "must be a string, got " + yamlpos.Kind(n)
		}
		*field(m) = s
		return ""
	}
}

func integer(field func(*ModelConfig) *int) func(*ModelConfig, ast.Node) string {
	return func(m *ModelConfig, n ast.Node) string {
		i, ok := asInt(n)
		if !ok || i > math.MaxInt32 || i < math.MinInt32 {
			return "must be an integer, got " + yamlpos.Kind(n)
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
