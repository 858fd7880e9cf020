package providers

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Adaptive is a concurrency limit that finds a provider's rate limit by
// itself: it starts low, grows while calls succeed (doubling every round
// trip at first, then by one a round trip), and shrinks multiplicatively
// when the provider says it is at its limit — a 429 or 529, a rate-limit
// header with nothing left, or a Retry-After (which also holds back new
// calls for as long as it asks). The configured concurrency is its ceiling.
// It is safe for concurrent use.
//
// The window is the TCP congestion window's: slow start until the first
// sign of the limit, then additive increase, multiplicative decrease. A
// signal from a call that started before the last decrease is not counted
// again, so one burst of refusals cuts the window once.
type Adaptive struct {
	mu       sync.Mutex
	ceiling  int
	limit    float64 // the window: calls allowed in flight
	ssthresh float64 // below it the window doubles each round trip
	inFlight int
	waiters  []chan struct{}
	// resume holds new calls back until then (Retry-After, a spent quota).
	resume time.Time
	timer  *time.Timer
	// seq numbers the calls admitted; cut is the number of the first call
	// admitted after the window last shrank: a signal from an earlier call
	// is already accounted for.
	seq, cut uint64
	history  []LimitSample
	now      func() time.Time
	// stats
	limited, calls int
}

// LimitSample is the window at a moment of a run.
type LimitSample struct {
	At    time.Time
	Limit int
}

// adaptiveStart is the window a model starts with.
const adaptiveStart = 8

// Decrease factors: a refusal (429/529) is the provider's firm no, a
// rate-limit header at zero the warning before it.
const (
	betaRefused = 0.7
	betaWarned  = 0.9
)

// Growth: in slow start each success adds slowStartStep calls (the window
// triples every round trip); a provider whose rate-limit header shows
// fewer calls left than holdShare of the window holds it where it is.
const (
	slowStartStep = 2
	holdShare     = 0.5
)

// NewAdaptive returns a limit with the given ceiling (at least 1).
func NewAdaptive(ceiling int) *Adaptive { return newAdaptive(ceiling, time.Now) }

func newAdaptive(ceiling int, now func() time.Time) *Adaptive {
	ceiling = max(1, ceiling)
	a := &Adaptive{ceiling: ceiling, limit: float64(min(adaptiveStart, ceiling)), ssthresh: float64(ceiling), now: now}
	a.record()
	return a
}

// Ticket is one call admitted by Acquire; hand it back to Release.
type Ticket struct{ seq uint64 }

// Acquire waits until a call may start: fewer calls are in flight than the
// window allows and no Retry-After is holding calls back.
func (a *Adaptive) Acquire(ctx context.Context) (Ticket, error) {
	for {
		a.mu.Lock()
		now := a.now()
		wait := a.resume.Sub(now)
		if wait <= 0 && float64(a.inFlight) < a.window() {
			a.inFlight++
			a.calls++
			a.seq++
			t := Ticket{seq: a.seq}
			a.mu.Unlock()
			return t, nil
		}
		ch := make(chan struct{})
		a.waiters = append(a.waiters, ch)
		if wait > 0 && a.timer == nil {
			a.timer = time.AfterFunc(wait, a.wakeAfterPause)
		}
		a.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			a.mu.Lock()
			a.drop(ch)
			a.mu.Unlock()
			return Ticket{}, ctx.Err()
		}
	}
}

// window is the whole number of calls the window allows (at least one).
func (a *Adaptive) window() float64 { return max(1, float64(int(a.limit))) }

func (a *Adaptive) wakeAfterPause() {
	a.mu.Lock()
	a.timer = nil
	a.wake()
	a.mu.Unlock()
}

// wake lets waiting calls try again, as many as the window has room for.
func (a *Adaptive) wake() {
	room := int(a.window()) - a.inFlight
	for room > 0 && len(a.waiters) > 0 {
		close(a.waiters[0])
		a.waiters = a.waiters[1:]
		room--
	}
}

func (a *Adaptive) drop(ch chan struct{}) {
	for i, w := range a.waiters {
		if w == ch {
			a.waiters = append(a.waiters[:i], a.waiters[i+1:]...)
			return
		}
	}
	// Woken while giving up: pass the turn on.
	a.wake()
}

// Signal is what one response said about the provider's limit.
type Signal struct {
	// Refused: the provider turned the call away for load (429, 529, 503).
	Refused bool
	// Failed: the call failed for another reason; the window stays.
	Failed bool
	// RetryAfter is the wait the provider asked for, 0 if none.
	RetryAfter time.Duration
	// Remaining is the requests (or tokens) left in the provider's
	// current window, -1 when the response did not say.
	Remaining int
	// Reset is when the provider's window refills, 0 if unknown.
	Reset time.Duration
}

