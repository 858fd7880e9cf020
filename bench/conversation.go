package bench

import (
	"context"
	"errors"
	"sync"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

// conversation runs one trial's exchanges: the first answer, then a branch
// per script, each continuing from the shared first answer.
type conversation struct {
	st     *runState
	it     Item
	grader grade.Grader
	prior  map[priorKey]Exchange

	// replay is set in a batch model's later passes: the exchanges read
	// back from the store were reported when they were made.
	replay bool

	mu         sync.Mutex
	failure    string // the first provider error of the trial
	incomplete bool   // a branch stopped because the run was interrupted
	suspended  bool   // a branch waits for a batch
}

type priorKey struct {
	branch string
	turn   int
}

// indexPrior keeps the successful stored exchanges of a trial; a failed one
// is asked again.
func indexPrior(exs []Exchange) map[priorKey]Exchange {
	m := map[priorKey]Exchange{}
	for _, ex := range exs {
		if !ex.Failed() {
			m[priorKey{ex.Branch, ex.Turn}] = ex
		}
	}
	return m
}

// WhenMatches reports whether a script turn with this `when` is sent after
// an answer with grade g. A no_answer counts as wrong; an ungraded answer
// only receives `always` turns.
func WhenMatches(when string, g grade.Grade) bool {
	switch when {
	case tasks.WhenAlways:
		return true
	case tasks.WhenWrong:
		return g == grade.Incorrect || g == grade.NoAnswer
	case tasks.WhenRight:
		return g == grade.Correct
	}
	return false
}

func (c *conversation) meta(script string, turn int) providers.Meta {
	t := c.it.Task
	return providers.Meta{Task: t.FullID(), Kind: t.Kind, Sample: c.it.Sample, Script: script, Turn: turn}
}

func (c *conversation) firstMessage() providers.Message {
	t := c.it.Task
	m := providers.Message{Role: providers.RoleUser, Text: t.Prompt}
	for _, a := range t.Files {
		m.Attachments = append(m.Attachments, providers.Attachment{Name: a.Name, MIME: a.MIME, Data: a.Data})
	}
	return m
}

// first asks (or reuses) the first answer. ok is false when the trial
// cannot go on (failed or interrupted).
func (c *conversation) first(ctx context.Context) (Exchange, bool, error) {
	msgs := []providers.Message{c.firstMessage()}
	ex, ok, err := c.exchange(ctx, FirstBranch, 0, msgs, nil)
	return ex, ok, err
}

// branch runs one script from the first answer: each turn whose `when`
// matches the grade of the answer the model holds is sent in order; the
// others are skipped. The answer the model holds is its latest committed
// answer: a reply without one (a bare "yes", a refusal) leaves the answer
// before it standing, for `when` and for the next reply's stance.
func (c *conversation) branch(ctx context.Context, name string, first Exchange) error {
	script, ok := c.it.Pack.Script(name)
	if !ok {
		return nil // the plan only holds validated scripts
	}
	msgs := []providers.Message{c.firstMessage(), {Role: providers.RoleAssistant, Text: first.Reply}}
	standing, held := first, first.Verdict.Grade
	sent := 0
	for _, turn := range script {
		if !WhenMatches(turn.When, held) {
			continue
		}
		sent++
		say, err := turn.Render(c.it.Task, sent)
		if err != nil {
			c.fail(err.Error())
			return nil
		}
		msgs = append(msgs, providers.Message{Role: providers.RoleUser, Text: say})
		ex, ok, err := c.exchange(ctx, name, sent, msgs, &standing)
		if err != nil || !ok {
			return err
		}
		msgs = append(msgs, providers.Message{Role: providers.RoleAssistant, Text: ex.Reply})
		held = PositionGrade(held, ex)
		if ex.Position != PositionNone {
			standing = ex
		}
	}
	return nil
}

// exchange asks for the reply to msgs (or reuses the stored one), grades it,
// classifies its stance when prev is the answer it replies to, and stores it.
func (c *conversation) exchange(ctx context.Context, branch string, turn int, msgs []providers.Message, prev *Exchange) (Exchange, bool, error) {
	if ex, ok := c.prior[priorKey{branch, turn}]; ok {
		if !c.replay {
			c.st.nReused.Add(1)
			c.st.progress.Exchange(c.it, ex)
		}
		return ex, true, nil
	}
	if c.st.stopped() {
		c.markIncomplete()
		return Exchange{}, false, nil
	}
	it := c.it
	ex := Exchange{Key: it.Key(), Pack: it.Pack.ID, Kind: it.Task.Kind, Branch: branch, Turn: turn, Prompt: msgs[len(msgs)-1].Text}
	req := providers.Request{System: c.st.r.System, Messages: msgs, Meta: c.meta(branch, turn)}
	if branch != FirstBranch && len(c.it.Scripts) >= 2 {
		// Every branch starts from the question and the first answer:
		// with two or more branches, the prefix is read again.
		req.CachePrefix = 2
	}
	resp, batched, err := c.st.ask(ctx, it.Model, ex.Key, branch, turn, req)
	ex.Attempts = resp.Attempts
	if errors.Is(err, errSuspended) {
		c.mu.Lock()
		c.suspended = true
		c.mu.Unlock()
		return Exchange{}, false, nil
	}
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, ErrInterrupted) {
			c.markIncomplete()
			return Exchange{}, false, nil
		}
		ex.Err = err.Error()
		var pe *providers.Error
		var be *BatchItemError
		switch {
		case asProviderError(err, &pe):
			ex.Attempts = pe.Attempts
		case errors.As(err, &be):
			ex.Attempts = be.Attempts
		}
		c.fail(ex.Err)
		c.st.progress.Exchange(it, ex)
		return ex, false, c.st.r.Sink.SaveExchange(ctx, ex)
	}
	ex.Reply, ex.InputTokens, ex.OutputTokens = resp.Text, resp.InputTokens, resp.OutputTokens
	ex.CachedInputTokens, ex.CacheWriteTokens = resp.CachedInputTokens, resp.CacheWriteTokens
	ex.Latency, ex.ModelID, ex.FinishReason = resp.Latency, resp.Model, resp.FinishReason
	ex.Intent = Stance(resp.Intent)
	if it.Model.Cost != nil {
		ex.LiveCost = it.Model.Cost(resp)
		ex.Cost = ex.LiveCost
		if batched {
			ex.Cost = ex.LiveCost * (1 - it.Model.BatchDiscount)
		}
	}
	ex.Batched = batched
	ex.Verdict = c.grader.Grade(ctx, grade.Reply{Text: ex.Reply, User: UserText(it.Task.Prompt, ex.Prompt)})
	if ex.Verdict.JudgeFailed {
		ex.JudgeFailures++
	}
	if prev != nil {
		labelStance(ctx, c.st.classifier, &ex, StanceInput{Task: it.Task, Grader: c.grader, Previous: *prev, Pushback: ex.Prompt, Reply: ex.Reply, Verdict: ex.Verdict})
	}
	c.st.progress.Exchange(it, ex)
	return ex, true, c.st.r.Sink.SaveExchange(ctx, ex)
}

func (c *conversation) fail(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failure == "" {
		c.failure = msg
	}
}

func (c *conversation) markIncomplete() {
	c.mu.Lock()
	c.incomplete = true
	c.mu.Unlock()
}

// UserText is what the user has said when a reply to turn is graded: the
// question, and for a reply to pushback the pushback too. Text a reply
// copies from either (the question's own definitions, "with g_k = y_k",
// or a solution the user showed) is the user's, not the reply's answer.
func UserText(question, turn string) string {
	if turn == question || turn == "" {
		return question
	}
	return question + "\n\n" + turn
}
