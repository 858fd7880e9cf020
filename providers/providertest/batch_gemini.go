package providertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Gemini's batch API with inlined requests: POST
// /v1beta/models/{model}:batchGenerateContent with {batch: {displayName,
// inputConfig: {requests: {requests: [{request, metadata}]}}}} answers a
// long-running operation named batches/{id}; GET /v1beta/batches/{id}
// polls it (metadata.state BATCH_STATE_PENDING, RUNNING, SUCCEEDED,
// FAILED, CANCELLED, EXPIRED; metadata.output.inlinedResponses when
// ended); POST /v1beta/batches/{id}:cancel; GET /v1beta/batches lists
// {operations, nextPageToken}. A request's id is its metadata "key" (its
// index without one), and responses come back in request order with their
// metadata.

func (p geminiProto) batchRoute(method, path string) batchHandler {
	switch {
	case strings.HasPrefix(path, "/v1beta/models/") && strings.HasSuffix(path, ":batchGenerateContent") && method == http.MethodPost:
		return p.createBatch
	case path == "/v1beta/batches" && method == http.MethodGet:
		return p.listBatches
	case strings.HasPrefix(path, "/v1beta/batches/") && strings.HasSuffix(path, ":cancel") && method == http.MethodPost:
		return p.cancelBatch
	case strings.HasPrefix(path, "/v1beta/batches/") && method == http.MethodGet:
		return p.getBatch
	}
	return nil
}

func (p geminiProto) createBatch(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	model := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/v1beta/models/"), ":batchGenerateContent")
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil {
		s.batchError(w, ex, http.StatusBadRequest, "Invalid JSON payload received. %v", err)
		return
	}
	batch, _, err := field[map[string]any](body, "batch", "body", true)
	var input, reqs map[string]any
	if err == nil {
		input, _, err = field[map[string]any](batch, "inputConfig", "batch", true)
	}
	if err == nil {
		reqs, _, err = field[map[string]any](input, "requests", "batch.inputConfig", true)
	}
	var raw []any
	if err == nil {
		raw, _, err = field[[]any](reqs, "requests", "batch.inputConfig.requests", true)
	}
	if err == nil && len(raw) == 0 {
		err = fmt.Errorf("* BatchGenerateContentRequest.batch.input_config.requests: requests is empty")
	}
	var list []map[string]any
	if err == nil {
		list, err = objects(raw, "batch.inputConfig.requests.requests")
	}
	if err != nil {
		s.batchError(w, ex, http.StatusBadRequest, "%v", err)
		return
	}
	name, _, _ := field[string](batch, "displayName", "batch", false)
	var items []*fakeItem
	order := map[string]int{}
	for i, req := range list {
		where := fmt.Sprintf("batch.inputConfig.requests.requests[%d]", i)
		inner, _, err := field[map[string]any](req, "request", where, true)
		if err != nil {
			s.batchError(w, ex, http.StatusBadRequest, "%v", err)
			return
		}
		meta, _, err := field[map[string]any](req, "metadata", where, false)
		if err != nil {
			s.batchError(w, ex, http.StatusBadRequest, "%v", err)
			return
		}
		id, _ := meta["key"].(string)
		if id == "" {
			id = strconv.Itoa(i)
		}
		if _, dup := order[id]; dup {
			s.batchError(w, ex, http.StatusBadRequest, "%s.metadata.key: duplicate key %q", where, id)
			return
		}
		order[id] = i
		it := &fakeItem{id: id, ex: Exchange{Time: time.Now(), Method: http.MethodPost, Path: "/v1beta/models/" + model + ":generateContent", Model: model, Body: inner}}
		if err := p.decode(inner, &it.ex); err != nil {
			it.invalid = err.Error()
		}
		items = append(items, it)
	}
	s.mu.Lock()
	b := s.newBatch("batch-", name, model, items)
	b.meta = map[string]any{}
	for _, it := range items {
		b.meta[it.id] = list[order[it.id]]["metadata"]
	}
	b.order = order
	out := p.operation(b)
	s.mu.Unlock()
	ex.Status = http.StatusOK
	writeJSON(w, http.StatusOK, out)
}

