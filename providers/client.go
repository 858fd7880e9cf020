package providers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"time"

	"golang.org/x/sync/semaphore"
	"golang.org/x/time/rate"
)

// Params are the request parameters a model's config sets; Client applies
// them to every request that leaves them unset.
type Params struct {
	Temperature *float64
	MaxTokens   int
	Seed        *int64
	Extra       map[string]any
}

// ClientOptions configure a Client.
type ClientOptions struct {
	Name     string // the configured model name, used in errors and Request.Model
	Provider string // the provider kind (openai, gemini...), used in errors
	KeyEnv   string // the key's environment variable, named on 401/403
	// RPM caps requests per minute (a token bucket of burst 1); 0 is no cap.
	RPM float64
	// Concurrency caps calls in flight; 0 is no cap. With Adaptive it is
	// the ceiling of the adaptive limit.
	Concurrency int
	// Adaptive finds the provider's limit: calls in flight start low, grow
	// while calls succeed and shrink on 429/529 and rate-limit headers.
	Adaptive bool
	Policy   Policy
	Defaults Params
}

// Client is what the runner calls for one configured model: the model's
// Provider behind its rate limiter and concurrency cap, retried by its
// Policy. One Client is shared by every worker of the model, so its limits
// hold across them. It is safe for concurrent use.
type Client struct {
	inner  Provider
	opts   ClientOptions
	policy Policy
	lim    *rate.Limiter
	sem    *semaphore.Weighted // nil when uncapped or adaptive
	adapt  *Adaptive           // nil unless adaptive
}

var _ Provider = (*Client)(nil)

// NewClient wraps p with the limits and retry policy of o.
func NewClient(p Provider, o ClientOptions) *Client {
	c := &Client{inner: p, opts: o, policy: o.Policy.WithDefaults(), lim: rate.NewLimiter(rate.Inf, 1)}
	if o.RPM > 0 {
		c.lim = rate.NewLimiter(rate.Limit(o.RPM/60), 1)
	}
	switch {
	case o.Adaptive:
		c.adapt = NewAdaptive(cmp.Or(o.Concurrency, DefaultAdaptiveCeiling))
	case o.Concurrency > 0:
		c.sem = semaphore.NewWeighted(int64(o.Concurrency))
	}
	return c
}

// Adaptive returns the model's adaptive limit, nil when its limit is fixed.
func (c *Client) Adaptive() *Adaptive { return c.adapt }

// Name returns the configured model name.
func (c *Client) Name() string { return c.opts.Name }

// String names the client without any secret, e.g. "openai:gpt-4.1".
func (c *Client) String() string { return c.opts.Provider + ":" + c.opts.Name }

// Chat sends req, retrying failed attempts the policy deems retryable. The
// response (or the *Error) records how many attempts were made.
func (c *Client) Chat(ctx context.Context, req Request) (Response, error) {
	req = c.fill(req)
	for attempt := 1; ; attempt++ {
		resp, err := c.attempt(ctx, req)
		if err == nil {
			resp.Attempts = attempt
			return resp, nil
		}
		e := c.asError(err)
		e.Attempts = attempt
		if ctx.Err() != nil {
			return Response{}, c.cancelled(ctx, attempt)
		}
		if !e.Retryable || attempt >= c.policy.MaxAttempts {
			return Response{}, e
		}
		if e.RetryAfter > c.policy.MaxRetryAfter {
			e.Err = fmt.Errorf("server asked to retry after %s, longer than %s: %w", e.RetryAfter, c.policy.MaxRetryAfter, e.Err)
			return Response{}, e
		}
		wait := c.policy.Backoff(attempt, e.RetryAfter)
		if c.adapt != nil && e.RetryAfter > 0 {
			// The adaptive limit holds every call of the model back for
			// the Retry-After and lets them go a window at a time: the
			// wait the server asked for is enough.
			wait = e.RetryAfter
		}
		if err := c.policy.Sleep(ctx, wait); err != nil {
			return Response{}, c.cancelled(ctx, attempt)
		}
	}
}

// attempt makes one call within the concurrency cap, the rate limit and the
// per-attempt timeout.
func (c *Client) attempt(ctx context.Context, req Request) (resp Response, err error) {
	if c.sem != nil {
		if err := c.sem.Acquire(ctx, 1); err != nil {
			return Response{}, err
		}
		defer c.sem.Release(1)
	}
	if c.adapt != nil {
		t, err := c.adapt.Acquire(ctx)
		if err != nil {
			return Response{}, err
		}
		var info *ResponseInfo
		ctx, info = WithResponseInfo(ctx)
		defer func() { c.adapt.Release(t, c.signal(info, err)) }()
	}
	if err := c.lim.Wait(ctx); err != nil {
		return Response{}, err
	}
	actx, cancel := context.WithTimeout(ctx, c.policy.Timeout)
	defer cancel()
	resp, err = c.inner.Chat(actx, req)
	if err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		// Only this attempt's deadline passed: a hung server, worth retrying.
		e := c.asError(err)
		e.Retryable = true
		e.Err = fmt.Errorf("no response within %s: %w", c.policy.Timeout, e.Err)
		return Response{}, e
	}
	return resp, err
}

// signal is what an attempt's response said about the provider's limit:
// its status and headers, and the retry delay a provider gave in its error
// body (Gemini's RetryInfo). A call that failed for another reason neither
// grows nor shrinks the window.
func (c *Client) signal(info *ResponseInfo, err error) Signal {
	s := SignalOf(info.Status(), info.Header(), time.Now())
	if err == nil {
		return s
	}
	var e *Error
	if errors.As(err, &e) {
		if s.RetryAfter == 0 {
			s.RetryAfter = e.RetryAfter
		}
		s.Refused = s.Refused || e.Status == http.StatusTooManyRequests || e.Status == 529 || e.Status == http.StatusServiceUnavailable
	}
	s.Failed = !s.Refused
	return s
}

// fill applies the configured parameters to req where it leaves them unset.
func (c *Client) fill(req Request) Request {
	req.Model = c.opts.Name
	d := c.opts.Defaults
	if req.Temperature == nil {
		req.Temperature = d.Temperature
	}
	if req.MaxTokens == 0 {
		req.MaxTokens = d.MaxTokens
	}
	if req.Seed == nil {
		req.Seed = d.Seed
	}
	if len(d.Extra) > 0 {
		extra := maps.Clone(d.Extra)
		maps.Copy(extra, req.Extra)
		req.Extra = extra
	}
	return req
}

// asError returns err as an *Error of this model, wrapping a foreign error.
func (c *Client) asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		cp := *e
		if cp.Provider == "" {
			cp.Provider = c.opts.Provider
		}
		if cp.Model == "" {
			cp.Model = c.opts.Name
		}
		if cp.KeyEnv == "" {
			cp.KeyEnv = c.opts.KeyEnv
		}
		return &cp
	}
	return &Error{Provider: c.opts.Provider, Model: c.opts.Name, KeyEnv: c.opts.KeyEnv, Retryable: Transient(err), Err: err}
}

func (c *Client) cancelled(ctx context.Context, attempts int) *Error {
	return &Error{Provider: c.opts.Provider, Model: c.opts.Name, Attempts: attempts, Err: context.Cause(ctx)}
}
