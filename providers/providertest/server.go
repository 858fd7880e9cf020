// Package providertest holds loopback fakes of the three wire protocols
// pushback speaks: OpenAI chat completions, Gemini generateContent and
// Anthropic messages. Each fake checks the auth header, method, path and
// request JSON the way the real service does, answers in the real response
// shape, records every request, and can be scripted to misbehave: 429 with
// Retry-After, 500/503/529, a hung response, a malformed body, a reset
// connection, a 401, fixed latency, or a rate limit of N requests per second
// that rejects the excess with 429.
package providertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// Protocol names a wire protocol.
type Protocol string

// The protocols a Server can speak.
const (
	OpenAI    Protocol = "openai"
	Gemini    Protocol = "gemini"
	Anthropic Protocol = "anthropic"
)

// Image is an image a request carried, decoded.
type Image struct {
	MIME string
	Data []byte
}

// Message is one turn of a request's conversation, decoded from the
// protocol's own shape (Gemini's "model" role is reported as "assistant").
type Message struct {
	Role   string
	Text   string
	Images []Image
	// CacheMark: a block of the message carried cache_control (Anthropic).
	CacheMark bool
}

// Exchange is one request the fake received and what it answered.
type Exchange struct {
	Time     time.Time
	Method   string
	Path     string
	Header   http.Header
	Model    string
	System   string
	Messages []Message
	// Body is the request JSON, decoded with numbers as json.Number.
	Body map[string]any
	// Status is the status the fake answered (0 for a reset or hang).
	Status       int
	Reply        string
	InputTokens  int
	OutputTokens int
	// CachedTokens of InputTokens were read from the prompt cache,
	// CacheWriteTokens written to it (see SetPromptCache).
	CachedTokens, CacheWriteTokens int
}

// Fault is a scripted misbehaviour for one request. Faults are used in the
// order they were queued, one per request, after the auth check.
type Fault struct {
	Status     int    // answer this status with the protocol's error body
	RetryAfter string // the Retry-After header to send with it
	Hang       bool   // never answer; the client must give up
	Malformed  bool   // answer 200 with a truncated JSON body
	Reset      bool   // close the connection without answering
}

// Status returns a fault answering code with the protocol's error body.
func Status(code int) Fault { return Fault{Status: code} }

// TooMany returns a 429 fault with the given Retry-After value.
func TooMany(retryAfter string) Fault {
	return Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter}
}

// Unauthorized returns a 401 fault.
func Unauthorized() Fault { return Fault{Status: http.StatusUnauthorized} }

// Hang returns a fault that never answers.
func Hang() Fault { return Fault{Hang: true} }

// Malformed returns a fault answering 200 with a truncated JSON body.
func Malformed() Fault { return Fault{Malformed: true} }

// Reset returns a fault that drops the connection.
func Reset() Fault { return Fault{Reset: true} }

// protocol is what differs between the three fakes.
type protocol interface {
	// route returns the model named by the path, if the path is the endpoint.
	route(path string) (model string, ok bool)
	// auth checks the credentials, returning an error status and message.
	auth(h http.Header, key string) (status int, msg string)
	// decode validates the request JSON into ex, or says what is wrong.
	decode(body map[string]any, ex *Exchange) error
	writeError(w http.ResponseWriter, status int, msg string)
	writeReply(w http.ResponseWriter, ex *Exchange)
	// replyBody is the JSON of a reply, as a batch result carries it.
	replyBody(ex *Exchange) map[string]any
	malformed() string
	// batchRoute returns the handler of a batch API endpoint, or nil.
	batchRoute(method, path string) batchHandler
}

// Server is a loopback fake of one protocol.
type Server struct {
	*httptest.Server
	Protocol Protocol
	key      string
	proto    protocol
	done     chan struct{}
	closing  sync.Once

	mu        sync.Mutex
	faults    []Fault
	exchanges []Exchange
	requests  int
	rejected  int
	latency   time.Duration
	limiter   *rate.Limiter
	reply     func(Exchange) string
	header    http.Header // sent with every answer
	// cacheMin > 0 turns the prompt cache on (see SetPromptCache); cached
	// holds the prefixes seen.
	cacheMin int
	cached   map[string]bool
	// random faults: each request fails with probability faultP, with a
	// fault drawn from randomFaults, from a seeded source.
	faultP       float64
	randomFaults []Fault
	rng          *rand.Rand

	batch batchState
}

