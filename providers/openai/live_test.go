//go:build live

package openai_test

import (
	"os"
	"strings"
	"testing"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/openai"
)

// TestLive calls the real API: go test -tags live ./providers/openai/
// (OPENAI_MODEL overrides the model, OPENAI_BASE_URL the server).
func TestLive(t *testing.T) {
	key := os.Getenv("OPENAI_API_KEY")
	if key == "" {
		t.Skip("OPENAI_API_KEY is not set")
	}
	model := os.Getenv("OPENAI_MODEL")
	if model == "" {
		model = "gpt-4.1-mini"
	}
	p, err := openai.New(openai.Config{Name: "live", Model: model, BaseURL: os.Getenv("OPENAI_BASE_URL"), KeyEnv: "OPENAI_API_KEY"}, key)
	if err != nil {
		t.Fatal(err)
	}
	c := providers.NewClient(p, providers.ClientOptions{Name: "live", Provider: "openai", KeyEnv: "OPENAI_API_KEY", Policy: providers.Policy{MaxAttempts: 3}})
	r, err := c.Chat(t.Context(), providers.Request{MaxTokens: 50, Messages: []providers.Message{{Role: "user", Text: "What is 2+2? Reply with the number only."}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "4") || r.InputTokens == 0 || r.OutputTokens == 0 || r.Model == "" {
		t.Errorf("response = %+v", r)
	}
}
