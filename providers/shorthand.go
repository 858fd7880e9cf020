package providers

import (
	"fmt"
	"strings"
)

// ParseModels reads the --models shorthand, a comma-separated list of
// provider:model (openai:gpt-4.1,gemini:gemini-2.5-pro,sim:sycophant,
// replay:NAME). Each becomes a ModelConfig named after its model, with the
// provider's defaults (key from the provider's usual variable, replay
// cassettes from DefaultCassetteDir). Every problem is reported at once.
func ParseModels(list string) ([]ModelConfig, error) {
	var (
		out  []ModelConfig
		errs ConfigErrors
		seen = map[string]bool{}
	)
	fail := func(format string, args ...any) {
		errs = append(errs, &ConfigError{File: "--models", Msg: fmt.Sprintf(format, args...)})
	}
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		kind, model, ok := strings.Cut(item, ":")
		kind, model = strings.TrimSpace(kind), strings.TrimSpace(model)
		if !ok || kind == "" || model == "" {
			fail("%q is not provider:model (e.g. openai:gpt-4.1, sim:sycophant)", item)
			continue
		}
		m := ModelConfig{Provider: kind, Model: model, Source: "--models"}
		m.applyDefaults()
		bad := false
		for _, p := range m.validate() {
			fail("%s: %s", item, p.msg)
			bad = true
		}
		if seen[m.Name] {
			fail("%s: duplicate model name %q", item, m.Name)
			bad = true
		}
		seen[m.Name] = true
		if !bad {
			out = append(out, m)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(out) == 0 {
		return nil, ConfigErrors{{File: "--models", Msg: "no models given"}}
	}
	return out, nil
}

// SimModels returns one model per sim persona: what a run uses when no key
// is set.
func SimModels() []ModelConfig {
	out := make([]ModelConfig, len(SimPersonas))
	for i, p := range SimPersonas {
		out[i] = ModelConfig{Name: p, Provider: KindSim, Model: p, Source: "default"}
	}
	return out
}

// Default model ids of DefaultModels.
const (
	DefaultOpenAIModel    = "gpt-4.1"
	DefaultGeminiModel    = "gemini-2.5-pro"
	DefaultAnthropicModel = "claude-sonnet-4-5"
)

// DefaultModels returns the models a run uses without --config or
// --models: one per real provider whose key variable is set (getenv is
// usually os.Getenv), or, when no key is set, SimModels.
func DefaultModels(getenv func(string) string) []ModelConfig {
	var out []ModelConfig
	for _, m := range []ModelConfig{
		{Provider: KindOpenAI, Model: DefaultOpenAIModel},
		{Provider: KindGemini, Model: DefaultGeminiModel},
		{Provider: KindAnthropic, Model: DefaultAnthropicModel},
	} {
		m.applyDefaults()
		m.Source = "default"
		if _, set := m.KeyStatus(getenv); set {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return SimModels()
	}
	return out
}

// Configured returns the models of cfg whose keys are set in the
// environment (getenv is usually os.Getenv), and those that are not.
// Models needing no key (sim, replay) are always usable.
func Configured(models []ModelConfig, getenv func(string) string) (usable, missing []ModelConfig) {
	for _, m := range models {
		if _, set := m.KeyStatus(getenv); set {
			usable = append(usable, m)
		} else {
			missing = append(missing, m)
		}
	}
	return usable, missing
}