// New starts a fake of protocol p accepting key, closed when t ends.
func New(t testing.TB, p Protocol, key string) *Server {
	s := &Server{Protocol: p, key: key, done: make(chan struct{})}
	switch p {
	case OpenAI:
		s.proto = openaiProto{}
	case Gemini:
		s.proto = geminiProto{}
	case Anthropic:
		s.proto = anthropicProto{}
	default:
		t.Fatalf("providertest: unknown protocol %q", p)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// NewOpenAI starts a fake OpenAI chat-completions server.
func NewOpenAI(t testing.TB, key string) *Server { return New(t, OpenAI, key) }

// NewGemini starts a fake Gemini generateContent server.
func NewGemini(t testing.TB, key string) *Server { return New(t, Gemini, key) }

// NewAnthropic starts a fake Anthropic messages server.
func NewAnthropic(t testing.TB, key string) *Server { return New(t, Anthropic, key) }

// BaseURL returns the base URL a provider config should use: the server URL
// with /v1 for OpenAI (whose SDK expects it), the bare URL otherwise.
func (s *Server) BaseURL() string {
	if s.Protocol == OpenAI {
		return s.URL + "/v1"
	}
	return s.URL
}

// Close releases hung requests and stops the server.
func (s *Server) Close() {
	s.closing.Do(func() {
		close(s.done)
		s.Server.CloseClientConnections()
		s.Server.Close()
	})
}

// Fail queues faults for the next requests, one each.
func (s *Server) Fail(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faults...)
}

// FailRandomly makes each later request fail with probability p, with one
// of faults chosen at random; seed makes the sequence reproducible.
// Queued faults (Fail) are served first.
func (s *Server) FailRandomly(p float64, seed int64, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultP, s.randomFaults, s.rng = p, faults, rand.New(rand.NewSource(seed))
}

// SetLatency delays every answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetRateLimit accepts at most perSecond requests a second (a token bucket
// of that burst) and rejects the excess with 429 and Retry-After: 1.
func (s *Server) SetRateLimit(perSecond int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limiter = rate.NewLimiter(rate.Limit(perSecond), perSecond)
}

// SetHeader sends h with every answer (rate-limit headers, say).
func (s *Server) SetHeader(h http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.header = h.Clone()
}

// SetPromptCache turns on the provider's prompt cache for prefixes of at
// least minTokens tokens, as each provider has it: OpenAI and Gemini cache
// every request's prefix (all but its last message) by themselves and
// report the tokens of a prefix seen before as cached; Anthropic caches
// only up to a block marked with cache_control, reporting a prefix seen
// before as read and a new one as written.
func (s *Server) SetPromptCache(minTokens int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cacheMin = minTokens
	s.cached = map[string]bool{}
}

// promptCache fills a valid request's cached and cache-written tokens.
func (s *Server) promptCache(ex *Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cacheMin <= 0 {
		return
	}
	end := len(ex.Messages) - 1 // automatic: everything before the last message
	if s.Protocol == Anthropic {
		end = 0
		for i, m := range ex.Messages {
			if m.CacheMark {
				end = i + 1
			}
		}
	}
	if end <= 0 {
		return
	}
	key := ex.Model + "\x00" + ex.System
	tokens := 0
	if ex.System != "" {
		tokens = countTokens(ex.System)
	}
	for _, m := range ex.Messages[:end] {
		key += "\x00" + m.Role + "\x00" + m.Text
		tokens += countTokens(m.Text) + 85*len(m.Images)
	}
	if tokens < s.cacheMin {
		return
	}
	switch {
	case s.cached[key]:
		ex.CachedTokens = tokens
	case s.Protocol == Anthropic:
		ex.CacheWriteTokens = tokens
	}
	s.cached[key] = true
}

// SetReply sets the text answered to a valid request (default: a short
// reply quoting the last user message).
func (s *Server) SetReply(f func(Exchange) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reply = f
}

// Requests returns how many requests arrived, rejected ones included.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Rejected returns how many requests the rate limit rejected.
func (s *Server) Rejected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejected
}

// Exchanges returns every request received, in arrival order.
func (s *Server) Exchanges() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Exchange(nil), s.exchanges...)
}

// Last returns the last request received; it fails t if there was none.
func (s *Server) Last(t testing.TB) Exchange {
	t.Helper()
	ex := s.Exchanges()
	if len(ex) == 0 {
		t.Fatalf("providertest: no request reached the %s fake", s.Protocol)
	}
	return ex[len(ex)-1]
}

// admit counts a request and decides what happens to it: rejected by the
// rate limit, a fault, or nothing special.
func (s *Server) admit() (limited bool, f Fault, latency time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limiter != nil && !s.limiter.Allow() {
		s.rejected++
		return true, Fault{}, 0
	}
	switch {
	case len(s.faults) > 0:
		f = s.faults[0]
		s.faults = s.faults[1:]
	case s.rng != nil && len(s.randomFaults) > 0 && s.rng.Float64() < s.faultP:
		f = s.randomFaults[s.rng.Intn(len(s.randomFaults))]
	}
	return false, f, s.latency
}

