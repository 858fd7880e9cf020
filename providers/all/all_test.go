package all_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"log/slog"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/all"
	"github.com/pushback/pushback/providers/anthropic"
	"github.com/pushback/pushback/providers/providertest"
)

const keyEnv = "PUSHBACK_TEST_KEY"

var protocols = []providertest.Protocol{providertest.OpenAI, providertest.Gemini, providertest.Anthropic}

func getenv(key string) func(string) string {
	return func(name string) string {
		if name == keyEnv {
			return key
		}
		return ""
	}
}

func model(p providertest.Protocol, s *providertest.Server) providers.ModelConfig {
	return providers.ModelConfig{
		Name: "m-" + string(p), Provider: string(p), Model: "model-id", APIKeyEnv: keyEnv, BaseURL: s.BaseURL(),
	}
}

func ask(c *providers.Client, text string) (providers.Response, error) {
	return c.Chat(context.Background(), providers.Request{
		Messages: []providers.Message{{Role: providers.RoleUser, Text: text}},
		Meta:     providers.Meta{Task: "t/1"},
	})
}

func TestNew(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		cfg  providers.ModelConfig
		want string // error text, "" for success
	}{
		{providers.ModelConfig{Name: "gpt", Provider: "openai", Model: "gpt-4.1"}, "model gpt: no API key: set OPENAI_API_KEY"},
		{providers.ModelConfig{Name: "gem", Provider: "gemini", Model: "gemini-2.5-pro"}, "model gem: no API key: set GEMINI_API_KEY or GOOGLE_API_KEY"},
		{providers.ModelConfig{Name: "cl", Provider: "anthropic", Model: "claude"}, "model cl: no API key: set ANTHROPIC_API_KEY"},
		{providers.ModelConfig{Name: "local", Provider: "openai", Model: "llama3", BaseURL: "http://127.0.0.1:11434/v1"}, ""},
		{providers.ModelConfig{Name: "s", Provider: "sim", Model: "humble"}, ""},
		{providers.ModelConfig{Name: "s", Provider: "sim", Model: "genius"}, "sim model s: unknown persona \"genius\" (want one of oracle, sycophant, stubborn, humble, deflector)"},
		{providers.ModelConfig{Name: "r", Provider: "replay", Model: "gpt-4.1", Cassettes: t.TempDir()}, "replay model r: open cassette"},
		{providers.ModelConfig{Name: "x", Provider: "bard", Model: "x"}, "model x: unknown provider \"bard\""},
	} {
		c, err := all.New(ctx, tc.cfg, all.Options{Getenv: getenv("")})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.cfg.Name, err)
		case tc.want == "" && c.Name() != tc.cfg.Name:
			t.Errorf("%s: client name %q", tc.cfg.Name, c.Name())
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
			t.Errorf("%s: err = %v, want prefix %q", tc.cfg.Name, err, tc.want)
		}
	}
	var mk *all.MissingKeyError
	if _, err := all.NewAll(ctx, providers.SimModels(), all.Options{}); err != nil {
		t.Errorf("sims: %v", err)
	}
	_, err := all.NewAll(ctx, []providers.ModelConfig{{Name: "a", Provider: "openai", Model: "x"}, {Name: "b", Provider: "anthropic", Model: "y"}}, all.Options{Getenv: getenv("")})
	if !errors.As(err, &mk) || strings.Count(err.Error(), "no API key") != 2 {
		t.Errorf("NewAll: err = %v, want both missing keys", err)
	}
}

// 20 workers share one client limited to 300 rpm against fakes that accept
// 5 requests a second: the limiter keeps every request within the limit.
func TestRateLimiterUnderConcurrency(t *testing.T) {
	for _, p := range protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			s := providertest.New(t, p, providertest.TestKey)
			s.SetRateLimit(5)
			cfg := model(p, s)
			cfg.RPM, cfg.Concurrency = 300, 20
			c, err := all.New(context.Background(), cfg, all.Options{Getenv: getenv(providertest.TestKey)})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			errs := work(c, 20, 12)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if s.Rejected() != 0 || s.Requests() != 12 {
				t.Errorf("rejected %d of %d requests, want 0 of 12", s.Rejected(), s.Requests())
			}
			if el := time.Since(start); el < 2*time.Second {
				t.Errorf("12 requests at 5/s took %v, want ≥ 2s", el)
			}
		})
	}
}

