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
// conversation, not the number of conversations.
//
// The runner drives it in passes. A pass runs the model's unfinished trials
// from their stored exchanges (as --resume does); a conversation that
// reaches a call with no answer yet queues it (Ask returns errSuspended)
// and its trial stops there, holding nothing in memory. After the pass the
// queued calls go out as one batch per model; when a model's batches have
// ended and their results are stored, its trials run again and take the
// next step. Between waves a conversation's state is in the store: its
// exchanges, and the batch results not yet turned into exchanges.
//
// Everything needed to go on after a crash is in the store: each batch's
// items are recorded under their custom ids before the batch is created,
// the provider's batch id the moment it is returned, and the results as
// soon as the batch ends. Custom ids are derived from (run, model, trial,
// branch, turn, attempt), so a resumed run asking the same call finds the
// batch that holds it and waits for it instead of submitting it again.

// BatchStore keeps a run's batches and their results durable.
type BatchStore interface {
	// CreateBatch records a batch about to be submitted: its items, state
	// "submitting". It returns the batch's key.
	CreateBatch(ctx context.Context, b StoredBatch) (int64, error)
	// SetBatch records the provider's batch id and the batch's state.
	SetBatch(ctx context.Context, pk int64, providerID, state string) error
	// FinishBatch records a batch's end: its results and its final state,
	// together.
	FinishBatch(ctx context.Context, pk int64, state string, results []StoredResult) error
	// Batches lists a run's batches with their items.
	Batches(ctx context.Context, runID string) ([]StoredBatch, error)
	// CallState says where a call of a run stands.
	CallState(ctx context.Context, runID, customID string) (CallState, error)
}

// StoredBatch is a batch as the store keeps it.
type StoredBatch struct {
	PK         int64
	RunID      string
	Model      string
	Wave       int
	Tag        string
	ProviderID string
	// State is "submitting", then a providers.BatchState, "lost" (created
	// by a process that died before storing its id, and not found), or
	// "deadline" (given up at the deadline: its calls go live).
	State string
	Items []BatchCall
}

// The states of a stored batch besides providers.BatchState's.
const (
	BatchSubmitting = "submitting"
	BatchLost       = "lost"
	BatchDeadline   = "deadline"
)

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

// StoredResult is a batch item's answer, or why it failed.
type StoredResult struct {
	ID   string
	Resp providers.Response
	// Err is the failure, "" for an answer; Retryable says whether
	// another attempt may succeed.
	Err       string
	Retryable bool
}

// CallState is where a call stands.
type CallState struct {
	// Result is the call's stored answer or failure (nil: none yet).
	Result *StoredResult
	// InFlight is set when a batch that has not ended holds the call.
	InFlight bool
	// Live is set when a batch holding the call was given up at the
	// deadline: the call goes live.
	Live bool
}

// Clock is the time a batch run waits on; tests inject one that does not
// sleep.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time                                   { return time.Now() }
func (realClock) Sleep(ctx context.Context, d time.Duration) error { return providers.Sleep(ctx, d) }

// BatchEvent is what a batch run reports to its progress display.
type BatchEvent struct {
	Model   string
	Wave    int
	BatchID string
	Status  providers.BatchStatus
	Waiting time.Duration // since the batch was submitted
}

// errSuspended is Ask's answer for a call that waits for a batch.
var errSuspended = errors.New("the call waits for a batch")

