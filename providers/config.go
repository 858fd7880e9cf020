package providers

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Provider kinds a model config may name.
const (
	KindOpenAI    = "openai"
	KindGemini    = "gemini"
	KindAnthropic = "anthropic"
	KindSim       = "sim"
	KindReplay    = "replay"
)

// Kinds lists the provider kinds in the order errors list them.
var Kinds = []string{KindOpenAI, KindGemini, KindAnthropic, KindSim, KindReplay}

// SimPersonas lists the personas of providers/sim, the valid models of a
// sim config. (It lives here so that config validation needs no import of sim.)
var SimPersonas = []string{"oracle", "sycophant", "stubborn", "humble", "deflector"}

// ReasoningEfforts lists the accepted values of reasoning_effort.
var ReasoningEfforts = []string{"none", "minimal", "low", "medium", "high", "xhigh", "max"}

// DefaultCassetteDir is where replay models look for cassettes when their
// config names no directory.
const DefaultCassetteDir = "cassettes"

// DefaultConcurrency caps the calls in flight to a real provider's model
// when the config does not say and its limit is fixed (adaptive: false).
const DefaultConcurrency = 4

// DefaultAdaptiveCeiling is the ceiling of a real model's adaptive limit
// when the config sets no concurrency.
const DefaultAdaptiveCeiling = 32

// Config is a models.yaml file.
type Config struct {
	File   string        `yaml:"-" json:"-"`
	Models []ModelConfig `yaml:"models" json:"models"`
	// Judge is the model that grades open-ended answers and labels stances
	// (the file's top-level judge:), used by a run unless --judge says
	// otherwise. It is not itself benchmarked.
	Judge *ModelConfig `yaml:"judge" json:"judge,omitempty"`
}

// Price is a model's price in dollars per million tokens.
type Price struct {
	InputPerMTok  float64 `yaml:"input_per_mtok" json:"input_per_mtok"`
	OutputPerMTok float64 `yaml:"output_per_mtok" json:"output_per_mtok"`
	// BatchDiscount is the share of the price a call through the batch API
	// saves (default DefaultBatchDiscount for the official endpoints of
	// OpenAI, Anthropic and Gemini, 0 elsewhere).
	BatchDiscount *float64 `yaml:"batch_discount" json:"batch_discount,omitempty"`
	// CachedInputPerMTok prices input tokens read from the provider's
	// prompt cache, CacheWritePerMTok those written to it (Anthropic);
	// unset, they cost InputPerMTok.
	CachedInputPerMTok *float64 `yaml:"cached_input_per_mtok" json:"cached_input_per_mtok,omitempty"`
	CacheWritePerMTok  *float64 `yaml:"cache_write_per_mtok" json:"cache_write_per_mtok,omitempty"`
}

// DefaultBatchDiscount is what OpenAI, Anthropic and Gemini take off the
// price of a call made through their batch APIs.
const DefaultBatchDiscount = 0.5

// ModelConfig is one configured model. It never holds a key: keys are read
// from the environment variable APIKeyEnv names only when a client is built.
type ModelConfig struct {
	Name         string   `yaml:"name" json:"name"`         // unique; shown in results (default: Model)
	Provider     string   `yaml:"provider" json:"provider"` // one of Kinds
	Model        string   `yaml:"model" json:"model"`       // provider's model id, sim persona, or recorded model name
	APIKeyEnv    string   `yaml:"api_key_env" json:"api_key_env,omitempty"`
	BaseURL      string   `yaml:"base_url" json:"base_url,omitempty"`
	Organization string   `yaml:"organization" json:"organization,omitempty"`
	Temperature  *float64 `yaml:"temperature" json:"temperature,omitempty"`
	MaxTokens    int      `yaml:"max_tokens" json:"max_tokens,omitempty"`
	Seed         *int64   `yaml:"seed" json:"seed,omitempty"`
	Concurrency  int      `yaml:"concurrency" json:"concurrency,omitempty"`
	// Adaptive (default true for real providers) makes Concurrency the
	// ceiling of a limit that finds the provider's rate limit; false keeps
	// Concurrency calls in flight whatever the provider says.
	Adaptive *bool   `yaml:"adaptive" json:"adaptive,omitempty"`
	RPM      float64 `yaml:"rpm" json:"rpm,omitempty"`
	// Timeout bounds one attempt (YAML: a duration such as 90s, or seconds).
	Timeout         time.Duration `yaml:"timeout" json:"timeout,omitempty"`
	MaxAttempts     int           `yaml:"max_attempts" json:"max_attempts,omitempty"`
	ReasoningEffort string        `yaml:"reasoning_effort" json:"reasoning_effort,omitempty"`
	ThinkingBudget  int           `yaml:"thinking_budget" json:"thinking_budget,omitempty"`
	// Cassettes is the directory a replay model reads (default DefaultCassetteDir).
	Cassettes string `yaml:"cassettes" json:"cassettes,omitempty"`
	Price     Price  `yaml:"price" json:"price"`
	// Batch sends the model's calls through its provider's batch API in
	// every run, as run --batch does for the official endpoints.
	Batch bool `yaml:"batch" json:"batch,omitempty"`
	// Source is where the model was defined: file:line:col or "--models".
	Source string `yaml:"-" json:"-"`
}

