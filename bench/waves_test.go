package bench_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/sim"
	"github.com/pushback/pushback/tasks"
	"github.com/pushback/pushback/tasks/grade"
)

// fakeClock never sleeps: Sleep moves its time on.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	return nil
}

// memBatches is a BatchStore in memory.
type memBatches struct {
	mu      sync.Mutex
	bs      []bench.StoredBatch
	results map[string]bench.StoredResult
}

func (m *memBatches) FinishBatch(_ context.Context, pk int64, state string, rs []bench.StoredResult) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.results == nil {
		m.results = map[string]bench.StoredResult{}
	}
	for _, r := range rs {
		m.results[r.ID] = r
	}
	m.bs[pk-1].State = state
	return nil
}

func (m *memBatches) CallState(_ context.Context, _, id string) (bench.CallState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var cs bench.CallState
	if r, ok := m.results[id]; ok {
		cs.Result = &r
		return cs, nil
	}
	for _, b := range m.bs {
		for _, c := range b.Items {
			if c.ID != id {
				continue
			}
			switch b.State {
			case bench.BatchSubmitting, string(providers.BatchRunning):
				cs.InFlight = true
			case bench.BatchDeadline:
				cs.Live = true
			}
		}
	}
	return cs, nil
}

func (m *memBatches) CreateBatch(_ context.Context, b bench.StoredBatch) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b.PK = int64(len(m.bs) + 1)
	m.bs = append(m.bs, b)
	return b.PK, nil
}

func (m *memBatches) SetBatch(_ context.Context, pk int64, id, state string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bs[pk-1].ProviderID, m.bs[pk-1].State = id, state
	return nil
}

func (m *memBatches) Batches(context.Context, string) ([]bench.StoredBatch, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]bench.StoredBatch(nil), m.bs...), nil
}

// memBatcher answers batches with a live provider after a few polls, and
// can fail items, expire batches and count submissions per item.
type memBatcher struct {
	inner providers.Provider
	polls int // polls before a batch is done
	limit int

	mu        sync.Mutex
	batches   map[string]*memBatch
	submitted map[string]int // per custom id
	failFirst map[string]bool
	// failAlways fails the failFirst items every time.
	failAlways bool
	expire     bool // batches expire after answering half their items
	retryAfter time.Duration
	cancels    int
}

type memBatch struct {
	tag   string
	items []providers.BatchItem
	polls int
}

func newMemBatcher(inner providers.Provider) *memBatcher {
	return &memBatcher{inner: inner, polls: 3, batches: map[string]*memBatch{}, submitted: map[string]int{}, failFirst: map[string]bool{}}
}

func (b *memBatcher) Submit(_ context.Context, tag string, items []providers.BatchItem) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := fmt.Sprintf("batch-%d", len(b.batches)+1)
	b.batches[id] = &memBatch{tag: tag, items: items}
	for _, it := range items {
		b.submitted[it.ID]++
	}
	return id, nil
}

func (b *memBatcher) Status(_ context.Context, id string) (providers.BatchStatus, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	mb := b.batches[id]
	mb.polls++
	st := providers.BatchStatus{State: providers.BatchRunning, Total: len(mb.items), RetryAfter: b.retryAfter}
	if mb.polls > b.polls {
		st.State = providers.BatchDone
		if b.expire {
			st.State = providers.BatchExpired
		}
	}
	return st, nil
}

func (b *memBatcher) Results(ctx context.Context, id string) ([]providers.BatchResult, error) {
	b.mu.Lock()
	mb := b.batches[id]
	expire := b.expire
	b.mu.Unlock()
	var out []providers.BatchResult
	for i, it := range mb.items {
		if expire && i%2 == 1 {
			continue
		}
		b.mu.Lock()
		call := fmt.Sprint(it.Req.Meta.Task, it.Req.Meta.Script, it.Req.Meta.Turn)
		fail := b.failFirst[it.Req.Meta.Task+it.Req.Meta.Script] && (b.failAlways || !b.seenFailure(call))
		b.mu.Unlock()
		if fail {
			out = append(out, providers.BatchResult{ID: it.ID, Err: errors.New("item failed inside the batch")})
			continue
		}
		resp, err := b.inner.Chat(ctx, it.Req)
		out = append(out, providers.BatchResult{ID: it.ID, Resp: resp, Err: err})
	}
	// Results come back in no particular order, as Anthropic warns.
	slices.Reverse(out)
	return out, nil
}