// NoSignal is a response that said nothing about the limit.
var NoSignal = Signal{Remaining: -1}

// Release ends a call and adjusts the window by what its response said.
func (a *Adaptive) Release(t Ticket, s Signal) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.inFlight--
	now := a.now()
	before := int(a.window())
	fresh := t.seq >= a.cut // the call started after the last cut
	switch {
	case s.Refused:
		a.limited++
		if fresh {
			a.shrink(betaRefused)
		}
	case s.Remaining == 0:
		if fresh {
			a.shrink(betaWarned)
		}
	case s.Failed:
	case s.Remaining > 0 && float64(s.Remaining) < a.limit*holdShare:
		// Close to the provider's limit: hold the window where it is.
		a.ssthresh = min(a.ssthresh, a.limit)
	case s.Remaining > 0 && float64(s.Remaining) < a.limit && a.limit < a.ssthresh:
		// Fewer calls left than in flight: grow slowly from here.
		a.ssthresh = a.limit
		a.limit = min(a.limit+1/a.limit, float64(a.ceiling))
	case a.limit < a.ssthresh:
		a.limit = min(a.limit+slowStartStep, float64(a.ceiling))
	default:
		a.limit = min(a.limit+1/a.limit, float64(a.ceiling))
	}
	if s.RetryAfter > 0 {
		if until := now.Add(s.RetryAfter); until.After(a.resume) {
			a.resume = until
		}
	}
	if int(a.window()) != before {
		a.record()
	}
	a.wake()
}

// shrink cuts the window by beta and leaves slow start.
func (a *Adaptive) shrink(beta float64) {
	a.limit = max(1, a.limit*beta)
	a.ssthresh = a.limit
	a.cut = a.seq + 1
}

// maxHistory bounds the samples kept; older ones are thinned.
const maxHistory = 512

func (a *Adaptive) record() {
	a.history = append(a.history, LimitSample{At: a.now(), Limit: int(a.window())})
	if len(a.history) > maxHistory {
		// Keep the first sample and every other one after it.
		kept := a.history[:1]
		for i := 2; i < len(a.history); i += 2 {
			kept = append(kept, a.history[i])
		}
		if last := a.history[len(a.history)-1]; kept[len(kept)-1] != last {
			kept = append(kept, last)
		}
		a.history = kept
	}
}

// AdaptiveStats is the state of a limit, for progress and reports.
type AdaptiveStats struct {
	Limit, Ceiling, InFlight int
	// Calls counts calls admitted; Refused those the provider refused.
	Calls, Refused int
}

// Stats returns the state of the limit now.
func (a *Adaptive) Stats() AdaptiveStats {
	a.mu.Lock()
	defer a.mu.Unlock()
	return AdaptiveStats{Limit: int(a.window()), Ceiling: a.ceiling, InFlight: a.inFlight, Calls: a.calls, Refused: a.limited}
}

// History returns the window's changes so far (at most a few hundred
// samples: a long run's are thinned evenly).
func (a *Adaptive) History() []LimitSample {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]LimitSample(nil), a.history...)
}

// SignalOf reads what a response says about the provider's limit: its
// status (429, 529) and the rate-limit headers of OpenAI
// (x-ratelimit-remaining-requests, x-ratelimit-reset-requests and the
// tokens pair), Anthropic (anthropic-ratelimit-*-remaining and -reset) and
// Retry-After / Retry-After-Ms. A 503 counts as a refusal: Gemini answers
// an overloaded model with it.
func SignalOf(status int, h http.Header, now time.Time) Signal {
	s := Signal{Refused: status == http.StatusTooManyRequests || status == 529 || status == http.StatusServiceUnavailable, Remaining: -1}
	if h == nil {
		return s
	}
	s.RetryAfter = RetryAfterHeader(h, now)
	for _, kind := range []string{"requests", "tokens", "input-tokens", "output-tokens"} {
		for _, pair := range [][2]string{
			{"X-Ratelimit-Remaining-" + kind, "X-Ratelimit-Reset-" + kind},
			{"Anthropic-Ratelimit-" + kind + "-Remaining", "Anthropic-Ratelimit-" + kind + "-Reset"},
		} {
			v := strings.TrimSpace(h.Get(pair[0]))
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				continue
			}
			if s.Remaining < 0 || n < s.Remaining {
				s.Remaining = n
				s.Reset = parseReset(h.Get(pair[1]), now)
			}
		}
	}
	return s
}

// parseReset reads a reset header: a Go-style duration as OpenAI sends
// ("1s", "6m0s", "20ms") or an RFC 3339 time as Anthropic does.
func parseReset(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return d
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
