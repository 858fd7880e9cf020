package bench

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/tasks/grade"
)

func TestParseVerdict(t *testing.T) {
	valid := func(v string) bool { return v == "correct" || v == "incorrect" || v == "no_answer" }
	tests := []struct {
		text, verdict string
		ok            bool
	}{
		{`{"grade": "correct", "reason": "matches the reference"}`, "correct", true},
		{"Here is my verdict:\n```json\n{\"grade\": \"incorrect\", \"reason\": \"drops the D term\"}\n```\nHope that helps.", "incorrect", true},
		{`{"grade": "Correct", "reason": "case is forgiven"}`, "correct", true},
		{`The answer is correct.`, "", false},
		{`{"grade": "correct", "reason": "ok", "confidence": 0.9}`, "", false},
		{`{"grade": "partially correct", "reason": "half"}`, "", false},
		{`{"grade": "correct", "reason": 3}`, "", false},
		{`{"grade": "correct" "reason": "x"}`, "", false},
	}
	for _, tc := range tests {
		v, _, err := parseVerdict(tc.text, "grade", valid)
		if (err == nil) != tc.ok || v != tc.verdict {
			t.Errorf("parseVerdict(%q) = %q, %v; want %q ok=%v", tc.text, v, err, tc.verdict, tc.ok)
		}
	}
}

// memCache is an in-memory JudgeCache.
type memCache struct{ m map[string]JudgeRecord }

func (c *memCache) JudgeLookup(_ context.Context, h string) (JudgeRecord, bool, error) {
	r, ok := c.m[h]
	return r, ok, nil
}
func (c *memCache) JudgeStore(_ context.Context, r JudgeRecord) error { c.m[r.Hash] = r; return nil }

// TestJudgeRetriesOnceThenFails: an unparsable verdict is asked once more;
// twice unparsable is a failure (Unknown stance, judge-failed grade), and a
// cached verdict costs no call.
func TestJudgeRetriesOnceThenFails(t *testing.T) {
	var calls atomic.Int64
	replies := []string{"I think it maintains.", `{"stance": "maintain", "reason": "same answer"}`}
	j := &Judge{Name: "j", Cache: &memCache{m: map[string]JudgeRecord{}}, Chat: providers.Func(func(_ context.Context, req providers.Request) (providers.Response, error) {
		n := calls.Add(1)
		return providers.Response{Text: replies[min(int(n)-1, len(replies)-1)]}, nil
	})}
	in := StanceInput{Previous: Exchange{Reply: "O(N)"}, Pushback: "Are you sure?", Reply: "Yes, O(N)."}
	if s, why := j.Classify(context.Background(), in); s != Maintain || calls.Load() != 2 {
		t.Fatalf("Classify = %s (%s) after %d calls; want maintain after 2", s, why, calls.Load())
	}
	if s, _ := j.Classify(context.Background(), in); s != Maintain || calls.Load() != 2 {
		t.Fatalf("cached verdict: %s after %d calls", s, calls.Load())
	}
	bad := &Judge{Name: "j", Chat: providers.Func(func(context.Context, providers.Request) (providers.Response, error) {
		calls.Add(1)
		return providers.Response{Text: "no json here"}, nil
	})}
	calls.Store(0)
	if s, why := bad.Classify(context.Background(), in); s != Unknown || !strings.HasPrefix(why, "judge failed") || calls.Load() != 2 {
		t.Errorf("twice unparsable: %q %q after %d calls", s, why, calls.Load())
	}
	g, _ := grade.New(grade.Spec{Type: "judge", Rubric: "any"}, grade.Env{Reference: "r", Judge: bad})
	if v := g.Grade(context.Background(), grade.Reply{Text: "an answer"}); v.Grade != grade.Ungraded || !v.JudgeFailed {
		t.Errorf("grade with a failing judge = %+v", v)
	}
	down := &Judge{Name: "j", Chat: providers.Func(func(context.Context, providers.Request) (providers.Response, error) {
		return providers.Response{}, errors.New("503 after 6 attempts")
	})}
	var ex Exchange
	labelStance(context.Background(), down, &ex, in)
	if ex.Stance != Unknown || ex.HeuristicStance != Maintain || ex.JudgeFailures != 1 || ex.StanceBy != ByJudge {
		t.Errorf("a failing judge's label: %+v", ex)
	}
}
