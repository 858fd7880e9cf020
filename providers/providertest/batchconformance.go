package providertest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pushback/pushback/providers"
)

// BatchHarness describes a provider's batch API under test for RunBatch.
type BatchHarness struct {
	Harness
	// FindsByTag is whether the provider can find a batch by its tag
	// (Anthropic's batches carry no metadata).
	FindsByTag bool
	// ExpiredKeepsAnswers is whether an expired batch still returns the
	// answers it had (OpenAI, Anthropic; Gemini returns none).
	ExpiredKeepsAnswers bool
}

// batcher builds the provider under test and its batch API on a fresh
// fake.
func (h BatchHarness) batcher(t *testing.T) (*Server, providers.Provider, providers.Batcher) {
	s := New(t, h.Protocol, TestKey)
	p := h.New(t, s.BaseURL(), TestKey)
	bp, ok := p.(interface{ Batcher() providers.Batcher })
	if !ok {
		t.Fatalf("%T has no Batcher method", p)
	}
	return s, p, bp.Batcher()
}

// batchItems are n requests, one short conversation each.
func batchItems(n int) []providers.BatchItem {
	items := make([]providers.BatchItem, n)
	for i := range items {
		items[i] = providers.BatchItem{
			ID: fmt.Sprintf("pb-item-%02d", i),
			Req: providers.Request{System: "Answer briefly.", MaxTokens: 200, Messages: []providers.Message{
				{Role: providers.RoleUser, Text: fmt.Sprintf("Question %d: what is %d squared?", i, i)},
				{Role: providers.RoleAssistant, Text: fmt.Sprintf("It is %d.", i*i)},
				{Role: providers.RoleUser, Text: "Are you sure?"},
			}},
		}
	}
	return items
}

// runToEnd polls a batch until it ends and reads its results.
func runToEnd(t *testing.T, b providers.Batcher, id string) (providers.BatchStatus, map[string]providers.BatchResult) {
	t.Helper()
	ctx := context.Background()
	var st providers.BatchStatus
	for i := 0; ; i++ {
		var err error
		if st, err = b.Status(ctx, id); err != nil {
			t.Fatalf("Status: %v", err)
		}
		if st.State.Terminal() {
			break
		}
		if i > 20 {
			t.Fatalf("batch %s still %s after %d polls", id, st.State, i)
		}
	}
	rs, err := b.Results(ctx, id)
	if err != nil {
		t.Fatalf("Results: %v", err)
	}
	out := map[string]providers.BatchResult{}
	for _, r := range rs {
		if _, dup := out[r.ID]; dup {
			t.Errorf("two results for %s", r.ID)
		}
		out[r.ID] = r
	}
	return st, out
}

// RunBatch checks a provider's batch API against its fake: answers equal
// to the live endpoint's, status transitions, per-item failures, expiry,
// cancellation, finding a batch by its tag, and an item the endpoint
// rejects.
func RunBatch(t *testing.T, h BatchHarness) {
	cases := []struct {
		name string
		run  func(t *testing.T, h BatchHarness)
	}{
		{"answers equal the live endpoint's", testBatchAnswers},
		{"item failures are per item", testBatchItemFailures},
		{"expired batch", testBatchExpired},
		{"cancelled batch", testBatchCancel},
		{"find by tag", testBatchFind},
		{"invalid item", testBatchInvalid},
		{"wrong key", testBatchWrongKey},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, h)
		})
	}
}

func testBatchAnswers(t *testing.T, h BatchHarness) {
	s, p, b := h.batcher(t)
	s.SetBatchPolls(3)
	items := batchItems(4)
	id, err := b.Submit(context.Background(), "pushback-run1-m-w1-1", items)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	st, err := b.Status(context.Background(), id)
	if err != nil || st.State != providers.BatchRunning {
		t.Fatalf("first poll: %+v, %v; want running", st, err)
	}
	st, res := runToEnd(t, b, id)
	if st.State != providers.BatchDone {
		t.Errorf("state = %s, want done", st.State)
	}
	if len(res) != len(items) {
		t.Fatalf("%d results, want %d", len(res), len(items))
	}
	for _, it := range items {
		live, err := p.Chat(context.Background(), it.Req)
		if err != nil {
			t.Fatalf("live Chat: %v", err)
		}
		r := res[it.ID]
		if r.Err != nil {
			t.Errorf("%s: %v", it.ID, r.Err)
			continue
		}
		if r.Resp.Text != live.Text || r.Resp.InputTokens != live.InputTokens || r.Resp.OutputTokens != live.OutputTokens ||
			r.Resp.Model != live.Model || r.Resp.FinishReason != live.FinishReason {
			t.Errorf("%s: batch answer %+v, live answer %+v", it.ID, r.Resp, live)
		}
	}
	for _, n := range s.BatchSubmissions() {
		if n != 1 {
			t.Errorf("submissions = %v, want each id once", s.BatchSubmissions())
			break
		}
	}
}

