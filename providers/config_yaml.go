package providers

import (
	"fmt"
	"os"
	"reflect"
	"strings"

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
// file, with the decoder task packs are read with (internal/yamlpos). It
// reports every problem at once, each as file:line:col: sentence, in a
// ConfigErrors.
func ParseConfig(file string, data []byte) (*Config, error) {
	errs := &yamlpos.Errors{File: file}
	root, ok := yamlpos.ParseDocument(data, errs, "no models: the file must have a models: list")
	if !ok {
		return nil, errs.List.Sorted()
	}
	d := yamlpos.NewDecoder(errs)
	d.UnknownField = unknownModelField
	cfg := &Config{File: file}
	d.Decode(root, reflect.ValueOf(cfg).Elem(), "")
	names := map[string]token.Position{}
	for i := range cfg.Models {
		checkModel(d, &cfg.Models[i], fmt.Sprintf("models[%d]", i), names)
	}
	if cfg.Judge != nil {
		checkModel(d, cfg.Judge, "judge", nil)
	}
	if _, written := d.Pos["models"]; !written && len(errs.List) == 0 {
		errs.AddFile("no models: the file must have a models: list")
	}
	if len(cfg.Models) == 0 && len(errs.List) == 0 {
		errs.AddFile("no models: the models: list is empty")
	}
	if len(errs.List) > 0 {
		return nil, errs.List.Sorted()
	}
	return cfg, nil
}

// checkModel fills a decoded model's defaults, validates it at the
// positions its fields were written, and checks its name is unique among
// names (nil: not checked).
func checkModel(d *yamlpos.Decoder, m *ModelConfig, path string, names map[string]token.Position) {
	keys := d.Keys[path]
	if len(keys) == 0 && !d.Bad[path] {
		if _, isMap := d.Pos[path]; isMap {
			d.Errs.AddAt(d.Pos[path], "%s is empty; a model needs provider: and model:", path)
		}
		return
	}
	if d.Bad[path] {
		return // not a mapping: already reported
	}
	start := modelStart(d, path)
	m.applyDefaults()
	m.Source = fmt.Sprintf("%s:%d:%d", d.Errs.File, start.Line, start.Column)
	at := func(field string) token.Position {
		if p, ok := d.Pos[path+"."+field]; ok {
			return p
		}
		return start
	}
	for _, p := range m.validate() {
		if !d.Bad[path+"."+p.field] {
			d.Errs.AddAt(at(p.field), "%s", p.msg)
		}
	}
	if names == nil || m.Name == "" {
		return
	}
	if first, dup := names[m.Name]; dup {
		d.Errs.AddAt(at("name"), "duplicate model name %q (first defined at line %d)", m.Name, first.Line)
		return
	}
	names[m.Name] = start
}

// modelStart is where a model's mapping starts: its first key.
func modelStart(d *yamlpos.Decoder, path string) token.Position {
	if p, ok := d.Pos[path+"#start"]; ok {
		return p
	}
	return d.Pos[path]
}

// unknownModelField words the message for a field models.yaml does not
// have: a field that looks like a key gets told where keys come from.
func unknownModelField(path, key string, known []string) string {
	if strings.HasPrefix(path, "models[") || path == "judge" {
		if strings.Contains(strings.ToLower(key), "key") && key != "api_key_env" {
			return fmt.Sprintf("unknown field %q: keys are never read from the config; set api_key_env to the name of the environment variable that holds the key", key)
		}
	}
	return ""
}
