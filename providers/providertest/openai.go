package providertest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// openaiProto is POST /v1/chat/completions with Authorization: Bearer KEY,
// shaped after the OpenAI API reference and go-openai's own test fixtures.
type openaiProto struct{}

func (openaiProto) route(path string) (string, bool) {
	return "", path == "/v1/chat/completions"
}

func (openaiProto) auth(h http.Header, key string) (int, string) {
	got, ok := strings.CutPrefix(h.Get("Authorization"), "Bearer ")
	switch {
	case !ok || got == "":
		return http.StatusUnauthorized, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
	case got != key:
		// The real service echoes a masked key; echoing it whole here
		// proves pushback never repeats an error body for a 401.
		return http.StatusUnauthorized, "Incorrect API key provided: " + got + ". You can find your API key at https://platform.openai.com/account/api-keys."
	}
	return 0, ""
}

var openaiRoles = map[string]bool{"system": true, "developer": true, "user": true, "assistant": true}

func (openaiProto) decode(body map[string]any, ex *Exchange) error {
	model, _, err := field[string](body, "model", "body", true)
	if err != nil {
		return err
	}
	ex.Model = model
	if stream, _, _ := field[bool](body, "stream", "body", false); stream {
		return fmt.Errorf("this fake does not stream")
	}
	if err := number(body, "temperature", "body", 0, 2); err != nil {
		return err
	}
	for _, k := range []string{"max_tokens", "max_completion_tokens"} {
		if _, _, err := integer(body, k, "body", 1, false); err != nil {
			return err
		}
	}
	if _, _, err := integer(body, "seed", "body", -1<<62, false); err != nil {
		return err
	}
	raw, _, err := field[[]any](body, "messages", "body", true)
	if err != nil {
		return err
	}
	if len(raw) == 0 {
		return fmt.Errorf("[] is too short - 'messages'")
	}
	msgs, err := objects(raw, "messages")
	if err != nil {
		return err
	}
	for i, m := range msgs {
		where := fmt.Sprintf("messages[%d]", i)
		role, _, err := field[string](m, "role", where, true)
		if err != nil {
			return err
		}
		if !openaiRoles[role] {
			return fmt.Errorf("%s.role: invalid value %q", where, role)
		}
		msg, err := openaiContent(m, where)
		if err != nil {
			return err
		}
		if role == "system" || role == "developer" {
			ex.System += msg.Text
			continue
		}
		msg.Role = role
		ex.Messages = append(ex.Messages, msg)
	}
	return nil
}

// openaiContent reads content: a string, or an array of text and
// image_url parts.
func openaiContent(m map[string]any, where string) (Message, error) {
	var out Message
	switch c := m["content"].(type) {
	case string:
		out.Text = c
		return out, nil
	case []any:
		parts, err := objects(c, where+".content")
		if err != nil {
			return out, err
		}
		for j, p := range parts {
			pw := fmt.Sprintf("%s.content[%d]", where, j)
			typ, _, err := field[string](p, "type", pw, true)
			if err != nil {
				return out, err
			}
			switch typ {
			case "text":
				text, _, err := field[string](p, "text", pw, true)
				if err != nil {
					return out, err
				}
				out.Text += text
			case "image_url":
				iu, _, err := field[map[string]any](p, "image_url", pw, true)
				if err != nil {
					return out, err
				}
				u, _, err := field[string](iu, "url", pw+".image_url", true)
				if err != nil {
					return out, err
				}
				img, err := dataURL(u, pw+".image_url.url")
				if err != nil {
					return out, err
				}
				out.Images = append(out.Images, img)
			default:
				return out, fmt.Errorf("%s.type: invalid value %q", pw, typ)
			}
		}
		return out, nil
	}
	return out, fmt.Errorf("%s.content: expected a string or an array of parts", where)
}

func (openaiProto) writeError(w http.ResponseWriter, status int, msg string) {
	typ, code := "invalid_request_error", any(nil)
	switch {
	case status == http.StatusUnauthorized:
		code = "invalid_api_key"
	case status == http.StatusTooManyRequests:
		typ, code = "requests", "rate_limit_exceeded"
	case status >= 500:
		typ = "server_error"
	}
	w.Header().Set("X-Request-Id", "req_fake")
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"message": msg, "type": typ, "param": nil, "code": code,
	}})
}

func (p openaiProto) writeReply(w http.ResponseWriter, ex *Exchange) {
	w.Header().Set("X-Request-Id", "req_fake")
	writeJSON(w, http.StatusOK, p.replyBody(ex))
}

func (openaiProto) replyBody(ex *Exchange) map[string]any {
	return map[string]any{
		"id":      "chatcmpl-fake",
		"object":  "chat.completion",
		"created": time.Now().Unix(),
		"model":   ex.Model + "-2025-04-14",
		"choices": []any{map[string]any{
			"index": 0,
			"message": map[string]any{
				"role": "assistant", "content": ex.Reply, "refusal": nil, "annotations": []any{},
			},
			"logprobs":      nil,
			"finish_reason": "stop",
		}},
		"usage": map[string]any{
			"prompt_tokens":             ex.InputTokens,
			"completion_tokens":         ex.OutputTokens,
			"total_tokens":              ex.InputTokens + ex.OutputTokens,
			"prompt_tokens_details":     map[string]any{"cached_tokens": ex.CachedTokens, "audio_tokens": 0},
			"completion_tokens_details": map[string]any{"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0},
		},
		"service_tier":       "default",
		"system_fingerprint": "fp_fake",
	}
}

func (openaiProto) malformed() string {
	return `{"id":"chatcmpl-fake","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hel`
}
