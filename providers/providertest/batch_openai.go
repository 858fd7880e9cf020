package providertest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// OpenAI's batch API: POST /v1/files (multipart, purpose batch) uploads a
// JSONL file of {custom_id, method, url, body} lines; POST /v1/batches
// creates a batch of it; GET /v1/batches/{id} polls; POST
// /v1/batches/{id}/cancel cancels; GET /v1/batches lists newest first; GET
// /v1/files/{id}/content reads the output and error files, JSONL of
// {id, custom_id, response: {status_code, request_id, body}, error}.

func (p openaiProto) batchRoute(method, path string) batchHandler {
	switch {
	case path == "/v1/files" && method == http.MethodPost:
		return p.uploadFile
	case path == "/v1/batches" && method == http.MethodPost:
		return p.createBatch
	case path == "/v1/batches" && method == http.MethodGet:
		return p.listBatches
	case strings.HasPrefix(path, "/v1/batches/") && strings.HasSuffix(path, "/cancel") && method == http.MethodPost:
		return p.batchAction("/cancel", (*Server).cancel)
	case strings.HasPrefix(path, "/v1/batches/") && method == http.MethodGet:
		return p.batchAction("", (*Server).poll)
	case strings.HasPrefix(path, "/v1/files/") && strings.HasSuffix(path, "/content") && method == http.MethodGet:
		return p.fileContent
	}
	return nil
}

func (openaiProto) uploadFile(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	if err := r.ParseMultipartForm(256 << 20); err != nil {
		s.batchError(w, ex, http.StatusBadRequest, "could not parse multipart form: %v", err)
		return
	}
	if p := r.FormValue("purpose"); p != "batch" {
		s.batchError(w, ex, http.StatusBadRequest, "'%s' is not one of ['fine-tune', 'assistants', 'batch', 'user_data', 'vision', 'evals'] - 'purpose'", p)
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.batchError(w, ex, http.StatusBadRequest, "'file' is a required property")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		s.batchError(w, ex, http.StatusBadRequest, "could not read the file")
		return
	}
	s.mu.Lock()
	s.batch.seq++
	id := fmt.Sprintf("file-%06d", s.batch.seq)
	if s.batch.files == nil {
		s.batch.files = map[string][]byte{}
	}
	s.batch.files[id] = data
	s.mu.Unlock()
	ex.Status = http.StatusOK
	writeJSON(w, http.StatusOK, map[string]any{
		"id": id, "object": "file", "bytes": len(data), "created_at": time.Now().Unix(),
		"filename": hdr.Filename, "purpose": "batch", "status": "processed", "expires_at": nil, "status_details": nil,
	})
}

