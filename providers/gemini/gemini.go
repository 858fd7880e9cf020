// Package gemini is the provider for Google's Gemini Developer API, built on
// google.golang.org/genai (the SDK Google recommends over the deprecated
// github.com/google/generative-ai-go).
package gemini

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"google.golang.org/genai"

	"github.com/pushback/pushback/providers"
)

// DefaultBaseURL is the Gemini Developer API.
const DefaultBaseURL = "https://generativelanguage.googleapis.com/"

// Config configures a Provider. It holds no key: New takes the key apart.
type Config struct {
	Name    string // the configured model name, for errors
	Model   string // the model id, e.g. gemini-2.5-pro
	BaseURL string // default DefaultBaseURL; tests point it at a fake
	KeyEnv  string // the key's environment variable, named on auth errors
	// Timeout bounds one HTTP call (default providers.DefaultTimeout).
	Timeout time.Duration
	// Transport replaces http.DefaultTransport (tests).
	Transport http.RoundTripper
}

// Provider calls generateContent once per Chat.
type Provider struct {
	cfg    Config
	key    string
	client *genai.Client
}

var _ providers.Provider = (*Provider)(nil)

// New returns a provider for cfg using apiKey. The backend is set to the
// Gemini API explicitly and the base URL always passed, so neither
// GOOGLE_GENAI_USE_VERTEXAI nor GOOGLE_GEMINI_BASE_URL can redirect it, and
// the SDK's own retries stay off.
func New(ctx context.Context, cfg Config, apiKey string) (*Provider, error) {
	if cfg.Model == "" {
		return nil, fmt.Errorf("gemini model %s: no model id", cfg.Name)
	}
	if apiKey == "" {
		return nil, fmt.Errorf("gemini model %s: no API key: set %s", cfg.Name, cfg.KeyEnv)
	}
	if cfg.Name == "" {
		cfg.Name = cfg.Model
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	one := int32(1)
	client, err := genai.NewClient(ctx, &genai.ClientConfig{
		APIKey:     apiKey,
		Backend:    genai.BackendGeminiAPI,
		HTTPClient: providers.NewHTTPClient(cfg.Transport, cfg.Timeout),
		HTTPOptions: genai.HTTPOptions{
			BaseURL:      base,
			RetryOptions: &genai.HTTPRetryOptions{Attempts: &one},
		},
	})
	if err != nil {
		// genai's construction errors print the whole ClientConfig.
		return nil, fmt.Errorf("gemini model %s: %w", cfg.Name, providers.Redact(err, apiKey))
	}
	return &Provider{cfg: cfg, key: apiKey, client: client}, nil
}

// String names the provider without its key.
func (p *Provider) String() string { return "gemini:" + p.cfg.Name }

// Chat sends one generateContent request.
func (p *Provider) Chat(ctx context.Context, req providers.Request) (providers.Response, error) {
	contents, config, err := p.request(req)
	if err != nil {
		return providers.Response{}, &providers.Error{Provider: providers.KindGemini, Model: p.cfg.Name, Err: err}
	}
	ctx, info := providers.WithResponseInfo(ctx)
	start := time.Now()
	resp, err := p.client.Models.GenerateContent(ctx, p.cfg.Model, contents, config)
	latency := time.Since(start)
	if err != nil {
		return providers.Response{}, p.fail(err, info)
	}
	return p.response(resp, latency)
}

// response converts a generateContent response: the first candidate's
// text without thoughts, usage with thinking tokens as output.
func (p *Provider) response(resp *genai.GenerateContentResponse, latency time.Duration) (providers.Response, error) {
	out := providers.Response{Model: resp.ModelVersion, Latency: latency}
	if u := resp.UsageMetadata; u != nil {
		out.InputTokens = int(u.PromptTokenCount)
		// Gemini caches long prefixes by itself (implicit caching).
		out.CachedInputTokens = int(u.CachedContentTokenCount)
		// Thinking tokens are billed as output.
		out.OutputTokens = int(u.CandidatesTokenCount + u.ThoughtsTokenCount)
	}
	if len(resp.Candidates) == 0 {
		reason := "no candidates in the response"
		if pf := resp.PromptFeedback; pf != nil && pf.BlockReason != "" {
			reason = "prompt blocked: " + string(pf.BlockReason)
		}
		return providers.Response{}, &providers.Error{Provider: providers.KindGemini, Model: p.cfg.Name, Err: errors.New(reason)}
	}
	cand := resp.Candidates[0]
	out.FinishReason = string(cand.FinishReason)
	if cand.Content != nil {
		var b strings.Builder
		for _, part := range cand.Content.Parts {
			if part != nil && !part.Thought {
				b.WriteString(part.Text)
			}
		}
		out.Text = b.String()
	}
	return out, nil
}

// request converts req to contents (roles user and model, text and inline
// image parts) and a config with the system instruction and parameters.
func (p *Provider) request(req providers.Request) ([]*genai.Content, *genai.GenerateContentConfig, error) {
	var contents []*genai.Content
	for _, m := range req.Messages {
		c, err := providers.Prepare(m)
		if err != nil {
			return nil, nil, err
		}
		role := genai.RoleUser
		if m.Role == providers.RoleAssistant {
			role = genai.RoleModel
		}
		var parts []*genai.Part
		if c.Text != "" {
			parts = append(parts, genai.NewPartFromText(c.Text))
		}
		for _, img := range c.Images {
			parts = append(parts, genai.NewPartFromBytes(img.Data, img.MIME))
		}
		contents = append(contents, genai.NewContentFromParts(parts, genai.Role(role)))
	}
	config := &genai.GenerateContentConfig{}
	if req.System != "" {
		config.SystemInstruction = genai.NewContentFromText(req.System, genai.RoleUser)
	}
	if req.Temperature != nil {
		t := float32(*req.Temperature)
		config.Temperature = &t
	}
	if req.MaxTokens > 0 {
		config.MaxOutputTokens = int32(min(req.MaxTokens, math.MaxInt32))
	}
	if req.Seed != nil {
		s := int32(*req.Seed)
		config.Seed = &s
	}
	if budget, ok := req.Extra[providers.ExtraThinkingBudget].(int); ok && budget > 0 {
		b := int32(min(budget, math.MaxInt32))
		config.ThinkingConfig = &genai.ThinkingConfig{ThinkingBudget: &b}
	}
	return contents, config, nil
}

// fail maps a genai error to a *providers.Error. genai.APIError is a value
// type whose Code is the body's error.code; a rejected key comes back as
// 400 with reason API_KEY_INVALID, reported as an auth error.
func (p *Provider) fail(err error, info *providers.ResponseInfo) error {
	var (
		apiErr genai.APIError
		e      *providers.Error
	)
	switch {
	case errors.As(err, &apiErr):
		status := apiErr.Code
		if status == 0 {
			status = info.Status()
		}
		e = providers.HTTPError(providers.KindGemini, p.cfg.Name, status, apiErr.Message, err)
		if keyInvalid(apiErr) {
			e.Auth = true
		}
	case info.BodyComplete():
		e = providers.MalformedError(providers.KindGemini, p.cfg.Name, err)
	default:
		e = providers.TransportError(providers.KindGemini, p.cfg.Name, err)
	}
	return e.Complete(p.cfg.KeyEnv, info, p.key)
}

func keyInvalid(e genai.APIError) bool {
	for _, d := range e.Details {
		if r, _ := d["reason"].(string); r == "API_KEY_INVALID" {
			return true
		}
	}
	return strings.HasPrefix(e.Message, "API key not valid")
}
