package providertest

import (
	"fmt"
	"net/http"
	"sort"
	"time"
)

// The fakes' batch APIs: OpenAI's files and batches, Anthropic's message
// batches, Gemini's batchGenerateContent with inlined requests. A batch is
// answered when it has been polled a set number of times (SetBatchPolls);
// its items are validated and answered as the synchronous endpoint would
// answer them, except for the item faults queued with FailBatchItems, and
// a batch can be made to expire with only some items answered
// (ExpireNextBatch). Every submission of every custom id is counted, so a
// test can check that nothing was sent twice.

// BatchInfo describes a batch the fake holds.
type BatchInfo struct {
	ID    string
	Tag   string // OpenAI metadata "pushback", Gemini display name
	Model string
	Items int
	// State is running, done, expired, cancelled or failed.
	State string
	Polls int
}

type batchHandler func(s *Server, w http.ResponseWriter, r *http.Request, ex *Exchange)

type batchState struct {
	batches     []*fakeBatch
	byID        map[string]*fakeBatch
	polls       int // polls before a batch ends (default 2)
	itemFaults  []int
	expire      []int
	submissions map[string]int
	files       map[string][]byte
	seq         int
}

type fakeBatch struct {
	BatchInfo
	created, ended time.Time
	items          []*fakeItem
	// failure says why the batch was refused as a whole (state failed).
	failure string
	// meta is OpenAI's metadata; outputFile and errorFile its result files.
	// For Gemini, meta maps each id to its request's metadata and order to
	// its place in the request.
	meta                  map[string]any
	outputFile, errorFile string
	order                 map[string]int
}

type fakeItem struct {
	id      string
	ex      Exchange
	invalid string // why the request was rejected
	// status is 0 while unanswered, 200 when answered, else the error
	// status the item failed with.
	status int
	msg    string
}

// SetBatchPolls makes a batch end on its n-th status poll (default 2: the
// first poll sees it running).
func (s *Server) SetBatchPolls(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batch.polls = n
}

// FailBatchItems queues statuses for the next batch items answered, one
// each, in custom-id order within a batch: 0 answers the item, anything
// else fails it with that status and the protocol's error.
func (s *Server) FailBatchItems(statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batch.itemFaults = append(s.batch.itemFaults, statuses...)
}

// ExpireNextBatch makes the next batch to end expire with only its first
// answered items (in custom-id order) answered.
func (s *Server) ExpireNextBatch(answered int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batch.expire = append(s.batch.expire, answered)
}

// BatchSubmissions returns how many times each custom id was submitted in
// a batch.
func (s *Server) BatchSubmissions() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.batch.submissions))
	for k, v := range s.batch.submissions {
		out[k] = v
	}
	return out
}

// Batches lists the batches submitted, oldest first.
func (s *Server) Batches() []BatchInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]BatchInfo, len(s.batch.batches))
	for i, b := range s.batch.batches {
		out[i] = b.BatchInfo
	}
	return out
}

// newBatch records a batch of items (sorted by custom id), counting every
// submission. Called with s.mu held.
func (s *Server) newBatch(prefix, tag, model string, items []*fakeItem) *fakeBatch {
	st := &s.batch
	st.seq++
	if st.byID == nil {
		st.byID = map[string]*fakeBatch{}
		st.submissions = map[string]int{}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].id < items[j].id })
	b := &fakeBatch{BatchInfo: BatchInfo{ID: fmt.Sprintf("%s%06d", prefix, st.seq), Tag: tag, Model: model, Items: len(items), State: "running"},
		created: time.Now(), items: items}
	for _, it := range items {
		st.submissions[it.id]++
	}
	st.batches = append(st.batches, b)
	st.byID[b.ID] = b
	return b
}

// lookup returns a batch by id, or nil. Called with s.mu held.
func (s *Server) lookup(id string) *fakeBatch { return s.batch.byID[id] }

// poll counts a status poll and ends the batch when it is due. Called
// with s.mu held.
func (s *Server) poll(b *fakeBatch) {
	b.Polls++
	polls := s.batch.polls
	if polls <= 0 {
		polls = 2
	}
	if b.State == "running" && b.Polls >= polls {
		s.end(b)
	}
}

// end answers a batch's items. Called with s.mu held.
func (s *Server) end(b *fakeBatch) {
	st := &s.batch
	answer := len(b.items)
	b.State = "done"
	if len(st.expire) > 0 {
		answer = min(answer, st.expire[0])
		st.expire = st.expire[1:]
		b.State = "expired"
	}
	for i, it := range b.items {
		if i >= answer {
			break
		}
		switch {
		case it.invalid != "":
			it.status, it.msg = http.StatusBadRequest, it.invalid
		case len(st.itemFaults) > 0 && st.itemFaults[0] != 0:
			it.status, it.msg = st.itemFaults[0], faultMessage(st.itemFaults[0])
			st.itemFaults = st.itemFaults[1:]
		default:
			if len(st.itemFaults) > 0 {
				st.itemFaults = st.itemFaults[1:]
			}
			fill(&it.ex, s.reply)
			it.status = http.StatusOK
		}
	}
	b.ended = time.Now()
}

// cancel stops a running batch; answered items stay answered. Called with
// s.mu held.
func (s *Server) cancel(b *fakeBatch) {
	if b.State == "running" {
		b.State = "cancelled"
		b.ended = time.Now()
	}
}

// counts tallies a batch's items: answered, failed, not answered.
func (b *fakeBatch) counts() (ok, failed, open int) {
	for _, it := range b.items {
		switch it.status {
		case 0:
			open++
		case http.StatusOK:
			ok++
		default:
			failed++
		}
	}
	return ok, failed, open
}

// listed returns the batches newest first, from the one after the id
// after, at most limit of them, and whether more follow. Called with s.mu
// held.
func (s *Server) listed(after string, limit int) ([]*fakeBatch, bool) {
	var all []*fakeBatch
	for i := len(s.batch.batches) - 1; i >= 0; i-- {
		all = append(all, s.batch.batches[i])
	}
	if after != "" {
		for i, b := range all {
			if b.ID == after {
				all = all[i+1:]
				break
			}
		}
	}
	if limit <= 0 {
		limit = 20
	}
	if len(all) > limit {
		return all[:limit], true
	}
	return all, false
}

// badRequest answers a batch endpoint's error.
func (s *Server) batchError(w http.ResponseWriter, ex *Exchange, status int, format string, args ...any) {
	ex.Status = status
	s.proto.writeError(w, status, fmt.Sprintf(format, args...))
}
