package providers_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/providertest"
)

// scripted fails with each error of errs in turn, then answers "ok".
func scripted(errs ...error) (providers.Provider, *atomic.Int32) {
	var calls atomic.Int32
	return providers.Func(func(ctx context.Context, req providers.Request) (providers.Response, error) {
		n := int(calls.Add(1))
		if n <= len(errs) {
			return providers.Response{}, errs[n-1]
		}
		return providers.Response{Text: "ok"}, nil
	}), &calls
}

func status(code int, retryAfter time.Duration) error {
	e := providers.HTTPError("openai", "m", code, "server says no", nil)
	e.RetryAfter = retryAfter
	return e
}

func client(p providers.Provider, sl *providertest.Sleeps, o providers.ClientOptions) *providers.Client {
	o.Name, o.Provider, o.KeyEnv = "m", "openai", "OPENAI_API_KEY"
	o.Policy.Sleep = sl.Sleep
	o.Policy.Jitter = func(d time.Duration) time.Duration { return d } // the upper bound, to check it
	return providers.NewClient(p, o)
}

func TestClientRetries(t *testing.T) {
	reset := fmt.Errorf("read: %w", syscall.ECONNRESET)
	for _, tc := range []struct {
		name     string
		errs     []error
		attempts int
		ok       bool
		waits    string
		msg      string
	}{
		{"success", nil, 1, true, "[]", ""},
		{"429 retry-after wins over smaller backoff", []error{status(429, 3*time.Second)}, 2, true, "[3s]", ""},
		{"backoff doubles", []error{status(503, 0), status(500, 0), status(529, 0), reset, io.ErrUnexpectedEOF}, 6, true, "[1s 2s 4s 8s 16s]", ""},
		{"gives up after max attempts", []error{status(503, 0), status(503, 0), status(503, 0), status(503, 0), status(503, 0), status(503, 0)}, 6, false,
			"[1s 2s 4s 8s 16s]", "openai model m: 503 service unavailable (after 6 attempts): server says no"},
		{"400 fails at once", []error{status(400, 0)}, 1, false, "[]", "openai model m: 400 bad request: server says no"},
		{"401 names the key variable", []error{status(401, 0)}, 1, false, "[]", "openai model m: 401 unauthorized: check OPENAI_API_KEY"},
		{"403 names the key variable", []error{status(403, 0)}, 1, false, "[]", "openai model m: 403 forbidden: check OPENAI_API_KEY"},
		{"404, 422 fail at once", []error{status(422, 0)}, 1, false, "[]", "openai model m: 422 unprocessable entity: server says no"},
		{"foreign transient error", []error{errors.New("boom"), reset}, 1, false, "[]", "openai model m: boom"},
		{"retry-after beyond the limit ends retries", []error{status(429, time.Hour)}, 1, false, "[]",
			"openai model m: 429 too many requests: server asked to retry after 1h0m0s, longer than 5m0s: server says no"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sl := &providertest.Sleeps{}
			p, calls := scripted(tc.errs...)
			resp, err := client(p, sl, providers.ClientOptions{}).Chat(context.Background(), providers.Request{})
			if got := fmt.Sprint(sl.Waits()); got != tc.waits {
				t.Errorf("waits = %s, want %s", got, tc.waits)
			}
			if int(calls.Load()) != tc.attempts {
				t.Errorf("calls = %d, want %d", calls.Load(), tc.attempts)
			}
			if tc.ok {
				if err != nil || resp.Attempts != tc.attempts || resp.Text != "ok" {
					t.Errorf("resp = %+v, err = %v; want ok after %d attempts", resp, err, tc.attempts)
				}
				return
			}
			var e *providers.Error
			if !errors.As(err, &e) || e.Attempts != tc.attempts || err.Error() != tc.msg {
				t.Errorf("err = %v (attempts %d), want %q after %d attempts", err, e.Attempts, tc.msg, tc.attempts)
			}
		})
	}
}

