package replay

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/pushback/pushback/providers"
)

// Player answers requests from a cassette.
type Player struct {
	name     string // the configured name, for errors
	recorded string // the model name the cassette was recorded under

	mu    sync.Mutex // guards the used marks
	slots map[string][]*slot
}

type slot struct {
	entry Entry
	used  bool
}

var _ providers.Provider = (*Player)(nil)

// Open loads DIR/<recorded>.jsonl for the replay model name.
func Open(name, dir, recorded string) (*Player, error) {
	path := filepath.Join(dir, FileName(recorded))
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("replay model %s: open cassette: %w", name, err)
	}
	defer f.Close()
	p, err := Load(name, recorded, path, f)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Load reads a cassette from r (file names it in errors).
func Load(name, recorded, file string, r io.Reader) (*Player, error) {
	p := &Player{name: name, recorded: recorded, slots: map[string][]*slot{}}
	br := bufio.NewReader(r)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			var e Entry
			if jerr := json.Unmarshal(b, &e); jerr != nil {
				return nil, fmt.Errorf("replay model %s: %s:%d: %w", name, file, line, jerr)
			}
			if e.Key == "" {
				return nil, fmt.Errorf("replay model %s: %s:%d: line has no key", name, file, line)
			}
			p.slots[e.Key] = append(p.slots[e.Key], &slot{entry: e})
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("replay model %s: read %s: %w", name, file, err)
		}
	}
	return p, nil
}

// Len returns the number of recorded exchanges.
func (p *Player) Len() int {
	n := 0
	for _, s := range p.slots {
		n += len(s)
	}
	return n
}

// String names the player.
func (p *Player) String() string { return "replay:" + p.name }

// Chat answers from the cassette, or fails with a non-retryable error for
// a request that was never recorded.
func (p *Player) Chat(ctx context.Context, req providers.Request) (providers.Response, error) {
	if err := ctx.Err(); err != nil {
		return providers.Response{}, err
	}
	key := Key(p.recorded, req)
	p.mu.Lock()
	defer p.mu.Unlock()
	s := pickSlot(p.slots[key], req.Meta.Sample)
	if s == nil {
		return providers.Response{}, &providers.Error{
			Provider: providers.KindReplay, Model: p.name,
			Err: fmt.Errorf("no recorded answer for this conversation of %d messages (last user message %q)",
				len(req.Messages), providers.Preview(providers.LastUserText(req.Messages), 60)),
		}
	}
	s.used = true
	return s.entry.Response(), nil
}

// pickSlot prefers an unused line of the same sample, then any unused line,
// then a used line of the same sample, then any line.
func pickSlot(slots []*slot, sample int) *slot {
	for _, want := range []func(*slot) bool{
		func(s *slot) bool { return !s.used && s.entry.Sample == sample },
		func(s *slot) bool { return !s.used },
		func(s *slot) bool { return s.entry.Sample == sample },
		func(*slot) bool { return true },
	} {
		for _, s := range slots {
			if want(s) {
				return s
			}
		}
	}
	return nil
}
