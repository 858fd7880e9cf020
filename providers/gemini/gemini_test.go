package gemini_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/gemini"
	"github.com/pushback/pushback/providers/providertest"
)

func harness() providertest.Harness {
	return providertest.Harness{
		Protocol: providertest.Gemini,
		KeyEnv:   "GEMINI_API_KEY",
		New: func(t testing.TB, baseURL, key string) providers.Provider {
			p, err := gemini.New(context.Background(), gemini.Config{
				Name: providertest.ModelName, Model: "test-model-id", BaseURL: baseURL, KeyEnv: "GEMINI_API_KEY",
			}, key)
			if err != nil {
				t.Fatal(err)
			}
			return p
		},
		MultiTurnBody: func(t testing.TB, body map[string]any) {
			var roles []string
			for _, c := range body["contents"].([]any) {
				roles = append(roles, c.(map[string]any)["role"].(string))
			}
			if got := strings.Join(roles, ","); got != "user,model,user" {
				t.Errorf("roles = %s, want user,model,user", got)
			}
			si, _ := body["systemInstruction"].(map[string]any)
			if si == nil || len(si["parts"].([]any)) != 1 {
				t.Errorf("systemInstruction = %v, want one text part", body["systemInstruction"])
			}
		},
		ImageBody: func(t testing.TB, body map[string]any) {
			parts := body["contents"].([]any)[0].(map[string]any)["parts"].([]any)
			if len(parts) != 2 {
				t.Fatalf("parts = %v, want a text part and an inlineData part", parts)
			}
			inline, _ := parts[1].(map[string]any)["inlineData"].(map[string]any)
			if inline["mimeType"] != "image/png" || !strings.HasPrefix(inline["data"].(string), "iVBOR") {
				t.Errorf("image part = %v, want inlineData with image/png base64 data", parts[1])
			}
		},
	}
}

func TestConformance(t *testing.T) { providertest.Run(t, harness()) }

func TestBatchConformance(t *testing.T) {
	providertest.RunBatch(t, providertest.BatchHarness{Harness: harness(), FindsByTag: true, ExpiredKeepsAnswers: false})
}

func TestRequestParameters(t *testing.T) {
	s := providertest.NewGemini(t, providertest.TestKey)
	p, err := gemini.New(context.Background(), gemini.Config{Name: "g", Model: "gemini-2.5-pro", BaseURL: s.BaseURL()}, providertest.TestKey)
	if err != nil {
		t.Fatal(err)
	}
	zero, seed := 0.0, int64(3)
	_, err = p.Chat(t.Context(), providers.Request{
		Messages:    []providers.Message{{Role: providers.RoleUser, Text: "hi"}},
		Temperature: &zero, MaxTokens: 256, Seed: &seed,
		Extra: map[string]any{providers.ExtraThinkingBudget: 1024},
	})
	if err != nil {
		t.Fatal(err)
	}
	ex := s.Last(t)
	b, _ := json.Marshal(ex.Body["generationConfig"])
	want := `{"maxOutputTokens":256,"seed":3,"temperature":0,"thinkingConfig":{"thinkingBudget":1024}}`
	if string(b) != want {
		t.Errorf("generationConfig = %s, want %s", b, want)
	}
	if ex.Path != "/v1beta/models/gemini-2.5-pro:generateContent" {
		t.Errorf("path = %s", ex.Path)
	}
}

// The backend is pinned to the Gemini API: GOOGLE_GENAI_USE_VERTEXAI and
// GOOGLE_GEMINI_BASE_URL in the environment change nothing.
func TestIgnoresEnvironment(t *testing.T) {
	s := providertest.NewGemini(t, providertest.TestKey)
	t.Setenv("GOOGLE_GENAI_USE_VERTEXAI", "true")
	t.Setenv("GOOGLE_GEMINI_BASE_URL", "http://127.0.0.1:1/")
	p, err := gemini.New(context.Background(), gemini.Config{Name: "g", Model: "m", BaseURL: s.BaseURL()}, providertest.TestKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Chat(t.Context(), providers.Request{Messages: []providers.Message{{Role: providers.RoleUser, Text: "hi"}}}); err != nil {
		t.Fatal(err)
	}
	if s.Requests() != 1 {
		t.Errorf("requests = %d, want 1", s.Requests())
	}
}
