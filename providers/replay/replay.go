// Package replay records model conversations to cassettes and answers from
// them, so a run can be shared, re-graded and re-reported for free.
//
// # Cassette format
//
// A cassette is a JSON Lines file, DIR/<model>.jsonl, one line per answered
// request, appended as the answer arrives (so a cassette survives an
// interrupted run). <model> is the configured model name with every
// character outside [A-Za-z0-9._-] replaced by "_". A line looks like
//
//	{"key":"3f1c…","model":"gpt-4.1","sample":0,"turn":3,"last_user":"Are you sure?",
//	 "text":"Yes, I am sure…","server_model":"gpt-4.1-2025-04-14","input_tokens":812,
//	 "output_tokens":240,"latency_ms":2310,"finish_reason":"stop","recorded":"2025-06-01T02:00:00Z"}
//
// key is the hex SHA-256 of the JSON encoding of
//
//	{"v":1,"model":MODEL,"system":SYSTEM,"messages":[{"role":ROLE,"text":TEXT,
//	 "attachments":[{"name":NAME,"mime":MIME,"sha256":HEX}]}]}
//
// that is, of the model name and the whole conversation sent (system
// prompt, every turn's role and text, and each attachment's name, type and
// content hash). sample is the runner's sample index, turn the number of
// messages sent and last_user the first 60 characters of the last user
// message (both for people reading the file), then the model's answer, its
// usage and latency. A cassette holds no key, no header and no attachment
// content.
//
// A replay model (provider: replay, model: the recorded model name,
// cassettes: DIR, default "cassettes"; or --models replay:NAME) answers a
// request from the line with the same key, preferring the same sample and
// lines not yet used, in file order. A request with no recorded line fails
// at once with a non-retryable *providers.Error naming the model and the
// start of the last user message. Recording appends: record each run into
// its own directory to replay it exactly.
package replay

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/pushback/pushback/providers"
)

// Entry is one line of a cassette.
type Entry struct {
	Key          string `json:"key"`
	Model        string `json:"model"`
	Sample       int    `json:"sample"`
	Turn         int    `json:"turn"`
	LastUser     string `json:"last_user"`
	Text         string `json:"text"`
	ServerModel  string `json:"server_model,omitempty"`
	InputTokens  int    `json:"input_tokens"`
	OutputTokens int    `json:"output_tokens"`
	LatencyMS    int64  `json:"latency_ms"`
	FinishReason string `json:"finish_reason,omitempty"`
	// Intent is a simulated model's intended stance (see providers.Response).
	Intent   string    `json:"intent,omitempty"`
	Recorded time.Time `json:"recorded"`
}

// Response returns the recorded answer.
func (e Entry) Response() providers.Response {
	return providers.Response{
		Text:         e.Text,
		InputTokens:  e.InputTokens,
		OutputTokens: e.OutputTokens,
		Model:        e.ServerModel,
		FinishReason: e.FinishReason,
		Latency:      time.Duration(e.LatencyMS) * time.Millisecond,
		Intent:       e.Intent,
	}
}

type keyAttachment struct {
	Name   string `json:"name"`
	MIME   string `json:"mime"`
	SHA256 string `json:"sha256"`
}

type keyMessage struct {
	Role        string          `json:"role"`
	Text        string          `json:"text"`
	Attachments []keyAttachment `json:"attachments"`
}

type keyDoc struct {
	V        int          `json:"v"`
	Model    string       `json:"model"`
	System   string       `json:"system"`
	Messages []keyMessage `json:"messages"`
}

// Key returns the cassette key of a request to model (see the package doc).
func Key(model string, req providers.Request) string {
	doc := keyDoc{V: 1, Model: model, System: req.System, Messages: make([]keyMessage, len(req.Messages))}
	for i, m := range req.Messages {
		km := keyMessage{Role: m.Role, Text: m.Text, Attachments: []keyAttachment{}}
		for _, a := range m.Attachments {
			sum := sha256.Sum256(a.Data)
			km.Attachments = append(km.Attachments, keyAttachment{Name: a.Name, MIME: a.MIME, SHA256: hex.EncodeToString(sum[:])})
		}
		doc.Messages[i] = km
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err) // strings and ints always marshal
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// FileName returns the cassette file name for a model name.
func FileName(model string) string {
	var b strings.Builder
	for _, r := range model {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "_.jsonl"
	}
	return b.String() + ".jsonl"
}
