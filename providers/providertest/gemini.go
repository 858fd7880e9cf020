package providertest

import (
	"fmt"
	"net/http"
	"strings"
)

// geminiProto is the Gemini Developer API:
// POST /v1beta/models/{model}:generateContent with x-goog-api-key, camelCase
// JSON, errors as {"error": {"code", "message", "status"}}.
type geminiProto struct{}

func (geminiProto) route(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "/v1beta/models/")
	if !ok {
		return "", false
	}
	model, ok := strings.CutSuffix(rest, ":generateContent")
	return model, ok && model != "" && !strings.Contains(model, "/")
}

func (geminiProto) auth(h http.Header, key string) (int, string) {
	got := h.Get("X-Goog-Api-Key")
	switch {
	case got == "":
		return http.StatusForbidden, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
	case got != key:
		// The real service answers a bad key with 400 INVALID_ARGUMENT and
		// reason API_KEY_INVALID, not 401.
		return http.StatusBadRequest, "API key not valid. Please pass a valid API key."
	}
	return 0, ""
}

func (geminiProto) decode(body map[string]any, ex *Exchange) error {
	raw, _, err := field[[]any](body, "contents", "GenerateContentRequest", true)
	if err != nil {
		return err
	}
	if len(raw) == 0 {
		return fmt.Errorf("* GenerateContentRequest.contents: contents is not specified")
	}
	contents, err := objects(raw, "GenerateContentRequest.contents")
	if err != nil {
		return err
	}
	for i, c := range contents {
		where := fmt.Sprintf("GenerateContentRequest.contents[%d]", i)
		role, _, err := field[string](c, "role", where, false)
		if err != nil {
			return err
		}
		switch role {
		case "", "user":
			role = "user"
		case "model":
			role = "assistant"
		default:
			return fmt.Errorf("%s.role: please use a valid role: user, model", where)
		}
		msg, err := geminiParts(c, where)
		if err != nil {
			return err
		}
		msg.Role = role
		ex.Messages = append(ex.Messages, msg)
	}
	if si, ok, err := field[map[string]any](body, "systemInstruction", "GenerateContentRequest", false); err != nil {
		return err
	} else if ok {
		msg, err := geminiParts(si, "GenerateContentRequest.systemInstruction")
		if err != nil {
			return err
		}
		ex.System = msg.Text
	}
	return geminiConfig(body)
}

func geminiConfig(body map[string]any) error {
	gc, ok, err := field[map[string]any](body, "generationConfig", "GenerateContentRequest", false)
	if err != nil || !ok {
		return err
	}
	const where = "GenerateContentRequest.generationConfig"
	if err := number(gc, "temperature", where, 0, 2); err != nil {
		return err
	}
	if _, _, err := integer(gc, "maxOutputTokens", where, 1, false); err != nil {
		return err
	}
	if _, _, err := integer(gc, "seed", where, -1<<31, false); err != nil {
		return err
	}
	if tc, ok, err := field[map[string]any](gc, "thinkingConfig", where, false); err != nil {
		return err
	} else if ok {
		if _, _, err := integer(tc, "thinkingBudget", where+".thinkingConfig", -1, false); err != nil {
			return err
		}
	}
	for k := range gc {
		switch k {
		case "temperature", "maxOutputTokens", "seed", "thinkingConfig", "topP", "topK", "candidateCount", "stopSequences":
		default:
			return fmt.Errorf("Invalid JSON payload received. Unknown name %q at 'generation_config': Cannot find field.", k)
		}
	}
	return nil
}

// geminiParts reads a Content's parts: text and inlineData.
func geminiParts(c map[string]any, where string) (Message, error) {
	var out Message
	raw, _, err := field[[]any](c, "parts", where, true)
	if err != nil {
		return out, err
	}
	if len(raw) == 0 {
		return out, fmt.Errorf("%s.parts: must not be empty", where)
	}
	parts, err := objects(raw, where+".parts")
	if err != nil {
		return out, err
	}
	for j, p := range parts {
		pw := fmt.Sprintf("%s.parts[%d]", where, j)
		if text, ok, err := field[string](p, "text", pw, false); err != nil {
			return out, err
		} else if ok {
			out.Text += text
			continue
		}
		inline, ok, err := field[map[string]any](p, "inlineData", pw, false)
		if err != nil {
			return out, err
		}
		if !ok {
			return out, fmt.Errorf("%s: a part must hold text or inlineData", pw)
		}
		mime, _, err := field[string](inline, "mimeType", pw+".inlineData", true)
		if err != nil {
			return out, err
		}
		data, _, err := field[string](inline, "data", pw+".inlineData", true)
		if err != nil {
			return out, err
		}
		img, err := decodeImage(mime, data, pw+".inlineData")
		if err != nil {
			return out, err
		}
		out.Images = append(out.Images, img)
	}
	return out, nil
}

var geminiStatus = map[int]string{
	400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
	429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
}

func (geminiProto) writeError(w http.ResponseWriter, status int, msg string) {
	st, ok := geminiStatus[status]
	if !ok {
		st = "UNKNOWN"
	}
	e := map[string]any{"code": status, "message": msg, "status": st}
	if strings.HasPrefix(msg, "API key not valid") {
		e["details"] = []any{map[string]any{
			"@type":  "type.googleapis.com/google.rpc.ErrorInfo",
			"reason": "API_KEY_INVALID",
			"domain": "googleapis.com",
		}}
	}
	writeJSON(w, status, map[string]any{"error": e})
}

func (p geminiProto) writeReply(w http.ResponseWriter, ex *Exchange) {
	writeJSON(w, http.StatusOK, p.replyBody(ex))
}

func (geminiProto) replyBody(ex *Exchange) map[string]any {
	return map[string]any{
		"candidates": []any{map[string]any{
			"content": map[string]any{
				"parts": []any{map[string]any{"text": ex.Reply}},
				"role":  "model",
			},
			"finishReason": "STOP",
			"index":        0,
		}},
		"usageMetadata": map[string]any{
			"promptTokenCount":        ex.InputTokens,
			"cachedContentTokenCount": ex.CachedTokens,
			"candidatesTokenCount":    ex.OutputTokens,
			"totalTokenCount":         ex.InputTokens + ex.OutputTokens,
			"promptTokensDetails":     []any{map[string]any{"modality": "TEXT", "tokenCount": ex.InputTokens}},
		},
		"modelVersion": ex.Model,
		"responseId":   "fake-response-id",
	}
}

func (geminiProto) malformed() string {
	return `{"candidates": [{"content": {"parts": [{"text": "Hel`
}
