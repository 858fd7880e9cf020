// Package sim is a provider of deterministic simulated models, for demos,
// tests and runs without any API key. A sim model is one of five personas:
//
//   - oracle: answers the reference and holds it under any pushback;
//   - sycophant: mostly right, but caves to any pushback and apologises,
//     adopting a false claim it is shown;
//   - stubborn: often wrong, never changes its answer ("Yes, I am sure");
//   - humble: often wrong; corrects itself and says so when pushed while
//     wrong, holds politely when right;
//   - deflector: like stubborn, but when shown the solution or a false claim
//     it keeps its answer and deflects: the question is ambiguous, both
//     answers are correct, it is a matter of definition or of what is
//     counted, or the two answers say the same thing.
//
// Every reply to pushback carries the stance it was written to show in
// Response.Intent, so tests can check the stance classifier against the
// personas' intent (a consistency check, not a measure of accuracy).
//
// A sim knows the answer keys it was built with (Options.Keys: reference,
// distractor, solution per task) and nothing else: it never reads a grader,
// and requests carry no answer key. It reads the conversation the way a
// model would: its own last "**Final answer:**" line tells it what it
// answered, and the last user message tells it whether it was shown the
// solution (the text contains the key's Solution) or a false claim (it
// contains the Distractor).
//
// Everything is deterministic. Whether a first answer is right depends only
// on (task, sample), compared with the persona's accuracy, so accuracies are
// ordered (oracle ≥ sycophant ≥ humble ≥ stubborn ≥ deflector) even on a
// small pack; the wording is drawn from several templates by a hash of
// (model name, task, sample, turn). Same inputs give byte-identical replies.
package sim

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"regexp"
	"strings"
	"time"

	"github.com/pushback/pushback/providers"
)

// Personas lists the sim personas, as providers.SimPersonas does.
var Personas = providers.SimPersonas

// accuracy is each persona's chance of a right first answer.
var accuracy = map[string]float64{
	"oracle":    1.0,
	"sycophant": 0.85,
	"humble":    0.62,
	"stubborn":  0.45,
	"deflector": 0.3,
}

// Options configure a sim model.
type Options struct {
	// Latency is slept (and reported) per reply; 0 means no sleeping.
	Latency time.Duration
	// Keys returns the answer key of a task by its full id
	// (Request.Meta.Task). Without it, or for a task it has no key for
	// (a zero AnswerKey), the sim knows no right answer.
	Keys func(task string) AnswerKey
}

// AnswerKey is what a sim knows about one task.
type AnswerKey struct {
	Reference  string
	Distractor string // the false claim a pushback script may assert
	Solution   string // the worked solution a script may reveal
}

// Provider is one simulated model.
type Provider struct {
	name    string
	persona string
	opts    Options
}

var _ providers.Provider = (*Provider)(nil)

// New returns the sim model name with the given persona.
func New(name, persona string, opts Options) (*Provider, error) {
	if _, ok := accuracy[persona]; !ok {
		return nil, fmt.Errorf("sim model %s: unknown persona %q (want one of %s)", name, persona, strings.Join(Personas, ", "))
	}
	if name == "" {
		name = persona
	}
	return &Provider{name: name, persona: persona, opts: opts}, nil
}

// String names the model.
func (p *Provider) String() string { return "sim:" + p.name }

// Chat writes the persona's reply to the conversation.
func (p *Provider) Chat(ctx context.Context, req providers.Request) (providers.Response, error) {
	if len(req.Messages) == 0 || req.Messages[len(req.Messages)-1].Role != providers.RoleUser {
		return providers.Response{}, &providers.Error{Provider: providers.KindSim, Model: p.name,
			Err: fmt.Errorf("the conversation must end with a user message")}
	}
	if p.opts.Latency > 0 {
		t := time.NewTimer(p.opts.Latency)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return providers.Response{}, ctx.Err()
		case <-t.C:
		}
	}
	text, intent := p.reply(req)
	in := approxTokens(req.System)
	for _, m := range req.Messages {
		in += approxTokens(m.Text) + 258*len(m.Attachments)
	}
	return providers.Response{
		Text:         text,
		InputTokens:  in,
		OutputTokens: approxTokens(text),
		Model:        "sim-" + p.persona,
		FinishReason: "stop",
		Latency:      p.opts.Latency,
		Intent:       intent,
	}, nil
}

// approxTokens is the fake tokenizer: about four characters a token.
func approxTokens(s string) int { return (len(s) + 3) / 4 }

// turn is what the sim reads from a conversation.
type turn struct {
	meta      providers.Meta
	key       AnswerKey
	first     bool   // no earlier answer
	prev      string // the earlier final answer
	prevRight bool
	revealed  bool // the last user message shows the solution (or the reference)
	claim     bool // the last user message asserts the distractor
	rng       *rand.Rand
}

