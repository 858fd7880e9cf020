package replay_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/providers/replay"
	"github.com/pushback/pushback/providers/sim"
)

var meta = providers.Meta{Task: "hw10/kla-a2", Kind: "complexity"}

// conversation asks a first question and two pushbacks, returning the
// answers. Requests go through a Client, as the runner sends them.
func conversation(t *testing.T, c providers.Provider, sample int) []providers.Response {
	t.Helper()
	m := meta
	m.Sample = sample
	msgs := []providers.Message{{Role: "user", Text: "What is the cost?", Attachments: []providers.Attachment{{Name: "a.txt", MIME: "text/plain", Data: []byte("N tokens")}}}}
	var out []providers.Response
	for _, push := range []string{"Are you sure?", "I think it is O(N^2 D)."} {
		r, err := c.Chat(context.Background(), providers.Request{System: "Be careful.", Messages: msgs, Meta: m})
		if err != nil {
			t.Fatalf("sample %d turn %d: %v", sample, len(msgs), err)
		}
		r.Attempts = 0
		out = append(out, r)
		msgs = append(msgs, providers.Message{Role: "assistant", Text: r.Text}, providers.Message{Role: "user", Text: push})
	}
	return out
}

func record(t *testing.T, dir string, samples int) map[int][]providers.Response {
	t.Helper()
	s, err := sim.New("gpt-4.1", "sycophant", sim.Options{Keys: func(string) sim.AnswerKey { return sim.AnswerKey{Reference: "O(N D)", Distractor: "O(N^2 D)"} }})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := replay.NewRecorder(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	c := providers.NewClient(rec, providers.ClientOptions{Name: "gpt-4.1", Provider: "sim"})
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		got = map[int][]providers.Response{}
	)
	for sample := range samples {
		wg.Go(func() {
			r := conversation(t, c, sample)
			mu.Lock()
			got[sample] = r
			mu.Unlock()
		})
	}
	wg.Wait()
	return got
}

// Recording then replaying gives the same answers, sample by sample.
func TestRecordReplay(t *testing.T) {
	dir := t.TempDir()
	want := record(t, dir, 8)
	p, err := replay.Open("gpt-4.1-replayed", dir, "gpt-4.1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Len() != 16 {
		t.Errorf("cassette holds %d exchanges, want 16", p.Len())
	}
	c := providers.NewClient(p, providers.ClientOptions{Name: "gpt-4.1-replayed", Provider: "replay"})
	for sample := range 8 {
		got := conversation(t, c, sample)
		for i := range got {
			if got[i] != want[sample][i] {
				t.Errorf("sample %d turn %d: replayed %+v, recorded %+v", sample, i, got[i], want[sample][i])
			}
		}
	}
}

// Each line is a whole JSON object with the documented fields.
func TestCassetteLines(t *testing.T) {
	dir := t.TempDir()
	record(t, dir, 20)
	f, err := os.Open(filepath.Join(dir, "gpt-4.1.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		for _, k := range []string{"key", "model", "sample", "turn", "last_user", "text", "server_model", "input_tokens", "output_tokens", "latency_ms", "finish_reason", "recorded"} {
			if _, ok := line[k]; !ok {
				t.Errorf("line %d has no %q: %v", n, k, line)
			}
		}
		// A simulated model's replies to pushback also carry its intent.
		want := 12
		if _, ok := line["intent"]; ok {
			want = 13
		}
		if len(line) != want {
			t.Errorf("line %d has %d fields, want %d", n, len(line), want)
		}
	}
	if n != 40 {
		t.Errorf("%d lines, want 40", n)
	}
}

// A request never recorded fails at once, naming the model and the start
// of the last user message.
func TestReplayUnknownRequest(t *testing.T) {
	dir := t.TempDir()
	record(t, dir, 1)
	p, err := replay.Open("old-run", dir, "gpt-4.1")
	if err != nil {
		t.Fatal(err)
	}
	c := providers.NewClient(p, providers.ClientOptions{Name: "old-run", Provider: "replay"})
	long := "This question was never asked: " + strings.Repeat("x", 100)
	_, err = c.Chat(context.Background(), providers.Request{Messages: []providers.Message{{Role: "user", Text: long}}})
	var e *providers.Error
	if !errors.As(err, &e) || e.Retryable || e.Attempts != 1 {
		t.Fatalf("err = %v, want a non-retryable *providers.Error after 1 attempt", err)
	}
	want := fmt.Sprintf("replay model old-run: no recorded answer for this conversation of 1 messages (last user message %q)", long[:60]+"…")
	if err.Error() != want {
		t.Errorf("err = %q\nwant  %q", err, want)
	}
	if _, err := replay.Open("x", dir, "never-recorded"); err == nil || !strings.Contains(err.Error(), "replay model x") {
		t.Errorf("missing cassette: err = %v", err)
	}
}

func TestKeyAndFileName(t *testing.T) {
	req := providers.Request{Messages: []providers.Message{{Role: "user", Text: "hi", Attachments: []providers.Attachment{{Name: "a.png", MIME: "image/png", Data: []byte{1}}}}}}
	k := replay.Key("m", req)
	other := req
	other.Messages = []providers.Message{{Role: "user", Text: "hi", Attachments: []providers.Attachment{{Name: "a.png", MIME: "image/png", Data: []byte{2}}}}}
	if k == replay.Key("m", other) || k == replay.Key("n", req) || k != replay.Key("m", req) || len(k) != 64 {
		t.Errorf("keys must depend on model and attachment content only: %s", k)
	}
	if got := replay.FileName("meta-llama/Llama 3:70b"); got != "meta-llama_Llama_3_70b.jsonl" {
		t.Errorf("FileName = %s", got)
	}
	if _, err := replay.Load("m", "m", "bad.jsonl", strings.NewReader("{\"key\":\"a\"}\nnot json\n")); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2:") {
		t.Errorf("bad cassette: err = %v, want file:line", err)
	}
}