func testBatchItemFailures(t *testing.T, h BatchHarness) {
	s, _, b := h.batcher(t)
	s.FailBatchItems(0, 500, 0, 400)
	id, err := b.Submit(context.Background(), "t", batchItems(4))
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	_, res := runToEnd(t, b, id)
	want := map[string]int{"pb-item-00": 0, "pb-item-01": 500, "pb-item-02": 0, "pb-item-03": 400}
	for id, status := range want {
		r, ok := res[id]
		if !ok {
			t.Errorf("%s: no result", id)
			continue
		}
		var pe *providers.Error
		switch {
		case status == 0 && r.Err != nil:
			t.Errorf("%s: %v, want an answer", id, r.Err)
		case status != 0 && (!errors.As(r.Err, &pe) || pe.Status != status || pe.Retryable != providers.RetryableStatus(status)):
			t.Errorf("%s: err %v, want a *providers.Error with status %d", id, r.Err, status)
		}
	}
}

func testBatchExpired(t *testing.T, h BatchHarness) {
	s, _, b := h.batcher(t)
	s.ExpireNextBatch(2)
	id, err := b.Submit(context.Background(), "t", batchItems(4))
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	st, res := runToEnd(t, b, id)
	if st.State != providers.BatchExpired {
		t.Errorf("state = %s, want expired", st.State)
	}
	want := 0
	if h.ExpiredKeepsAnswers {
		want = 2
	}
	if len(res) != want {
		t.Errorf("%d results, want %d (items never run have none)", len(res), want)
	}
	for id, r := range res {
		if r.Err != nil {
			t.Errorf("%s: %v", id, r.Err)
		}
	}
}

func testBatchCancel(t *testing.T, h BatchHarness) {
	s, _, b := h.batcher(t)
	s.SetBatchPolls(100)
	id, err := b.Submit(context.Background(), "t", batchItems(2))
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	if err := b.Cancel(context.Background(), id); err != nil {
		t.Fatalf("Cancel: %v", err)
	}
	st, res := runToEnd(t, b, id)
	if st.State != providers.BatchCancelled || len(res) != 0 {
		t.Errorf("state %s with %d results, want cancelled with none", st.State, len(res))
	}
}

func testBatchFind(t *testing.T, h BatchHarness) {
	s, _, b := h.batcher(t)
	// Enough batches that the one sought is not on the first page of a
	// provider that pages by 20 by default.
	var want string
	for i := range 25 {
		tag := fmt.Sprintf("pushback-run-m-w%d-%d", i, i)
		id, err := b.Submit(context.Background(), tag, batchItems(1))
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		if i == 3 {
			want = id
		}
	}
	got, ok, err := b.Find(context.Background(), "pushback-run-m-w3-3")
	switch {
	case err != nil:
		t.Fatalf("Find: %v", err)
	case !h.FindsByTag && ok:
		t.Errorf("Find = %s, want none: this provider's batches carry no tag", got)
	case h.FindsByTag && (!ok || got != want):
		t.Errorf("Find = %q, %v; want %q", got, ok, want)
	}
	if _, ok, err := b.Find(context.Background(), "pushback-no-such-tag"); ok || err != nil {
		t.Errorf("Find of an unknown tag = %v, %v; want none", ok, err)
	}
	if n := len(s.Batches()); n != 25 {
		t.Errorf("%d batches, want 25", n)
	}
}

func testBatchInvalid(t *testing.T, h BatchHarness) {
	_, _, b := h.batcher(t)
	items := batchItems(2)
	// A request with no messages is rejected by every protocol's
	// validation.
	items[1].Req.Messages, items[1].Req.System = nil, ""
	id, err := b.Submit(context.Background(), "t", items)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	_, res := runToEnd(t, b, id)
	if r := res["pb-item-00"]; r.Err != nil {
		t.Errorf("valid item: %v", r.Err)
	}
	var pe *providers.Error
	if r := res["pb-item-01"]; !errors.As(r.Err, &pe) || pe.Status != 400 || pe.Retryable {
		t.Errorf("invalid item: %v, want a 400 that is not retried", r.Err)
	}
}

func testBatchWrongKey(t *testing.T, h BatchHarness) {
	s := New(t, h.Protocol, TestKey)
	p := h.New(t, s.BaseURL(), "sk-wrong-key-0000")
	b := p.(interface{ Batcher() providers.Batcher }).Batcher()
	_, err := b.Submit(context.Background(), "t", batchItems(1))
	var pe *providers.Error
	if !errors.As(err, &pe) || !pe.Auth {
		t.Fatalf("Submit with a wrong key: %v, want an auth error", err)
	}
	if strings.Contains(err.Error(), "sk-wrong-key") {
		t.Errorf("error repeats the key: %v", err)
	}
	if len(s.Batches()) != 0 {
		t.Errorf("a batch was created with a wrong key")
	}
}
