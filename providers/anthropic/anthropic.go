// Package anthropic is the provider for Anthropic's Messages API (Claude),
// built on github.com/anthropics/anthropic-sdk-go/v2.
//
// The v2 API takes no temperature and no seed, so those config fields are
// not sent; thinking_budget turns on extended thinking with that budget.
package anthropic

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	sdk "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/pushback/pushback/providers"
)

// DefaultBaseURL is Anthropic's API.
const DefaultBaseURL = "https://api.anthropic.com/"

// DefaultMaxTokens is sent when the request sets no max_tokens, which the
// Messages API requires.
const DefaultMaxTokens = 4096

// Config configures a Provider. It holds no key: New takes the key apart.
type Config struct {
	Name    string // the configured model name, for errors
	Model   string // the model id, e.g. claude-sonnet-4-5
	BaseURL string // default DefaultBaseURL
	KeyEnv  string // the key's environment variable, named on 401/403
	// Timeout bounds one HTTP call (default providers.DefaultTimeout).
	Timeout time.Duration
	// Transport replaces http.DefaultTransport (tests).
	Transport http.RoundTripper
}

// Provider calls the messages endpoint once per Chat.
type Provider struct {
	cfg    Config
	key    string
	client sdk.Client
}

var _ providers.Provider = (*Provider)(nil)

// New returns a provider for cfg using apiKey. Key, base URL and HTTP client
// are passed explicitly and the environment defaults skipped, so
// ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN or ANTHROPIC_CUSTOM_HEADERS cannot
// silently redirect or alter calls; the SDK's retries are turned off.
func New(cfg Config, apiKey string) (*Provider, error) {
	if cfg.Model == "" {
		return nil, fmt.Errorf("anthropic model %s: no model id", cfg.Name)
	}
	if apiKey == "" {
		return nil, fmt.Errorf("anthropic model %s: no API key: set %s", cfg.Name, cfg.KeyEnv)
	}
	if cfg.Name == "" {
		cfg.Name = cfg.Model
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = providers.DefaultTimeout
	}
	client := sdk.NewClient(
		option.WithoutEnvironmentDefaults(),
		option.WithAPIKey(apiKey),
		option.WithBaseURL(base),
		option.WithHTTPClient(providers.NewHTTPClient(cfg.Transport, timeout)),
		option.WithMaxRetries(0),
		// An explicit timeout also spares the SDK's "streaming required"
		// refusal for large max_tokens.
		option.WithRequestTimeout(timeout),
	)
	return &Provider{cfg: cfg, key: apiKey, client: client}, nil
}

// String names the provider without its key.
func (p *Provider) String() string { return "anthropic:" + p.cfg.Name }

// Chat sends one Messages API request.
func (p *Provider) Chat(ctx context.Context, req providers.Request) (providers.Response, error) {
	params, err := p.request(req)
	if err != nil {
		return providers.Response{}, &providers.Error{Provider: providers.KindAnthropic, Model: p.cfg.Name, Err: err}
	}
	ctx, info := providers.WithResponseInfo(ctx)
	start := time.Now()
	msg, err := p.client.Messages.New(ctx, params)
	latency := time.Since(start)
	if err != nil {
		return providers.Response{}, p.fail(err, info)
	}
	return response(msg, latency), nil
}

// response converts a message: its text blocks, usage and stop reason.
func response(msg *sdk.Message, latency time.Duration) providers.Response {
	var b strings.Builder
	for _, block := range msg.Content {
		if block.Type == "text" {
			b.WriteString(block.Text)
		}
	}
	u := msg.Usage
	return providers.Response{
		Text: b.String(),
		// input_tokens leaves out the tokens read from and written to
		// the cache; InputTokens counts them all.
		InputTokens:       int(u.InputTokens + u.CacheReadInputTokens + u.CacheCreationInputTokens),
		CachedInputTokens: int(u.CacheReadInputTokens),
		CacheWriteTokens:  int(u.CacheCreationInputTokens),
		OutputTokens:      int(u.OutputTokens),
		Model:             string(msg.Model),
		FinishReason:      string(msg.StopReason),
		Latency:           latency,
	}
}