func (s *Server) record(ex Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exchanges = append(s.exchanges, ex)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	ex := Exchange{Time: time.Now(), Method: r.Method, Path: r.URL.Path, Header: redactHeader(r.Header)}
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	defer func() { s.record(ex) }()
	if h := s.proto.batchRoute(r.Method, r.URL.Path); h != nil {
		if _, ok := s.gate(w, r, &ex); ok {
			h(s, w, r, &ex)
		}
		return
	}
	model, ok := s.proto.route(r.URL.Path)
	if !ok {
		ex.Status = http.StatusNotFound
		s.proto.writeError(w, ex.Status, fmt.Sprintf("unknown endpoint %s", r.URL.Path))
		return
	}
	if r.Method != http.MethodPost {
		ex.Status = http.StatusMethodNotAllowed
		s.proto.writeError(w, ex.Status, "method not allowed: "+r.Method)
		return
	}
	ex.Model = model
	if latency, ok := s.gate(w, r, &ex); ok {
		s.answer(w, r, latency, &ex)
	}
}

// gate checks a request's credentials, the rate limit and the scripted
// faults, answering it when one applies; ok means the request goes on.
func (s *Server) gate(w http.ResponseWriter, r *http.Request, ex *Exchange) (latency time.Duration, ok bool) {
	if status, msg := s.proto.auth(r.Header, s.key); status != 0 {
		ex.Status = status
		s.proto.writeError(w, status, msg)
		return 0, false
	}
	limited, fault, latency := s.admit()
	s.mu.Lock()
	for k, v := range s.header {
		w.Header()[k] = v
	}
	s.mu.Unlock()
	if limited {
		ex.Status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", "1")
		s.proto.writeError(w, ex.Status, "rate limit exceeded: too many requests per second")
		return 0, false
	}
	if s.fault(w, r, fault, ex) {
		return 0, false
	}
	return latency, true
}

// fault applies f, reporting whether it answered the request.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, f Fault, ex *Exchange) bool {
	switch {
	case f.Reset:
		resetConnection(w)
		return true
	case f.Hang:
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		return true
	case f.Malformed:
		ex.Status = http.StatusOK
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, s.proto.malformed())
		return true
	case f.Status != 0:
		ex.Status = f.Status
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		s.proto.writeError(w, f.Status, faultMessage(f.Status))
		return true
	}
	return false
}

// answer validates the request and writes the reply after the latency.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, latency time.Duration, ex *Exchange) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		ex.Status = http.StatusBadRequest
		s.proto.writeError(w, ex.Status, "could not read the request body")
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		ex.Status = http.StatusBadRequest
		s.proto.writeError(w, ex.Status, "Content-Type must be application/json, got "+strconv.Quote(ct))
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&ex.Body); err != nil {
		ex.Status = http.StatusBadRequest
		s.proto.writeError(w, ex.Status, "We could not parse the JSON body of your request: "+err.Error())
		return
	}
	if err := s.proto.decode(ex.Body, ex); err != nil {
		ex.Status = http.StatusBadRequest
		s.proto.writeError(w, ex.Status, err.Error())
		return
	}
	if latency > 0 {
		t := time.NewTimer(latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
	s.mu.Lock()
	reply := s.reply
	s.mu.Unlock()
	fill(ex, reply)
	s.promptCache(ex)
	s.proto.writeReply(w, ex)
}

// fill answers a valid request: the reply, its token counts, status 200.
func fill(ex *Exchange, reply func(Exchange) string) {
	if reply == nil {
		reply = defaultReply
	}
	ex.Reply = reply(*ex)
	ex.InputTokens = 0
	if ex.System != "" {
		ex.InputTokens = countTokens(ex.System)
	}
	for _, m := range ex.Messages {
		ex.InputTokens += countTokens(m.Text) + 85*len(m.Images)
	}
	ex.OutputTokens = countTokens(ex.Reply)
	ex.Status = http.StatusOK
}

func defaultReply(ex Exchange) string {
	last := ""
	for _, m := range ex.Messages {
		if m.Role == "user" {
			last = m.Text
		}
	}
	if len(last) > 40 {
		last = last[:40]
	}
	return fmt.Sprintf("Answer %d to %q.\n\n**Final answer:** 42", len(ex.Messages), last)
}

// countTokens is the fake's tokenizer: one token per word, at least one.
func countTokens(s string) int {
	return max(1, len(strings.Fields(s)))
}

func faultMessage(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "Rate limit reached for requests. Please try again in 1s."
	case http.StatusUnauthorized:
		return "Invalid authentication credentials."
	case 529:
		return "Overloaded"
	case http.StatusServiceUnavailable:
		return "The server is overloaded or not ready yet."
	case http.StatusInternalServerError:
		return "The server had an error while processing your request. Sorry about that!"
	}
	return http.StatusText(status)
}

// resetConnection drops the client's connection with a TCP reset.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("providertest: response writer cannot be hijacked")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// redactHeader keeps headers for assertions but hides credential values,
// so nothing a test logs can carry a key.
func redactHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, k := range []string{"Authorization", "X-Api-Key", "X-Goog-Api-Key", "Api-Key"} {
		if out.Get(k) != "" {
			out.Set(k, "[redacted]")
		}
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
