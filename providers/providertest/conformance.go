package providertest

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushback/pushback/providers"
)

// Sleeps is an injectable Policy.Sleep that records each wait and returns at
// once, so backoff tests need no real sleeping.
type Sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

// Sleep records d and returns ctx's error.
func (s *Sleeps) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

// Waits returns the recorded waits.
func (s *Sleeps) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// PNG returns a small valid PNG image.
func PNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range 4 {
		img.Set(i, i, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Harness describes a provider under test for Run.
type Harness struct {
	Protocol Protocol
	KeyEnv   string // the env variable the provider names on auth errors
	// New builds the provider under test, for model "test-model" on the
	// server at baseURL, with key.
	New func(t testing.TB, baseURL, key string) providers.Provider
	// MultiTurnBody and ImageBody check the raw request JSON of the
	// multi-turn and image cases in the protocol's own format.
	MultiTurnBody func(t testing.TB, body map[string]any)
	ImageBody     func(t testing.TB, body map[string]any)
}

// TestKey is the fake key every conformance test uses; nothing the tests
// write may contain it.
const TestKey = "sk-test-DO-NOT-LEAK-0123456789abcdef"

// ModelName is the configured model name conformance tests use.
const ModelName = "test-model"

// Fixture is one server and a Client for the provider under test.
type Fixture struct {
	Server *Server
	Client *providers.Client
	Sleeps *Sleeps
}

// NewFixture starts a fake and wraps h's provider in a Client whose sleeps
// are recorded and whose attempts time out after timeout.
func NewFixture(t testing.TB, h Harness, timeout time.Duration) *Fixture {
	s := New(t, h.Protocol, TestKey)
	sl := &Sleeps{}
	c := providers.NewClient(h.New(t, s.BaseURL(), TestKey), providers.ClientOptions{
		Name: ModelName, Provider: string(h.Protocol), KeyEnv: h.KeyEnv,
		Policy: providers.Policy{Sleep: sl.Sleep, Timeout: timeout},
	})
	return &Fixture{Server: s, Client: c, Sleeps: sl}
}

// Ask sends one user message.
func (f *Fixture) Ask(t testing.TB, text string) (providers.Response, error) {
	t.Helper()
	return f.Client.Chat(context.Background(), providers.Request{
		Messages: []providers.Message{{Role: providers.RoleUser, Text: text}},
	})
}

// Run checks a provider against its fake: a plain answer, a multi-turn
// conversation, an image attachment, usage, Retry-After, 5xx retries, a
// reset connection, a hung response, a 401, a wrong key and a malformed body.
func Run(t *testing.T, h Harness) {
	cases := []struct {
		name string
		run  func(t *testing.T, h Harness)
	}{
		{"plain answer", testPlain},
		{"multi-turn conversation", testMultiTurn},
		{"image attachment", testImage},
		{"usage tokens", testUsage},
		{"429 Retry-After 1 then success", testRetryAfter},
		{"five 503s then success", testFive503},
		{"transient faults then success", testTransient},
		{"hung response times out, then success", testHang},
		{"401 fails at once", test401},
		{"wrong key fails at once", testWrongKey},
		{"malformed body", testMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, h)
		})
	}
}

func testPlain(t *testing.T, h Harness) {
	f := NewFixture(t, h, 10*time.Second)
	resp, err := f.Ask(t, "What is 6 times 7?")
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	ex := f.Server.Last(t)
	if resp.Text != ex.Reply || resp.Text == "" {
		t.Errorf("text = %q, want the fake's reply %q", resp.Text, ex.Reply)
	}
	if resp.Attempts != 1 || f.Server.Requests() != 1 {
		t.Errorf("attempts = %d, requests = %d, want 1 and 1", resp.Attempts, f.Server.Requests())
	}
	if resp.Model == "" || resp.FinishReason == "" || resp.Latency <= 0 {
		t.Errorf("model %q, finish reason %q, latency %v: want all set", resp.Model, resp.FinishReason, resp.Latency)
	}
	if ex.Model != "test-model-id" {
		t.Errorf("server saw model %q, want test-model-id", ex.Model)
	}
}