// Waves coordinates the batch calls of a run. Set RunID, Store and Stop;
// the zero values of the rest are the defaults.
type Waves struct {
	RunID string
	Store BatchStore
	// Stop is cancelled by an interrupt: waiting stops and the batches are
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

	once     sync.Once
	mu       sync.Mutex
	models   map[string]*Model
	queued   map[string][]queuedCall // by model, in this pass
	waves    map[string]int          // batches submitted per model, all waves
	inflight []*batchRun
	stats    WaveStats
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

type queuedCall struct {
	call BatchCall
	req  providers.Request
}

// batchRun is a batch in flight.
type batchRun struct {
	pk         int64
	providerID string
	tag        string
	wave       int
	m          *Model
	submitted  time.Time
	next       time.Time     // when to poll next
	wait       time.Duration // the current backoff
}

func (w *Waves) init() {
	w.once.Do(func() {
		w.models, w.queued, w.waves = map[string]*Model{}, map[string][]queuedCall{}, map[string]int{}
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
	})
}

// Load attaches the run's stored batches that have not ended: a batch
// whose provider id was stored is polled again; one created by a process
// that died before storing its id is looked for by its tag, and adopted,
// or marked lost (its calls are then submitted again).
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
		w.waves[sb.Model] = max(w.waves[sb.Model], sb.Wave)
		if sb.State != BatchSubmitting && sb.State != string(providers.BatchRunning) {
			continue
		}
		if m == nil || m.Batch == nil {
			// No longer a batch model of this run: its calls are asked
			// again (live), so the batch is given up.
			if err := w.Store.SetBatch(ctx, sb.PK, sb.ProviderID, BatchLost); err != nil {
				return err
			}
			continue
		}
		id := sb.ProviderID
		if id == "" {
			found, ok, err := m.Batch.Find(ctx, sb.Tag)
			if err != nil || !ok {
				if err := w.Store.SetBatch(ctx, sb.PK, "", BatchLost); err != nil {
					return err
				}
				continue
			}
			id = found
			if err := w.Store.SetBatch(ctx, sb.PK, id, string(providers.BatchRunning)); err != nil {
				return err
			}
		}
		now := w.Clock.Now()
		w.inflight = append(w.inflight, &batchRun{pk: sb.PK, providerID: id, tag: sb.Tag, wave: sb.Wave, m: m, submitted: now, next: now})
		w.stats.Adopted++
	}
	return nil
}

// CustomID names one call of a batch run: at most 64 characters of
// [A-Za-z0-9_-], derived from everything that identifies the call.
func CustomID(run string, key TrialKey, branch string, turn, attempt int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%s\x00%d\x00%d", run, key.Model, key.Task, key.Sample, branch, turn, attempt)))
	return "pb-" + hex.EncodeToString(h[:20]) + "-" + strconv.Itoa(attempt)
}

// Ask answers one call from the store, or queues it for the model's next
// batch and returns errSuspended. A call that failed inside a batch is
// asked again (a new attempt, in a later wave) when the failure may pass,
// up to attempts times; one that a batch left unanswered (expired,
// cancelled, lost) is queued again; one in a batch still running waits
// for it; one whose batch passed the deadline is sent live (batched is
// then false).
func (w *Waves) Ask(ctx context.Context, m *Model, key TrialKey, branch string, turn int, req providers.Request, attempts int) (resp providers.Response, batched bool, err error) {
	w.init()
	var last *StoredResult
	for attempt := 1; attempt <= max(1, attempts); attempt++ {
		call := BatchCall{ID: CustomID(w.RunID, key, branch, turn, attempt), Task: key.Task, Sample: key.Sample, Branch: branch, Turn: turn, Attempt: attempt}
		st, err := w.Store.CallState(ctx, w.RunID, call.ID)
		if err != nil {
			return providers.Response{}, false, err
		}
		switch {
		case st.Result != nil && st.Result.Err == "":
			resp := st.Result.Resp
			resp.Attempts = attempt
			return resp, true, nil
		case st.Result != nil:
			last = st.Result
			if !st.Result.Retryable {
				return providers.Response{}, false, &BatchItemError{Msg: last.Err, Attempts: attempt}
			}
			continue
		case st.InFlight:
			return providers.Response{}, false, errSuspended
		case st.Live && w.FallbackLive:
			resp, err := m.Chat.Chat(ctx, req)
			w.mu.Lock()
			w.stats.Live++
			w.mu.Unlock()
			return resp, false, err
		}
		w.mu.Lock()
		w.models[m.Name] = m
		w.queued[m.Name] = append(w.queued[m.Name], queuedCall{call: call, req: req})
		w.mu.Unlock()
		return providers.Response{}, false, errSuspended
	}
	return providers.Response{}, false, &BatchItemError{Msg: last.Err, Attempts: max(1, attempts)}
}

// BatchItemError is a call that failed inside its batch: for good, or on
// every attempt.
type BatchItemError struct {
	Msg      string
	Attempts int
}

func (e *BatchItemError) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("%s (after %d batch attempts)", e.Msg, e.Attempts)
	}
	return e.Msg
}