// reply decides the answer and stance, then words them. It returns the
// text and the stance it was written to show ("" for a first answer).
func (p *Provider) reply(req providers.Request) (string, string) {
	t := p.read(req)
	if t.first {
		return firstAnswer(t, pick(t, firstRight(t.meta, p.persona))), ""
	}
	if t.claim && same(t.prev, t.key.Distractor) {
		return agree(t, agreesClaim), stanceMaintain // the "false claim" is what it said
	}
	switch p.persona {
	case "oracle", "humble":
		switch {
		case !t.prevRight:
			return concede(t, t.key.Reference), stanceConcede
		case t.revealed:
			return agree(t, agrees), stanceMaintain
		}
		return maintain(t, p.persona == "humble"), stanceMaintain
	case "sycophant":
		switch {
		case t.revealed && t.prevRight:
			return agree(t, agrees), stanceMaintain
		case t.revealed:
			return concede(t, t.key.Reference), stanceConcede
		case t.claim || t.prevRight:
			return concede(t, wrongAnswer(t.key)), stanceConcede
		}
		return concede(t, t.key.Reference), stanceConcede
	case "deflector":
		switch {
		case t.revealed && t.prevRight:
			return agree(t, agrees), stanceMaintain
		case t.revealed, t.claim:
			return deflect(t), stanceDeflect
		}
		return maintain(t, false), stanceMaintain
	}
	// stubborn
	switch {
	case t.revealed && t.prevRight:
		return agree(t, agrees), stanceMaintain
	case t.revealed:
		return agree(t, dismisses), stanceMaintain
	}
	return maintain(t, false), stanceMaintain
}

// The stances a sim reply is written to show (providers.Response.Intent).
const (
	stanceMaintain = "maintain"
	stanceConcede  = "concede"
	stanceDeflect  = "deflect"
)

// read extracts the earlier answer and the kind of pushback.
func (p *Provider) read(req providers.Request) turn {
	m := req.Meta
	assistants := 0
	prevText := ""
	for _, msg := range req.Messages {
		if msg.Role == providers.RoleAssistant {
			assistants++
			prevText = msg.Text
		}
	}
	var k AnswerKey
	if p.opts.Keys != nil {
		k = p.opts.Keys(m.Task)
	}
	t := turn{meta: m, key: k, first: assistants == 0}
	t.rng = rand.New(rand.NewPCG(hash64(p.name, m.Task, fmt.Sprint(m.Sample)), uint64(assistants)))
	if t.first {
		return t
	}
	t.prev = finalAnswer(prevText)
	if t.prev == "" {
		// Not our own wording (e.g. an edited transcript): assume the first
		// answer the persona would have given.
		t.prev = pick(t, firstRight(m, p.persona))
	}
	t.prevRight = same(t.prev, k.Reference)
	last := providers.LastUserText(req.Messages)
	t.revealed = (k.Solution != "" && containsNorm(last, k.Solution)) ||
		(k.Reference != "" && containsNorm(last, k.Reference) && !(k.Distractor != "" && containsNorm(last, k.Distractor)))
	t.claim = !t.revealed && k.Distractor != "" && containsNorm(last, k.Distractor)
	return t
}

// firstRight decides whether the persona's first answer to (task, sample)
// is right. The draw ignores the persona, so accuracies nest.
func firstRight(m providers.Meta, persona string) bool {
	u := float64(hash64("first-answer", m.Task, fmt.Sprint(m.Sample))>>11) / (1 << 53)
	return u < accuracy[persona]
}

// pick returns the reference or a wrong answer.
func pick(t turn, right bool) string {
	if right {
		return t.key.Reference
	}
	return wrongAnswer(t.key)
}

func hash64(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

var finalRe = regexp.MustCompile(`(?m)^\*\*Final answer:\*\*[ \t]*(.*)$`)

// finalAnswer returns what follows the last "**Final answer:**" of text.
func finalAnswer(text string) string {
	all := finalRe.FindAllStringSubmatch(text, -1)
	if len(all) == 0 {
		return ""
	}
	return strings.TrimSpace(all[len(all)-1][1])
}

// norm lowercases s and collapses its whitespace.
func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func same(a, b string) bool { return norm(a) == norm(b) }

// containsNorm reports whether text contains needle, ignoring case and
// spacing; a long needle (a solution) matches on its first 300 characters.
func containsNorm(text, needle string) bool {
	n := norm(needle)
	if n == "" {
		return false
	}
	if r := []rune(n); len(r) > 300 {
		n = string(r[:300])
	}
	return strings.Contains(norm(text), n)
}

// choose returns one of options, drawn from t's generator.
func choose(t turn, options []string) string {
	return options[t.rng.IntN(len(options))]
}
