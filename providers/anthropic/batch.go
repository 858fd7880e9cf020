package anthropic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	sdk "github.com/anthropics/anthropic-sdk-go/v2"

	"github.com/pushback/pushback/providers"
)

// Anthropic's Message Batches API: the requests go in the create call with
// their custom ids, the batch is polled until its processing ends, and the
// results are streamed as JSONL. Message batches carry no metadata, so a
// batch created by a process that died before recording its id cannot be
// found again (Find reports none) and its requests are sent again.

// BatchLimits are Anthropic's caps: 100,000 requests and 256 MB (kept
// under, at 240 MB).
var BatchLimits = providers.BatchLimits{Requests: 100_000, Bytes: 240 << 20}

// Batcher returns the provider's batch API.
func (p *Provider) Batcher() providers.Batcher { return batcher{p} }

type batcher struct{ p *Provider }

// Submit creates a message batch of the items.
func (b batcher) Submit(ctx context.Context, tag string, items []providers.BatchItem) (string, error) {
	p := b.p
	params := sdk.MessageBatchNewParams{Requests: make([]sdk.MessageBatchNewParamsRequest, len(items))}
	for i, it := range items {
		m, err := p.request(it.Req)
		if err != nil {
			return "", &providers.Error{Provider: providers.KindAnthropic, Model: p.cfg.Name, Err: err}
		}
		params.Requests[i] = sdk.MessageBatchNewParamsRequest{
			CustomID: it.ID,
			Params: sdk.MessageBatchNewParamsRequestParams{
				Model: m.Model, MaxTokens: m.MaxTokens, Messages: m.Messages, System: m.System, Thinking: m.Thinking,
			},
		}
	}
	ctx, info := providers.WithResponseInfo(ctx)
	res, err := p.client.Messages.Batches.New(ctx, params)
	if err != nil {
		return "", p.fail(err, info)
	}
	return res.ID, nil
}

// Status gets the batch.
func (b batcher) Status(ctx context.Context, id string) (providers.BatchStatus, error) {
	ctx, info := providers.WithResponseInfo(ctx)
	res, err := b.p.client.Messages.Batches.Get(ctx, id, sdk.MessageBatchGetParams{})
	if err != nil {
		return providers.BatchStatus{}, b.p.fail(err, info)
	}
	c := res.RequestCounts
	st := providers.BatchStatus{
		State:      providers.BatchRunning,
		Total:      int(c.Processing + c.Succeeded + c.Errored + c.Canceled + c.Expired),
		Done:       int(c.Succeeded),
		Failed:     int(c.Errored),
		RetryAfter: info.RetryAfter(time.Now()),
	}
	if res.ProcessingStatus == sdk.MessageBatchProcessingStatusEnded {
		switch {
		case !res.CancelInitiatedAt.IsZero():
			st.State = providers.BatchCancelled
		case c.Expired > 0:
			st.State = providers.BatchExpired
		default:
			st.State = providers.BatchDone
		}
	}
	return st, nil
}

// errorStatus maps the error types of errored results to HTTP statuses,
// so that the retry policy treats them as it treats the live API's.
var errorStatus = map[string]int{
	"invalid_request_error": http.StatusBadRequest, "authentication_error": http.StatusUnauthorized,
	"billing_error": http.StatusPaymentRequired, "permission_error": http.StatusForbidden,
	"not_found_error": http.StatusNotFound, "request_too_large": http.StatusRequestEntityTooLarge,
	"rate_limit_error": http.StatusTooManyRequests, "timeout_error": http.StatusGatewayTimeout,
	"api_error": http.StatusInternalServerError, "overloaded_error": 529,
}

// Results streams the batch's results. Canceled and expired requests
// have no result.
func (b batcher) Results(ctx context.Context, id string) ([]providers.BatchResult, error) {
	p := b.p
	ctx, info := providers.WithResponseInfo(ctx)
	stream := p.client.Messages.Batches.ResultsStreaming(ctx, id, sdk.MessageBatchResultsParams{})
	defer stream.Close()
	var out []providers.BatchResult
	for stream.Next() {
		r := stream.Current()
		res := providers.BatchResult{ID: r.CustomID}
		switch r.Result.Type {
		case "succeeded":
			msg := r.Result.AsSucceeded().Message
			res.Resp = response(&msg, 0)
		case "errored":
			e := r.Result.AsErrored().Error.Error
			status, ok := errorStatus[e.Type]
			if !ok {
				status = http.StatusInternalServerError
			}
			res.Err = providers.HTTPError(providers.KindAnthropic, p.cfg.Name, status, e.Type+": "+e.Message, nil)
		case "canceled", "expired":
			continue
		default:
			res.Err = providers.MalformedError(providers.KindAnthropic, p.cfg.Name, fmt.Errorf("unknown batch result type %q for %s", r.Result.Type, r.CustomID))
		}
		out = append(out, res)
	}
	if err := stream.Err(); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return nil, providers.MalformedError(providers.KindAnthropic, p.cfg.Name, err)
		}
		return nil, p.fail(err, info)
	}
	return out, nil
}

// Cancel cancels the batch.
func (b batcher) Cancel(ctx context.Context, id string) error {
	ctx, info := providers.WithResponseInfo(ctx)
	if _, err := b.p.client.Messages.Batches.Cancel(ctx, id, sdk.MessageBatchCancelParams{}); err != nil {
		return b.p.fail(err, info)
	}
	return nil
}

// Find reports no batch: message batches carry no metadata to find one by.
func (batcher) Find(context.Context, string) (string, bool, error) { return "", false, nil }

// Limits are Anthropic's caps on one batch.
func (batcher) Limits() providers.BatchLimits { return BatchLimits }
