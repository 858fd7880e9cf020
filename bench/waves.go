package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/pushback/pushback/providers"
)

// A run in batch mode sends the calls of its batch models through the
// providers' batch APIs, in waves: wave k holds every conversation's k-th
// call, all tasks of a model in one batch (split where the provider caps a
// batch), so the number of sequential batches is the length of the longest
// conversation, not the number of conversations. A conversation is a
// thread of calls: a trial's first answer, then each of its branches;
// threads register with Enter and Leave, and a model's next batch is sent
// when every thread of that model is waiting for a call and none waits on
// a batch in flight.
//
// Everything needed to go on after a crash is in the store: each batch's
// items are recorded under their custom ids before the batch is created,
// and the provider's batch id the moment it is returned. Custom ids are
// derived from (run, model, trial, branch, turn, attempt), so a resumed run
// asking the same call finds the batch that already holds it and waits for
// its result instead of submitting it again.

// BatchStore keeps a run's batches durable.
type BatchStore interface {
	// CreateBatch records a batch about to be submitted: its items' custom
	// ids, state "submitting". It returns the batch's key.
	CreateBatch(ctx context.Context, b StoredBatch) (int64, error)
	// SetBatch records the provider's batch id and the batch's state.
	SetBatch(ctx context.Context, pk int64, providerID, state string) error
	// Batches lists a run's batches with their items.
	Batches(ctx context.Context, runID string) ([]StoredBatch, error)
}

// StoredBatch is a batch as the store keeps it.
type StoredBatch struct {
	PK         int64
	RunID      string
	Model      string
	Wave       int
	Tag        string
	ProviderID string
	State      string // "submitting", then a providers.BatchState, or "lost"
	Items      []BatchCall
}

// BatchCall is one item of a stored batch: its custom id and the call it
// stands for (the model is the batch's).
type BatchCall struct {
	ID      string
	Task    string
	Sample  int
	Branch  string
	Turn    int
	Attempt int
}

// Clock is the time a batch run waits on; tests inject one that does not
// sleep.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// BatchEvent is what a batch run reports to its progress display.
type BatchEvent struct {
	Model   string
	Wave    int
	BatchID string
	Status  providers.BatchStatus
	Waiting time.Duration // since the batch was submitted
}

// Waves coordinates the batch calls of a run. Set RunID, Store and Stop;
// the zero values of the rest are the defaults.
type Waves struct {
	RunID string
	Store BatchStore
	// Stop is cancelled by an interrupt: polling stops and the batches are
	// left running at the provider, for --resume to pick up.
	Stop  context.Context
	Clock Clock // default the real clock
	// PollMin and PollMax bound the wait between polls of a batch, which
	// grows by half each time (default 10 s and 5 min); a provider's
	// retry hint is honoured.
	PollMin, PollMax time.Duration
	// Deadline, with FallbackLive, sends the calls of a batch not finished
	// this long after its submission live instead (the batch is
	// cancelled). Without FallbackLive a run waits for its batches.
	Deadline     time.Duration
	FallbackLive bool
	// Progress is told about every poll (may be nil).
	Progress func(BatchEvent)

	once    sync.Once
	mu      sync.Mutex
	models  map[string]*waveModel
	known   map[string]*batchRun // custom id → the batch holding it
	batches []*batchRun
	stats   WaveStats
}

// WaveStats counts what a batch run did.
type WaveStats struct {
	Batches   int // batches submitted by this process
	Adopted   int // batches of an earlier attempt resumed or adopted
	Submitted int // items submitted
	Live      int // calls sent live after a batch deadline
}

// Stats returns the counts so far.
func (w *Waves) Stats() WaveStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

type waveModel struct {
	m        *Model
	active   int
	pending  []*waveCall
	inflight int // threads waiting on a batch in flight
	waves    int // batches submitted for this model, all waves
}

type waveCall struct {
	id   string
	call BatchCall
	req  providers.Request
	done chan callResult
}

type callResult struct {
	resp       providers.Response
	err        error
	unanswered bool // the batch ended without answering: submit again
	live       bool // the deadline passed: go live
}

type batchRun struct {
	pk         int64
	providerID string
	tag        string
	wave       int
	wm         *waveModel
	submitted  time.Time
	waiters    map[string][]*waveCall
	polling    bool
	results    map[string]providers.BatchResult
	state      providers.BatchState
}

func (w *Waves) init() {
	w.once.Do(func() {
		w.models = map[string]*waveModel{}
		w.known = map[string]*batchRun{}
		if w.Clock == nil {
			w.Clock = realClock{}
		}
		if w.PollMin <= 0 {
			w.PollMin = 10 * time.Second
		}
		if w.PollMax <= 0 {
			w.PollMax = 5 * time.Minute
		}
		if w.Stop == nil {
			w.Stop = context.Background()
		}
		go func() {
			<-w.Stop.Done()
			w.interruptPending()
		}()
	})
}

