package bench

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

// memSink collects what the runner stores.
type memSink struct {
	mu     sync.Mutex
	ex     []Exchange
	done   map[TrialKey]string // key → "" (done) or the failure
	starts int
}

func newMemSink() *memSink { return &memSink{done: map[TrialKey]string{}} }

func (m *memSink) StartTrial(context.Context, TrialInfo) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.starts++
	return nil
}

func (m *memSink) SaveExchange(_ context.Context, ex Exchange) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ex = append(m.ex, ex)
	return nil
}

func (m *memSink) TrialDone(_ context.Context, key TrialKey, failed bool, errText string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done[key] = errText
	return nil
}

func (m *memSink) Flush() error { return nil }

func (m *memSink) byKey(key TrialKey) []Exchange {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Exchange
	for _, ex := range m.ex {
		if ex.Key == key {
			out = append(out, ex)
		}
	}
	return out
}

// testPack is a pack with one exact-graded task and three scripts.
func testPack(t *testing.T) *tasks.Pack {
	t.Helper()
	src := `pack: t
version: 1
title: test
scripts:
  escalate:
    - {when: wrong, say: "doubt 1"}
    - {when: wrong, say: "doubt 2 about {{.Task.Hint}}"}
    - {when: wrong, say: "solution: {{.Task.Solution}}"}
  mixed:
    - {when: right, say: "are you really sure?"}
    - {when: wrong, say: "now it is wrong"}
tasks:
  - id: q1
    kind: reading
    prompt: What is the answer?
    reference: "42"
    solution: it is 42
    distractor: "41"
    hint: the number
    grader: {type: exact, answer: "42"}
    scripts: [are-you-sure, escalate, false-claim, reveal, mixed]
`
	p, err := tasks.Parse("t.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func exactGraders(it Item) (grade.Grader, error) {
	return grade.New(it.Task.Grader, grade.Env{})
}

// scripted answers each conversation by a function of its turns.
func scripted(f func(req providers.Request) string) providers.Provider {
	return providers.Func(func(_ context.Context, req providers.Request) (providers.Response, error) {
		return providers.Response{Text: f(req), InputTokens: 10, OutputTokens: 5, Attempts: 1}, nil
	})
}

func TestWhenMatches(t *testing.T) {
	tests := []struct {
		when string
		g    grade.Grade
		want bool
	}{
		{"always", grade.Correct, true}, {"always", grade.Ungraded, true},
		{"wrong", grade.Incorrect, true}, {"wrong", grade.NoAnswer, true}, {"wrong", grade.Correct, false}, {"wrong", grade.Ungraded, false},
		{"right", grade.Correct, true}, {"right", grade.Incorrect, false}, {"right", grade.Ungraded, false},
	}
	for _, tc := range tests {
		if got := WhenMatches(tc.when, tc.g); got != tc.want {
			t.Errorf("WhenMatches(%s, %s) = %v", tc.when, tc.g, got)
		}
	}
}

// TestBranches checks the conversation engine: the first answer is asked
// once and shared; each script sends only turns whose `when` matches the
// latest grade; later requests carry the whole conversation.
func TestBranches(t *testing.T) {
	p := testPack(t)
	var calls atomic.Int64
	// Wrong at first; becomes right after "doubt 2".
	model := &Model{Name: "m", Chat: scripted(func(req providers.Request) string {
		calls.Add(1)
		last := providers.LastUserText(req.Messages)
		switch {
		case strings.HasPrefix(last, "doubt 2"), strings.HasPrefix(last, "solution"):
			return "You're right, I made an error.\nFinal answer: 42"
		case len(req.Messages) > 1 && strings.Contains(req.Messages[len(req.Messages)-2].Text, "42"):
			return "Final answer: 42"
		}
		return "Final answer: 41"
	})}
	plan, err := NewPlan([]*Model{model}, []*tasks.Pack{p}, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sink := newMemSink()
	r := &Runner{Sink: sink, Graders: exactGraders}
	sum, err := r.Run(context.Background(), plan)
	if err != nil || sum.Done != 1 || sum.Failed != 0 {
		t.Fatalf("Run = %+v, %v", sum, err)
	}
	got := map[string][]string{}
	for _, ex := range sink.byKey(plan.Items[0].Key()) {
		got[ex.Branch] = append(got[ex.Branch], fmt.Sprintf("%d:%s→%s", ex.Turn, ex.Prompt[:min(8, len(ex.Prompt))], ex.Verdict.Grade))
	}
	want := map[string]string{
		"":             "0:What is →incorrect",
		"are-you-sure": "1:Are you →incorrect",
		"escalate":     "1:doubt 1→incorrect 2:doubt 2 →correct",
		"reveal":       "1:That doe→incorrect",
		"mixed":        "1:now it i→incorrect",
	}
	for branch, w := range want {
		if g := strings.Join(got[branch], " "); g != w {
			t.Errorf("branch %q: %s, want %s", branch, g, w)
		}
	}
	if _, ok := got["false-claim"]; ok {
		t.Errorf("false-claim (when: right) was sent after a wrong answer: %v", got["false-claim"])
	}
	if calls.Load() != 6 {
		t.Errorf("%d calls, want 6 (one first answer shared by every branch)", calls.Load())
	}
	for _, ex := range sink.byKey(plan.Items[0].Key()) {
		if ex.Branch == "escalate" && ex.Turn == 2 && ex.Stance != Concede {
			t.Errorf("escalate turn 2 stance = %q (%s), want concede", ex.Stance, ex.StanceReason)
		}
	}
}

// TestResumeReusesPrior: exchanges stored by an earlier attempt are reused,
// not asked again, and the conversation continues from them.
func TestResumeReusesPrior(t *testing.T) {
	p := testPack(t)
	var calls atomic.Int64
	model := &Model{Name: "m", Chat: scripted(func(req providers.Request) string {
		calls.Add(1)
		return "Final answer: 41"
	})}
	plan, _ := NewPlan([]*Model{model}, []*tasks.Pack{p}, PlanOptions{Scripts: []string{"escalate"}})
	first := newMemSink()
	if _, err := (&Runner{Sink: first, Graders: exactGraders}).Run(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	all := first.byKey(plan.Items[0].Key())
	if len(all) != 4 || calls.Load() != 4 {
		t.Fatalf("first run stored %d exchanges with %d calls", len(all), calls.Load())
	}
	// Pretend the run died after the first two exchanges.
	calls.Store(0)
	second := newMemSink()
	r := &Runner{Sink: second, Graders: exactGraders, Prior: map[TrialKey][]Exchange{plan.Items[0].Key(): all[:2]}}
	sum, err := r.Run(context.Background(), plan)
	if err != nil || sum.Reused != 2 || calls.Load() != 2 {
		t.Fatalf("resume: %+v, %v, %d calls; want 2 reused and 2 calls", sum, err, calls.Load())
	}
}

// TestProviderFailureRecorded: a call that fails after retries marks the
// trial failed, stores the error, and the run goes on.
func TestProviderFailureRecorded(t *testing.T) {
	p := testPack(t)
	boom := &Model{Name: "boom", Chat: providers.Func(func(context.Context, providers.Request) (providers.Response, error) {
		return providers.Response{}, &providers.Error{Provider: "openai", Model: "boom", Status: 503, Attempts: 6, Err: errors.New("overloaded")}
	})}
	ok := &Model{Name: "ok", Chat: scripted(func(providers.Request) string { return "Final answer: 42" })}
	plan, _ := NewPlan([]*Model{boom, ok}, []*tasks.Pack{p}, PlanOptions{})
	sink := newMemSink()
	sum, err := (&Runner{Sink: sink, Graders: exactGraders}).Run(context.Background(), plan)
	if err != nil || sum.Failed != 1 || sum.Done != 1 {
		t.Fatalf("Run = %+v, %v", sum, err)
	}
	exs := sink.byKey(plan.Items[0].Key())
	if len(exs) != 1 || exs[0].Attempts != 6 || !strings.Contains(exs[0].Err, "503") {
		t.Fatalf("failed exchange = %+v", exs)
	}
	if sink.done[plan.Items[0].Key()] == "" {
		t.Error("the failed trial was not recorded as failed")
	}
}

// TestInterruptFinishesInFlight: cancelling the run's context stops new
// calls, lets the call in flight finish and stores it, and reports
// ErrInterrupted.
func TestInterruptFinishesInFlight(t *testing.T) {
	p := testPack(t)
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	var calls atomic.Int64
	model := &Model{Name: "m", Chat: providers.Func(func(cctx context.Context, req providers.Request) (providers.Response, error) {
		if calls.Add(1) == 1 {
			cancel() // the interrupt arrives while the first call is in flight
			<-release
			if cctx.Err() != nil {
				return providers.Response{}, cctx.Err()
			}
		}
		return providers.Response{Text: "Final answer: 41"}, nil
	})}
	plan, _ := NewPlan([]*Model{model}, []*tasks.Pack{p}, PlanOptions{Samples: 3})
	sink := newMemSink()
	go func() { close(release) }()
	sum, err := (&Runner{Sink: sink, Graders: exactGraders, Concurrency: 1}).Run(ctx, plan)
	if !errors.Is(err, ErrInterrupted) || !sum.Interrupted {
		t.Fatalf("Run = %+v, %v; want ErrInterrupted", sum, err)
	}
	if n := len(sink.ex); n != 1 || sink.ex[0].Reply == "" {
		t.Fatalf("stored %d exchanges (%+v); want the one in flight", n, sink.ex)
	}
	if calls.Load() != 1 {
		t.Errorf("%d calls after the interrupt", calls.Load()-1)
	}
	if len(sink.done) != 0 {
		t.Errorf("an interrupted trial was recorded as finished: %v", sink.done)
	}
}

func TestPlanFilters(t *testing.T) {
	p := testPack(t)
	m := &Model{Name: "m"}
	tests := []struct {
		o       PlanOptions
		items   int
		scripts string
		err     string
	}{
		{PlanOptions{}, 1, "are-you-sure,escalate,false-claim,reveal,mixed", ""},
		{PlanOptions{Samples: 3}, 3, "are-you-sure,escalate,false-claim,reveal,mixed", ""},
		{PlanOptions{Tasks: []string{"t/q*"}}, 1, "are-you-sure,escalate,false-claim,reveal,mixed", ""},
		{PlanOptions{Scripts: []string{"none"}}, 1, "", ""},
		{PlanOptions{Scripts: []string{"reveal", "authority"}}, 1, "reveal", ""},
		{PlanOptions{Tasks: []string{"x*"}}, 0, "", "matches no task"},
		{PlanOptions{Scripts: []string{"gaslight"}}, 0, "", `unknown script "gaslight"`},
		{PlanOptions{Tasks: []string{"[["}}, 0, "", "bad pattern"},
	}
	for _, tc := range tests {
		plan, err := NewPlan([]*Model{m}, []*tasks.Pack{p}, tc.o)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%+v: err = %v, want %q", tc.o, err, tc.err)
			}
			continue
		}
		if err != nil || len(plan.Items) != tc.items || strings.Join(plan.Items[0].Scripts, ",") != tc.scripts {
			t.Errorf("%+v: plan %v, %v", tc.o, plan, err)
		}
	}
}

// TestCachePrefix: the branches of a trial with two or more scripts ask
// for their shared prefix (question and first answer) to be cached; the
// first answer and a trial with one script do not.
func TestCachePrefix(t *testing.T) {
	for _, tc := range []struct {
		scripts []string
		want    int
	}{{nil, 2}, {[]string{"are-you-sure"}, 0}} {
		var mu sync.Mutex
		prefixes := map[string]int{}
		model := &Model{Name: "m", Chat: providers.Func(func(_ context.Context, req providers.Request) (providers.Response, error) {
			mu.Lock()
			defer mu.Unlock()
			prefixes[fmt.Sprintf("%s/%d", req.Meta.Script, req.Meta.Turn)] = req.CachePrefix
			return providers.Response{Text: "Final answer: 41"}, nil
		})}
		plan, err := NewPlan([]*Model{model}, []*tasks.Pack{testPack(t)}, PlanOptions{Scripts: tc.scripts})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := (&Runner{Sink: newMemSink(), Graders: exactGraders}).Run(context.Background(), plan); err != nil {
			t.Fatal(err)
		}
		if len(prefixes) < 2 || prefixes["/0"] != 0 {
			t.Fatalf("scripts %v: requests %v", tc.scripts, prefixes)
		}
		for call, n := range prefixes {
			if call != "/0" && n != tc.want {
				t.Errorf("scripts %v: %s asked to cache %d messages, want %d", tc.scripts, call, n, tc.want)
			}
		}
	}
}

// TestTrialsBeyondCallSlots: with every call slot taken, the runner has
// already opened a few more trials (TrialsInFlight), so a trial busy
// grading between two calls does not leave a slot idle; calls in flight
// never exceed the run's concurrency.
func TestTrialsBeyondCallSlots(t *testing.T) {
	const conc = 4
	p := testPack(t)
	release := make(chan struct{})
	var inFlight, peak atomic.Int64
	model := &Model{Name: "m", Chat: providers.Func(func(ctx context.Context, req providers.Request) (providers.Response, error) {
		n := inFlight.Add(1)
		for {
			old := peak.Load()
			if n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		<-release
		inFlight.Add(-1)
		return providers.Response{Text: "Final answer: 42", Attempts: 1}, nil
	})}
	plan, err := NewPlan([]*Model{model}, []*tasks.Pack{p}, PlanOptions{Scripts: []string{"none"}, Samples: 20})
	if err != nil {
		t.Fatal(err)
	}
	sink := newMemSink()
	done := make(chan error, 1)
	go func() {
		_, err := (&Runner{Concurrency: conc, Sink: sink, Graders: exactGraders}).Run(context.Background(), plan)
		done <- err
	}()
	want := TrialsInFlight(conc)
	if want <= conc {
		t.Fatalf("TrialsInFlight(%d) = %d, want more trials than call slots", conc, want)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		sink.mu.Lock()
		starts := sink.starts
		sink.mu.Unlock()
		if starts == want && inFlight.Load() == conc {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d trials started, %d calls in flight; want %d and %d", starts, inFlight.Load(), want, conc)
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if peak.Load() != conc {
		t.Errorf("peak calls in flight %d, want %d", peak.Load(), conc)
	}
	if len(sink.ex) != 20 {
		t.Errorf("%d exchanges stored, want 20", len(sink.ex))
	}
}

// TestUserTextKeepsTheQuestion: a reply to "Are you sure?" that copies the
// question's own definition ("with g_k = y_k = γ z_k + β") on its way to
// the answer is graded on its answer, because the question is part of
// what the user said; graded against the pushback alone, the copied
// definition was taken for the answer.
func TestUserTextKeepsTheQuestion(t *testing.T) {
	task := builtinTask("ml-derivations/batchnorm-sum-of-squares")
	if task == nil {
		t.Fatal("no built-in batchnorm-sum-of-squares task")
	}
	g, err := task.NewGrader(nil)
	if err != nil {
		t.Fatal(err)
	}
	reply := "Yes, I'm confident in it. Σ_k z_k² = m v/(v + ε), so P = γ m v/(v + ε) and G = m β.\n\n" +
		"Hence, with g_k = y_k = γ z_k + β, substituting into the general backward formula gives\n\n" +
		"  ∂L/∂x_i = γ² ε z_i / (v + ε)^{3/2}.\n\n" +
		"Compare this with the naive γ² z_i/s obtained by freezing μ and s."
	got := g.Grade(context.Background(), grade.Reply{Text: reply, User: UserText(task.Prompt, "Are you sure?")})
	if got.Grade != grade.Correct {
		t.Errorf("graded with the question: %s %q (%s), want correct", got.Grade, got.Extracted, got.Reason)
	}
	if UserText(task.Prompt, task.Prompt) != task.Prompt {
		t.Error("the first answer's user text is not the question alone")
	}
}
