package openai

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/pushback/pushback/providers"
)

// OpenAI's Batch API: the requests go up as a JSONL file (purpose batch),
// a batch of it is created for /v1/chat/completions with a 24-hour window
// and the tag in its metadata, and the results come back as an output file
// and an error file. Servers that speak only chat completions answer 404
// to these endpoints; a model on such a server cannot use --batch.

// BatchLimits are OpenAI's caps: 50,000 requests and a 200 MB input file
// (kept under, at 190 MB).
var BatchLimits = providers.BatchLimits{Requests: 50_000, Bytes: 190 << 20}

// tagKey is the metadata key holding a batch's tag.
const tagKey = "pushback"

// Batcher returns the provider's batch API.
func (p *Provider) Batcher() providers.Batcher { return batcher{p} }

type batcher struct{ p *Provider }

// Submit uploads the items as a JSONL file and creates a batch of it.
func (b batcher) Submit(ctx context.Context, tag string, items []providers.BatchItem) (string, error) {
	p := b.p
	up := goopenai.UploadBatchFileRequest{FileName: tag + ".jsonl"}
	for _, it := range items {
		creq, err := p.request(it.Req)
		if err != nil {
			return "", &providers.Error{Provider: providers.KindOpenAI, Model: p.cfg.Name, Err: err}
		}
		up.AddChatCompletion(it.ID, creq)
	}
	ctx, info := providers.WithResponseInfo(ctx)
	file, err := p.client.UploadBatchFile(ctx, up)
	if err != nil {
		return "", p.fail(err, info)
	}
	resp, err := p.client.CreateBatch(ctx, goopenai.CreateBatchRequest{
		InputFileID:      file.ID,
		Endpoint:         goopenai.BatchEndpointChatCompletions,
		CompletionWindow: "24h",
		Metadata:         map[string]any{tagKey: tag},
	})
	if err != nil {
		return "", p.fail(err, info)
	}
	return resp.ID, nil
}

// Status retrieves the batch.
func (b batcher) Status(ctx context.Context, id string) (providers.BatchStatus, error) {
	ctx, info := providers.WithResponseInfo(ctx)
	resp, err := b.p.client.RetrieveBatch(ctx, id)
	if err != nil {
		return providers.BatchStatus{}, b.p.fail(err, info)
	}
	st := providers.BatchStatus{
		State:      batchState(resp.Status),
		Total:      resp.RequestCounts.Total,
		Done:       resp.RequestCounts.Completed,
		Failed:     resp.RequestCounts.Failed,
		RetryAfter: info.RetryAfter(time.Now()),
	}
	if resp.Errors != nil && len(resp.Errors.Data) > 0 {
		e := resp.Errors.Data[0]
		st.Message = e.Message
		if e.Line != nil {
			st.Message = fmt.Sprintf("line %d: %s", *e.Line, e.Message)
		}
	}
	return st, nil
}

// batchState maps OpenAI's batch statuses.
func batchState(s string) providers.BatchState {
	switch s {
	case "completed":
		return providers.BatchDone
	case "expired":
		return providers.BatchExpired
	case "cancelled":
		return providers.BatchCancelled
	case "failed":
		return providers.BatchFailed
	}
	return providers.BatchRunning // validating, in_progress, finalizing, cancelling
}

// Results reads the output and error files. A request the batch did not
// reach (error code batch_expired or batch_cancelled) has no result.
func (b batcher) Results(ctx context.Context, id string) ([]providers.BatchResult, error) {
	ctx, info := providers.WithResponseInfo(ctx)
	resp, err := b.p.client.RetrieveBatch(ctx, id)
	if err != nil {
		return nil, b.p.fail(err, info)
	}
	var out []providers.BatchResult
	for _, f := range []*string{resp.OutputFileID, resp.ErrorFileID} {
		if f == nil || *f == "" {
			continue
		}
		rs, err := b.readFile(ctx, *f)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// batchLine is one line of an output or error file.
type batchLine struct {
	CustomID string `json:"custom_id"`
	Response *struct {
		StatusCode int             `json:"status_code"`
		Body       json.RawMessage `json:"body"`
	} `json:"response"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (b batcher) readFile(ctx context.Context, fileID string) ([]providers.BatchResult, error) {
	p := b.p
	ctx, info := providers.WithResponseInfo(ctx)
	raw, err := p.client.GetFileContent(ctx, fileID)
	if err != nil {
		return nil, p.fail(err, info)
	}
	defer raw.Close()
	var out []providers.BatchResult
	sc := bufio.NewScanner(raw)
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var line batchLine
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil || line.CustomID == "" {
			return nil, providers.MalformedError(providers.KindOpenAI, p.cfg.Name, fmt.Errorf("batch file %s line %d: %v", fileID, n, err))
		}
		r, ok := p.lineResult(line)
		if ok {
			out = append(out, r)
		}
	}
	if err := sc.Err(); err != nil && err != io.EOF {
		return nil, providers.TransportError(providers.KindOpenAI, p.cfg.Name, err)
	}
	return out, nil
}

// lineResult converts a line; ok is false for a request never run.
func (p *Provider) lineResult(line batchLine) (providers.BatchResult, bool) {
	r := providers.BatchResult{ID: line.CustomID}
	switch {
	case line.Response != nil && line.Response.StatusCode == 200:
		var resp goopenai.ChatCompletionResponse
		if err := json.Unmarshal(line.Response.Body, &resp); err != nil {
			r.Err = providers.MalformedError(providers.KindOpenAI, p.cfg.Name, err)
			return r, true
		}
		r.Resp, r.Err = p.response(resp, 0)
	case line.Response != nil:
		var body struct {
			Error struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		json.Unmarshal(line.Response.Body, &body)
		r.Err = providers.HTTPError(providers.KindOpenAI, p.cfg.Name, line.Response.StatusCode, body.Error.Message, nil)
	case line.Error != nil && (line.Error.Code == "batch_expired" || line.Error.Code == "batch_cancelled"):
		return r, false
	case line.Error != nil:
		r.Err = &providers.Error{Provider: providers.KindOpenAI, Model: p.cfg.Name, Err: fmt.Errorf("%s: %s", line.Error.Code, line.Error.Message)}
	default:
		r.Err = providers.MalformedError(providers.KindOpenAI, p.cfg.Name, fmt.Errorf("batch result for %s has neither response nor error", line.CustomID))
	}
	return r, true
}

// Cancel cancels the batch.
func (b batcher) Cancel(ctx context.Context, id string) error {
	ctx, info := providers.WithResponseInfo(ctx)
	if _, err := b.p.client.CancelBatch(ctx, id); err != nil {
		return b.p.fail(err, info)
	}
	return nil
}

// findPages bounds how many pages of 100 batches Find reads.
const findPages = 10

// Find looks for the tag in the metadata of the most recent batches.
func (b batcher) Find(ctx context.Context, tag string) (string, bool, error) {
	ctx, info := providers.WithResponseInfo(ctx)
	limit := 100
	var after *string
	for range findPages {
		resp, err := b.p.client.ListBatch(ctx, after, &limit)
		if err != nil {
			return "", false, b.p.fail(err, info)
		}
		for _, bt := range resp.Data {
			if v, _ := bt.Metadata[tagKey].(string); v == tag {
				return bt.ID, true, nil
			}
		}
		if !resp.HasMore || resp.LastID == "" {
			break
		}
		last := resp.LastID
		after = &last
	}
	return "", false, nil
}

// Limits are OpenAI's caps on one batch.
func (batcher) Limits() providers.BatchLimits { return BatchLimits }
