package providers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Error is a failed model call, classified for the retry policy. Its message
// names the provider, the model and the HTTP status, and never a key: for a
// rejected key (401/403) it names the environment variable to check instead
// of repeating the server's words.
type Error struct {
	Provider string // openai, gemini, anthropic, sim, replay
	Model    string // the configured model name
	Status   int    // HTTP status; 0 when no response was received
	// Retryable reports whether another attempt may succeed.
	Retryable bool
	// RetryAfter is the wait the server asked for (Retry-After), or 0.
	RetryAfter time.Duration
	// Attempts is how many calls Client made before giving up (0 when the
	// error did not come through a Client).
	Attempts int
	// Auth reports that the server rejected the credentials.
	Auth bool
	// KeyEnv is the environment variable the key was read from.
	KeyEnv string
	// Err is the underlying error (usually the SDK's), with keys redacted
	// from its message.
	Err error
}

// Error describes e in one line, e.g.
// "openai model gpt-4.1: 401 unauthorized: check OPENAI_API_KEY".
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s model %s", e.Provider, e.Model)
	if e.Status > 0 {
		fmt.Fprintf(&b, ": %d %s", e.Status, statusText(e.Status))
	}
	if e.Auth {
		// Never the server's words: some echo the key they were sent.
		if e.KeyEnv != "" {
			b.WriteString(": check " + e.KeyEnv)
		} else {
			b.WriteString(": check the API key")
		}
		return b.String()
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Complete finishes an error a provider built from an SDK failure: it names
// the key's environment variable, takes the server's Retry-After from the
// captured response, and redacts the key from the underlying message.
func (e *Error) Complete(keyEnv string, info *ResponseInfo, key string) *Error {
	e.KeyEnv = keyEnv
	e.RetryAfter = info.RetryAfter(time.Now())
	e.Err = Redact(e.Err, key)
	return e
}

func statusText(code int) string {
	switch code {
	case 529:
		return "overloaded"
	case 499:
		return "client closed request"
	}
	if t := http.StatusText(code); t != "" {
		return strings.ToLower(t)
	}
	return "http error"
}

// RetryableStatus reports whether an HTTP status is worth another attempt:
// 408, 409, 429 and every 5xx (500, 502, 503, 504 and Anthropic's 529
// among them). 400, 401, 403, 404, 422 and other 4xx fail at once.
func RetryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusConflict, http.StatusTooManyRequests:
		return true
	}
	return code >= 500 && code <= 599
}

// Transient reports whether a transport error is worth another attempt:
// connection resets and refusals, a connection closed early (EOF) and
// timeouts. A cancelled context is not transient.
func Transient(err error) bool {
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		return false
	case errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}

// HTTPError builds the *Error for a response with an error status: retryable
// by RetryableStatus, Auth on 401 and 403. msg is the server's own message
// (may be empty); cause the SDK error, kept for errors.As.
func HTTPError(provider, model string, status int, msg string, cause error) *Error {
	e := &Error{
		Provider:  provider,
		Model:     model,
		Status:    status,
		Retryable: RetryableStatus(status),
		Auth:      status == http.StatusUnauthorized || status == http.StatusForbidden,
	}
	e.Err = &detail{msg: oneLine(msg, 300), err: cause}
	return e
}

// TransportError builds the *Error for a call that got no usable response:
// retryable when Transient(err).
func TransportError(provider, model string, err error) *Error {
	return &Error{Provider: provider, Model: model, Retryable: Transient(err), Err: err}
}

// MalformedError builds the non-retryable *Error for a successful response
// whose body could not be decoded.
func MalformedError(provider, model string, err error) *Error {
	return &Error{Provider: provider, Model: model, Err: fmt.Errorf("malformed response body: %w", err)}
}

// detail shows a short server message while keeping the SDK error for
// errors.As.
type detail struct {
	msg string
	err error
}

// Error returns the server's message, else the SDK error's.
func (d *detail) Error() string {
	if d.msg != "" {
		return d.msg
	}
	if d.err != nil {
		return d.err.Error()
	}
	return "no message"
}

// Unwrap returns the SDK error.
func (d *detail) Unwrap() error { return d.err }

// Redact returns err with every non-empty secret replaced by "[redacted]" in
// its message; errors.Is and errors.As still see the original chain.
func Redact(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	var live []string
	for _, s := range secrets {
		if s != "" {
			live = append(live, s)
		}
	}
	if len(live) == 0 {
		return err
	}
	return &redacted{err: err, secrets: live}
}

type redacted struct {
	err     error
	secrets []string
}

// Error returns the message with the secrets replaced.
func (r *redacted) Error() string {
	msg := r.err.Error()
	for _, s := range r.secrets {
		msg = strings.ReplaceAll(msg, s, "[redacted]")
	}
	return msg
}

// Unwrap returns the original error.
func (r *redacted) Unwrap() error { return r.err }

// ParseRetryAfter reads a Retry-After header value: delay-seconds or an
// HTTP-date (relative to now). It returns 0 for an empty, invalid or past value.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// RetryAfterHeader reads the wait a response asks for: retry-after-ms
// (sent by OpenAI and Anthropic) when present, else Retry-After.
func RetryAfterHeader(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if ms := strings.TrimSpace(h.Get("Retry-After-Ms")); ms != "" {
		if v, err := strconv.ParseFloat(ms, 64); err == nil && v > 0 {
			return time.Duration(v * float64(time.Millisecond))
		}
	}
	return ParseRetryAfter(h.Get("Retry-After"), now)
}

// oneLine collapses whitespace and cuts s to at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Preview returns the first n runes of s on one line, for error messages.
func Preview(s string, n int) string { return oneLine(s, n) }
