package providers

import (
	"context"
	"math/rand/v2"
	"time"
)

// Policy is the retry policy shared by every provider: exponential backoff
// with full jitter, raised to the server's Retry-After when that is longer.
// The zero value is usable; zero fields take the defaults below.
type Policy struct {
	// MaxAttempts bounds the calls per request, the first included (default 6).
	MaxAttempts int
	// Base is the backoff before the second attempt; it doubles per attempt
	// up to Max (defaults 1s and 60s). The wait is drawn uniformly from
	// [0, backoff] ("full jitter").
	Base, Max time.Duration
	// Timeout bounds one attempt (default DefaultTimeout).
	Timeout time.Duration
	// MaxRetryAfter is the longest Retry-After the policy waits for
	// (default 5m); a server asking for more (a spent daily quota) ends the
	// retries at once.
	MaxRetryAfter time.Duration
	// Sleep waits d or until ctx is done (default: a timer). Tests inject a
	// recorder so backoff needs no real sleeping.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter draws the wait from [0, d] (default: uniform).
	Jitter func(d time.Duration) time.Duration
}

// Default values of Policy.
const (
	DefaultMaxAttempts   = 6
	DefaultBackoffBase   = time.Second
	DefaultBackoffMax    = 60 * time.Second
	DefaultMaxRetryAfter = 5 * time.Minute
)

// WithDefaults returns p with every zero field set to its default.
func (p Policy) WithDefaults() Policy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.Base <= 0 {
		p.Base = DefaultBackoffBase
	}
	if p.Max <= 0 {
		p.Max = DefaultBackoffMax
	}
	if p.Timeout <= 0 {
		p.Timeout = DefaultTimeout
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if p.Sleep == nil {
		p.Sleep = Sleep
	}
	if p.Jitter == nil {
		p.Jitter = fullJitter
	}
	return p
}

// Backoff returns the wait before attempt+1 after attempt (1-based) failed:
// a jittered exponential backoff, or retryAfter when that is longer.
// p must have its defaults set.
func (p Policy) Backoff(attempt int, retryAfter time.Duration) time.Duration {
	d := p.Base
	for i := 1; i < attempt && d < p.Max; i++ {
		d *= 2
	}
	d = min(d, p.Max)
	d = p.Jitter(d)
	return max(d, retryAfter)
}

func fullJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d + 1)
}

// Sleep waits d, or until ctx ends (returning its error).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