// interruptPending wakes the calls still queued for a batch when the run
// is interrupted: they were never submitted.
func (w *Waves) interruptPending() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, wm := range w.models {
		for _, c := range wm.pending {
			c.done <- callResult{err: ErrInterrupted}
		}
		wm.pending = nil
	}
}

func (w *Waves) model(m *Model) *waveModel {
	wm := w.models[m.Name]
	if wm == nil {
		wm = &waveModel{m: m}
		w.models[m.Name] = wm
	}
	return wm
}

// Load reads the run's stored batches, so that calls asked again find the
// batches that hold them. A batch recorded but never given a provider id
// (a crash between creating it and storing its id) is looked for at the
// provider by its tag and adopted, or, when the provider cannot say, its
// items are submitted again.
func (w *Waves) Load(ctx context.Context, models []*Model) error {
	w.init()
	stored, err := w.Store.Batches(ctx, w.RunID)
	if err != nil {
		return err
	}
	byName := map[string]*Model{}
	for _, m := range models {
		byName[m.Name] = m
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, sb := range stored {
		m := byName[sb.Model]
		if m != nil {
			wm := w.model(m)
			wm.waves = max(wm.waves, sb.Wave)
		}
		if m == nil || m.Batch == nil || sb.State == "lost" || sb.State == string(providers.BatchFailed) {
			continue
		}
		id := sb.ProviderID
		if id == "" {
			found, ok, err := m.Batch.Find(ctx, sb.Tag)
			if err != nil || !ok {
				if err := w.Store.SetBatch(ctx, sb.PK, "", "lost"); err != nil {
					return err
				}
				continue
			}
			id = found
			if err := w.Store.SetBatch(ctx, sb.PK, id, string(providers.BatchRunning)); err != nil {
				return err
			}
		}
		b := &batchRun{pk: sb.PK, providerID: id, tag: sb.Tag, wave: sb.Wave, wm: w.model(m), waiters: map[string][]*waveCall{},
			submitted: w.Clock.Now()}
		for _, item := range sb.Items {
			w.known[item.ID] = b
		}
		w.batches = append(w.batches, b)
		w.stats.Adopted++
	}
	return nil
}

// Enter registers a thread of calls to model m.
func (w *Waves) Enter(m *Model) {
	w.init()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.model(m).active++
}

// Leave ends a thread; the model's next batch may now be due.
func (w *Waves) Leave(m *Model) {
	w.mu.Lock()
	defer w.mu.Unlock()
	wm := w.model(m)
	wm.active--
	w.maybeSubmit(wm)
}

// CustomID names one call of a batch run: at most 64 characters of
// [A-Za-z0-9_-], derived from everything that identifies the call.
func CustomID(run string, key TrialKey, branch string, turn, attempt int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%s\x00%d\x00%d", run, key.Model, key.Task, key.Sample, branch, turn, attempt)))
	return "pb-" + hex.EncodeToString(h[:20]) + "-" + strconv.Itoa(attempt)
}

// Ask sends one call through the model's batches and waits for its answer;
// batched is false when it went live after the deadline.
// An item that fails inside a batch is asked again in the next wave, up to
// attempts times; one left unanswered by an expired or cancelled batch is
// asked again without counting. After the deadline it is sent live.
func (w *Waves) Ask(ctx context.Context, m *Model, key TrialKey, branch string, turn int, req providers.Request, attempts int) (resp providers.Response, batched bool, err error) {
	w.init()
	attempts = max(1, attempts)
	var lastErr error
	for attempt, tries := 1, 0; attempt <= attempts; tries++ {
		n := attempt*1000 + tries
		call := BatchCall{ID: CustomID(w.RunID, key, branch, turn, n), Task: key.Task, Sample: key.Sample, Branch: branch, Turn: turn, Attempt: n}
		r := w.wait(ctx, m, call, req)
		switch {
		case r.live:
			resp, err := m.Chat.Chat(ctx, req)
			w.mu.Lock()
			w.stats.Live++
			w.mu.Unlock()
			return resp, false, err
		case r.unanswered:
			continue
		case r.err == nil:
			r.resp.Attempts = attempt
			return r.resp, true, nil
		case errors.Is(r.err, ErrInterrupted):
			return providers.Response{}, false, r.err
		}
		lastErr = r.err
		attempt++
	}
	return providers.Response{}, false, lastErr
}

// wait queues a call, or attaches it to the batch already holding it, and
// waits for its result.
func (w *Waves) wait(ctx context.Context, m *Model, call BatchCall, req providers.Request) callResult {
	id := call.ID
	c := &waveCall{id: id, call: call, req: req, done: make(chan callResult, 1)}
	w.mu.Lock()
	wm := w.model(m)
	if b := w.known[id]; b != nil {
		wm.inflight++
		if res, ok := b.results[id]; ok && b.results != nil {
			wm.inflight--
			w.mu.Unlock()
			return resultOf(res)
		}
		if b.state.Terminal() {
			// An ended batch that did not answer this item.
			wm.inflight--
			delete(w.known, id)
			w.mu.Unlock()
			return callResult{unanswered: true}
		}
		b.waiters[id] = append(b.waiters[id], c)
		if !b.polling {
			b.polling = true
			go w.poll(b)
		}
	} else {
		wm.pending = append(wm.pending, c)
		w.maybeSubmit(wm)
	}
	w.mu.Unlock()
	select {
	case r := <-c.done:
		return r
	case <-ctx.Done():
		return callResult{err: ctx.Err()}
	}
}

func resultOf(r providers.BatchResult) callResult {
	if r.Err != nil {
		return callResult{err: r.Err}
	}
	return callResult{resp: r.Resp}
}

// maybeSubmit sends the model's next batch when every thread of the model
// waits on a queued call and none on a batch in flight. Called with mu held.
func (w *Waves) maybeSubmit(wm *waveModel) {
	if len(wm.pending) == 0 || wm.inflight > 0 || len(wm.pending) < wm.active {
		return
	}
	calls := wm.pending
	wm.pending = nil
	wm.inflight += len(calls)
	if w.Stop.Err() != nil {
		wm.inflight -= len(calls)
		for _, c := range calls {
			c.done <- callResult{err: ErrInterrupted}
		}
		return
	}
	wm.waves++
	wave := wm.waves
	sort.Slice(calls, func(i, j int) bool { return calls[i].id < calls[j].id })
	for _, part := range split(calls, wm.m.Batch.Limits()) {
		b := &batchRun{wave: wave, wm: wm, waiters: map[string][]*waveCall{}, polling: true,
			tag: fmt.Sprintf("pushback-%s-%s-w%d-%d", w.RunID, safeTag(wm.m.Name), wave, len(w.batches)+1)}
		for _, c := range part {
			b.waiters[c.id] = append(b.waiters[c.id], c)
			w.known[c.id] = b
		}
		w.batches = append(w.batches, b)
		go w.submit(b, part)
	}
}

// safeTag keeps a model name within a batch tag's characters.
func safeTag(s string) string {
	out := []byte(s)
	for i, c := range out {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			out[i] = '_'
		}
	}
	if len(out) > 24 {
		out = out[:24]
	}
	return string(out)
}

