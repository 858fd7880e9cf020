package providers

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

// DefaultTimeout bounds one attempt when the config sets no timeout.
const DefaultTimeout = 10 * time.Minute

// ResponseInfo is what the transport saw of the HTTP response to one call:
// its status, its headers and whether its body was read to the end. SDKs do
// not all expose response headers on errors, so providers read Retry-After
// from here, and tell a malformed body (read whole, then undecodable) from a
// connection dropped mid-body.
type ResponseInfo struct {
	// parent is the ResponseInfo of an enclosing context (the Client's,
	// around a provider's own): every response is recorded in both.
	parent   *ResponseInfo
	mu       sync.Mutex
	status   int
	header   http.Header
	complete bool
	readErr  error
}

type responseInfoKey struct{}

// WithResponseInfo returns a context whose HTTP responses, made through a
// client from NewHTTPClient, are recorded in the returned ResponseInfo.
func WithResponseInfo(ctx context.Context) (context.Context, *ResponseInfo) {
	parent, _ := ctx.Value(responseInfoKey{}).(*ResponseInfo)
	ri := &ResponseInfo{parent: parent}
	return context.WithValue(ctx, responseInfoKey{}, ri), ri
}

// Status returns the status of the last response, or 0 if none arrived.
func (ri *ResponseInfo) Status() int {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.status
}

// Header returns the headers of the last response, or nil.
func (ri *ResponseInfo) Header() http.Header {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.header
}

// RetryAfter returns the wait the last response asked for, or 0.
func (ri *ResponseInfo) RetryAfter(now time.Time) time.Duration {
	return RetryAfterHeader(ri.Header(), now)
}

// BodyComplete reports whether a 2xx response arrived and its body was read
// to the end without a transport error: a decoding failure after that means
// the body itself was malformed.
func (ri *ResponseInfo) BodyComplete() bool {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.status >= 200 && ri.status < 300 && ri.complete && ri.readErr == nil
}

func (ri *ResponseInfo) set(resp *http.Response) {
	h := resp.Header.Clone()
	for ; ri != nil; ri = ri.parent {
		ri.mu.Lock()
		ri.status = resp.StatusCode
		ri.header = h
		ri.complete = false
		ri.readErr = nil
		ri.mu.Unlock()
	}
}

func (ri *ResponseInfo) bodyDone(err error) {
	for ; ri != nil; ri = ri.parent {
		ri.mu.Lock()
		if errors.Is(err, io.EOF) {
			ri.complete = true
		} else {
			ri.readErr = err
		}
		ri.mu.Unlock()
	}
}

// captureTransport records each response into the ResponseInfo carried by
// the request's context, if any.
type captureTransport struct {
	base http.RoundTripper
}

// RoundTrip sends req and records the response.
func (t captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	ri, _ := req.Context().Value(responseInfoKey{}).(*ResponseInfo)
	if err != nil || ri == nil {
		return resp, err
	}
	ri.set(resp)
	resp.Body = &watchedBody{ReadCloser: resp.Body, ri: ri}
	return resp, nil
}

type watchedBody struct {
	io.ReadCloser
	ri   *ResponseInfo
	done bool
}

// Read reads the body, noting how it ended.
func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !b.done {
		b.done = true
		b.ri.bodyDone(err)
	}
	return n, err
}

// maxIdlePerHost is how many idle connections a model's client keeps to its
// server: enough for every worker of a busy model, so connections (and TLS
// handshakes) are reused rather than redialled. net/http's default is 2.
const maxIdlePerHost = 128

// pooledTransport is http.DefaultTransport with a connection pool sized for
// many concurrent calls to one host.
func pooledTransport() http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t = t.Clone()
	t.MaxIdleConns = 2 * maxIdlePerHost
	t.MaxIdleConnsPerHost = maxIdlePerHost
	return t
}

// NewHTTPClient returns the client every real provider uses: base as its
// transport (a pooled clone of http.DefaultTransport when nil), wrapped to fill ResponseInfo,
// and an overall timeout (DefaultTimeout when 0) as a backstop to the
// per-attempt context deadline.
func NewHTTPClient(base http.RoundTripper, timeout time.Duration) *http.Client {
	if base == nil {
		base = pooledTransport()
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &http.Client{Transport: captureTransport{base: base}, Timeout: timeout}
}