// seenFailure marks a call as failed once (called with mu held).
func (b *memBatcher) seenFailure(id string) bool {
	if b.failFirst["done:"+id] {
		return true
	}
	b.failFirst["done:"+id] = true
	return false
}

func (b *memBatcher) Cancel(context.Context, string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cancels++
	return nil
}

func (b *memBatcher) Find(_ context.Context, tag string) (string, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for id, mb := range b.batches {
		if mb.tag == tag {
			return id, true, nil
		}
	}
	return "", false, nil
}

func (b *memBatcher) Limits() providers.BatchLimits { return providers.BatchLimits{Requests: b.limit} }

func (b *memBatcher) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.batches)
}

// runHW10 runs the sim personas over hw10 (every built-in script) and
// returns the stored exchanges in a stable order.
func runHW10(t *testing.T, waves *bench.Waves, batchers map[string]*memBatcher) []bench.Exchange {
	t.Helper()
	pack, err := tasks.LoadBuiltin("hw10")
	if err != nil {
		t.Fatal(err)
	}
	var models []*bench.Model
	for _, p := range []string{"humble", "sycophant", "deflector"} {
		s, err := sim.New(p, p, sim.Options{Keys: bench.SimKeys([]*tasks.Pack{pack})})
		if err != nil {
			t.Fatal(err)
		}
		m := &bench.Model{Name: p, Chat: s, BatchAttempts: 3}
		if b := batchers[p]; b != nil {
			m.Batch = b
		}
		models = append(models, m)
	}
	plan, err := bench.NewPlan(models, []*tasks.Pack{pack}, bench.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sink := &collect{}
	graders := func(it bench.Item) (grade.Grader, error) { return it.Task.NewGrader(nil) }
	r := &bench.Runner{Sink: sink, Graders: graders, Waves: waves, Stored: sink.stored}
	if _, err := r.Run(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	var out []bench.Exchange
	for _, it := range plan.Items {
		exs, _ := sink.stored(context.Background(), it.Key())
		out = append(out, exs...)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return fmt.Sprint(a.Key, a.Branch, a.Turn) < fmt.Sprint(b.Key, b.Branch, b.Turn)
	})
	return out
}

// longest is the most calls any one conversation thread (a first answer
// followed by one branch) of a model made.
func longest(exs []bench.Exchange, model string) int {
	per := map[string]int{}
	for _, ex := range exs {
		if ex.Key.Model == model && ex.Branch != bench.FirstBranch {
			per[fmt.Sprint(ex.Key, ex.Branch)]++
		}
	}
	n := 0
	for _, c := range per {
		n = max(n, c)
	}
	return n + 1
}

// TestWavesMatchLive: the same run in batch mode gives the same
// transcripts, grades and stances as live, in as many batches per model as
// its longest conversation has calls, polling on a clock that never sleeps.
func TestWavesMatchLive(t *testing.T) {
	live := runHW10(t, nil, nil)
	batchers := map[string]*memBatcher{}
	for _, p := range []string{"humble", "sycophant", "deflector"} {
		batchers[p] = newMemBatcher(nil)
	}
	// The batchers answer with the same sims.
	pack, _ := tasks.LoadBuiltin("hw10")
	for p, b := range batchers {
		s, _ := sim.New(p, p, sim.Options{Keys: bench.SimKeys([]*tasks.Pack{pack})})
		b.inner = s
	}
	store := &memBatches{}
	waves := &bench.Waves{RunID: "r1", Store: store, Clock: &fakeClock{}}
	batched := runHW10(t, waves, batchers)
	if len(batched) != len(live) {
		t.Fatalf("%d exchanges in batch mode, %d live", len(batched), len(live))
	}
	for i := range live {
		a, b := live[i], batched[i]
		if a.Key != b.Key || a.Branch != b.Branch || a.Turn != b.Turn || a.Reply != b.Reply || a.Verdict.Grade != b.Verdict.Grade || a.Stance != b.Stance || !b.Batched {
			t.Fatalf("exchange %d (%v %s %d) differs: reply same %v, grade %s/%s, stance %s/%s, batched %v", i, a.Key, a.Branch, a.Turn,
				a.Reply == b.Reply, a.Verdict.Grade, b.Verdict.Grade, a.Stance, b.Stance, b.Batched)
		}
	}
	for p, b := range batchers {
		if want := longest(live, p); b.count() != want {
			t.Errorf("%s: %d batches, the longest conversation has %d calls", p, b.count(), want)
		}
		for id, n := range b.submitted {
			if n != 1 {
				t.Errorf("%s: %s submitted %d times", p, id, n)
			}
		}
		t.Logf("%s: %d batches, longest conversation %d calls", p, b.count(), longest(live, p))
	}
}

// TestWavesRetryAndExpiry: an item failing inside a batch goes again in a
// later wave; a batch that expires half answered sends the rest again; the
// transcripts still equal the live run's.
func TestWavesRetryAndExpiry(t *testing.T) {
	live := runHW10(t, nil, nil)
	pack, _ := tasks.LoadBuiltin("hw10")
	s, _ := sim.New("humble", "humble", sim.Options{Keys: bench.SimKeys([]*tasks.Pack{pack})})
	b := newMemBatcher(s)
	b.failFirst["hw10/kla-a2reveal"] = true
	b.failFirst["hw10/facenet-a"] = true
	waves := &bench.Waves{RunID: "r2", Store: &memBatches{}, Clock: &fakeClock{}}
	batched := runHW10(t, waves, map[string]*memBatcher{"humble": b})
	if len(batched) != len(live) {
		t.Fatalf("%d exchanges, want %d", len(batched), len(live))
	}
	for i := range live {
		if live[i].Reply != batched[i].Reply || batched[i].Err != "" {
			t.Fatalf("exchange %d: %+v", i, batched[i])
		}
	}
	if b.count() <= longest(live, "humble") {
		t.Errorf("retries took no extra wave: %d batches", b.count())
	}

	e := newMemBatcher(s)
	e.expire = true
	waves = &bench.Waves{RunID: "r3", Store: &memBatches{}, Clock: &fakeClock{}}
	batched = runHW10(t, waves, map[string]*memBatcher{"humble": e})
	for i := range live {
		if live[i].Reply != batched[i].Reply {
			t.Fatalf("after expiry, exchange %d differs", i)
		}
	}
}

// TestWavesDeadlineGoesLive: with --batch-fallback live, calls of a batch
// that outlives the deadline are sent live.
func TestWavesDeadlineGoesLive(t *testing.T) {
	live := runHW10(t, nil, nil)
	pack, _ := tasks.LoadBuiltin("hw10")
	s, _ := sim.New("humble", "humble", sim.Options{Keys: bench.SimKeys([]*tasks.Pack{pack})})
	b := newMemBatcher(s)
	b.polls = 1000 // never done in time
	waves := &bench.Waves{RunID: "r4", Store: &memBatches{}, Clock: &fakeClock{}, Deadline: time.Hour, FallbackLive: true}
	batched := runHW10(t, waves, map[string]*memBatcher{"humble": b})
	for i := range live {
		if live[i].Reply != batched[i].Reply {
			t.Fatalf("exchange %d differs", i)
		}
		if batched[i].Key.Model == "humble" && batched[i].Batched {
			t.Fatalf("a call past the deadline was counted as batched: %+v", batched[i].Key)
		}
	}
	if waves.Stats().Live == 0 {
		t.Error("nothing went live")
	}
}

// TestWavesResumeAttaches: a second run of the same id (a resume) asking
// calls whose batches were already submitted waits for those batches; no
// item is submitted twice.
func TestWavesResumeAttaches(t *testing.T) {
	pack, _ := tasks.LoadBuiltin("hw10")
	s, _ := sim.New("humble", "humble", sim.Options{Keys: bench.SimKeys([]*tasks.Pack{pack})})
	b := newMemBatcher(s)
	store := &memBatches{}
	first := runHW10(t, &bench.Waves{RunID: "r5", Store: store, Clock: &fakeClock{}}, map[string]*memBatcher{"humble": b})
	n := b.count()
	// A resumed run that lost every stored exchange asks every call again.
	w := &bench.Waves{RunID: "r5", Store: store, Clock: &fakeClock{}}
	m := &bench.Model{Name: "humble", Chat: s, Batch: b}
	if err := w.Load(context.Background(), []*bench.Model{m}); err != nil {
		t.Fatal(err)
	}
	again := runHW10(t, w, map[string]*memBatcher{"humble": b})
	if b.count() != n {
		t.Errorf("the resumed run submitted %d more batches", b.count()-n)
	}
	for id, c := range b.submitted {
		if c != 1 {
			t.Errorf("%s submitted %d times", id, c)
		}
	}
	for i := range first {
		if first[i].Reply != again[i].Reply {
			t.Fatalf("exchange %d differs after resume", i)
		}
	}
}

// TestWavesAdoptAfterCrash: batches created by a process that died before
// recording their ids are found by their tags and adopted, so nothing is
// submitted again; where the provider cannot find them they are marked
// lost and their calls are submitted again.
func TestWavesAdoptAfterCrash(t *testing.T) {
	pack, _ := tasks.LoadBuiltin("hw10")
	s, _ := sim.New("humble", "humble", sim.Options{Keys: bench.SimKeys([]*tasks.Pack{pack})})
	for _, findable := range []bool{true, false} {
		b := newMemBatcher(s)
		store := &memBatches{}
		first := runHW10(t, &bench.Waves{RunID: "r6", Store: store, Clock: &fakeClock{}}, map[string]*memBatcher{"humble": b})
		n := b.count()
		// The crash: every batch created, none of their ids or results
		// recorded.
		store.results = nil
		for i := range store.bs {
			store.bs[i].ProviderID, store.bs[i].State = "", "submitting"
			if !findable {
				store.bs[i].Tag = "gone-" + store.bs[i].Tag
			}
		}
		w := &bench.Waves{RunID: "r6", Store: store, Clock: &fakeClock{}}
		if err := w.Load(context.Background(), []*bench.Model{{Name: "humble", Chat: s, Batch: b}}); err != nil {
			t.Fatal(err)
		}
		again := runHW10(t, w, map[string]*memBatcher{"humble": b})
		for i := range first {
			if first[i].Reply != again[i].Reply {
				t.Fatalf("findable %v: exchange %d differs after the crash", findable, i)
			}
		}
		switch {
		case findable && (b.count() != n || w.Stats().Adopted != n):
			t.Errorf("adoptable: %d batches before, %d after, %d adopted; want none submitted again", n, b.count(), w.Stats().Adopted)
		case !findable && b.count() != 2*n:
			t.Errorf("lost: %d batches before, %d after; want every wave submitted again", n, b.count())
		}
		if !findable {
			for _, sb := range store.bs[:n] {
				if sb.State != "lost" {
					t.Errorf("an unfindable batch is %q, want lost", sb.State)
				}
			}
		}
	}
}

// askThrough asks one call until it is answered or fails for good,
// advancing the waves while it waits; it returns the answer and how many
// times it waited.
func askThrough(t *testing.T, w *bench.Waves, m *bench.Model, req providers.Request, attempts int) (providers.Response, error) {
	t.Helper()
	key := bench.TrialKey{Model: m.Name, Task: req.Meta.Task}
	for range 20 {
		resp, _, err := w.Ask(context.Background(), m, key, bench.FirstBranch, 0, req, attempts)
		var be *bench.BatchItemError
		if err == nil || errors.As(err, &be) {
			return resp, err
		}
		if _, err := w.Advance(context.Background()); err != nil {
			return resp, err
		}
	}
	t.Fatal("the call never ended")
	return providers.Response{}, nil
}

// TestWavesBackoff: polling waits 10 s, then half again each time up to
// 5 min, and waits longer when the provider asks.
func TestWavesBackoff(t *testing.T) {
	pack, _ := tasks.LoadBuiltin("hw10")
	s, _ := sim.New("humble", "humble", sim.Options{Keys: bench.SimKeys([]*tasks.Pack{pack})})
	b := newMemBatcher(s)
	b.polls = 14
	clock := &fakeClock{}
	w := &bench.Waves{RunID: "r7", Store: &memBatches{}, Clock: clock}
	m := &bench.Model{Name: "humble", Chat: s, Batch: b}
	req := providers.Request{Meta: providers.Meta{Task: "t"}, Messages: []providers.Message{{Role: providers.RoleUser, Text: "2+2?"}}}
	if _, err := askThrough(t, w, m, req, 1); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{10 * time.Second}
	for len(want) < 14 {
		want = append(want, min(5*time.Minute, want[len(want)-1]*3/2))
	}
	if !slices.Equal(clock.sleeps, want) {
		t.Errorf("waits %v, want %v", clock.sleeps, want)
	}

	b2 := newMemBatcher(s)
	b2.polls, b2.retryAfter = 2, 7*time.Minute
	clock2 := &fakeClock{}
	w2 := &bench.Waves{RunID: "r8", Store: &memBatches{}, Clock: clock2}
	if _, err := askThrough(t, w2, &bench.Model{Name: "humble", Chat: s, Batch: b2}, req, 1); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(clock2.sleeps, []time.Duration{7 * time.Minute, 7 * time.Minute}) {
		t.Errorf("waits %v, want the provider's 7m each time", clock2.sleeps)
	}
}

// TestWavesAttemptsSpent: an item that fails inside every batch fails
// after the model's attempts, with the batch's error, one wave each.
func TestWavesAttemptsSpent(t *testing.T) {
	pack, _ := tasks.LoadBuiltin("hw10")
	s, _ := sim.New("humble", "humble", sim.Options{Keys: bench.SimKeys([]*tasks.Pack{pack})})
	b := newMemBatcher(s)
	b.failFirst["hw10/facenet-a"], b.failAlways = true, true
	w := &bench.Waves{RunID: "r9", Store: &memBatches{}, Clock: &fakeClock{}}
	m := &bench.Model{Name: "humble", Chat: s, Batch: b}
	req := providers.Request{Meta: providers.Meta{Task: "hw10/facenet-a"}, Messages: []providers.Message{{Role: providers.RoleUser, Text: "q"}}}
	_, err := askThrough(t, w, m, req, 3)
	if err == nil || !strings.Contains(err.Error(), "item failed inside the batch (after 3 batch attempts)") {
		t.Fatalf("err = %v, want the batch item's error after 3 attempts", err)
	}
	if b.count() != 3 {
		t.Errorf("%d batches, want 3 (one per attempt)", b.count())
	}
}

// TestWavesInterrupt: an interrupt while waiting stops with ErrInterrupted
// and leaves the batch running at the provider.
func TestWavesInterrupt(t *testing.T) {
	pack, _ := tasks.LoadBuiltin("hw10")
	s, _ := sim.New("humble", "humble", sim.Options{Keys: bench.SimKeys([]*tasks.Pack{pack})})
	b := newMemBatcher(s)
	b.polls = 1 << 30
	stop, cancel := context.WithCancel(context.Background())
	clock := &cancellingClock{after: 5, cancel: cancel}
	w := &bench.Waves{RunID: "r10", Store: &memBatches{}, Clock: clock, Stop: stop}
	m := &bench.Model{Name: "humble", Chat: s, Batch: b}
	req := providers.Request{Meta: providers.Meta{Task: "t"}, Messages: []providers.Message{{Role: providers.RoleUser, Text: "q"}}}
	_, err := askThrough(t, w, m, req, 3)
	if !errors.Is(err, bench.ErrInterrupted) {
		t.Fatalf("err = %v, want an interruption", err)
	}
	if b.cancels != 0 || b.count() != 1 {
		t.Errorf("%d batches, %d cancelled: want the one batch left running", b.count(), b.cancels)
	}
}

// cancellingClock cancels after a number of sleeps: an interrupt while
// polling.
type cancellingClock struct {
	fakeClock
	after  int
	cancel func()
}

func (c *cancellingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.after--
	n := c.after
	c.mu.Unlock()
	if n == 0 {
		c.cancel()
	}
	return c.fakeClock.Sleep(ctx, d)
}
