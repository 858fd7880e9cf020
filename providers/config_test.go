package providers_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pushback/pushback/providers"
)

const designExample = `models:
  - name: gpt-4.1
    provider: openai            # openai | gemini | anthropic | sim | replay
    model: gpt-4.1
    api_key_env: OPENAI_API_KEY # the key itself never appears in config, logs or results
    base_url: ""                # any OpenAI-compatible server
    temperature: 0
    max_tokens: 4096
    concurrency: 8
    rpm: 500
    price: {input_per_mtok: 2.0, output_per_mtok: 8.0}
`

func TestParseConfigDesignExample(t *testing.T) {
	cfg, err := providers.ParseConfig("models.yaml", []byte(designExample))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Models) != 1 {
		t.Fatalf("models = %v", cfg.Models)
	}
	m := cfg.Models[0]
	if m.Name != "gpt-4.1" || m.Provider != "openai" || m.Model != "gpt-4.1" || m.APIKeyEnv != "OPENAI_API_KEY" ||
		m.Temperature == nil || *m.Temperature != 0 || m.MaxTokens != 4096 || m.Concurrency != 8 || m.RPM != 500 ||
		m.Price.InputPerMTok != 2 || m.Price.OutputPerMTok != 8 || m.Source != "models.yaml:2:5" {
		t.Errorf("decoded %+v", m)
	}
	if got := m.Cost(providers.Response{InputTokens: 1_000_000, OutputTokens: 500_000}); got != 6 {
		t.Errorf("cost = %v, want 6", got)
	}
}

func TestParseConfigAllFields(t *testing.T) {
	src := `defaults: &d
  provider: anthropic
  concurrency: 2
models:
  - <<: *d
    name: claude
    model: claude-sonnet-4-5
    timeout: 90s
    max_attempts: 3
    thinking_budget: 2048
    max_tokens: 8192
    seed: 42
  - {provider: gemini, model: gemini-2.5-pro, timeout: 30, reasoning_effort: low}
  - {name: old, provider: replay, model: gpt-4.1, cassettes: runs/2025-06-01}
  - {provider: sim, model: humble}
  - {provider: openai, model: llama3, base_url: "http://localhost:11434/v1"}
`
	_, err := providers.ParseConfig("m.yaml", []byte(src))
	if err == nil || err.Error() != `m.yaml:1:1: unknown field "defaults" here (known fields: judge, models)` {
		t.Fatalf("err = %v, want the unknown top-level field alone", err)
	}
	src = strings.Replace(src, "defaults: &d\n  provider: anthropic\n  concurrency: 2\nmodels:\n  - <<: *d\n",
		"models:\n  - &d\n    provider: anthropic\n    concurrency: 2\n", 1)
	cfg, err := providers.ParseConfig("m.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range cfg.Models {
		got = append(got, fmt.Sprintf("%s/%s/%s c=%d t=%v a=%d", m.Name, m.Provider, m.Model, m.Concurrency, m.Timeout, m.MaxAttempts))
	}
	want := []string{
		"claude/anthropic/claude-sonnet-4-5 c=2 t=1m30s a=3",
		"gemini-2.5-pro/gemini/gemini-2.5-pro c=32 t=30s a=0",
		"old/replay/gpt-4.1 c=0 t=0s a=0",
		"humble/sim/humble c=0 t=0s a=0",
		"llama3/openai/llama3 c=32 t=0s a=0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	c := cfg.Models[0]
	if *c.Seed != 42 || c.ThinkingBudget != 2048 || c.Params().Extra[providers.ExtraThinkingBudget] != 2048 {
		t.Errorf("claude = %+v", c)
	}
	if cfg.Models[2].Cassettes != "runs/2025-06-01" || cfg.Models[1].Params().Extra[providers.ExtraReasoningEffort] != "low" {
		t.Errorf("replay/gemini = %+v / %+v", cfg.Models[2], cfg.Models[1])
	}
	if envs := cfg.Models[4].KeyEnvs(); len(envs) != 0 {
		t.Errorf("a local openai-compatible server needs no key, got %v", envs)
	}
}

// Every problem of a config is reported at once, each at its position.
func TestParseConfigMergeKey(t *testing.T) {
	src := "models:\n  - &base\n    name: a\n    provider: sim\n    model: oracle\n  - <<: *base\n    name: b\n    model: humble\n"
	cfg, err := providers.ParseConfig("m.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.String(); got != "a (sim oracle)\nb (sim humble)" {
		t.Errorf("config = %q", got)
	}
}

func TestParseConfigErrors(t *testing.T) {
	src := `models:
  - name: a
    provider: openai
    model: gpt-4.1
    api_key: sk-live-123456
    temperature: hot
  - name: a
    provider: gpt
    model: x
  - name: b
    provider: sim
    model: genius
  - name: c
    provider: gemini
    max_tokens: 1.5
    timeout: soon
  - name: d
    provider: anthropic
    model: claude
    api_key_env: sk-ant-abc-123
    price: {input_per_mtok: cheap, per_call: 1}
  - just a string
`
	_, err := providers.ParseConfig("models.yaml", []byte(src))
	var errs providers.ConfigErrors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v (%T), want ConfigErrors", err, err)
	}
	want := []string{
		`models.yaml:5:5: unknown field "api_key": keys are never read from the config; set api_key_env to the name of the environment variable that holds the key`,
		`models.yaml:6:18: temperature must be a number, not a string`,
		`models.yaml:7:11: duplicate model name "a" (first defined at line 2)`,
		`models.yaml:8:15: unknown provider "gpt" (want one of openai, gemini, anthropic, sim, replay)`,
		`models.yaml:12:12: unknown sim persona "genius" (want one of oracle, sycophant, stubborn, humble, deflector)`,
		`models.yaml:13:5: model "c" has no model id`,
		`models.yaml:15:17: max_tokens must be an integer, not a number`,
		`models.yaml:16:14: timeout must be a duration such as 90s or 2m, not "soon"`,
		`models.yaml:20:18: api_key_env must name an environment variable (letters, digits, _), not hold a key`,
		`models.yaml:21:29: input_per_mtok must be a number, not a string`,
		`models.yaml:21:36: unknown field "per_call" in price (known fields: batch_discount, cache_write_per_mtok, cached_input_per_mtok, input_per_mtok, output_per_mtok)`,
		`models.yaml:22:5: models[5] must be a mapping, not a string`,
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\n\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	for _, secret := range []string{"sk-live-123456", "sk-ant-abc-123"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("errors quote %q", secret)
		}
	}
}

