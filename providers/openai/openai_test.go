package openai_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/openai"
	"github.com/pushback/pushback/providers/providertest"
)

func harness() providertest.Harness {
	return providertest.Harness{
		Protocol: providertest.OpenAI,
		KeyEnv:   "OPENAI_API_KEY",
		New: func(t testing.TB, baseURL, key string) providers.Provider {
			p, err := openai.New(openai.Config{
				Name: providertest.ModelName, Model: "test-model-id", BaseURL: baseURL,
				Organization: "org-test", KeyEnv: "OPENAI_API_KEY",
			}, key)
			if err != nil {
				t.Fatal(err)
			}
			return p
		},
		MultiTurnBody: func(t testing.TB, body map[string]any) {
			msgs := body["messages"].([]any)
			var roles []string
			for _, m := range msgs {
				roles = append(roles, m.(map[string]any)["role"].(string))
			}
			if got := strings.Join(roles, ","); got != "system,user,assistant,user" {
				t.Errorf("roles = %s, want system,user,assistant,user", got)
			}
			if _, ok := msgs[2].(map[string]any)["content"].(string); !ok {
				t.Errorf("assistant content = %v, want a plain string", msgs[2])
			}
		},
		ImageBody: func(t testing.TB, body map[string]any) {
			parts := body["messages"].([]any)[0].(map[string]any)["content"].([]any)
			if len(parts) != 2 {
				t.Fatalf("content = %v, want a text part and an image_url part", parts)
			}
			img := parts[1].(map[string]any)
			url, _ := img["image_url"].(map[string]any)["url"].(string)
			if img["type"] != "image_url" || !strings.HasPrefix(url, "data:image/png;base64,iVBOR") {
				t.Errorf("image part = %v, want image_url with a data:image/png;base64 URL", img)
			}
		},
	}
}

func TestConformance(t *testing.T) { providertest.Run(t, harness()) }

func TestBatchConformance(t *testing.T) {
	providertest.RunBatch(t, providertest.BatchHarness{Harness: harness(), FindsByTag: true, ExpiredKeepsAnswers: true})
}

func TestRequestParameters(t *testing.T) {
	zero, seed := 0.0, int64(7)
	for _, tc := range []struct {
		name, model string
		req         providers.Request
		want        map[string]string // field → JSON value; "" means absent
	}{
		{"chat model, temperature 0 still sent", "gpt-4.1",
			providers.Request{Temperature: &zero, MaxTokens: 100, Seed: &seed},
			map[string]string{"temperature": "1e-45", "max_tokens": "100", "max_completion_tokens": "", "seed": "7"}},
		{"reasoning model", "o3-mini",
			providers.Request{Temperature: &zero, MaxTokens: 100, Extra: map[string]any{providers.ExtraReasoningEffort: "high"}},
			map[string]string{"temperature": "", "max_tokens": "", "max_completion_tokens": "100", "reasoning_effort": `"high"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := providertest.NewOpenAI(t, providertest.TestKey)
			p, err := openai.New(openai.Config{Name: "m", Model: tc.model, BaseURL: s.BaseURL(), Organization: "org-x"}, providertest.TestKey)
			if err != nil {
				t.Fatal(err)
			}
			tc.req.Messages = []providers.Message{{Role: providers.RoleUser, Text: "hi"}}
			if _, err := p.Chat(t.Context(), tc.req); err != nil {
				t.Fatal(err)
			}
			ex := s.Last(t)
			for k, want := range tc.want {
				got := ""
				if v, ok := ex.Body[k]; ok {
					b, _ := json.Marshal(v)
					got = string(b)
				}
				if got != want {
					t.Errorf("%s = %s, want %q", k, got, want)
				}
			}
			if ex.Header.Get("OpenAI-Organization") != "org-x" {
				t.Errorf("OpenAI-Organization = %q, want org-x", ex.Header.Get("OpenAI-Organization"))
			}
		})
	}
}

func TestNoKeyWithoutBaseURL(t *testing.T) {
	_, err := openai.New(openai.Config{Name: "gpt", Model: "gpt-4.1", KeyEnv: "OPENAI_API_KEY"}, "")
	if err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("err = %v, want one naming OPENAI_API_KEY", err)
	}
}
