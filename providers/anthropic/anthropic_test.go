package anthropic_test

import (
	"strings"
	"testing"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/anthropic"
	"github.com/pushback/pushback/providers/providertest"
)

func harness() providertest.Harness {
	return providertest.Harness{
		Protocol: providertest.Anthropic,
		KeyEnv:   "ANTHROPIC_API_KEY",
		New: func(t testing.TB, baseURL, key string) providers.Provider {
			p, err := anthropic.New(anthropic.Config{
				Name: providertest.ModelName, Model: "test-model-id", BaseURL: baseURL, KeyEnv: "ANTHROPIC_API_KEY",
			}, key)
			if err != nil {
				t.Fatal(err)
			}
			return p
		},
		MultiTurnBody: func(t testing.TB, body map[string]any) {
			var roles []string
			for _, m := range body["messages"].([]any) {
				roles = append(roles, m.(map[string]any)["role"].(string))
			}
			if got := strings.Join(roles, ","); got != "user,assistant,user" {
				t.Errorf("roles = %s, want user,assistant,user", got)
			}
			sys, _ := body["system"].([]any)
			if len(sys) != 1 || sys[0].(map[string]any)["type"] != "text" {
				t.Errorf("system = %v, want one text block", body["system"])
			}
		},
		ImageBody: func(t testing.TB, body map[string]any) {
			blocks := body["messages"].([]any)[0].(map[string]any)["content"].([]any)
			if len(blocks) != 2 {
				t.Fatalf("content = %v, want an image block and a text block", blocks)
			}
			img := blocks[0].(map[string]any)
			src, _ := img["source"].(map[string]any)
			if img["type"] != "image" || src["type"] != "base64" || src["media_type"] != "image/png" ||
				!strings.HasPrefix(src["data"].(string), "iVBOR") {
				t.Errorf("image block = %v, want a base64 image/png source", img)
			}
		},
	}
}

func TestConformance(t *testing.T) { providertest.Run(t, harness()) }

func TestBatchConformance(t *testing.T) {
	providertest.RunBatch(t, providertest.BatchHarness{Harness: harness(), FindsByTag: false, ExpiredKeepsAnswers: true})
}

func TestThinkingAndHeaders(t *testing.T) {
	s := providertest.NewAnthropic(t, providertest.TestKey)
	// Environment defaults must not leak into the client.
	t.Setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:1/")
	t.Setenv("ANTHROPIC_CUSTOM_HEADERS", "X-Leak: yes")
	p, err := anthropic.New(anthropic.Config{Name: "c", Model: "claude-sonnet-4-5", BaseURL: s.BaseURL()}, providertest.TestKey)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Chat(t.Context(), providers.Request{
		Messages: []providers.Message{{Role: providers.RoleUser, Text: "hi"}},
		Extra:    map[string]any{providers.ExtraThinkingBudget: 2048},
	})
	if err != nil {
		t.Fatal(err)
	}
	ex := s.Last(t)
	th, _ := ex.Body["thinking"].(map[string]any)
	if th["type"] != "enabled" || th["budget_tokens"].(interface{ String() string }).String() != "2048" {
		t.Errorf("thinking = %v, want enabled with budget 2048", ex.Body["thinking"])
	}
	if mt := ex.Body["max_tokens"].(interface{ String() string }).String(); mt != "6144" {
		t.Errorf("max_tokens = %s, want 4096 + 2048", mt)
	}
	if ex.Header.Get("Anthropic-Version") == "" || ex.Header.Get("X-Leak") != "" {
		t.Errorf("headers = %v", ex.Header)
	}
}
