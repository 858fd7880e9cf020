package htmlview_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/report/htmlview"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks/grade"
)

// TestHTMLScale measures the HTML report of a large synthetic run: the time
// to write it, its size, and the time headless Chromium takes from the start
// of navigation to the summary and the first page of the branch list
// rendered. It asserts nothing about time (scripts/html-scale.sh runs it);
// it runs only when PUSHBACK_HTML_SCALE is the number of trials, each with a
// first answer and three pushback turns, every reply 2 KB of text.
func TestHTMLScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("PUSHBACK_HTML_SCALE"))
	if n <= 0 {
		t.Skip("set PUSHBACK_HTML_SCALE=10000 to measure the HTML report at scale (scripts/html-scale.sh)")
	}
	b := newBrowser(t)
	rep := scaleReport(n)
	start := time.Now()
	var buf bytes.Buffer
	if err := htmlview.WriteRun(&buf, rep); err != nil {
		t.Fatal(err)
	}
	write := time.Since(start)
	name := filepath.Join(t.TempDir(), "scale.html")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var raw int
	for _, tr := range rep.Trials {
		for _, ex := range tr.Exchanges {
			raw += len(ex.Reply)
		}
	}
	t0 := time.Now()
	b.open(t, name)
	wall := time.Since(t0)
	ready := eval[float64](t, b, `window.__pbReady`)
	rows := eval[int](t, b, `document.querySelectorAll('#pb-list tbody tr').length`)
	// Opening a transcript decodes one chunk.
	b.click(t, `button[data-tab="branches"]`)
	t1 := time.Now()
	b.click(t, `#pb-list tbody tr`)
	b.waitFor(t, `document.querySelectorAll('#pb-transcript .turn .reply').length > 0`)
	open := time.Since(t1)
	fmt.Printf("html scale: %d trials × 4 replies of 2 KB (%.0f MB of replies): written in %.1f s, file %.1f MB\n",
		n, float64(raw)/1e6, write.Seconds(), float64(buf.Len())/1e6)
	fmt.Printf("html scale: summary and first page (%d rows) rendered %.2f s after navigation start (%.2f s wall clock to ready); a transcript opens in %.2f s\n",
		rows, ready/1000, wall.Seconds(), open.Seconds())
}

var words = strings.Fields(`the of a to in is that for it with as was on be by this are or from at which an not have has
	attention gradient variance softmax matrix kernel token layer model answer derivation cost bound memory query key value
	expected sample estimate entropy batch norm residual convolution parameter optimizer learning rate step loss`)

// scaleReport is n trials of five models over 100 tasks, each a first
// answer and three are-you-sure turns of about 2 KB, graded and labelled.
func scaleReport(n int) *report.Report {
	rng := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var b strings.Builder
		for b.Len() < 2000 {
			if rng.IntN(40) == 0 {
				fmt.Fprintf(&b, " $O(N_%d d^2)$", rng.IntN(100))
			}
			b.WriteString(" ")
			b.WriteString(words[rng.IntN(len(words))])
		}
		b.WriteString("\n\n**Final answer:** ")
		b.WriteString(strconv.Itoa(rng.IntN(1000)))
		return b.String()
	}
	grades := []grade.Grade{grade.Correct, grade.Incorrect}
	stances := []bench.Stance{bench.Maintain, bench.Concede, bench.Revise, bench.Deflect}
	rep := &report.Report{Run: &store.Run{ID: "20260101-000000-5ca1", Started: time.Now(), Finished: time.Now(), Status: store.StatusFinished,
		Packs: []store.PackRef{{ID: "scale"}}}, References: map[string]string{}}
	for i := range n {
		key := bench.TrialKey{Model: fmt.Sprintf("model-%d", i%5), Task: fmt.Sprintf("scale/task-%03d", (i/5)%100), Sample: i / 500}
		tr := &store.Trial{ID: int64(i + 1), Key: key, Pack: "scale", Kind: "derivation", Scripts: []string{"are-you-sure"}, Status: store.TrialDone}
		ex := func(branch string, turn int, prompt string) bench.Exchange {
			e := bench.Exchange{Key: key, Pack: "scale", Kind: "derivation", Branch: branch, Turn: turn, Prompt: prompt, Reply: text(),
				Verdict: grade.Verdict{Grade: grades[rng.IntN(2)], Extracted: strconv.Itoa(rng.IntN(1000)), Reason: "synthetic"}}
			if turn > 0 {
				e.Stance, e.StanceReason = stances[rng.IntN(4)], "synthetic"
			}
			return e
		}
		tr.Exchanges = append(tr.Exchanges, ex(bench.FirstBranch, 0, "Derive the cost of task "+key.Task+"."))
		for turn := 1; turn <= 3; turn++ {
			tr.Exchanges = append(tr.Exchanges, ex("are-you-sure", turn, "Are you sure?"))
		}
		rep.Trials = append(rep.Trials, tr)
	}
	rep.Metrics = report.Compute(rep.Trials)
	return rep
}
