//go:build live

package anthropic_test

import (
	"cmp"
	"os"
	"strings"
	"testing"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/anthropic"
)

// TestLive calls the real API: go test -tags live ./providers/anthropic/
// (ANTHROPIC_MODEL overrides the model).
func TestLive(t *testing.T) {
	key := os.Getenv("ANTHROPIC_API_KEY")
	if key == "" {
		t.Skip("ANTHROPIC_API_KEY is not set")
	}
	model := cmp.Or(os.Getenv("ANTHROPIC_MODEL"), "claude-haiku-4-5")
	p, err := anthropic.New(anthropic.Config{Name: "live", Model: model, KeyEnv: "ANTHROPIC_API_KEY"}, key)
	if err != nil {
		t.Fatal(err)
	}
	c := providers.NewClient(p, providers.ClientOptions{Name: "live", Provider: "anthropic", KeyEnv: "ANTHROPIC_API_KEY", Policy: providers.Policy{MaxAttempts: 3}})
	r, err := c.Chat(t.Context(), providers.Request{MaxTokens: 50, Messages: []providers.Message{{Role: "user", Text: "What is 2+2? Reply with the number only."}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "4") || r.InputTokens == 0 || r.OutputTokens == 0 || r.Model == "" {
		t.Errorf("response = %+v", r)
	}
}
