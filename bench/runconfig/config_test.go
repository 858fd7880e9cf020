package runconfig

import (
	"strings"
	"testing"

	"github.com/pushback/pushback/providers"
)

func TestRoundTrip(t *testing.T) {
	c := Config{Models: []providers.ModelConfig{{Name: "a", Provider: "sim", Model: "oracle", APIKeyEnv: "K"}},
		Packs: []string{"hw10"}, Samples: 2, Concurrency: 4}
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unmarshal(b)
	if err != nil || got.Models[0].APIKeyEnv != "K" || got.Samples != 2 || got.Limit() != 4 {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if z, err := Unmarshal(nil); err != nil || z.Limit() != DefaultConcurrency {
		t.Errorf("empty config: %+v, %v", z, err)
	}
	if _, err := Unmarshal([]byte(`{"models": 3}`)); err == nil || !strings.Contains(err.Error(), "unreadable run config") {
		t.Errorf("bad config: %v", err)
	}
}