// Without a configured rpm, the fake rejects the excess of a burst with 429
// and Retry-After: 1; every rejected request waits it out and then gets
// through: no request is rejected twice.
func TestRetryAfterUnderConcurrency(t *testing.T) {
	s := providertest.NewOpenAI(t, providertest.TestKey)
	s.SetRateLimit(5)
	cfg := model(providertest.OpenAI, s)
	cfg.Concurrency = 20
	c, err := all.New(context.Background(), cfg, all.Options{Getenv: getenv(providertest.TestKey)})
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu       sync.Mutex
		attempts []int
		wg       sync.WaitGroup
	)
	for range 10 {
		wg.Go(func() {
			start := time.Now()
			r, err := ask(c, "hi")
			if err != nil {
				t.Error(err)
				return
			}
			if took := time.Since(start); r.Attempts == 2 && took < time.Second {
				t.Errorf("a rejected request was retried within %v, before its Retry-After: 1", took)
			}
			mu.Lock()
			attempts = append(attempts, r.Attempts)
			mu.Unlock()
		})
	}
	wg.Wait()
	retried := 0
	for _, a := range attempts {
		if a > 2 {
			t.Errorf("a request took %d attempts: rejected again after honouring Retry-After", a)
		}
		retried += a - 1
	}
	if s.Rejected() == 0 || s.Rejected() != retried || s.Requests() != 10+retried {
		t.Errorf("rejected %d, retried %d, requests %d; want some rejections, each retried once", s.Rejected(), retried, s.Requests())
	}
}

// work runs jobs requests on workers goroutines sharing c.
func work(c *providers.Client, workers, jobs int) []error {
	ch := make(chan int)
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for i := range ch {
				if _, err := ask(c, fmt.Sprint("job ", i)); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	for i := range jobs {
		ch <- i
	}
	close(ch)
	wg.Wait()
	return errs
}

// Everything the provider code writes or prints during real-provider calls,
// successful or not, is searched for the key: cassettes, the log, slog, error
// messages, and the printed forms of configs, clients and errors.
func TestNoKeyInAnythingWritten(t *testing.T) {
	var logs bytes.Buffer
	log.SetOutput(&logs)
	oldSlog := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { log.SetOutput(os.Stderr); slog.SetDefault(oldSlog) })

	dir := t.TempDir()
	var printed []string
	sl := &providertest.Sleeps{}
	for _, p := range protocols {
		s := providertest.New(t, p, providertest.TestKey)
		for _, key := range []string{providertest.TestKey, providertest.TestKey + "-wrong"} {
			cfg := model(p, s)
			c, err := all.New(context.Background(), cfg, all.Options{
				Getenv: getenv(key), RecordDir: dir, Policy: providers.Policy{Sleep: sl.Sleep},
			})
			if err != nil {
				t.Fatal(err)
			}
			s.Fail(providertest.Unauthorized(), providertest.Malformed(), providertest.Status(503), providertest.Status(400))
			for i := range 5 {
				r, err := ask(c, fmt.Sprintf("question %d", i))
				printed = append(printed, fmt.Sprintf("%v|%+v|%#v|%v|%+v|%v|%+v", err, err, err, r, r, c, cfg))
				if err != nil {
					printed = append(printed, errors.Unwrap(err).Error())
				}
			}
		}
		printed = append(printed, fmt.Sprintf("%+v", s.Exchanges()))
	}
	written := logs.String() + strings.Join(printed, "\n")
	files := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			written += string(b)
			files++
		}
		return nil
	})
	if files != 3 {
		t.Errorf("%d cassettes written, want one per provider", files)
	}
	if strings.Contains(written, providertest.TestKey) {
		i := strings.Index(written, providertest.TestKey)
		t.Errorf("the key was written: …%s…", written[max(0, i-200):min(len(written), i+80)])
	}
	for _, want := range []string{"401 unauthorized: check " + keyEnv, "malformed response body", "question 4"} {
		if !strings.Contains(written, want) {
			t.Errorf("nothing written contains %q: the test did not exercise that path", want)
		}
	}
}