func (p openaiProto) createBatch(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	var body struct {
		InputFileID      string         `json:"input_file_id"`
		Endpoint         string         `json:"endpoint"`
		CompletionWindow string         `json:"completion_window"`
		Metadata         map[string]any `json:"metadata"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		s.batchError(w, ex, http.StatusBadRequest, "We could not parse the JSON body of your request: %v", err)
		return
	}
	switch {
	case body.InputFileID == "":
		s.batchError(w, ex, http.StatusBadRequest, "Missing required parameter: 'input_file_id'.")
		return
	case body.Endpoint != "/v1/chat/completions":
		s.batchError(w, ex, http.StatusBadRequest, "Invalid value: '%s'. Supported values are: '/v1/chat/completions', '/v1/embeddings', '/v1/completions' and '/v1/responses'.", body.Endpoint)
		return
	case body.CompletionWindow != "24h":
		s.batchError(w, ex, http.StatusBadRequest, "Invalid value: '%s'. Supported values are: '24h'.", body.CompletionWindow)
		return
	case len(body.Metadata) > 16:
		s.batchError(w, ex, http.StatusBadRequest, "Invalid 'metadata': too many properties. Expected an object with at most 16 properties.")
		return
	}
	for k, v := range body.Metadata {
		if str, ok := v.(string); !ok || len(str) > 512 {
			s.batchError(w, ex, http.StatusBadRequest, "Invalid type for 'metadata.%s': expected a string of at most 512 characters.", k)
			return
		}
	}
	s.mu.Lock()
	data, ok := s.batch.files[body.InputFileID]
	s.mu.Unlock()
	if !ok {
		s.batchError(w, ex, http.StatusNotFound, "No such File object: %s", body.InputFileID)
		return
	}
	items, model, failure := p.parseBatchFile(data, body.Endpoint)
	tag, _ := body.Metadata["pushback"].(string)
	s.mu.Lock()
	b := s.newBatch("batch_", tag, model, items)
	b.meta = body.Metadata
	if failure != "" {
		b.State, b.failure, b.ended = "failed", failure, time.Now()
	}
	out := p.batchJSON(b)
	s.mu.Unlock()
	out["status"] = "validating"
	ex.Status = http.StatusOK
	writeJSON(w, http.StatusOK, out)
}

// parseBatchFile reads the JSONL input: a line that is not a request of
// the endpoint fails the whole batch, as OpenAI's validation does; a body
// the endpoint would reject fails only its item.
func (openaiProto) parseBatchFile(data []byte, endpoint string) (items []*fakeItem, model, failure string) {
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		var req map[string]any
		if err := dec.Decode(&req); err != nil {
			return nil, "", fmt.Sprintf("line %d: invalid JSON", line)
		}
		id, _ := req["custom_id"].(string)
		method, _ := req["method"].(string)
		url, _ := req["url"].(string)
		body, _ := req["body"].(map[string]any)
		switch {
		case id == "":
			return nil, "", fmt.Sprintf("line %d: missing custom_id", line)
		case seen[id]:
			return nil, "", fmt.Sprintf("line %d: the custom_id %s is duplicated", line, id)
		case method != "POST" || url != endpoint:
			return nil, "", fmt.Sprintf("line %d: the url %q does not match the batch's endpoint", line, url)
		case body == nil:
			return nil, "", fmt.Sprintf("line %d: missing body", line)
		}
		seen[id] = true
		it := &fakeItem{id: id, ex: Exchange{Time: time.Now(), Method: method, Path: url, Body: body}}
		if err := (openaiProto{}).decode(body, &it.ex); err != nil {
			it.invalid = err.Error()
		}
		if model == "" {
			model = it.ex.Model
		} else if it.ex.Model != "" && it.ex.Model != model {
			return nil, "", fmt.Sprintf("line %d: all requests of a batch must use the same model", line)
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil, "", "the input file has no requests"
	}
	return items, model, ""
}

// batchAction answers GET /v1/batches/{id}, polling the batch, and POST
// /v1/batches/{id}/cancel, cancelling it: act applied, the batch's JSON.
func (p openaiProto) batchAction(suffix string, act func(s *Server, b *fakeBatch)) batchHandler {
	return func(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
		id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/v1/batches/"), suffix)
		s.mu.Lock()
		defer s.mu.Unlock()
		b := s.lookup(id)
		if b == nil {
			s.batchError(w, ex, http.StatusNotFound, "No batch found with id '%s'.", id)
			return
		}
		act(s, b)
		p.files(s, b)
		ex.Status = http.StatusOK
		writeJSON(w, http.StatusOK, p.batchJSON(b))
	}
}

func (p openaiProto) listBatches(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	s.mu.Lock()
	defer s.mu.Unlock()
	bs, more := s.listed(r.URL.Query().Get("after"), limit)
	data := make([]any, len(bs))
	for i, b := range bs {
		data[i] = p.batchJSON(b)
	}
	out := map[string]any{"object": "list", "data": data, "has_more": more, "first_id": nil, "last_id": nil}
	if len(bs) > 0 {
		out["first_id"], out["last_id"] = bs[0].ID, bs[len(bs)-1].ID
	}
	ex.Status = http.StatusOK
	writeJSON(w, http.StatusOK, out)
}

func (openaiProto) fileContent(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange) {
	id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/v1/files/"), "/content")
	s.mu.Lock()
	data, ok := s.batch.files[id]
	s.mu.Unlock()
	if !ok {
		s.batchError(w, ex, http.StatusNotFound, "No such File object: %s", id)
		return
	}
	ex.Status = http.StatusOK
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
}

// files writes an ended batch's output and error files once. Called with
// s.mu held.
func (p openaiProto) files(s *Server, b *fakeBatch) {
	if b.State == "running" || b.State == "failed" || b.outputFile != "" || b.errorFile != "" {
		return
	}
	var out, errs bytes.Buffer
	for i, it := range b.items {
		line := map[string]any{"id": fmt.Sprintf("batch_req_%s_%d", b.ID, i), "custom_id": it.id, "response": nil, "error": nil}
		switch it.status {
		case http.StatusOK:
			line["response"] = map[string]any{"status_code": 200, "request_id": "req_fake", "body": p.replyBody(&it.ex)}
			json.NewEncoder(&out).Encode(line)
			continue
		case 0:
			code, msg := "batch_expired", "This request could not be executed before the completion window expired."
			if b.State == "cancelled" {
				code, msg = "batch_cancelled", "This request was not executed because the batch was cancelled."
			}
			line["error"] = map[string]any{"code": code, "message": msg}
		default:
			rec := httptest.NewRecorder()
			p.writeError(rec, it.status, it.msg)
			var body any
			json.Unmarshal(rec.Body.Bytes(), &body)
			line["response"] = map[string]any{"status_code": it.status, "request_id": "req_fake", "body": body}
		}
		json.NewEncoder(&errs).Encode(line)
	}
	if s.batch.files == nil {
		s.batch.files = map[string][]byte{}
	}
	if out.Len() > 0 {
		b.outputFile = "file-out-" + b.ID
		s.batch.files[b.outputFile] = out.Bytes()
	}
	if errs.Len() > 0 {
		b.errorFile = "file-err-" + b.ID
		s.batch.files[b.errorFile] = errs.Bytes()
	}
}

func (openaiProto) batchJSON(b *fakeBatch) map[string]any {
	status := map[string]string{"running": "in_progress", "done": "completed", "expired": "expired", "cancelled": "cancelled", "failed": "failed"}[b.State]
	ok, failed, _ := b.counts()
	out := map[string]any{
		"id": b.ID, "object": "batch", "endpoint": "/v1/chat/completions", "errors": nil,
		"input_file_id": "file-in", "completion_window": "24h", "status": status,
		"output_file_id": nil, "error_file_id": nil,
		"created_at": b.created.Unix(), "in_progress_at": b.created.Unix(), "expires_at": b.created.Add(24 * time.Hour).Unix(),
		"finalizing_at": nil, "completed_at": nil, "failed_at": nil, "expired_at": nil, "cancelling_at": nil, "cancelled_at": nil,
		"request_counts": map[string]any{"total": len(b.items), "completed": ok, "failed": failed},
		"metadata":       b.meta,
	}
	if b.outputFile != "" {
		out["output_file_id"] = b.outputFile
	}
	if b.errorFile != "" {
		out["error_file_id"] = b.errorFile
	}
	at := map[string]string{"done": "completed_at", "expired": "expired_at", "cancelled": "cancelled_at", "failed": "failed_at"}[b.State]
	if at != "" {
		out[at] = b.ended.Unix()
	}
	if b.failure != "" {
		out["errors"] = map[string]any{"object": "list", "data": []any{map[string]any{"code": "invalid_request", "message": b.failure, "param": nil, "line": nil}}}
	}
	return out
}
