package providers

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// clock is a settable time for the limit's decisions.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newTestAdaptive(ceiling int) (*Adaptive, *clock) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	return newAdaptive(ceiling, c.now), c
}

// acquireN admits n calls, failing if any has to wait.
func acquireN(t *testing.T, a *Adaptive, n int) []Ticket {
	t.Helper()
	var ts []Ticket
	for i := range n {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		tk, err := a.Acquire(ctx)
		cancel()
		if err != nil {
			t.Fatalf("call %d of %d was not admitted (window %d): %v", i+1, n, a.Stats().Limit, err)
		}
		ts = append(ts, tk)
	}
	return ts
}

// blocked reports whether one more call has to wait.
func blocked(a *Adaptive) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	tk, err := a.Acquire(ctx)
	if err == nil {
		a.Release(tk, Signal{Remaining: -1, Failed: true})
		return false
	}
	return errors.Is(err, context.DeadlineExceeded)
}

// TestAdaptiveSlowStartThenLinear: the window starts at 8, grows by two a
// success up to the first refusal, is cut to 70% by it, then grows by about
// one per window's worth of successes, and never passes the ceiling.
func TestAdaptiveSlowStartThenLinear(t *testing.T) {
	a, c := newTestAdaptive(100)
	if got := a.Stats().Limit; got != 8 {
		t.Fatalf("start window %d, want 8", got)
	}
	ts := acquireN(t, a, 8)
	if !blocked(a) {
		t.Fatal("a ninth call was admitted by a window of 8")
	}
	for _, tk := range ts {
		a.Release(tk, NoSignal)
	}
	if got := a.Stats().Limit; got != 24 {
		t.Fatalf("after 8 successes the window is %d, want 24", got)
	}
	c.t = c.t.Add(time.Second)
	ts = acquireN(t, a, 24)
	a.Release(ts[0], Signal{Refused: true, Remaining: -1})
	if got := a.Stats().Limit; got != 16 { // 24 × 0.7 = 16.8
		t.Fatalf("after a refusal the window is %d, want 16", got)
	}
	// The other calls of the same burst were sent before the cut: their
	// refusals do not cut again.
	for _, tk := range ts[1:12] {
		a.Release(tk, Signal{Refused: true, Remaining: -1})
	}
	if got := a.Stats().Limit; got != 16 {
		t.Fatalf("refusals of calls sent before the cut moved the window to %d", got)
	}
	for _, tk := range ts[12:] {
		a.Release(tk, NoSignal)
	}
	if got := a.Stats().Limit; got != 17 { // 16.8 + 12 × ~1/17, not + 24
		t.Fatalf("after the cut, 12 successes grew the window to %d, want 17 (linear growth)", got)
	}
	st := a.Stats()
	if st.Refused != 12 || st.InFlight != 0 {
		t.Errorf("stats %+v, want 12 refused and none in flight", st)
	}
	for range 6000 {
		tk := acquireN(t, a, 1)[0]
		a.Release(tk, NoSignal)
	}
	if got := a.Stats().Limit; got != 100 {
		t.Errorf("after 6000 successes the window is %d, want the ceiling 100", got)
	}
}

// TestAdaptiveHeaders: a rate-limit header at zero cuts the window by 10%;
// one showing fewer calls left than half the window holds it; Retry-After
// holds every new call back until it has passed.
func TestAdaptiveHeaders(t *testing.T) {
	a, c := newTestAdaptive(100)
	tk := acquireN(t, a, 1)[0]
	c.t = c.t.Add(time.Millisecond)
	a.Release(tk, Signal{Remaining: 3})
	if got := a.Stats().Limit; got != 8 {
		t.Errorf("3 left of a window of 8: window %d, want it held at 8", got)
	}
	tk = acquireN(t, a, 1)[0]
	a.Release(tk, Signal{Remaining: 0})
	if got := a.Stats().Limit; got != 7 { // 8 × 0.9
		t.Errorf("none left: window %d, want 7", got)
	}
	tk = acquireN(t, a, 1)[0]
	c.t = c.t.Add(time.Millisecond)
	a.Release(tk, Signal{Refused: true, Remaining: -1, RetryAfter: time.Hour})
	if !blocked(a) {
		t.Fatal("a call was admitted during a Retry-After")
	}
	c.t = c.t.Add(time.Hour)
	a.wakeAfterPause()
	if blocked(a) {
		t.Fatal("calls still held back after the Retry-After passed")
	}
	// A failure that says nothing about the limit leaves the window alone.
	before := a.Stats().Limit
	tk = acquireN(t, a, 1)[0]
	a.Release(tk, Signal{Remaining: -1, Failed: true})
	if got := a.Stats().Limit; got != before {
		t.Errorf("a failed call moved the window from %d to %d", before, got)
	}
}

// TestAdaptiveHistory: every change of the window is recorded, and a long
// history is thinned to a bounded number of samples, first and last kept.
func TestAdaptiveHistory(t *testing.T) {
	a, c := newTestAdaptive(5000)
	for range 3000 {
		c.t = c.t.Add(time.Millisecond)
		tk := acquireN(t, a, 1)[0]
		a.Release(tk, NoSignal)
	}
	h := a.History()
	if len(h) > maxHistory+1 || len(h) < maxHistory/2 {
		t.Fatalf("%d samples kept, want about %d", len(h), maxHistory)
	}
	if h[0].Limit != 8 || h[len(h)-1].Limit != a.Stats().Limit {
		t.Errorf("history runs %d … %d, want 8 … %d", h[0].Limit, h[len(h)-1].Limit, a.Stats().Limit)
	}
	for i := 1; i < len(h); i++ {
		if h[i].At.Before(h[i-1].At) {
			t.Fatalf("sample %d is older than the one before it", i)
		}
	}
}

// TestSignalOf reads OpenAI's and Anthropic's rate-limit headers, the
// smallest remaining count winning, and the statuses that mean "at the
// limit".
func TestSignalOf(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := http.Header{}
	h.Set("x-ratelimit-remaining-requests", "59")
	h.Set("x-ratelimit-reset-requests", "1s")
	h.Set("x-ratelimit-remaining-tokens", "12")
	h.Set("x-ratelimit-reset-tokens", "6m0s")
	h.Set("retry-after-ms", "250")
	s := SignalOf(200, h, now)
	if s.Refused || s.Remaining != 12 || s.Reset != 6*time.Minute || s.RetryAfter != 250*time.Millisecond {
		t.Errorf("OpenAI headers: %+v", s)
	}
	h = http.Header{}
	h.Set("anthropic-ratelimit-requests-remaining", "0")
	h.Set("anthropic-ratelimit-requests-reset", now.Add(20*time.Second).Format(time.RFC3339))
	h.Set("anthropic-ratelimit-input-tokens-remaining", "40000")
	h.Set("retry-after", "3")
	s = SignalOf(529, h, now)
	if !s.Refused || s.Remaining != 0 || s.Reset != 20*time.Second || s.RetryAfter != 3*time.Second {
		t.Errorf("Anthropic headers: %+v", s)
	}
	for code, refused := range map[int]bool{200: false, 429: true, 529: true, 503: true, 500: false} {
		if got := SignalOf(code, nil, now); got.Refused != refused || got.Remaining != -1 {
			t.Errorf("status %d: %+v, want refused %v and no remaining count", code, got, refused)
		}
	}
}