// split cuts a wave's calls into batches within the provider's caps.
func split(calls []*waveCall, lim providers.BatchLimits) [][]*waveCall {
	var out [][]*waveCall
	var cur []*waveCall
	var bytes int64
	for _, c := range calls {
		size := requestSize(c.req)
		if len(cur) > 0 && (lim.Requests > 0 && len(cur) >= lim.Requests || lim.Bytes > 0 && bytes+size > lim.Bytes) {
			out = append(out, cur)
			cur, bytes = nil, 0
		}
		cur = append(cur, c)
		bytes += size
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// requestSize estimates a request's bytes in a batch file.
func requestSize(r providers.Request) int64 {
	n := int64(len(r.System)) + 256
	for _, m := range r.Messages {
		n += int64(len(m.Text)) + 32
		for _, a := range m.Attachments {
			n += int64(len(a.Data)) * 4 / 3
		}
	}
	return n
}

// submit records a batch, creates it at the provider, records its id and
// polls it.
func (w *Waves) submit(b *batchRun, calls []*waveCall) {
	ctx := context.WithoutCancel(w.Stop)
	stored := make([]BatchCall, len(calls))
	items := make([]providers.BatchItem, len(calls))
	for i, c := range calls {
		stored[i] = c.call
		items[i] = providers.BatchItem{ID: c.id, Req: c.req}
	}
	pk, err := w.Store.CreateBatch(ctx, StoredBatch{RunID: w.RunID, Model: b.wm.m.Name, Wave: b.wave, Tag: b.tag, State: "submitting", Items: stored})
	if err != nil {
		w.finish(b, nil, fmt.Errorf("store batch: %w", err))
		return
	}
	b.pk = pk
	id, err := b.wm.m.Batch.Submit(ctx, b.tag, items)
	if err != nil {
		w.Store.SetBatch(ctx, pk, "", string(providers.BatchFailed))
		w.finish(b, nil, fmt.Errorf("submit batch: %w", err))
		return
	}
	if err := w.Store.SetBatch(ctx, pk, id, string(providers.BatchRunning)); err != nil {
		w.finish(b, nil, fmt.Errorf("store batch id: %w", err))
		return
	}
	w.mu.Lock()
	b.providerID, b.submitted = id, w.Clock.Now()
	w.stats.Batches++
	w.stats.Submitted += len(items)
	w.mu.Unlock()
	w.poll(b)
}

// poll waits for a batch to end, backing off, then delivers its results.
func (w *Waves) poll(b *batchRun) {
	wait := w.PollMin
	for {
		st, err := b.wm.m.Batch.Status(w.Stop, b.providerID)
		if w.Stop.Err() != nil {
			w.finish(b, nil, ErrInterrupted)
			return
		}
		w.mu.Lock()
		waited := w.Clock.Now().Sub(b.submitted)
		w.mu.Unlock()
		if permanent(err) {
			w.finish(b, nil, fmt.Errorf("poll batch %s: %w", b.providerID, err))
			return
		}
		if err == nil && w.Progress != nil {
			w.Progress(BatchEvent{Model: b.wm.m.Name, Wave: b.wave, BatchID: b.providerID, Status: st, Waiting: waited})
		}
		if err == nil && st.State.Terminal() {
			w.Store.SetBatch(context.WithoutCancel(w.Stop), b.pk, b.providerID, string(st.State))
			if st.State == providers.BatchFailed {
				w.finish(b, nil, fmt.Errorf("batch %s failed: %s", b.providerID, st.Message))
				return
			}
			results, err := b.wm.m.Batch.Results(w.Stop, b.providerID)
			if err != nil && w.Stop.Err() != nil {
				w.finish(b, nil, ErrInterrupted)
				return
			}
			if permanent(err) {
				w.finish(b, nil, fmt.Errorf("read batch %s: %w", b.providerID, err))
				return
			}
			if err != nil {
				// The results could not be read this time: try again.
				if w.Clock.Sleep(w.Stop, wait) != nil {
					w.finish(b, nil, ErrInterrupted)
					return
				}
				continue
			}
			w.finish(b, results, nil)
			return
		}
		if err == nil && w.FallbackLive && w.Deadline > 0 && waited > w.Deadline {
			b.wm.m.Batch.Cancel(context.WithoutCancel(w.Stop), b.providerID)
			w.Store.SetBatch(context.WithoutCancel(w.Stop), b.pk, b.providerID, string(providers.BatchCancelled))
			w.deliverAll(b, callResult{live: true})
			return
		}
		d := wait
		if err == nil && st.RetryAfter > d {
			d = st.RetryAfter
		}
		if w.Clock.Sleep(w.Stop, d) != nil {
			w.finish(b, nil, ErrInterrupted)
			return
		}
		wait = min(w.PollMax, wait+wait/2)
	}
}

// permanent reports whether a batch call failed in a way polling again
// cannot mend (a rejected key, an unknown batch); other failures are
// polled through with backoff.
func permanent(err error) bool {
	var pe *providers.Error
	return errors.As(err, &pe) && !pe.Retryable
}

// finish records a batch's results and wakes its waiters: an answered or
// failed item gets its result, an unanswered one is asked again, and err
// (the batch could not be submitted or polled) fails them all.
func (w *Waves) finish(b *batchRun, results []providers.BatchResult, err error) {
	if err != nil {
		w.deliverAll(b, callResult{err: err})
		return
	}
	w.mu.Lock()
	b.results = map[string]providers.BatchResult{}
	for _, r := range results {
		b.results[r.ID] = r
	}
	b.state = providers.BatchDone
	waiters := b.waiters
	b.waiters = map[string][]*waveCall{}
	b.polling = false
	for id, cs := range waiters {
		res, ok := b.results[id]
		for _, c := range cs {
			b.wm.inflight--
			if ok {
				c.done <- resultOf(res)
			} else {
				delete(w.known, id)
				c.done <- callResult{unanswered: true}
			}
		}
	}
	w.mu.Unlock()
}

// deliverAll wakes every waiter of a batch with r.
func (w *Waves) deliverAll(b *batchRun, r callResult) {
	w.mu.Lock()
	defer w.mu.Unlock()
	b.state = providers.BatchCancelled
	waiters := b.waiters
	b.waiters = map[string][]*waveCall{}
	b.polling = false
	for id, cs := range waiters {
		delete(w.known, id)
		for _, c := range cs {
			b.wm.inflight--
			c.done <- r
		}
	}
}
