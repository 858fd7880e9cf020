package gemini

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"google.golang.org/genai"

	"github.com/pushback/pushback/providers"
)

// Gemini's Batch API with inlined requests: one batchGenerateContent call
// carries the requests, each with its custom id in its metadata under
// "key", and the batch's display name is the tag; the batch is polled
// until it ends and the responses come back inline with their metadata.

// BatchLimits are Gemini's caps on an inline batch: 20 MB of requests
// (kept under, at 19 MB), no cap on their number.
var BatchLimits = providers.BatchLimits{Bytes: 19 << 20}

// keyField is the metadata field holding a request's custom id.
const keyField = "key"

// Batcher returns the provider's batch API.
func (p *Provider) Batcher() providers.Batcher { return batcher{p} }

type batcher struct{ p *Provider }

// Submit creates a batch of the items.
func (b batcher) Submit(ctx context.Context, tag string, items []providers.BatchItem) (string, error) {
	p := b.p
	src := &genai.BatchJobSource{InlinedRequests: make([]*genai.InlinedRequest, len(items))}
	for i, it := range items {
		contents, config, err := p.request(it.Req)
		if err != nil {
			return "", &providers.Error{Provider: providers.KindGemini, Model: p.cfg.Name, Err: err}
		}
		src.InlinedRequests[i] = &genai.InlinedRequest{Contents: contents, Config: config, Metadata: map[string]string{keyField: it.ID}}
	}
	ctx, info := providers.WithResponseInfo(ctx)
	job, err := p.client.Batches.Create(ctx, p.cfg.Model, src, &genai.CreateBatchJobConfig{DisplayName: tag})
	if err != nil {
		return "", p.fail(err, info)
	}
	return job.Name, nil
}

// Status gets the batch. The inline API reports no counts.
func (b batcher) Status(ctx context.Context, id string) (providers.BatchStatus, error) {
	ctx, info := providers.WithResponseInfo(ctx)
	job, err := b.p.client.Batches.Get(ctx, id, nil)
	if err != nil {
		return providers.BatchStatus{}, b.p.fail(err, info)
	}
	st := providers.BatchStatus{State: jobState(job.State), RetryAfter: info.RetryAfter(time.Now())}
	if job.Error != nil {
		st.Message = job.Error.Message
	}
	if job.Dest != nil {
		st.Total = len(job.Dest.InlinedResponses)
		for _, r := range job.Dest.InlinedResponses {
			if r.Error != nil {
				st.Failed++
			} else {
				st.Done++
			}
		}
	}
	return st, nil
}

func jobState(s genai.JobState) providers.BatchState {
	switch s {
	case genai.JobStateSucceeded, genai.JobStatePartiallySucceeded:
		return providers.BatchDone
	case genai.JobStateFailed:
		return providers.BatchFailed
	case genai.JobStateCancelled:
		return providers.BatchCancelled
	case genai.JobStateExpired:
		return providers.BatchExpired
	}
	return providers.BatchRunning
}

// grpcStatus maps the google.rpc codes of failed inline responses to the
// HTTP statuses the live API answers with, for the retry policy.
var grpcStatus = map[int32]int{
	1: 499, 2: http.StatusInternalServerError, 3: http.StatusBadRequest, 4: http.StatusGatewayTimeout,
	5: http.StatusNotFound, 6: http.StatusConflict, 7: http.StatusForbidden, 8: http.StatusTooManyRequests,
	9: http.StatusBadRequest, 10: http.StatusConflict, 11: http.StatusBadRequest, 12: http.StatusNotImplemented,
	13: http.StatusInternalServerError, 14: http.StatusServiceUnavailable, 15: http.StatusInternalServerError,
	16: http.StatusUnauthorized,
}

// Results reads the inline responses, matched to items by their metadata.
func (b batcher) Results(ctx context.Context, id string) ([]providers.BatchResult, error) {
	p := b.p
	ctx, info := providers.WithResponseInfo(ctx)
	job, err := p.client.Batches.Get(ctx, id, nil)
	if err != nil {
		return nil, p.fail(err, info)
	}
	if job.Dest == nil {
		return nil, nil
	}
	var out []providers.BatchResult
	for i, r := range job.Dest.InlinedResponses {
		key := r.Metadata[keyField]
		if key == "" {
			return nil, providers.MalformedError(providers.KindGemini, p.cfg.Name, fmt.Errorf("inline response %d of %s has no metadata key", i, id))
		}
		res := providers.BatchResult{ID: key}
		switch {
		case r.Error != nil:
			status := http.StatusInternalServerError
			if r.Error.Code != nil {
				if s, ok := grpcStatus[*r.Error.Code]; ok {
					status = s
				}
			}
			res.Err = providers.HTTPError(providers.KindGemini, p.cfg.Name, status, r.Error.Message, nil)
		case r.Response != nil:
			res.Resp, res.Err = p.response(r.Response, 0)
		default:
			res.Err = providers.MalformedError(providers.KindGemini, p.cfg.Name, errors.New("inline response has neither response nor error"))
		}
		out = append(out, res)
	}
	return out, nil
}

// Cancel cancels the batch.
func (b batcher) Cancel(ctx context.Context, id string) error {
	ctx, info := providers.WithResponseInfo(ctx)
	if err := b.p.client.Batches.Cancel(ctx, id, nil); err != nil {
		return b.p.fail(err, info)
	}
	return nil
}

// findPages bounds how many pages of 100 batches Find reads.
const findPages = 10

// Find looks for the tag among the display names of recent batches.
func (b batcher) Find(ctx context.Context, tag string) (string, bool, error) {
	ctx, info := providers.WithResponseInfo(ctx)
	page, err := b.p.client.Batches.List(ctx, &genai.ListBatchJobsConfig{PageSize: 100})
	for n := 0; n < findPages; n++ {
		if errors.Is(err, genai.ErrPageDone) {
			break
		}
		if err != nil {
			return "", false, b.p.fail(err, info)
		}
		for _, job := range page.Items {
			if job.DisplayName == tag {
				return job.Name, true, nil
			}
		}
		if page.NextPageToken == "" {
			break
		}
		page, err = page.Next(ctx)
	}
	return "", false, nil
}

// Limits are Gemini's caps on one inline batch.
func (batcher) Limits() providers.BatchLimits { return BatchLimits }