func TestParseConfigSyntaxAndEmpty(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"models:\n  - name: [a\n", "m.yaml:2:"},
		{"", "m.yaml: no models"},
		{"models: []\n", "m.yaml: no models: the models: list is empty"},
		{"models: {a: 1}\n", "m.yaml:1:9: models must be a list, not a mapping"},
	} {
		_, err := providers.ParseConfig("m.yaml", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want prefix %q", tc.src, err, tc.want)
		}
	}
}

func TestParseModels(t *testing.T) {
	ms, err := providers.ParseModels("openai:gpt-4.1, gemini:gemini-2.5-pro,sim:sycophant,replay:gpt-4o,anthropic:claude-sonnet-4-5")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, fmt.Sprintf("%s=%s:%s keys=%v c=%d cass=%s", m.Name, m.Provider, m.Model, m.KeyEnvs(), m.Concurrency, m.Cassettes))
	}
	want := "gpt-4.1=openai:gpt-4.1 keys=[OPENAI_API_KEY] c=32 cass=\n" +
		"gemini-2.5-pro=gemini:gemini-2.5-pro keys=[GEMINI_API_KEY GOOGLE_API_KEY] c=32 cass=\n" +
		"sycophant=sim:sycophant keys=[] c=0 cass=\n" +
		"gpt-4o=replay:gpt-4o keys=[] c=0 cass=cassettes\n" +
		"claude-sonnet-4-5=anthropic:claude-sonnet-4-5 keys=[ANTHROPIC_API_KEY] c=32 cass="
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
	_, err = providers.ParseModels("openai,foo:bar,sim:genius,sim:oracle,sim:oracle")
	wantErr := `--models: "openai" is not provider:model (e.g. openai:gpt-4.1, sim:sycophant)
--models: foo:bar: unknown provider "foo" (want one of openai, gemini, anthropic, sim, replay)
--models: sim:genius: unknown sim persona "genius" (want one of oracle, sycophant, stubborn, humble, deflector)
--models: sim:oracle: duplicate model name "oracle"`
	if err == nil || err.Error() != wantErr {
		t.Errorf("err =\n%v\nwant\n%s", err, wantErr)
	}
}

