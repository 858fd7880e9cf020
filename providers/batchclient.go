package providers

import (
	"context"
	"fmt"
)

// Batcher returns b behind the client: its requests get the configured
// parameters, as Chat's do, and each of its calls is retried under the
// client's policy (attempts, per-attempt timeout, backoff, Retry-After),
// its errors named after the client's model. A retried Submit first looks
// for the batch by its tag, so a creation whose answer was lost is not
// made twice where the provider can find it.
func (c *Client) Batcher(b Batcher) Batcher { return &batchClient{b: b, c: c} }

type batchClient struct {
	b Batcher
	c *Client
}

// retry makes call until it succeeds, fails for good, or the policy's
// attempts are spent; before each retry it calls again, if not nil.
func retry[T any](ctx context.Context, c *Client, call func(context.Context) (T, error), again func(context.Context) (T, bool)) (T, error) {
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, c.policy.Timeout)
		v, err := call(actx)
		cancel()
		if err == nil {
			return v, nil
		}
		e := c.asError(err)
		e.Attempts = attempt
		if ctx.Err() != nil {
			return v, c.cancelled(ctx, attempt)
		}
		if !e.Retryable || attempt >= c.policy.MaxAttempts {
			return v, e
		}
		if e.RetryAfter > c.policy.MaxRetryAfter {
			e.Err = fmt.Errorf("server asked to retry after %s, longer than %s: %w", e.RetryAfter, c.policy.MaxRetryAfter, e.Err)
			return v, e
		}
		if err := c.policy.Sleep(ctx, c.policy.Backoff(attempt, e.RetryAfter)); err != nil {
			return v, c.cancelled(ctx, attempt)
		}
		if again != nil {
			if v, ok := again(ctx); ok {
				return v, nil
			}
		}
	}
}

func (bc *batchClient) Submit(ctx context.Context, tag string, items []BatchItem) (string, error) {
	filled := make([]BatchItem, len(items))
	for i, it := range items {
		filled[i] = BatchItem{ID: it.ID, Req: bc.c.fill(it.Req)}
	}
	return retry(ctx, bc.c,
		func(ctx context.Context) (string, error) { return bc.b.Submit(ctx, tag, filled) },
		func(ctx context.Context) (string, bool) {
			id, ok, err := bc.b.Find(ctx, tag)
			return id, ok && err == nil
		})
}

func (bc *batchClient) Status(ctx context.Context, id string) (BatchStatus, error) {
	return retry(ctx, bc.c, func(ctx context.Context) (BatchStatus, error) { return bc.b.Status(ctx, id) }, nil)
}

func (bc *batchClient) Results(ctx context.Context, id string) ([]BatchResult, error) {
	rs, err := retry(ctx, bc.c, func(ctx context.Context) ([]BatchResult, error) { return bc.b.Results(ctx, id) }, nil)
	for i := range rs {
		if rs[i].Err != nil {
			rs[i].Err = bc.c.asError(rs[i].Err)
		}
	}
	return rs, err
}

func (bc *batchClient) Cancel(ctx context.Context, id string) error {
	_, err := retry(ctx, bc.c, func(ctx context.Context) (struct{}, error) { return struct{}{}, bc.b.Cancel(ctx, id) }, nil)
	return err
}

func (bc *batchClient) Find(ctx context.Context, tag string) (string, bool, error) {
	type found struct {
		id string
		ok bool
	}
	f, err := retry(ctx, bc.c, func(ctx context.Context) (found, error) {
		id, ok, err := bc.b.Find(ctx, tag)
		return found{id, ok}, err
	}, nil)
	return f.id, f.ok, err
}

func (bc *batchClient) Limits() BatchLimits { return bc.b.Limits() }
