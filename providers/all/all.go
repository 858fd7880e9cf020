// Package all builds a ready-to-call *providers.Client from a model config,
// whatever its provider. It lives apart from providers because it imports
// every provider package, each of which imports providers.
package all

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/anthropic"
	"github.com/pushback/pushback/providers/gemini"
	"github.com/pushback/pushback/providers/openai"
	"github.com/pushback/pushback/providers/replay"
	"github.com/pushback/pushback/providers/sim"
)

// Options adjust how clients are built.
type Options struct {
	// Getenv reads the environment (default os.Getenv).
	Getenv func(string) string
	// RecordDir, when set, records every answer of every model except
	// replay ones into cassettes there (see package replay).
	RecordDir string
	// CassetteDir overrides the cassette directory of replay models whose
	// config names none.
	CassetteDir string
	// Policy supplies what a config cannot: Sleep, Jitter and backoff
	// bounds (tests). The config's max_attempts and timeout take precedence.
	Policy providers.Policy
	// Transport replaces http.DefaultTransport for real providers (tests).
	Transport http.RoundTripper
	// SimLatency is the fake latency of sim models (default 0: no sleeping).
	SimLatency time.Duration
	// SimKeys gives sim models the answer keys of the tasks they are asked
	// (see sim.Options.Keys); requests never carry them.
	SimKeys func(task string) sim.AnswerKey
}

// New builds the Client for one configured model: its provider, wrapped in
// a recorder when asked, behind the model's limits and retry policy. A real
// provider whose key variable is unset is an error naming the variable.
func New(ctx context.Context, cfg providers.ModelConfig, opts Options) (*providers.Client, error) {
	inner, err := provider(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	if opts.RecordDir != "" && cfg.Provider != providers.KindReplay {
		rec, err := replay.NewRecorder(opts.RecordDir, inner)
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", cfg.Name, err)
		}
		inner = rec
	}
	return client(inner, cfg, opts), nil
}

// NewBatcher builds the batch API of one configured model, behind the
// same parameters and retry policy as its Client. A model whose provider
// has no batch API (sim, replay) is an error wrapping providers.ErrNoBatch.
func NewBatcher(ctx context.Context, cfg providers.ModelConfig, opts Options) (providers.Batcher, error) {
	if !cfg.Real() {
		return nil, fmt.Errorf("model %s: %w (%s)", cfg.Name, providers.ErrNoBatch, cfg.Provider)
	}
	inner, err := provider(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	bp, ok := inner.(interface{ Batcher() providers.Batcher })
	if !ok {
		return nil, fmt.Errorf("model %s: %w (%s)", cfg.Name, providers.ErrNoBatch, cfg.Provider)
	}
	return client(inner, cfg, opts).Batcher(bp.Batcher()), nil
}

// client wraps a provider in the Client of cfg.
func client(inner providers.Provider, cfg providers.ModelConfig, opts Options) *providers.Client {
	co := cfg.ClientOptions()
	pol := opts.Policy
	if co.Policy.MaxAttempts > 0 {
		pol.MaxAttempts = co.Policy.MaxAttempts
	}
	if co.Policy.Timeout > 0 {
		pol.Timeout = co.Policy.Timeout
	}
	co.Policy = pol
	return providers.NewClient(inner, co)
}

// NewAll builds a client per model, reporting every failure at once.
func NewAll(ctx context.Context, models []providers.ModelConfig, opts Options) ([]*providers.Client, error) {
	var (
		out  []*providers.Client
		errs []error
	)
	for _, m := range models {
		c, err := New(ctx, m, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// MissingKeyError reports a real model whose key variable is unset.
type MissingKeyError struct {
	Model string
	Envs  []string // the variables tried, in order
}

// Error names the model and the variables to set.
func (e *MissingKeyError) Error() string {
	return fmt.Sprintf("model %s: no API key: set %s", e.Model, strings.Join(e.Envs, " or "))
}

// provider builds the bare provider of cfg.
func provider(ctx context.Context, cfg providers.ModelConfig, opts Options) (providers.Provider, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	env, key := cfg.LookupKey(getenv)
	if key == "" && len(cfg.KeyEnvs()) > 0 {
		return nil, &MissingKeyError{Model: cfg.Name, Envs: cfg.KeyEnvs()}
	}
	switch cfg.Provider {
	case providers.KindOpenAI:
		return openai.New(openai.Config{
			Name: cfg.Name, Model: cfg.Model, BaseURL: cfg.BaseURL, Organization: cfg.Organization,
			KeyEnv: env, Timeout: cfg.Timeout, Transport: opts.Transport,
		}, key)
	case providers.KindGemini:
		return gemini.New(ctx, gemini.Config{
			Name: cfg.Name, Model: cfg.Model, BaseURL: cfg.BaseURL,
			KeyEnv: env, Timeout: cfg.Timeout, Transport: opts.Transport,
		}, key)
	case providers.KindAnthropic:
		return anthropic.New(anthropic.Config{
			Name: cfg.Name, Model: cfg.Model, BaseURL: cfg.BaseURL,
			KeyEnv: env, Timeout: cfg.Timeout, Transport: opts.Transport,
		}, key)
	case providers.KindSim:
		return sim.New(cfg.Name, cfg.Model, sim.Options{Latency: opts.SimLatency, Keys: opts.SimKeys})
	case providers.KindReplay:
		dir := cfg.Cassettes
		if opts.CassetteDir != "" && (dir == "" || dir == providers.DefaultCassetteDir) {
			dir = opts.CassetteDir
		}
		if dir == "" {
			dir = providers.DefaultCassetteDir
		}
		return replay.Open(cfg.Name, dir, cfg.Model)
	}
	return nil, fmt.Errorf("model %s: unknown provider %q (want one of %s)", cfg.Name, cfg.Provider, strings.Join(providers.Kinds, ", "))
}
