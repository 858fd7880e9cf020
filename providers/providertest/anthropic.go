package providertest

import (
	"fmt"
	"net/http"
	"strings"
)

// anthropicProto is POST /v1/messages with the key as Authorization: Bearer
// (what anthropic-sdk-go v2 sends) or x-api-key, and an anthropic-version
// header; errors are {"type": "error", "error": {"type", "message"}}.
type anthropicProto struct{}

func (anthropicProto) route(path string) (string, bool) { return "", path == "/v1/messages" }

func (anthropicProto) auth(h http.Header, key string) (int, string) {
	got := h.Get("X-Api-Key")
	if bearer, ok := strings.CutPrefix(h.Get("Authorization"), "Bearer "); ok {
		got = bearer
	}
	switch {
	case got == "":
		return http.StatusUnauthorized, "x-api-key header is required"
	case got != key:
		return http.StatusUnauthorized, "invalid x-api-key"
	case h.Get("Anthropic-Version") == "":
		return http.StatusBadRequest, "anthropic-version: header is required"
	}
	return 0, ""
}

func (anthropicProto) decode(body map[string]any, ex *Exchange) error {
	model, _, err := field[string](body, "model", "body", true)
	if err != nil {
		return err
	}
	ex.Model = model
	maxTokens, _, err := integer(body, "max_tokens", "body", 1, true)
	if err != nil {
		return err
	}
	if err := number(body, "temperature", "body", 0, 1); err != nil {
		return err
	}
	if err := anthropicThinking(body, maxTokens); err != nil {
		return err
	}
	if err := anthropicSystem(body, ex); err != nil {
		return err
	}
	raw, _, err := field[[]any](body, "messages", "body", true)
	if err != nil {
		return err
	}
	if len(raw) == 0 {
		return fmt.Errorf("messages: at least one message is required")
	}
	msgs, err := objects(raw, "messages")
	if err != nil {
		return err
	}
	for i, m := range msgs {
		where := fmt.Sprintf("messages.%d", i)
		role, _, err := field[string](m, "role", where, true)
		if err != nil {
			return err
		}
		if role != "user" && role != "assistant" {
			return fmt.Errorf("%s.role: Input should be 'user' or 'assistant'", where)
		}
		if i == 0 && role != "user" {
			return fmt.Errorf("messages: first message must use the \"user\" role")
		}
		msg, err := anthropicContent(m["content"], where+".content")
		if err != nil {
			return err
		}
		msg.Role = role
		ex.Messages = append(ex.Messages, msg)
	}
	return nil
}

func anthropicThinking(body map[string]any, maxTokens int64) error {
	th, ok, err := field[map[string]any](body, "thinking", "body", false)
	if err != nil || !ok {
		return err
	}
	typ, _, err := field[string](th, "type", "thinking", true)
	if err != nil {
		return err
	}
	if typ != "enabled" {
		return nil
	}
	budget, _, err := integer(th, "budget_tokens", "thinking", 1024, true)
	if err != nil {
		return err
	}
	if budget >= maxTokens {
		return fmt.Errorf("`max_tokens` must be greater than `thinking.budget_tokens`")
	}
	return nil
}

func anthropicSystem(body map[string]any, ex *Exchange) error {
	switch s := body["system"].(type) {
	case nil:
	case string:
		ex.System = s
	case []any:
		msg, err := anthropicContent(s, "system")
		if err != nil {
			return err
		}
		if len(msg.Images) > 0 {
			return fmt.Errorf("system: only text blocks are allowed")
		}
		ex.System = msg.Text
	default:
		return fmt.Errorf("system: expected a string or a list of text blocks")
	}
	return nil
}

// anthropicContent reads content: a string or a list of text and image blocks.
func anthropicContent(c any, where string) (Message, error) {
	var out Message
	switch c := c.(type) {
	case string:
		out.Text = c
		return out, nil
	case []any:
		blocks, err := objects(c, where)
		if err != nil {
			return out, err
		}
		for j, b := range blocks {
			bw := fmt.Sprintf("%s.%d", where, j)
			typ, _, err := field[string](b, "type", bw, true)
			if err != nil {
				return out, err
			}
			if cc, ok, err := field[map[string]any](b, "cache_control", bw, false); err != nil {
				return out, err
			} else if ok {
				if t, _, err := field[string](cc, "type", bw+".cache_control", true); err != nil {
					return out, err
				} else if t != "ephemeral" {
					return out, fmt.Errorf("%s.cache_control.type: Input should be 'ephemeral'", bw)
				}
				out.CacheMark = true
			}
			switch typ {
			case "text":
				text, _, err := field[string](b, "text", bw, true)
				if err != nil {
					return out, err
				}
				out.Text += text
			case "image":
				img, err := anthropicImage(b, bw)
				if err != nil {
					return out, err
				}
				out.Images = append(out.Images, img)
			default:
				return out, fmt.Errorf("%s.type: this fake accepts text and image blocks, got %q", bw, typ)
			}
		}
		return out, nil
	}
	return out, fmt.Errorf("%s: expected a string or a list of content blocks", where)
}

func anthropicImage(b map[string]any, where string) (Image, error) {
	src, _, err := field[map[string]any](b, "source", where, true)
	if err != nil {
		return Image{}, err
	}
	typ, _, err := field[string](src, "type", where+".source", true)
	if err != nil {
		return Image{}, err
	}
	if typ != "base64" {
		return Image{}, fmt.Errorf("%s.source.type: this fake accepts base64 images, got %q", where, typ)
	}
	mime, _, err := field[string](src, "media_type", where+".source", true)
	if err != nil {
		return Image{}, err
	}
	data, _, err := field[string](src, "data", where+".source", true)
	if err != nil {
		return Image{}, err
	}
	return decodeImage(mime, data, where+".source")
}

var anthropicErrorTypes = map[int]string{
	400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
	404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error",
	500: "api_error", 529: "overloaded_error",
}

func (anthropicProto) writeError(w http.ResponseWriter, status int, msg string) {
	typ, ok := anthropicErrorTypes[status]
	if !ok {
		typ = "api_error"
	}
	w.Header().Set("Request-Id", "req_fake")
	writeJSON(w, status, map[string]any{
		"type":       "error",
		"error":      map[string]any{"type": typ, "message": msg},
		"request_id": "req_fake",
	})
}

func (p anthropicProto) writeReply(w http.ResponseWriter, ex *Exchange) {
	w.Header().Set("Request-Id", "req_fake")
	writeJSON(w, http.StatusOK, p.replyBody(ex))
}

func (anthropicProto) replyBody(ex *Exchange) map[string]any {
	return map[string]any{
		"id":            "msg_fake",
		"type":          "message",
		"role":          "assistant",
		"model":         ex.Model,
		"content":       []any{map[string]any{"type": "text", "text": ex.Reply}},
		"stop_reason":   "end_turn",
		"stop_sequence": nil,
		"usage": map[string]any{
			// Anthropic counts cached and cache-written tokens apart
			// from input_tokens.
			"input_tokens":                ex.InputTokens - ex.CachedTokens - ex.CacheWriteTokens,
			"output_tokens":               ex.OutputTokens,
			"cache_creation_input_tokens": ex.CacheWriteTokens,
			"cache_read_input_tokens":     ex.CachedTokens,
			"service_tier":                "standard",
		},
	}
}

func (anthropicProto) malformed() string {
	return `{"id":"msg_fake","type":"message","role":"assistant","content":[{"type":"text","text":"Hel`
}