// String describes the model on one line. It never includes a key: the
// config holds none, only the name of the variable to read it from.
func (m ModelConfig) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s %s", m.Name, m.Provider, m.Model)
	if envs := m.KeyEnvs(); len(envs) > 0 {
		fmt.Fprintf(&b, ", key from $%s", strings.Join(envs, " or $"))
	}
	if m.BaseURL != "" {
		fmt.Fprintf(&b, ", base_url %s", redactURL(m.BaseURL))
	}
	if m.Concurrency > 0 {
		fmt.Fprintf(&b, ", concurrency %d", m.Concurrency)
	}
	if m.RPM > 0 {
		fmt.Fprintf(&b, ", rpm %g", m.RPM)
	}
	b.WriteString(")")
	return b.String()
}

// GoString is String, so %#v cannot print fields either.
func (m ModelConfig) GoString() string { return m.String() }

// String lists the configured models, one a line.
func (c *Config) String() string {
	lines := make([]string, len(c.Models))
	for i, m := range c.Models {
		lines[i] = m.String()
	}
	return strings.Join(lines, "\n")
}

// redactURL drops any user:password from a base URL.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	u.User = nil
	return u.String()
}

// KeyEnvs returns the environment variables the model's key is read from,
// in order: api_key_env when set, else the provider's default (Gemini tries
// GEMINI_API_KEY, then GOOGLE_API_KEY). Sim and replay need no key, and
// neither does an openai model with a base_url and no api_key_env (a local
// server): OPENAI_API_KEY is never sent to another host unless asked.
func (m ModelConfig) KeyEnvs() []string {
	if m.APIKeyEnv != "" {
		return []string{m.APIKeyEnv}
	}
	switch m.Provider {
	case KindOpenAI:
		if m.BaseURL != "" {
			return nil
		}
		return []string{"OPENAI_API_KEY"}
	case KindGemini:
		return []string{"GEMINI_API_KEY", "GOOGLE_API_KEY"}
	case KindAnthropic:
		return []string{"ANTHROPIC_API_KEY"}
	}
	return nil
}

// KeyStatus reports which variable the model's key comes from and whether
// it is set, without returning the key. For a model that needs no key it
// returns "" and true. getenv is usually os.Getenv.
func (m ModelConfig) KeyStatus(getenv func(string) string) (env string, set bool) {
	env, key := m.LookupKey(getenv)
	if len(m.KeyEnvs()) == 0 {
		return "", true
	}
	return env, key != ""
}

// LookupKey reads the model's key from the first of KeyEnvs that is set,
// returning that variable's name (the first one when none is set). Only
// client construction should call it: the key must go nowhere else.
func (m ModelConfig) LookupKey(getenv func(string) string) (env, key string) {
	envs := m.KeyEnvs()
	for _, e := range envs {
		if v := strings.TrimSpace(getenv(e)); v != "" {
			return e, v
		}
	}
	if len(envs) > 0 {
		return envs[0], ""
	}
	return "", ""
}

// Policy returns the retry policy the config asks for.
func (m ModelConfig) Policy() Policy {
	return Policy{MaxAttempts: m.MaxAttempts, Timeout: m.Timeout}
}

// Params returns the request parameters the config sets.
func (m ModelConfig) Params() Params {
	p := Params{Temperature: m.Temperature, MaxTokens: m.MaxTokens, Seed: m.Seed}
	if m.ReasoningEffort != "" || m.ThinkingBudget > 0 {
		p.Extra = map[string]any{}
		if m.ReasoningEffort != "" {
			p.Extra[ExtraReasoningEffort] = m.ReasoningEffort
		}
		if m.ThinkingBudget > 0 {
			p.Extra[ExtraThinkingBudget] = m.ThinkingBudget
		}
	}
	return p
}

// ClientOptions returns the Client options the config asks for.
func (m ModelConfig) ClientOptions() ClientOptions {
	env, _ := m.KeyStatus(func(string) string { return "" })
	return ClientOptions{
		Name: m.Name, Provider: m.Provider, KeyEnv: env,
		RPM: m.RPM, Concurrency: m.Concurrency, Adaptive: m.IsAdaptive(),
		Policy: m.Policy(), Defaults: m.Params(),
	}
}

// Cost returns the price in dollars of a response's tokens: uncached input,
// input read from and written to the prompt cache, and output.
func (m ModelConfig) Cost(r Response) float64 {
	p := m.Price
	cachedPrice, writePrice := p.InputPerMTok, p.InputPerMTok
	if p.CachedInputPerMTok != nil {
		cachedPrice = *p.CachedInputPerMTok
	}
	if p.CacheWritePerMTok != nil {
		writePrice = *p.CacheWritePerMTok
	}
	uncached := max(0, r.InputTokens-r.CachedInputTokens-r.CacheWriteTokens)
	return (float64(uncached)*p.InputPerMTok + float64(r.CachedInputTokens)*cachedPrice +
		float64(r.CacheWriteTokens)*writePrice + float64(r.OutputTokens)*p.OutputPerMTok) / 1e6
}