func TestKeys(t *testing.T) {
	env := map[string]string{"GOOGLE_API_KEY": "g-secret", "MY_KEY": "m-secret"}
	getenv := func(k string) string { return env[k] }
	for _, tc := range []struct {
		m        providers.ModelConfig
		env      string
		set      bool
		loggable string
	}{
		{providers.ModelConfig{Name: "g", Provider: "gemini", Model: "x"}, "GOOGLE_API_KEY", true, "g (gemini x, key from $GEMINI_API_KEY or $GOOGLE_API_KEY)"},
		{providers.ModelConfig{Name: "o", Provider: "openai", Model: "x"}, "OPENAI_API_KEY", false, "o (openai x, key from $OPENAI_API_KEY)"},
		{providers.ModelConfig{Name: "o2", Provider: "openai", Model: "x", APIKeyEnv: "MY_KEY", BaseURL: "https://user:pw@example.com/v1", RPM: 60, Concurrency: 2},
			"MY_KEY", true, "o2 (openai x, key from $MY_KEY, base_url https://example.com/v1, concurrency 2, rpm 60)"},
		{providers.ModelConfig{Name: "s", Provider: "sim", Model: "oracle"}, "", true, "s (sim oracle)"},
	} {
		env, set := tc.m.KeyStatus(getenv)
		if env != tc.env || set != tc.set {
			t.Errorf("%s: KeyStatus = %s, %v; want %s, %v", tc.m.Name, env, set, tc.env, tc.set)
		}
		for _, s := range []string{tc.m.String(), fmt.Sprintf("%v|%+v|%#v", tc.m, tc.m, tc.m)} {
			if strings.Contains(s, "secret") || strings.Contains(s, ":pw@") {
				t.Errorf("%s: printed %q", tc.m.Name, s)
			}
		}
		if tc.m.String() != tc.loggable {
			t.Errorf("String = %q, want %q", tc.m.String(), tc.loggable)
		}
	}
	if ms := providers.DefaultModels(getenv); len(ms) != 1 || ms[0].Provider != "gemini" {
		t.Errorf("DefaultModels = %v, want the gemini default", ms)
	}
	if ms := providers.DefaultModels(func(string) string { return "" }); len(ms) != 5 || ms[0].Provider != "sim" {
		t.Errorf("DefaultModels without keys = %v, want the five sims", ms)
	}
}

func TestModelPolicyAndParams(t *testing.T) {
	temp := 0.2
	m := providers.ModelConfig{Name: "m", Provider: "openai", Model: "o3", Temperature: &temp, MaxAttempts: 3,
		Timeout: time.Minute, ReasoningEffort: "high", MaxTokens: 10}
	co := m.ClientOptions()
	if co.Policy.MaxAttempts != 3 || co.Policy.Timeout != time.Minute || co.KeyEnv != "OPENAI_API_KEY" ||
		*co.Defaults.Temperature != 0.2 || co.Defaults.MaxTokens != 10 || co.Defaults.Extra[providers.ExtraReasoningEffort] != "high" {
		t.Errorf("client options = %+v", co)
	}
}

func TestBatchConfig(t *testing.T) {
	src := `models:
  - name: a
    provider: openai
    model: gpt-4.1
  - name: b
    provider: openai
    model: local
    base_url: http://localhost:8000/v1
  - name: c
    provider: openai
    model: local
    base_url: http://localhost:8000/v1
    batch: true
    price: {batch_discount: 0.25}
  - name: d
    provider: anthropic
    model: claude
    price: {batch_discount: 0}
`
	cfg, err := providers.ParseConfig("models.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		flag, noFlag bool
		discount     float64
	}{{true, false, 0.5}, {false, false, 0}, {true, true, 0.25}, {true, false, 0}} {
		m := cfg.Models[i]
		if m.UsesBatch(true) != want.flag || m.UsesBatch(false) != want.noFlag || m.BatchDiscount() != want.discount {
			t.Errorf("%s: batch with --batch %v, without %v, discount %g; want %+v", m.Name, m.UsesBatch(true), m.UsesBatch(false), m.BatchDiscount(), want)
		}
	}
	bad := `models:
  - name: s
    provider: sim
    model: oracle
    batch: true
  - name: o
    provider: openai
    model: gpt-4.1
    price: {batch_discount: 1.5}
`
	_, err = providers.ParseConfig("models.yaml", []byte(bad))
	want := "models.yaml:5:12: sim models have no batch API; remove batch: true\n" +
		"models.yaml:9:12: batch_discount 1.5 is outside [0, 1] (0.5: batch calls cost half)"
	if err == nil || err.Error() != want {
		t.Errorf("errors:\n%v\nwant:\n%s", err, want)
	}
}