// Busy reports whether calls are queued or batches are in flight.
func (w *Waves) Busy() bool {
	w.init()
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.inflight) > 0 || len(w.queued) > 0
}

// Advance submits the queued calls, one batch per model (split at the
// provider's caps), then waits until some model has no batch in flight
// any more, storing the results of each batch that ends. It returns the
// models ready for their next pass. An interrupt returns ErrInterrupted
// and leaves the batches running.
func (w *Waves) Advance(ctx context.Context) (map[string]bool, error) {
	w.init()
	if err := w.submitQueued(); err != nil {
		return nil, err
	}
	for {
		if w.Stop.Err() != nil {
			return nil, ErrInterrupted
		}
		ready, next, err := w.pollDue()
		if err != nil {
			return nil, err
		}
		if len(ready) > 0 {
			return ready, nil
		}
		if next.IsZero() {
			return map[string]bool{}, nil // nothing in flight
		}
		if err := w.Clock.Sleep(w.Stop, max(0, next.Sub(w.Clock.Now()))); err != nil {
			return nil, ErrInterrupted
		}
	}
}

// submitQueued sends this pass's queued calls.
func (w *Waves) submitQueued() error {
	w.mu.Lock()
	queued := w.queued
	w.queued = map[string][]queuedCall{}
	w.mu.Unlock()
	names := make([]string, 0, len(queued))
	for n := range queued {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		calls := queued[name]
		m := w.models[name]
		sort.Slice(calls, func(i, j int) bool { return calls[i].call.ID < calls[j].call.ID })
		w.waves[name]++
		for i, part := range split(calls, m.Batch.Limits()) {
			if err := w.submit(m, w.waves[name], i+1, part); err != nil {
				return err
			}
		}
	}
	return nil
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
func split(calls []queuedCall, lim providers.BatchLimits) [][]queuedCall {
	var out [][]queuedCall
	var cur []queuedCall
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

// submit records a batch, creates it at the provider and records its id.
// A batch the provider refuses fails its calls (their next attempt goes
// in the next wave).
func (w *Waves) submit(m *Model, wave, part int, calls []queuedCall) error {
	ctx := context.WithoutCancel(w.Stop)
	tag := fmt.Sprintf("pushback-%s-%s-w%d-%d", w.RunID, safeTag(m.Name), wave, part)
	stored := make([]BatchCall, len(calls))
	items := make([]providers.BatchItem, len(calls))
	for i, c := range calls {
		stored[i] = c.call
		items[i] = providers.BatchItem{ID: c.call.ID, Req: c.req}
	}
	pk, err := w.Store.CreateBatch(ctx, StoredBatch{RunID: w.RunID, Model: m.Name, Wave: wave, Tag: tag, State: BatchSubmitting, Items: stored})
	if err != nil {
		return fmt.Errorf("store batch: %w", err)
	}
	id, err := m.Batch.Submit(ctx, tag, items)
	if err != nil {
		var pe *providers.Error
		retryable := !errors.As(err, &pe) || pe.Retryable
		results := make([]StoredResult, len(calls))
		for i, c := range calls {
			results[i] = StoredResult{ID: c.call.ID, Err: "submit batch: " + err.Error(), Retryable: retryable}
		}
		return w.Store.FinishBatch(ctx, pk, string(providers.BatchFailed), results)
	}
	if err := w.Store.SetBatch(ctx, pk, id, string(providers.BatchRunning)); err != nil {
		return fmt.Errorf("store batch id: %w", err)
	}
	now := w.Clock.Now()
	w.mu.Lock()
	w.inflight = append(w.inflight, &batchRun{pk: pk, providerID: id, tag: tag, wave: wave, m: m, submitted: now, next: now})
	w.stats.Batches++
	w.stats.Submitted += len(items)
	w.mu.Unlock()
	return nil
}

// pollDue polls every batch due, stores the results of those that ended
// and returns the models left with no batch in flight, and when the next
// poll is due (zero: nothing in flight).
func (w *Waves) pollDue() (map[string]bool, time.Time, error) {
	ready := map[string]bool{}
	var ended []*batchRun
	for _, b := range w.inflight {
		if w.Clock.Now().Before(b.next) {
			continue
		}
		done, err := w.poll(b)
		if err != nil {
			return nil, time.Time{}, err
		}
		if done {
			ended = append(ended, b)
			ready[b.m.Name] = true
		}
	}
	var next time.Time
	w.mu.Lock()
	kept := w.inflight[:0]
	for _, b := range w.inflight {
		if !containsRun(ended, b) {
			kept = append(kept, b)
			delete(ready, b.m.Name) // another batch of the model is still out
			if next.IsZero() || b.next.Before(next) {
				next = b.next
			}
		}
	}
	w.inflight = kept
	w.mu.Unlock()
	return ready, next, nil
}

func containsRun(bs []*batchRun, b *batchRun) bool {
	for _, x := range bs {
		if x == b {
			return true
		}
	}
	return false
}

// poll checks a batch once; done reports that it ended (its results are
// stored) or was given up. Failures polling cannot mend end the batch
// with its calls failed; others are polled through with backoff.
func (w *Waves) poll(b *batchRun) (done bool, err error) {
	ctx := context.WithoutCancel(w.Stop)
	st, perr := b.m.Batch.Status(w.Stop, b.providerID)
	if w.Stop.Err() != nil {
		return false, nil
	}
	now := w.Clock.Now()
	waited := now.Sub(b.submitted)
	if perr == nil && w.Progress != nil {
		w.Progress(BatchEvent{Model: b.m.Name, Wave: b.wave, BatchID: b.providerID, Status: st, Waiting: waited})
	}
	switch {
	case permanent(perr):
		return true, w.failBatch(ctx, b, fmt.Sprintf("poll batch %s: %v", b.providerID, perr))
	case perr == nil && st.State == providers.BatchFailed:
		return true, w.failBatch(ctx, b, fmt.Sprintf("batch %s failed: %s", b.providerID, st.Message))
	case perr == nil && st.State.Terminal():
		results, rerr := b.m.Batch.Results(w.Stop, b.providerID)
		if w.Stop.Err() != nil {
			return false, nil
		}
		if permanent(rerr) {
			return true, w.failBatch(ctx, b, fmt.Sprintf("read batch %s: %v", b.providerID, rerr))
		}
		if rerr == nil {
			return true, w.Store.FinishBatch(ctx, b.pk, string(st.State), storedResults(results))
		}
	case perr == nil && w.FallbackLive && w.Deadline > 0 && waited > w.Deadline:
		b.m.Batch.Cancel(ctx, b.providerID)
		return true, w.Store.FinishBatch(ctx, b.pk, BatchDeadline, nil)
	}
	if b.wait == 0 {
		b.wait = w.PollMin
	} else {
		b.wait = min(w.PollMax, b.wait+b.wait/2)
	}
	d := b.wait
	if perr == nil && st.RetryAfter > d {
		d = st.RetryAfter
	}
	b.next = now.Add(d)
	return false, nil
}

// failBatch ends a batch whose calls all failed with msg (not retried).
func (w *Waves) failBatch(ctx context.Context, b *batchRun, msg string) error {
	stored, err := w.Store.Batches(ctx, w.RunID)
	if err != nil {
		return err
	}
	var results []StoredResult
	for _, sb := range stored {
		if sb.PK == b.pk {
			for _, c := range sb.Items {
				results = append(results, StoredResult{ID: c.ID, Err: msg})
			}
		}
	}
	return w.Store.FinishBatch(ctx, b.pk, string(providers.BatchFailed), results)
}

// storedResults converts a batch's results for the store.
func storedResults(rs []providers.BatchResult) []StoredResult {
	out := make([]StoredResult, len(rs))
	for i, r := range rs {
		out[i] = StoredResult{ID: r.ID, Resp: r.Resp}
		if r.Err != nil {
			var pe *providers.Error
			out[i].Err = r.Err.Error()
			out[i].Retryable = !errors.As(r.Err, &pe) || pe.Retryable
		}
	}
	return out
}

// permanent reports whether a batch call failed in a way polling again
// cannot mend (a rejected key, an unknown batch); other failures are
// polled through with backoff.
func permanent(err error) bool {
	var pe *providers.Error
	return errors.As(err, &pe) && !pe.Retryable
}