func testMultiTurn(t *testing.T, h Harness) {
	f := NewFixture(t, h, 10*time.Second)
	req := providers.Request{
		System: "You are a careful mathematician.",
		Messages: []providers.Message{
			{Role: providers.RoleUser, Text: "What is the cost of attention?"},
		},
	}
	first, err := f.Client.Chat(context.Background(), req)
	if err != nil {
		t.Fatalf("first turn: %v", err)
	}
	req.Messages = append(req.Messages,
		providers.Message{Role: providers.RoleAssistant, Text: first.Text},
		providers.Message{Role: providers.RoleUser, Text: "Are you sure?"})
	if _, err := f.Client.Chat(context.Background(), req); err != nil {
		t.Fatalf("second turn: %v", err)
	}
	ex := f.Server.Last(t)
	if ex.System != req.System {
		t.Errorf("system = %q, want %q", ex.System, req.System)
	}
	if len(ex.Messages) != 3 {
		t.Fatalf("second request carried %d turns, want 3: %+v", len(ex.Messages), ex.Messages)
	}
	for i, m := range req.Messages {
		if ex.Messages[i].Role != m.Role || ex.Messages[i].Text != m.Text {
			t.Errorf("turn %d = %s %q, want %s %q", i, ex.Messages[i].Role, ex.Messages[i].Text, m.Role, m.Text)
		}
	}
	if h.MultiTurnBody != nil {
		h.MultiTurnBody(t, ex.Body)
	}
}

func testImage(t *testing.T, h Harness) {
	f := NewFixture(t, h, 10*time.Second)
	pic := PNG()
	_, err := f.Client.Chat(context.Background(), providers.Request{Messages: []providers.Message{{
		Role: providers.RoleUser, Text: "What does the figure show?",
		Attachments: []providers.Attachment{
			{Name: "fig.png", MIME: "image/png", Data: pic},
			{Name: "notes.txt", MIME: "text/plain", Data: []byte("N is the sequence length.")},
		},
	}}})
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	ex := f.Server.Last(t)
	if len(ex.Messages) != 1 || len(ex.Messages[0].Images) != 1 {
		t.Fatalf("server saw %+v, want one message with one image", ex.Messages)
	}
	img := ex.Messages[0].Images[0]
	if img.MIME != "image/png" || !bytes.Equal(img.Data, pic) {
		t.Errorf("image = %s, %d bytes; want image/png, the %d bytes sent", img.MIME, len(img.Data), len(pic))
	}
	text := ex.Messages[0].Text
	if !strings.HasPrefix(text, "What does the figure show?") || !strings.Contains(text, "N is the sequence length.") ||
		!strings.Contains(text, `<attachment name="notes.txt">`) {
		t.Errorf("text = %q, want the prompt with notes.txt inlined", text)
	}
	if h.ImageBody != nil {
		h.ImageBody(t, ex.Body)
	}
}

func testUsage(t *testing.T, h Harness) {
	f := NewFixture(t, h, 10*time.Second)
	resp, err := f.Ask(t, "Count these five words please")
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	ex := f.Server.Last(t)
	if resp.InputTokens != ex.InputTokens || resp.OutputTokens != ex.OutputTokens || resp.InputTokens != 5 {
		t.Errorf("usage = %d in, %d out; the fake reported %d in, %d out (5 in expected)",
			resp.InputTokens, resp.OutputTokens, ex.InputTokens, ex.OutputTokens)
	}
}

func testRetryAfter(t *testing.T, h Harness) {
	f := NewFixture(t, h, 10*time.Second)
	f.Server.Fail(TooMany("1"))
	resp, err := f.Ask(t, "hello")
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	if resp.Attempts != 2 || f.Server.Requests() != 2 {
		t.Errorf("attempts = %d, requests = %d, want exactly 2", resp.Attempts, f.Server.Requests())
	}
	waits := f.Sleeps.Waits()
	if len(waits) != 1 || waits[0] < time.Second {
		t.Errorf("waits = %v, want one wait of at least 1s (Retry-After: 1)", waits)
	}
}

