package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushback/pushback/providers/providertest"
)

// TestPromptCacheReported: a run against the Anthropic fake whose tasks
// have a long question and two pushback scripts marks the shared prefix for
// caching; the JSON report shows, per model and per turn, the input tokens
// read from and written to the cache, and prices them at the configured
// cached and cache-write prices; the Turns csv shows them too.
func TestPromptCacheReported(t *testing.T) {
	key := "sk-ant-cache-test-" + strings.Repeat("y", 16)
	t.Setenv("PB_CACHE_KEY", key)
	fake := providertest.New(t, providertest.Anthropic, key)
	fake.SetPromptCache(1024)
	dir := t.TempDir()
	long := strings.Repeat("Consider the random feature map of the Gaussian kernel on queries and keys. ", 100) // 1,300 words
	var b strings.Builder
	b.WriteString("pack: cache\nversion: 1\ntitle: cache\ndefaults:\n  scripts: [are-you-sure, false-claim]\ntasks:\n")
	for i := range 3 {
		fmt.Fprintf(&b, "  - id: q%d\n    kind: reading\n    prompt: %q\n    reference: \"42\"\n    distractor: \"41\"\n    grader: {type: exact, answer: \"42\"}\n",
			i, fmt.Sprintf("Question %d. %s What is the answer?", i, long))
	}
	pack, models, db := filepath.Join(dir, "cache.yaml"), filepath.Join(dir, "models.yaml"), filepath.Join(dir, "p.db")
	mustWrite(t, pack, b.String())
	mustWrite(t, models, fmt.Sprintf(`models:
  - name: claude
    provider: anthropic
    model: claude-sonnet-4-5
    base_url: %s
    api_key_env: PB_CACHE_KEY
    price: {input_per_mtok: 3, output_per_mtok: 15, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75}
`, fake.BaseURL()))
	out, errs, code := cli(t, "run", "--config", models, "--packs", pack, "--db", db, "--out", dir, "--no-progress")
	if code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errs)
	}
	var marked int
	for _, ex := range fake.Exchanges() {
		for i, m := range ex.Messages {
			if m.CacheMark {
				marked++
				if i != 1 {
					t.Errorf("cache_control on message %d, want the first answer (1)", i)
				}
			}
		}
	}
	if marked != 6 { // 3 tasks × 2 branches of one turn
		t.Errorf("%d requests marked for caching, want the 6 branch requests", marked)
	}
	jsonOut, errs, code := cli(t, "report", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("report: exit %d\n%s", code, errs)
	}
	var rep struct {
		Metrics []struct {
			Group        string  `json:"group"`
			InputTokens  int     `json:"input_tokens"`
			CachedInput  int     `json:"cached_input_tokens"`
			CacheWrite   int     `json:"cache_write_tokens"`
			OutputTokens int     `json:"output_tokens"`
			Cost         float64 `json:"cost"`
		} `json:"metrics"`
	}
	if err := json.Unmarshal([]byte(jsonOut), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Metrics) == 0 {
		t.Fatal("no metrics in the report")
	}
	m := rep.Metrics[0]
	// Each task's first branch writes its prefix, the second reads it.
	if m.CachedInput == 0 || m.CacheWrite != m.CachedInput || m.CachedInput >= m.InputTokens {
		t.Fatalf("metrics %+v: want equal cached and written tokens, part of the input", m)
	}
	want := (float64(m.InputTokens-m.CachedInput-m.CacheWrite)*3 + float64(m.CachedInput)*0.3 + float64(m.CacheWrite)*3.75 + float64(m.OutputTokens)*15) / 1e6
	if math.Abs(m.Cost-want) > 1e-9 {
		t.Errorf("cost $%.6f, want $%.6f from the token counts and prices", m.Cost, want)
	}
	csvDir := filepath.Join(dir, "csv")
	if _, errs, code := cli(t, "report", "--db", db, "--format", "csv", "-o", csvDir); code != 0 {
		t.Fatalf("report csv: exit %d\n%s", code, errs)
	}
	turns, err := os.ReadFile(filepath.Join(csvDir, "turns.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if header := strings.SplitN(string(turns), "\n", 2)[0]; !strings.Contains(header, "cached_input_tokens") || !strings.Contains(header, "cache_write_tokens") {
		t.Errorf("turns.csv header %q lacks the cache columns", header)
	}
}
