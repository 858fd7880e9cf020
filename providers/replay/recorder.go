package replay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pushback/pushback/providers"
)

// Recorder wraps a Provider and appends every successful exchange to
// DIR/<model>.jsonl, the model being Request.Model. It is safe for
// concurrent use; each line is written with a single unbuffered write.
type Recorder struct {
	dir   string
	inner providers.Provider
	now   func() time.Time

	mu    sync.Mutex // guards files and serialises writes to each cassette
	files map[string]*os.File
}

var _ providers.Provider = (*Recorder)(nil)

// NewRecorder returns a Recorder writing cassettes into dir, which it creates.
func NewRecorder(dir string, inner providers.Provider) (*Recorder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create cassette directory: %w", err)
	}
	return &Recorder{dir: dir, inner: inner, now: time.Now, files: map[string]*os.File{}}, nil
}

// String names the recorder and what it wraps.
func (r *Recorder) String() string { return fmt.Sprintf("record(%v → %s)", r.inner, r.dir) }

// Chat forwards req and records the answer. A failed call records nothing;
// a failed write is returned as a non-retryable error, so a recording is
// never silently incomplete.
func (r *Recorder) Chat(ctx context.Context, req providers.Request) (providers.Response, error) {
	resp, err := r.inner.Chat(ctx, req)
	if err != nil {
		return resp, err
	}
	e := Entry{
		Key:          Key(req.Model, req),
		Model:        req.Model,
		Sample:       req.Meta.Sample,
		Turn:         len(req.Messages),
		LastUser:     providers.Preview(providers.LastUserText(req.Messages), 60),
		Text:         resp.Text,
		ServerModel:  resp.Model,
		InputTokens:  resp.InputTokens,
		OutputTokens: resp.OutputTokens,
		LatencyMS:    resp.Latency.Milliseconds(),
		FinishReason: resp.FinishReason,
		Intent:       resp.Intent,
		Recorded:     r.now().UTC().Truncate(time.Second),
	}
	if err := r.write(e); err != nil {
		return resp, &providers.Error{Provider: "record", Model: req.Model, Err: err}
	}
	return resp, nil
}

func (r *Recorder) write(e Entry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode cassette line: %w", err)
	}
	line = append(line, '\n')
	r.mu.Lock()
	defer r.mu.Unlock()
	name := FileName(e.Model)
	f, ok := r.files[name]
	if !ok {
		f, err = os.OpenFile(filepath.Join(r.dir, name), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("open cassette: %w", err)
		}
		r.files[name] = f
	}
	if _, err := f.Write(line); err != nil {
		return fmt.Errorf("write cassette %s: %w", f.Name(), err)
	}
	return nil
}

// Close closes the cassette files.
func (r *Recorder) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	for name, f := range r.files {
		errs = append(errs, f.Close())
		delete(r.files, name)
	}
	return errors.Join(errs...)
}