func TestBackoffJitterAndCap(t *testing.T) {
	p := providers.Policy{Base: time.Second, Max: 10 * time.Second}.WithDefaults()
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 30: 10 * time.Second} {
		for range 50 {
			if d := p.Backoff(attempt, 0); d < 0 || d > want {
				t.Fatalf("Backoff(%d) = %v, want within [0, %v]", attempt, d, want)
			}
		}
	}
	if d := p.Backoff(1, 5*time.Second); d != 5*time.Second {
		t.Errorf("Retry-After 5s over backoff ≤1s: got %v", d)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 6, 1, 2, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"1": time.Second, "2.5": 2500 * time.Millisecond, "0": 0, "-3": 0, "": 0, "soon": 0,
		"Sun, 01 Jun 2025 02:00:07 GMT": 7 * time.Second,
		"Sun, 01 Jun 2025 01:59:00 GMT": 0,
	} {
		if got := providers.ParseRetryAfter(v, now); got != want {
			t.Errorf("ParseRetryAfter(%q) = %v, want %v", v, got, want)
		}
	}
	h := http.Header{"Retry-After": {"10"}, "Retry-After-Ms": {"1500"}}
	if got := providers.RetryAfterHeader(h, now); got != 1500*time.Millisecond {
		t.Errorf("retry-after-ms takes precedence: got %v", got)
	}
}

func TestRetryableStatus(t *testing.T) {
	for code, want := range map[int]bool{408: true, 409: true, 429: true, 500: true, 502: true, 503: true, 504: true, 529: true,
		400: false, 401: false, 403: false, 404: false, 422: false, 413: false} {
		if providers.RetryableStatus(code) != want {
			t.Errorf("RetryableStatus(%d) = %v", code, !want)
		}
	}
}

func TestClientCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := providers.Func(func(ctx context.Context, req providers.Request) (providers.Response, error) {
		cancel()
		return providers.Response{}, status(503, 0)
	})
	_, err := client(p, &providertest.Sleeps{}, providers.ClientOptions{}).Chat(ctx, providers.Request{})
	var e *providers.Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &e) || e.Attempts != 1 {
		t.Errorf("err = %v, want context.Canceled after 1 attempt", err)
	}
}

// A hung attempt hits the per-attempt timeout and is retried.
func TestClientAttemptTimeout(t *testing.T) {
	var calls atomic.Int32
	p := providers.Func(func(ctx context.Context, req providers.Request) (providers.Response, error) {
		if calls.Add(1) == 1 {
			<-ctx.Done()
			return providers.Response{}, &providers.Error{Err: ctx.Err()}
		}
		return providers.Response{Text: "ok"}, nil
	})
	resp, err := client(p, &providertest.Sleeps{}, providers.ClientOptions{Policy: providers.Policy{Timeout: 50 * time.Millisecond}}).
		Chat(context.Background(), providers.Request{})
	if err != nil || resp.Attempts != 2 {
		t.Errorf("resp = %+v, err = %v; want success on attempt 2", resp, err)
	}
}

// The concurrency cap holds across goroutines sharing one client.
func TestClientConcurrencyCap(t *testing.T) {
	var inFlight, peak atomic.Int32
	p := providers.Func(func(ctx context.Context, req providers.Request) (providers.Response, error) {
		n := inFlight.Add(1)
		for {
			old := peak.Load()
			if n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		inFlight.Add(-1)
		return providers.Response{}, nil
	})
	c := client(p, &providertest.Sleeps{}, providers.ClientOptions{Concurrency: 3})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() { c.Chat(context.Background(), providers.Request{}) })
	}
	wg.Wait()
	if peak.Load() > 3 || peak.Load() < 2 {
		t.Errorf("peak in flight = %d, want at most 3 (and some overlap)", peak.Load())
	}
}

// Config parameters fill what the request leaves unset.
func TestClientDefaults(t *testing.T) {
	var got providers.Request
	p := providers.Func(func(ctx context.Context, req providers.Request) (providers.Response, error) {
		got = req
		return providers.Response{}, nil
	})
	temp, own := 0.0, 0.7
	c := client(p, &providertest.Sleeps{}, providers.ClientOptions{Defaults: providers.Params{
		Temperature: &temp, MaxTokens: 100, Extra: map[string]any{"reasoning_effort": "low", "thinking_budget": 10},
	}})
	c.Chat(context.Background(), providers.Request{Temperature: &own, Extra: map[string]any{"reasoning_effort": "high"}})
	if got.Model != "m" || *got.Temperature != 0.7 || got.MaxTokens != 100 ||
		got.Extra["reasoning_effort"] != "high" || got.Extra["thinking_budget"] != 10 {
		t.Errorf("request = %+v", got)
	}
}

func TestRedact(t *testing.T) {
	inner := &providers.Error{Provider: "x", Model: "m", Err: errors.New("bad key sk-123 sent")}
	err := providers.Redact(inner, "sk-123", "")
	var e *providers.Error
	if strings.Contains(err.Error(), "sk-123") || !errors.As(err, &e) {
		t.Errorf("Redact = %q, as *Error: %v", err, errors.As(err, &e))
	}
}