// request converts req to MessageNewParams: system as a text block, turns
// as text and base64 image blocks, thinking from ExtraThinkingBudget.
func (p *Provider) request(req providers.Request) (sdk.MessageNewParams, error) {
	params := sdk.MessageNewParams{Model: sdk.Model(p.cfg.Model), MaxTokens: int64(req.MaxTokens)}
	budget, _ := req.Extra[providers.ExtraThinkingBudget].(int)
	if params.MaxTokens <= 0 {
		params.MaxTokens = DefaultMaxTokens + int64(max(budget, 0))
	}
	if budget > 0 {
		params.Thinking = sdk.ThinkingConfigParamOfEnabled(int64(budget))
	}
	if req.System != "" {
		params.System = []sdk.TextBlockParam{{Text: req.System}}
	}
	mark := cacheMark(p.cfg.Model, req)
	for i, m := range req.Messages {
		c, err := providers.Prepare(m)
		if err != nil {
			return params, err
		}
		var blocks []sdk.ContentBlockParamUnion
		for _, img := range c.Images {
			blocks = append(blocks, sdk.NewImageBlockBase64(img.MIME, base64.StdEncoding.EncodeToString(img.Data)))
		}
		if c.Text != "" {
			blocks = append(blocks, sdk.NewTextBlock(c.Text))
		}
		if i == mark && len(blocks) > 0 {
			if cc := blocks[len(blocks)-1].GetCacheControl(); cc != nil {
				*cc = sdk.NewCacheControlEphemeralParam()
			}
		}
		if m.Role == providers.RoleAssistant {
			params.Messages = append(params.Messages, sdk.NewAssistantMessage(blocks...))
		} else {
			params.Messages = append(params.Messages, sdk.NewUserMessage(blocks...))
		}
	}
	return params, nil
}

// cacheMark returns the index of the message that ends req's shared prefix
// when that prefix is worth a cache write (-1 otherwise): later requests
// reuse it (CachePrefix) and it is at least the model's minimum cacheable
// length. A cache write costs more than plain input, so a prefix no later
// request shares is never marked.
func cacheMark(model string, req providers.Request) int {
	if req.CachePrefix <= 0 || req.CachePrefix > len(req.Messages) {
		return -1
	}
	chars := len(req.System)
	for _, m := range req.Messages[:req.CachePrefix] {
		chars += len(m.Text)
		for _, a := range m.Attachments {
			chars += len(a.Data)
		}
	}
	if chars/charsPerToken < MinCacheTokens(model) {
		return -1
	}
	return req.CachePrefix - 1
}

// charsPerToken estimates tokens from characters (English prose and code
// run at about four), erring towards not marking a prefix just short.
const charsPerToken = 4

// MinCacheTokens is the shortest prefix a model caches, per Anthropic's
// prompt caching documentation: 4,096 tokens for Opus 4.5 and later and
// Haiku 4.5, 2,048 for Sonnet 4.6 and the earlier Haiku models, 1,024 for
// the rest.
func MinCacheTokens(model string) int {
	switch {
	case strings.Contains(model, "opus-4-5"), strings.Contains(model, "opus-4-6"), strings.Contains(model, "haiku-4-5"):
		return 4096
	case strings.Contains(model, "sonnet-4-6"), strings.Contains(model, "haiku"):
		return 2048
	}
	return 1024
}

// fail maps an SDK error to a *providers.Error: *anthropic.Error by status
// (its message from the body's error.message), a body that arrived whole but
// did not decode as malformed, the rest as transport errors.
func (p *Provider) fail(err error, info *providers.ResponseInfo) error {
	var (
		apiErr *sdk.Error
		e      *providers.Error
	)
	switch {
	case errors.As(err, &apiErr):
		msg := apiErr.Message
		if t := apiErr.Type(); t != "" && msg != "" {
			msg = string(t) + ": " + msg
		}
		e = providers.HTTPError(providers.KindAnthropic, p.cfg.Name, apiErr.StatusCode, msg, err)
	case info.BodyComplete():
		e = providers.MalformedError(providers.KindAnthropic, p.cfg.Name, err)
	default:
		e = providers.TransportError(providers.KindAnthropic, p.cfg.Name, err)
	}
	return e.Complete(p.cfg.KeyEnv, info, p.key)
}
