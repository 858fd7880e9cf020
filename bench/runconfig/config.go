// Package runconfig is the configuration a run is started with, stored with
// the run and read back: by --resume to re-plan it, by regrade to grade it
// again, and by the reports to show how it was asked. It is a leaf: the
// store, the lifecycle and the reports import it, and it imports only the
// model configuration of package providers. It never holds an API key,
// only the names of the variables keys are read from.
package runconfig

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pushback/pushback/providers"
)

// DefaultConcurrency is how many trials and model calls a run keeps in
// flight across all models unless told otherwise.
const DefaultConcurrency = 16

// Config is how a run was asked. Its JSON form is what the store keeps.
type Config struct {
	Models []providers.ModelConfig `json:"models"`
	// Packs are the --packs arguments: built-in ids, files or directories;
	// none means every built-in pack.
	Packs   []string `json:"packs"`
	Tasks   []string `json:"tasks,omitempty"`   // task id globs; none means all
	Scripts []string `json:"scripts,omitempty"` // pushback scripts; none means all, "none" none
	Samples int      `json:"samples"`
	// Concurrency caps trials and model calls in flight (0: DefaultConcurrency).
	Concurrency int `json:"concurrency"`
	// Judge is the model that grades judge tasks and labels stances.
	Judge *providers.ModelConfig `json:"judge,omitempty"`
	// Batch sends the calls of every model at an official OpenAI,
	// Anthropic or Gemini endpoint through the provider's batch API (and
	// those of models with batch: true in any case).
	Batch bool `json:"batch,omitempty"`
	// BatchDeadline, with BatchFallback "live", sends the calls of a batch
	// not finished this long after it was submitted live instead.
	BatchDeadline time.Duration `json:"batch_deadline,omitempty"`
	// BatchFallback is what happens at the deadline: "live" (default when
	// a deadline is set) or "wait".
	BatchFallback string `json:"batch_fallback,omitempty"`
	// Shard, when set, makes the run part K of N of the plan (run
	// --shard K/N); the config is stored undivided, so every shard of a
	// run stores the same config but for K.
	Shard *Shard `json:"shard,omitempty"`
}

// Shard is the part of a plan a sharded run holds.
type Shard struct {
	K int `json:"k"`
	N int `json:"n"`
	// KeepLimits (--shard-limits as-is) runs each model at its configured
	// rpm and concurrency; otherwise they are divided by N, since the
	// shards of a run share the same keys.
	KeepLimits bool `json:"keep_limits,omitempty"`
	// KeepConcurrency: --concurrency was given, so the run-wide limit is
	// not divided.
	KeepConcurrency bool `json:"keep_concurrency,omitempty"`
}

// Effective is the config a shard runs with: each model's rpm and
// concurrency, and the run-wide concurrency, divided by N (rounded up,
// never below one) unless the shard keeps them. Without a shard it is c.
func (c Config) Effective() Config {
	sh := c.Shard
	if sh == nil || sh.N <= 1 {
		return c
	}
	div := func(v int) int {
		if v <= 0 {
			return v
		}
		return max(1, (v+sh.N-1)/sh.N)
	}
	if !sh.KeepLimits {
		models := make([]providers.ModelConfig, len(c.Models))
		for i, m := range c.Models {
			m.Concurrency = div(m.Concurrency)
			m.RPM /= float64(sh.N)
			models[i] = m
		}
		c.Models = models
	}
	if !sh.KeepConcurrency {
		c.Concurrency = div(c.Limit())
	}
	return c
}

// The values of BatchFallback.
const (
	FallbackLive = "live"
	FallbackWait = "wait"
)

// Batched reports whether the run sends any model's calls through a batch
// API.
func (c Config) Batched() bool {
	for _, m := range c.Models {
		if m.UsesBatch(c.Batch) {
			return true
		}
	}
	return false
}

// Limit is the run's concurrency, DefaultConcurrency when unset.
func (c Config) Limit() int {
	if c.Concurrency > 0 {
		return c.Concurrency
	}
	return DefaultConcurrency
}

// Marshal is the stored form of c.
func (c Config) Marshal() ([]byte, error) { return json.Marshal(c) }

// Unmarshal reads a stored config. An empty one is the zero Config (runs
// stored before any config was recorded, test fixtures).
func Unmarshal(data []byte) (Config, error) {
	var c Config
	if len(data) == 0 {
		return c, nil
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return Config{}, fmt.Errorf("unreadable run config: %w", err)
	}
	return c, nil
}