func testFive503(t *testing.T, h Harness) {
	f := NewFixture(t, h, 10*time.Second)
	for range 5 {
		f.Server.Fail(Status(503))
	}
	resp, err := f.Ask(t, "hello")
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	if resp.Attempts != 6 || f.Server.Requests() != 6 || len(f.Sleeps.Waits()) != 5 {
		t.Errorf("attempts = %d, requests = %d, waits = %v; want 6, 6 and 5 waits",
			resp.Attempts, f.Server.Requests(), f.Sleeps.Waits())
	}
}

func testTransient(t *testing.T, h Harness) {
	f := NewFixture(t, h, 10*time.Second)
	f.Server.Fail(Status(500), Status(529), Reset(), Status(502), Status(504))
	resp, err := f.Ask(t, "hello")
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	if resp.Attempts != 6 {
		t.Errorf("attempts = %d, want 6 (500, 529, reset, 502, 504, success)", resp.Attempts)
	}
}

// A hung response is abandoned at the per-attempt timeout and retried.
func testHang(t *testing.T, h Harness) {
	f := NewFixture(t, h, time.Second)
	f.Server.Fail(Hang())
	start := time.Now()
	resp, err := f.Ask(t, "hello")
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	if resp.Attempts != 2 || time.Since(start) < time.Second {
		t.Errorf("attempts = %d after %v, want 2 after the 1s attempt timeout", resp.Attempts, time.Since(start))
	}
}

// checkFatal checks err is an immediate, non-retryable *providers.Error
// whose message contains each of want and not the key.
func checkFatal(t *testing.T, f *Fixture, err error, want ...string) *providers.Error {
	t.Helper()
	var e *providers.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *providers.Error", err, err)
	}
	if e.Retryable || e.Attempts != 1 || f.Server.Requests() != 1 {
		t.Errorf("retryable = %v, attempts = %d, requests = %d; want false, 1, 1", e.Retryable, e.Attempts, f.Server.Requests())
	}
	for _, w := range want {
		if !strings.Contains(e.Error(), w) {
			t.Errorf("message %q does not contain %q", e.Error(), w)
		}
	}
	if strings.Contains(e.Error(), TestKey) {
		t.Errorf("message %q contains the key", e.Error())
	}
	return e
}

func test401(t *testing.T, h Harness) {
	f := NewFixture(t, h, 10*time.Second)
	f.Server.Fail(Unauthorized())
	_, err := f.Ask(t, "hello")
	e := checkFatal(t, f, err, ModelName, "401", h.KeyEnv)
	if !e.Auth || e.Status != 401 {
		t.Errorf("auth = %v, status = %d; want true, 401", e.Auth, e.Status)
	}
}

func testWrongKey(t *testing.T, h Harness) {
	s := New(t, h.Protocol, TestKey)
	c := providers.NewClient(h.New(t, s.BaseURL(), TestKey+"-wrong"), providers.ClientOptions{
		Name: ModelName, Provider: string(h.Protocol), KeyEnv: h.KeyEnv,
		Policy: providers.Policy{Sleep: (&Sleeps{}).Sleep},
	})
	_, err := c.Chat(context.Background(), providers.Request{Messages: []providers.Message{{Role: providers.RoleUser, Text: "hi"}}})
	checkFatal(t, &Fixture{Server: s}, err, ModelName, "check "+h.KeyEnv)
}

func testMalformed(t *testing.T, h Harness) {
	f := NewFixture(t, h, 10*time.Second)
	f.Server.Fail(Malformed())
	_, err := f.Ask(t, "hello")
	checkFatal(t, f, err, ModelName, "malformed")
}
