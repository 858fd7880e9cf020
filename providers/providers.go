// Package providers talks to language models. It holds the one-method
// Provider interface, the request and response values every provider speaks,
// the typed *Error with its retry classification, the retry policy and the
// per-model Client that adds rate limiting, a concurrency cap and retries to
// any Provider. It also reads models.yaml and the --models shorthand.
//
// One sub-package per provider implements Provider: openai (and every
// OpenAI-compatible server), gemini, anthropic, sim (deterministic simulated
// models) and replay (answers from recorded cassettes). providertest holds
// loopback fakes of the three wire protocols; all builds a Client from a
// ModelConfig.
//
// Results flow one way: bench imports providers, never the reverse, and
// providers imports neither bench nor tasks.
package providers

import (
	"context"
	"time"
)

// Provider answers one chat request. Implementations make exactly one
// attempt: retries, rate limits and concurrency caps belong to Client.
type Provider interface {
	Chat(ctx context.Context, req Request) (Response, error)
}

// Func adapts an ordinary function to Provider.
type Func func(ctx context.Context, req Request) (Response, error)

// Chat calls f.
func (f Func) Chat(ctx context.Context, req Request) (Response, error) { return f(ctx, req) }

// Roles a Message may have.
const (
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// Keys of Request.Extra understood by the real providers.
const (
	// ExtraReasoningEffort (a string: minimal, low, medium, high...) is sent
	// as reasoning_effort by openai.
	ExtraReasoningEffort = "reasoning_effort"
	// ExtraThinkingBudget (an int, in tokens) turns on extended thinking with
	// that budget in anthropic and sets the thinking budget in gemini.
	ExtraThinkingBudget = "thinking_budget"
)

// Request is one call to a model: a conversation and its parameters.
type Request struct {
	// Model is the configured model name (ModelConfig.Name), not the
	// provider's model id; Client fills it. replay and sim key on it.
	Model    string
	System   string
	Messages []Message
	// Temperature, MaxTokens and Seed are left to the server when nil or 0.
	Temperature *float64
	MaxTokens   int
	Seed        *int64
	// Extra holds provider-specific parameters (see the Extra* keys).
	Extra map[string]any
	// Meta describes the task being asked; real providers ignore it.
	Meta Meta
	// CachePrefix is how many leading messages later requests will send
	// again unchanged (the question and the first answer, shared by every
	// pushback branch of a trial); 0 when no later request shares them.
	// Anthropic marks the prefix for its prompt cache when it is long
	// enough; OpenAI and Gemini cache prefixes by themselves.
	CachePrefix int
}

// Message is one turn of a conversation.
type Message struct {
	Role string // RoleUser or RoleAssistant
	Text string
	// Attachments of a text type are inlined into the text in a delimited
	// block; image/png and image/jpeg are sent as images.
	Attachments []Attachment
}

// Attachment is a file sent with a message.
type Attachment struct {
	Name string
	MIME string
	Data []byte
}

// Meta identifies the task and turn behind a request. No provider sends it:
// replay records Sample to tell repeated samples apart, and the sim looks up
// the answer key it was built with by Task. It never holds a reference,
// solution or distractor, so no answer key can reach a server.
type Meta struct {
	Task   string // full task id, e.g. hw10/kla-a2
	Kind   string
	Sample int
	Script string // the pushback script of this branch, "" for a first answer
	Turn   int    // 0 for the first answer, then 1-based pushback turns
}

// Response is a model's answer to one Request.
type Response struct {
	Text string
	// InputTokens counts every input token, CachedInputTokens and
	// CacheWriteTokens included: of them, CachedInputTokens were read from
	// the provider's prompt cache and CacheWriteTokens written to it.
	InputTokens       int
	CachedInputTokens int
	CacheWriteTokens  int
	OutputTokens      int
	// Model is the model id as reported by the server (may differ from the
	// configured id, e.g. a dated snapshot).
	Model        string
	FinishReason string
	// Latency is the time of the successful attempt, as the provider measured it.
	Latency time.Duration
	// Intent is the stance a simulated model wrote a reply to pushback to
	// show ("maintain", "concede", "revise", "deflect"). Real providers
	// leave it empty; no classifier ever sees it.
	Intent string
	// Attempts counts the calls Client made, the successful one included.
	Attempts int
}

// LastUserText returns the text of the last user message of msgs, or "".
func LastUserText(msgs []Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == RoleUser {
			return msgs[i].Text
		}
	}
	return ""
}
