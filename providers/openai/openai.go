// Package openai is the provider for OpenAI's chat completions API and for
// every server that speaks it (vLLM, Ollama, llama.cpp, OpenRouter,
// Together, Groq, DeepSeek) through base_url, built on
// github.com/sashabaranov/go-openai.
package openai

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/pushback/pushback/providers"
)

// DefaultBaseURL is OpenAI's API.
const DefaultBaseURL = "https://api.openai.com/v1"

// Config configures a Provider. It holds no key: New takes the key apart.
type Config struct {
	Name         string // the configured model name, for errors
	Model        string // the model id sent to the server
	BaseURL      string // default DefaultBaseURL
	Organization string // sent as the OpenAI-Organization header
	KeyEnv       string // the key's environment variable, named on 401/403
	// Timeout bounds one HTTP call (default providers.DefaultTimeout).
	Timeout time.Duration
	// Transport replaces http.DefaultTransport (tests).
	Transport http.RoundTripper
}

// Provider calls the chat completions endpoint once per Chat.
type Provider struct {
	cfg    Config
	key    string
	client *goopenai.Client
}

var _ providers.Provider = (*Provider)(nil)

// New returns a provider for cfg sending apiKey as a bearer token. An empty
// key is allowed only with a BaseURL (a local server that needs none).
func New(cfg Config, apiKey string) (*Provider, error) {
	if cfg.Model == "" {
		return nil, fmt.Errorf("openai model %s: no model id", cfg.Name)
	}
	if apiKey == "" && cfg.BaseURL == "" {
		return nil, fmt.Errorf("openai model %s: no API key: set %s", cfg.Name, cfg.KeyEnv)
	}
	if cfg.Name == "" {
		cfg.Name = cfg.Model
	}
	cc := goopenai.DefaultConfig(apiKey)
	if cfg.BaseURL != "" {
		cc.BaseURL = cfg.BaseURL
	}
	cc.OrgID = cfg.Organization
	cc.HTTPClient = providers.NewHTTPClient(cfg.Transport, cfg.Timeout)
	return &Provider{cfg: cfg, key: apiKey, client: goopenai.NewClientWithConfig(cc)}, nil
}

// String names the provider without its key.
func (p *Provider) String() string { return "openai:" + p.cfg.Name }

// Chat sends one chat completion request.
func (p *Provider) Chat(ctx context.Context, req providers.Request) (providers.Response, error) {
	creq, err := p.request(req)
	if err != nil {
		return providers.Response{}, &providers.Error{Provider: providers.KindOpenAI, Model: p.cfg.Name, Err: err}
	}
	ctx, info := providers.WithResponseInfo(ctx)
	start := time.Now()
	resp, err := p.client.CreateChatCompletion(ctx, creq)
	latency := time.Since(start)
	if err != nil {
		return providers.Response{}, p.fail(err, info)
	}
	return p.response(resp, latency)
}

// response converts a chat completion.
func (p *Provider) response(resp goopenai.ChatCompletionResponse, latency time.Duration) (providers.Response, error) {
	if len(resp.Choices) == 0 {
		return providers.Response{}, providers.MalformedError(providers.KindOpenAI, p.cfg.Name, errors.New("no choices in the response"))
	}
	choice := resp.Choices[0]
	cached := 0
	if d := resp.Usage.PromptTokensDetails; d != nil {
		cached = d.CachedTokens // OpenAI caches long prefixes by itself
	}
	return providers.Response{
		Text:              choice.Message.Content,
		InputTokens:       resp.Usage.PromptTokens,
		CachedInputTokens: cached,
		OutputTokens:      resp.Usage.CompletionTokens,
		Model:             resp.Model,
		FinishReason:      string(choice.FinishReason),
		Latency:           latency,
	}, nil
}

// reasoningModel reports whether model takes max_completion_tokens and no
// temperature (the o-series and gpt-5 and later), as go-openai validates.
func reasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}

// request converts req to the chat completions shape.
func (p *Provider) request(req providers.Request) (goopenai.ChatCompletionRequest, error) {
	effort, _ := req.Extra[providers.ExtraReasoningEffort].(string)
	reasoning := effort != "" || reasoningModel(p.cfg.Model)
	creq := goopenai.ChatCompletionRequest{Model: p.cfg.Model, ReasoningEffort: effort}
	if req.System != "" {
		creq.Messages = append(creq.Messages, goopenai.ChatCompletionMessage{Role: goopenai.ChatMessageRoleSystem, Content: req.System})
	}
	for _, m := range req.Messages {
		msg, err := message(m)
		if err != nil {
			return creq, err
		}
		creq.Messages = append(creq.Messages, msg)
	}
	if req.MaxTokens > 0 {
		if reasoning {
			creq.MaxCompletionTokens = req.MaxTokens
		} else {
			creq.MaxTokens = req.MaxTokens
		}
	}
	if req.Temperature != nil && !reasoning {
		// go-openai omits a zero temperature (omitempty on float32); the
		// smallest float32 is its documented way to send "0".
		creq.Temperature = max(float32(*req.Temperature), math.SmallestNonzeroFloat32)
	}
	if req.Seed != nil {
		seed := int(*req.Seed)
		creq.Seed = &seed
	}
	return creq, nil
}

// message converts one turn: a plain string, or text and image_url parts
// with the images as base64 data URLs.
func message(m providers.Message) (goopenai.ChatCompletionMessage, error) {
	c, err := providers.Prepare(m)
	if err != nil {
		return goopenai.ChatCompletionMessage{}, err
	}
	out := goopenai.ChatCompletionMessage{Role: m.Role}
	if len(c.Images) == 0 {
		out.Content = c.Text
		return out, nil
	}
	if c.Text != "" {
		out.MultiContent = append(out.MultiContent, goopenai.ChatMessagePart{Type: goopenai.ChatMessagePartTypeText, Text: c.Text})
	}
	for _, img := range c.Images {
		out.MultiContent = append(out.MultiContent, goopenai.ChatMessagePart{
			Type: goopenai.ChatMessagePartTypeImageURL,
			ImageURL: &goopenai.ChatMessageImageURL{
				URL:    "data:" + img.MIME + ";base64," + base64.StdEncoding.EncodeToString(img.Data),
				Detail: goopenai.ImageURLDetailAuto,
			},
		})
	}
	return out, nil
}

// fail maps a go-openai error to a *providers.Error: *APIError (a JSON
// error body) and *RequestError (any other body) by status, a body that
// arrived whole but did not decode as malformed, the rest as transport
// errors. Retry-After comes from the transport, as go-openai drops headers.
func (p *Provider) fail(err error, info *providers.ResponseInfo) error {
	var (
		apiErr *goopenai.APIError
		reqErr *goopenai.RequestError
		e      *providers.Error
	)
	switch {
	case errors.As(err, &apiErr) && apiErr.HTTPStatusCode > 0:
		e = providers.HTTPError(providers.KindOpenAI, p.cfg.Name, apiErr.HTTPStatusCode, apiErr.Message, err)
	case errors.As(err, &reqErr):
		e = providers.HTTPError(providers.KindOpenAI, p.cfg.Name, reqErr.HTTPStatusCode, string(reqErr.Body), err)
	case info.BodyComplete():
		e = providers.MalformedError(providers.KindOpenAI, p.cfg.Name, err)
	default:
		e = providers.TransportError(providers.KindOpenAI, p.cfg.Name, err)
	}
	return e.Complete(p.cfg.KeyEnv, info, p.key)
}
