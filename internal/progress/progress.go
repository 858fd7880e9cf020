// Package progress is the progress display of a run: one bar per model on a
// terminal, plain lines elsewhere.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/providers"
)

// Display shows a run's progress: one mpb bar per model on a terminal,
// plain lines (at most one every few seconds, and one per model at the end)
// otherwise. It implements bench.Progress.
type Display struct {
	mu     sync.Mutex
	w      io.Writer
	models []string
	stats  map[string]*modelStats
	// bars is nil when the output is not a terminal.
	p    *mpb.Progress
	bars map[string]*mpb.Bar
	// last is when the last plain line was printed.
	last  time.Time
	every time.Duration
	quiet bool
}

type modelStats struct {
	// adaptive is the model's adaptive concurrency limit (nil: fixed).
	adaptive                   *providers.Adaptive
	total, done, failed, calls int
	cost                       float64
	// batch is the model's last batch poll (nil: not batched).
	batch *bench.BatchEvent
}

// New picks bars on a terminal and plain lines elsewhere.
func New(w io.Writer, plan *bench.Plan, quiet bool) *Display {
	p := &Display{w: w, stats: map[string]*modelStats{}, every: 5 * time.Second, quiet: quiet}
	for _, it := range plan.Items {
		s := p.stats[it.Model.Name]
		if s == nil {
			s = &modelStats{adaptive: it.Model.Adaptive}
			p.stats[it.Model.Name] = s
			p.models = append(p.models, it.Model.Name)
		}
		s.total++
	}
	if !quiet && isTerminal(w) {
		p.p = mpb.New(mpb.WithOutput(w), mpb.WithWidth(32), mpb.WithRefreshRate(200*time.Millisecond))
		p.bars = map[string]*mpb.Bar{}
		width := 0
		for _, m := range p.models {
			width = max(width, len(m))
		}
		for _, m := range p.models {
			s := p.stats[m]
			p.bars[m] = p.p.AddBar(int64(s.total),
				mpb.PrependDecorators(decor.Name(m, decor.WC{W: width + 1, C: decor.DindentRight}), decor.CountersNoUnit("%d/%d")),
				mpb.AppendDecorators(decor.Any(func(decor.Statistics) string { return p.status(m) })))
		}
	}
	return p
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// status is the text after a model's bar.
func (p *Display) status(model string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats[model]
	out := fmt.Sprintf("failed %d · calls %d · $%.2f", s.failed, s.calls, s.cost)
	if s.adaptive != nil {
		out += " · " + adaptiveText(s.adaptive.Stats())
	}
	if b := s.batch; b != nil && !b.Status.State.Terminal() {
		out += " · " + batchText(b)
	}
	return out
}

// adaptiveText describes an adaptive limit: "concurrency 15/100, 12 refused".
func adaptiveText(st providers.AdaptiveStats) string {
	out := fmt.Sprintf("concurrency %d/%d", st.Limit, st.Ceiling)
	if st.Refused > 0 {
		out += fmt.Sprintf(", %d refused", st.Refused)
	}
	return out
}

// batchText describes a batch poll: "wave 2: batch running, 120/400 done,
// waiting 3m0s".
func batchText(b *bench.BatchEvent) string {
	st := b.Status
	out := fmt.Sprintf("wave %d: batch %s", b.Wave, st.State)
	if st.Total > 0 {
		out += fmt.Sprintf(", %d/%d done", st.Done, st.Total)
		if st.Failed > 0 {
			out += fmt.Sprintf(", %d failed", st.Failed)
		}
	}
	return out + fmt.Sprintf(", waiting %s", b.Waiting.Truncate(time.Second))
}

// Batch implements lifecycle.BatchDisplay: the bar shows the model's
// batch; without bars, a line when a batch changes state, otherwise at
// most one every few seconds.
func (p *Display) Batch(ev bench.BatchEvent) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats[ev.Model]
	if s == nil {
		return
	}
	changed := s.batch == nil || s.batch.BatchID != ev.BatchID || s.batch.Status.State != ev.Status.State
	s.batch = &ev
	if p.bars == nil && !p.quiet && (changed || time.Since(p.last) >= p.every) {
		p.last = time.Now()
		fmt.Fprintf(p.w, "batch: %s %s (%s)\n", ev.Model, batchText(&ev), ev.BatchID)
	}
}

// TrialStarted implements bench.Progress.
func (p *Display) TrialStarted(bench.Item) {}

// Exchange implements bench.Progress.
func (p *Display) Exchange(it bench.Item, ex bench.Exchange) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats[it.Model.Name]
	s.calls++
	s.cost += ex.Cost
}

// TrialDone implements bench.Progress.
func (p *Display) TrialDone(it bench.Item, failure string) {
	p.mu.Lock()
	s := p.stats[it.Model.Name]
	s.done++
	if failure != "" {
		s.failed++
	}
	line := p.bars == nil && !p.quiet && time.Since(p.last) >= p.every
	if line {
		p.last = time.Now()
		p.printLine(it.Model.Name, s)
	}
	p.mu.Unlock()
	if failure != "" { // failures are reported even without progress
		p.logf("pushback: %s %s #%d failed: %s\n", it.Model.Name, it.Task.FullID(), it.Sample, failure)
	}
	if b := p.bars[it.Model.Name]; b != nil {
		b.Increment()
	}
}

func (p *Display) printLine(model string, s *modelStats) {
	extra := ""
	if s.adaptive != nil {
		extra = ", " + adaptiveText(s.adaptive.Stats())
	}
	fmt.Fprintf(p.w, "progress: %s %d/%d trials, %d failed, %d calls, $%.2f%s\n", model, s.done, s.total, s.failed, s.calls, s.cost, extra)
}

// logf prints a line above the bars (or plainly).
func (p *Display) logf(format string, args ...any) {
	if p.p != nil {
		fmt.Fprintf(p.p, format, args...)
		return
	}
	fmt.Fprintf(p.w, format, args...)
}

// Close stops the bars, or prints each model's final line.
func (p *Display) Close() {
	if p.p != nil {
		for _, b := range p.bars {
			if !b.Completed() {
				b.Abort(false)
			}
		}
		p.p.Wait()
		return
	}
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, m := range p.models {
		p.printLine(m, p.stats[m])
	}
}