// UsesBatch reports whether a run sends the model's calls through its
// provider's batch API: with batch: true, or with run --batch (all) for a
// model of OpenAI, Anthropic or Gemini at its official endpoint (a
// compatible server at a base_url rarely has the batch endpoints, so it
// needs batch: true).
func (m ModelConfig) UsesBatch(all bool) bool {
	return m.Real() && (m.Batch || all && m.BaseURL == "")
}

// BatchDiscount is the share of the live price a batch call saves.
func (m ModelConfig) BatchDiscount() float64 {
	switch {
	case m.Price.BatchDiscount != nil:
		return *m.Price.BatchDiscount
	case m.Real() && m.BaseURL == "":
		return DefaultBatchDiscount
	}
	return 0
}

// IsAdaptive reports whether the model's calls in flight adapt to its
// provider's limit: by default for real providers, never for sim and
// replay models (they have no limit to find).
func (m ModelConfig) IsAdaptive() bool {
	return m.Real() && (m.Adaptive == nil || *m.Adaptive)
}

// Real reports whether the model calls a remote API (and needs a key).
func (m ModelConfig) Real() bool {
	return m.Provider == KindOpenAI || m.Provider == KindGemini || m.Provider == KindAnthropic
}

// applyDefaults fills the fields a config may leave out.
func (m *ModelConfig) applyDefaults() {
	if m.Name == "" {
		m.Name = m.Model
	}
	if m.Real() && m.Concurrency == 0 {
		m.Concurrency = DefaultConcurrency
		if m.IsAdaptive() {
			m.Concurrency = DefaultAdaptiveCeiling
		}
	}
	if m.Provider == KindReplay && m.Cassettes == "" {
		m.Cassettes = DefaultCassetteDir
	}
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// problem is one validation failure: the field it concerns and a sentence.
type problem struct {
	field string
	msg   string
}

// validate checks one model after decoding; it never quotes api_key_env,
// which might hold a key pasted by mistake.
func (m *ModelConfig) validate() []problem {
	var ps []problem
	add := func(field, format string, args ...any) {
		ps = append(ps, problem{field, fmt.Sprintf(format, args...)})
	}
	switch {
	case m.Provider == "":
		add("provider", "model %q has no provider (want one of %s)", m.Name, strings.Join(Kinds, ", "))
	case !slices.Contains(Kinds, m.Provider):
		add("provider", "unknown provider %q (want one of %s)", m.Provider, strings.Join(Kinds, ", "))
	}
	switch {
	case m.Model == "":
		add("model", "model %q has no model id", m.Name)
	case m.Provider == KindSim && !slices.Contains(SimPersonas, m.Model):
		add("model", "unknown sim persona %q (want one of %s)", m.Model, strings.Join(SimPersonas, ", "))
	}
	if m.APIKeyEnv != "" && !envName.MatchString(m.APIKeyEnv) {
		add("api_key_env", "api_key_env must name an environment variable (letters, digits, _), not hold a key")
	}
	if m.BaseURL != "" {
		if u, err := url.Parse(m.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("base_url", "base_url %q is not an http(s) URL", redactURL(m.BaseURL))
		}
	}
	if m.Temperature != nil && (*m.Temperature < 0 || *m.Temperature > 2) {
		add("temperature", "temperature %g is outside [0, 2]", *m.Temperature)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"max_tokens", float64(m.MaxTokens)}, {"concurrency", float64(m.Concurrency)}, {"rpm", m.RPM},
		{"max_attempts", float64(m.MaxAttempts)}, {"thinking_budget", float64(m.ThinkingBudget)},
		{"timeout", float64(m.Timeout)}, {"price", m.Price.InputPerMTok}, {"price", m.Price.OutputPerMTok}} {
		if f.v < 0 {
			add(f.name, "%s must not be negative", f.name)
		}
	}
	if d := m.Price.BatchDiscount; d != nil && (*d < 0 || *d > 1) {
		add("price", "batch_discount %g is outside [0, 1] (0.5: batch calls cost half)", *d)
	}
	if m.Batch && !m.Real() && m.Provider != "" {
		add("batch", "%s models have no batch API; remove batch: true", m.Provider)
	}
	if m.ReasoningEffort != "" && !slices.Contains(ReasoningEfforts, m.ReasoningEffort) {
		add("reasoning_effort", "unknown reasoning_effort %q (want one of %s)", m.ReasoningEffort, strings.Join(ReasoningEfforts, ", "))
	}
	if m.ThinkingBudget > 0 && m.MaxTokens > 0 && m.Provider == KindAnthropic && m.ThinkingBudget >= m.MaxTokens {
		add("thinking_budget", "thinking_budget %d must be less than max_tokens %d", m.ThinkingBudget, m.MaxTokens)
	}
	return ps
}
