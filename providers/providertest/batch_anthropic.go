package providertest

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Anthropic's Message Batches API: POST /v1/messages/batches with
// {requests: [{custom_id, params}]}; GET /v1/messages/batches/{id} polls
// (processing_status in_progress, canceling, ended); POST .../cancel; GET
// .../results streams JSONL {custom_id, result: {type: succeeded |
// errored | canceled | expired, ...}}; GET /v1/messages/batches lists
// newest first. Batches carry no metadata.

var anthropicCustomID = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

func (p anthropicProto) batchRoute(method, path string) batchHandler {
	const base = "/v1/messages/batches"
	switch {
	case path == base && method == http.MethodPost:
		return p.createBatch
	case path == base && method == http.MethodGet:
		return p.listBatches
	case strings.HasPrefix(path, base+"/") && strings.HasSuffix(path, "/cancel") && method == http.MethodPost:
		return p.cancelBatch
	case strings.HasPrefix(path, base+"/") && strings.HasSuffix(path, "/results") && method == http.MethodGet:
		return p.results
	case strings.HasPrefix(path, base+"/") && method == http.MethodGet:
		return p.getBatch
	}
	return nil
}

func (p anthropicProto) createBatch(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil {
		s.batchError(w, ex, http.StatusBadRequest, "invalid JSON body: %v", err)
		return
	}
	raw, _, err := field[[]any](body, "requests", "body", true)
	if err == nil && len(raw) == 0 {
		err = errors.New("requests: List should have at least 1 item after validation, not 0")
	}
	if err != nil {
		s.batchError(w, ex, http.StatusBadRequest, "%v", err)
		return
	}
	reqs, err := objects(raw, "requests")
	if err != nil {
		s.batchError(w, ex, http.StatusBadRequest, "%v", err)
		return
	}
	seen := map[string]bool{}
	var items []*fakeItem
	for i, req := range reqs {
		id, _, err := field[string](req, "custom_id", "requests."+strconv.Itoa(i), true)
		if err == nil && !anthropicCustomID.MatchString(id) {
			err = errors.New("requests." + strconv.Itoa(i) + ".custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'")
		}
		if err == nil && seen[id] {
			err = errors.New("requests: Duplicate custom_id: " + id)
		}
		if err != nil {
			s.batchError(w, ex, http.StatusBadRequest, "%v", err)
			return
		}
		seen[id] = true
		params, _, err := field[map[string]any](req, "params", "requests."+strconv.Itoa(i), true)
		if err != nil {
			s.batchError(w, ex, http.StatusBadRequest, "%v", err)
			return
		}
		it := &fakeItem{id: id, ex: Exchange{Time: time.Now(), Method: http.MethodPost, Path: "/v1/messages", Body: params}}
		if err := p.decode(params, &it.ex); err != nil {
			it.invalid = err.Error()
		}
		items = append(items, it)
	}
	s.mu.Lock()
	b := s.newBatch("msgbatch_", "", items[0].ex.Model, items)
	out := p.batchJSON(b)
	s.mu.Unlock()
	ex.Status = http.StatusOK
	writeJSON(w, http.StatusOK, out)
}

// batchFor finds the batch a path names, answering 404 when there is none.
// Called with s.mu held.
func (anthropicProto) batchFor(s *Server, w http.ResponseWriter, ex *Exchange, path, suffix string) *fakeBatch {
	id := strings.TrimSuffix(strings.TrimPrefix(path, "/v1/messages/batches/"), suffix)
	b := s.lookup(id)
	if b == nil {
		s.batchError(w, ex, http.StatusNotFound, "Message Batch %s not found", id)
	}
	return b
}

func (p anthropicProto) getBatch(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := p.batchFor(s, w, ex, r.URL.Path, ""); b != nil {
		s.poll(b)
		ex.Status = http.StatusOK
		writeJSON(w, http.StatusOK, p.batchJSON(b))
	}
}

func (p anthropicProto) cancelBatch(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := p.batchFor(s, w, ex, r.URL.Path, "/cancel"); b != nil {
		s.cancel(b)
		out := p.batchJSON(b)
		out["processing_status"] = "canceling"
		ex.Status = http.StatusOK
		writeJSON(w, http.StatusOK, out)
	}
}

func (p anthropicProto) listBatches(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	s.mu.Lock()
	defer s.mu.Unlock()
	bs, more := s.listed(r.URL.Query().Get("after_id"), limit)
	data := make([]any, len(bs))
	for i, b := range bs {
		data[i] = p.batchJSON(b)
	}
	out := map[string]any{"data": data, "has_more": more, "first_id": nil, "last_id": nil}
	if len(bs) > 0 {
		out["first_id"], out["last_id"] = bs[0].ID, bs[len(bs)-1].ID
	}
	ex.Status = http.StatusOK
	writeJSON(w, http.StatusOK, out)
}

func (p anthropicProto) results(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := p.batchFor(s, w, ex, r.URL.Path, "/results")
	if b == nil {
		return
	}
	if b.State == "running" {
		s.batchError(w, ex, http.StatusBadRequest, "Message Batch %s has not ended: results are not available yet", b.ID)
		return
	}
	var out bytes.Buffer
	for _, it := range b.items {
		var result map[string]any
		switch it.status {
		case http.StatusOK:
			result = map[string]any{"type": "succeeded", "message": p.replyBody(&it.ex)}
		case 0:
			result = map[string]any{"type": "expired"}
			if b.State == "cancelled" {
				result = map[string]any{"type": "canceled"}
			}
		default:
			typ, ok := anthropicErrorTypes[it.status]
			if !ok {
				typ = "api_error"
			}
			result = map[string]any{"type": "errored", "error": map[string]any{
				"type": "error", "error": map[string]any{"type": typ, "message": it.msg}, "request_id": "req_fake",
			}}
		}
		json.NewEncoder(&out).Encode(map[string]any{"custom_id": it.id, "result": result})
	}
	ex.Status = http.StatusOK
	w.Header().Set("Content-Type", "application/binary")
	w.Write(out.Bytes())
}

func (anthropicProto) batchJSON(b *fakeBatch) map[string]any {
	counts := map[string]any{"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
	status := "ended"
	if b.State == "running" {
		status = "in_progress"
		counts["processing"] = len(b.items)
	} else {
		ok, failed, open := b.counts()
		counts["succeeded"], counts["errored"] = ok, failed
		if b.State == "cancelled" {
			counts["canceled"] = open
		} else {
			counts["expired"] = open
		}
	}
	out := map[string]any{
		"id": b.ID, "type": "message_batch", "processing_status": status, "request_counts": counts,
		"created_at": b.created.UTC().Format(time.RFC3339Nano), "expires_at": b.created.Add(24 * time.Hour).UTC().Format(time.RFC3339Nano),
		"ended_at": nil, "cancel_initiated_at": nil, "archived_at": nil, "results_url": nil,
	}
	if b.State != "running" {
		out["ended_at"] = b.ended.UTC().Format(time.RFC3339Nano)
		out["results_url"] = "/v1/messages/batches/" + b.ID + "/results"
	}
	if b.State == "cancelled" {
		out["cancel_initiated_at"] = b.ended.UTC().Format(time.RFC3339Nano)
	}
	return out
}
