//go:build live

package gemini_test

import (
	"cmp"
	"os"
	"strings"
	"testing"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/gemini"
)

// TestLive calls the real API: go test -tags live ./providers/gemini/
// (GEMINI_MODEL overrides the model).
func TestLive(t *testing.T) {
	env := "GEMINI_API_KEY"
	key := os.Getenv(env)
	if key == "" {
		env, key = "GOOGLE_API_KEY", os.Getenv("GOOGLE_API_KEY")
	}
	if key == "" {
		t.Skip("neither GEMINI_API_KEY nor GOOGLE_API_KEY is set")
	}
	model := cmp.Or(os.Getenv("GEMINI_MODEL"), "gemini-2.5-flash")
	p, err := gemini.New(t.Context(), gemini.Config{Name: "live", Model: model, KeyEnv: env}, key)
	if err != nil {
		t.Fatal(err)
	}
	c := providers.NewClient(p, providers.ClientOptions{Name: "live", Provider: "gemini", KeyEnv: env, Policy: providers.Policy{MaxAttempts: 3}})
	r, err := c.Chat(t.Context(), providers.Request{System: "Answer tersely.", Messages: []providers.Message{{Role: "user", Text: "What is 2+2? Reply with the number only."}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "4") || r.InputTokens == 0 || r.OutputTokens == 0 {
		t.Errorf("response = %+v", r)
	}
}