// batchFor finds the batch a path names, answering 404 when there is none.
// Called with s.mu held.
func (geminiProto) batchFor(s *Server, w http.ResponseWriter, ex *Exchange, path, suffix string) *fakeBatch {
	id := strings.TrimSuffix(strings.TrimPrefix(path, "/v1beta/batches/"), suffix)
	b := s.lookup(id)
	if b == nil {
		s.batchError(w, ex, http.StatusNotFound, "Requested entity was not found.")
	}
	return b
}

func (p geminiProto) getBatch(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := p.batchFor(s, w, ex, r.URL.Path, ""); b != nil {
		s.poll(b)
		ex.Status = http.StatusOK
		writeJSON(w, http.StatusOK, p.operation(b))
	}
}

func (p geminiProto) cancelBatch(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := p.batchFor(s, w, ex, r.URL.Path, ":cancel"); b != nil {
		s.cancel(b)
		ex.Status = http.StatusOK
		writeJSON(w, http.StatusOK, map[string]any{})
	}
}

func (p geminiProto) listBatches(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("pageSize"))
	s.mu.Lock()
	defer s.mu.Unlock()
	bs, more := s.listed(r.URL.Query().Get("pageToken"), limit)
	ops := make([]any, len(bs))
	for i, b := range bs {
		ops[i] = p.operation(b)
	}
	out := map[string]any{"operations": ops}
	if more {
		out["nextPageToken"] = bs[len(bs)-1].ID
	}
	ex.Status = http.StatusOK
	writeJSON(w, http.StatusOK, out)
}

// grpcCodes are the google.rpc codes inline errors carry, by HTTP status.
var grpcCodes = map[int]int{
	400: 3, 401: 16, 403: 7, 404: 5, 409: 10, 429: 8, 499: 1, 500: 13, 503: 14, 504: 4, 529: 14,
}

var geminiBatchStates = map[string]string{
	"running": "BATCH_STATE_RUNNING", "done": "BATCH_STATE_SUCCEEDED", "expired": "BATCH_STATE_EXPIRED",
	"cancelled": "BATCH_STATE_CANCELLED", "failed": "BATCH_STATE_FAILED",
}

// operation is a batch as the long-running operation Gemini answers.
// Called with s.mu held.
func (p geminiProto) operation(b *fakeBatch) map[string]any {
	ok, failed, open := b.counts()
	state := geminiBatchStates[b.State]
	if b.State == "running" && b.Polls == 0 {
		state = "BATCH_STATE_PENDING"
	}
	meta := map[string]any{
		"@type":       "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
		"name":        "batches/" + b.ID,
		"model":       "models/" + b.Model,
		"displayName": b.Tag,
		"createTime":  b.created.UTC().Format(time.RFC3339Nano),
		"updateTime":  time.Now().UTC().Format(time.RFC3339Nano),
		"state":       state,
		"batchStats": map[string]any{
			"requestCount": strconv.Itoa(len(b.items)), "successfulRequestCount": strconv.Itoa(ok),
			"failedRequestCount": strconv.Itoa(failed), "pendingRequestCount": strconv.Itoa(open),
		},
	}
	op := map[string]any{"name": "batches/" + b.ID, "metadata": meta}
	if b.State == "running" {
		return op
	}
	meta["endTime"] = b.ended.UTC().Format(time.RFC3339Nano)
	op["done"] = true
	if b.State == "failed" {
		op["error"] = map[string]any{"code": 3, "message": b.failure}
		return op
	}
	// Responses in request order, with the request's metadata.
	resps := make([]any, len(b.items))
	for _, it := range b.items {
		r := map[string]any{}
		if m := b.meta[it.id]; m != nil {
			r["metadata"] = m
		}
		switch it.status {
		case http.StatusOK:
			r["response"] = p.replyBody(&it.ex)
		case 0:
			r["error"] = map[string]any{"code": 4, "message": "The batch ended before this request was processed."}
		default:
			r["error"] = map[string]any{"code": grpcCodes[it.status], "message": it.msg}
		}
		resps[b.order[it.id]] = r
	}
	if b.State == "done" {
		out := map[string]any{"inlinedResponses": map[string]any{"inlinedResponses": resps}}
		meta["output"] = out
		op["response"] = map[string]any{"@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput", "inlinedResponses": out["inlinedResponses"]}
	}
	return op
}