// TestAdaptiveThroughEachSDK: every provider's client reads the limit's
// signals through its SDK: OpenAI's and Anthropic's rate-limit headers at
// zero shrink the window, and so does a 429 from each (Gemini sends no
// rate-limit headers); answers that say nothing let it grow.
func TestAdaptiveThroughEachSDK(t *testing.T) {
	headers := map[providertest.Protocol]string{
		providertest.OpenAI:    "x-ratelimit-remaining-requests",
		providertest.Anthropic: "anthropic-ratelimit-requests-remaining",
	}
	for _, p := range protocols {
		t.Run(string(p), func(t *testing.T) {
			s := providertest.New(t, p, providertest.TestKey)
			cfg := model(p, s)
			cfg.Concurrency = 50
			c, err := all.New(context.Background(), cfg, all.Options{Getenv: getenv(providertest.TestKey),
				Policy: providers.Policy{Base: time.Millisecond, Max: time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			a := c.Adaptive()
			if a == nil {
				t.Fatal("a real provider's model is not adaptive by default")
			}
			for range 3 {
				if _, err := ask(c, "hi"); err != nil {
					t.Fatal(err)
				}
			}
			if got := a.Stats().Limit; got != 14 { // 8 + 3 × 2
				t.Fatalf("window %d after 3 plain answers, want 14", got)
			}
			if h := headers[p]; h != "" {
				s.SetHeader(http.Header{http.CanonicalHeaderKey(h): {"0"}})
				if _, err := ask(c, "hi"); err != nil {
					t.Fatal(err)
				}
				if got := a.Stats().Limit; got != 12 { // 14 × 0.9
					t.Errorf("window %d after %s: 0, want 12", got, h)
				}
				s.SetHeader(nil)
			}
			before := a.Stats().Limit
			s.Fail(providertest.TooMany("0"))
			r, err := ask(c, "hi")
			if err != nil || r.Attempts != 2 {
				t.Fatalf("ask after a 429 = %+v, %v; want an answer on the second attempt", r, err)
			}
			if got, want := a.Stats().Limit, int(float64(before)*0.7)+1; got > want || a.Stats().Refused != 1 {
				t.Errorf("after a 429 the window is %d (was %d; want ≤ %d) with %d refused", got, before, want, a.Stats().Refused)
			}
		})
	}
}

// TestPromptCache: each provider's cached input tokens are read from its
// usage (OpenAI prompt_tokens_details.cached_tokens, Gemini
// cachedContentTokenCount, Anthropic cache_read_input_tokens and
// cache_creation_input_tokens) and priced at the cached and cache-write
// prices. Anthropic requests mark the shared prefix with cache_control only
// when later requests reuse it and it is long enough to be cached.
func TestPromptCache(t *testing.T) {
	long := strings.Repeat("The attention kernel maps queries and keys to features. ", 120) // 1,080 words, ~6,700 characters
	prefix := []providers.Message{{Role: providers.RoleUser, Text: long}, {Role: providers.RoleAssistant, Text: "O(N D M)"}}
	ask := func(c *providers.Client, pushback string, share int) providers.Response {
		t.Helper()
		msgs := append(append([]providers.Message{}, prefix...), providers.Message{Role: providers.RoleUser, Text: pushback})
		r, err := c.Chat(context.Background(), providers.Request{Messages: msgs, CachePrefix: share})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	price := func(v float64) *float64 { return &v }
	for _, p := range protocols {
		t.Run(string(p), func(t *testing.T) {
			s := providertest.New(t, p, providertest.TestKey)
			s.SetPromptCache(100)
			cfg := model(p, s)
			cfg.Model = "claude-sonnet-4-5"
			cfg.Price = providers.Price{InputPerMTok: 3, OutputPerMTok: 15, CachedInputPerMTok: price(0.3), CacheWritePerMTok: price(3.75)}
			c, err := all.New(context.Background(), cfg, all.Options{Getenv: getenv(providertest.TestKey)})
			if err != nil {
				t.Fatal(err)
			}
			first := ask(c, "Are you sure?", 2)
			second := ask(c, "I think it is O(N^2).", 2)
			prefixTokens := 1080 + 3 // the fake counts words
			if p == providertest.Anthropic {
				for i, ex := range s.Exchanges() {
					if !ex.Messages[1].CacheMark || ex.Messages[0].CacheMark || ex.Messages[2].CacheMark {
						t.Errorf("request %d: cache_control is not on the first answer alone", i+1)
					}
				}
				if first.CacheWriteTokens != prefixTokens || first.CachedInputTokens != 0 {
					t.Errorf("first request: %d written, %d read; want %d written", first.CacheWriteTokens, first.CachedInputTokens, prefixTokens)
				}
			} else if first.CachedInputTokens != 0 || first.CacheWriteTokens != 0 {
				t.Errorf("first request: %d read, %d written; want none", first.CachedInputTokens, first.CacheWriteTokens)
			}
			if second.CachedInputTokens != prefixTokens || second.CacheWriteTokens != 0 {
				t.Errorf("second request: %d read, %d written; want %d read", second.CachedInputTokens, second.CacheWriteTokens, prefixTokens)
			}
			if got := s.Last(t).InputTokens; second.InputTokens != got {
				t.Errorf("input tokens %d, the fake counted %d (cached ones included)", second.InputTokens, got)
			}
			// $3 per million uncached, $0.30 cached, $15 out.
			want := (float64(second.InputTokens-prefixTokens)*3 + float64(prefixTokens)*0.3 + float64(second.OutputTokens)*15) / 1e6
			if got := cfg.Cost(second); math.Abs(got-want) > 1e-12 {
				t.Errorf("cost of the cached request $%.8f, want $%.8f", got, want)
			}
			if p == providertest.Anthropic {
				want := (float64(first.InputTokens-prefixTokens)*3 + float64(prefixTokens)*3.75 + float64(first.OutputTokens)*15) / 1e6
				if got := cfg.Cost(first); math.Abs(got-want) > 1e-12 {
					t.Errorf("cost of the cache write $%.8f, want $%.8f", got, want)
				}
			}
		})
	}
}

// TestAnthropicCacheMarkOnlyWhereItPays: no cache_control when no later
// request shares the prefix, or when the prefix is shorter than the
// model's minimum cacheable length.
func TestAnthropicCacheMarkOnlyWhereItPays(t *testing.T) {
	s := providertest.New(t, providertest.Anthropic, providertest.TestKey)
	cfg := model(providertest.Anthropic, s)
	cfg.Model = "claude-haiku-4-5"
	c, err := all.New(context.Background(), cfg, all.Options{Getenv: getenv(providertest.TestKey)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		words, share int
	}{{2000, 0}, {1500, 2}} { // 2,000 words not shared; ~1,500 words ≈ 2,400 tokens < 4,096 for Haiku 4.5
		msgs := []providers.Message{{Role: providers.RoleUser, Text: strings.Repeat("word ", tc.words)},
			{Role: providers.RoleAssistant, Text: "42"}, {Role: providers.RoleUser, Text: "Are you sure?"}}
		if _, err := c.Chat(context.Background(), providers.Request{Messages: msgs, CachePrefix: tc.share}); err != nil {
			t.Fatal(err)
		}
		for _, m := range s.Last(t).Messages {
			if m.CacheMark {
				t.Errorf("%d words shared by %d: marked for caching", tc.words, tc.share)
			}
		}
	}
	if got := anthropic.MinCacheTokens("claude-sonnet-4-5-20250929"); got != 1024 {
		t.Errorf("Sonnet 4.5 minimum %d, want 1024", got)
	}
}
