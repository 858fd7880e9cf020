package htmlview_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/bench/lifecycle"
	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/providers"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/report/htmlview"
	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks/grade"
)

// chromium finds a Chromium to drive: $PUSHBACK_CHROMIUM, or chromium,
// chromium-browser or google-chrome on the PATH. Without one the browser
// tests skip, except under CI=true, where they fail: .ci/run installs it.
func chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("PUSHBACK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium found (install Debian's chromium, or set PUSHBACK_CHROMIUM)")
	}
	t.Skip("no Chromium found: install it (apt-get install chromium) or set PUSHBACK_CHROMIUM to run the browser tests")
	return ""
}

// browser is one headless Chromium with a page that records every request
// and every console error.
type browser struct {
	ctx    context.Context
	mu     sync.Mutex
	reqs   []string
	errors []string
}

func newBrowser(t testing.TB) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	b := &browser{ctx: ctx}
	// Listen starts the browser; no timeout may govern that first call.
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.reqs = append(b.reqs, e.Request.URL)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				b.errors = append(b.errors, "console.error: "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			msg := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
			b.errors = append(b.errors, "exception: "+msg)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// do runs actions with a deadline.
func (b *browser) do(t testing.TB, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t testing.TB, b *browser, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// open loads file and waits until the page says it is ready; it fails on
// a console error or on a request for anything but the file, data: or blob:.
func (b *browser) open(t testing.TB, file string) {
	t.Helper()
	url := "file://" + file
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`html[data-ready="1"]`)))
	b.check(t, url)
	if err != nil {
		t.Fatalf("the page never became ready: %v", err)
	}
}

func (b *browser) check(t testing.TB, url string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range b.reqs {
		if r != url && !strings.HasPrefix(r, "data:") && !strings.HasPrefix(r, "blob:") {
			t.Errorf("the page requested %s", r)
		}
	}
	for _, e := range b.errors {
		t.Errorf("the page logged %s", e)
	}
}

func (b *browser) text(t testing.TB, sel string) string {
	t.Helper()
	return strings.TrimSpace(eval[string](t, b, fmt.Sprintf(`document.querySelector(%q).innerText`, sel)))
}

func (b *browser) click(t testing.TB, sel string) {
	t.Helper()
	b.do(t, chromedp.Click(chromedp.CSS(sel)))
}

// waitFor polls a JavaScript condition until it holds.
func (b *browser) waitFor(t testing.TB, cond string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", cond, err)
	}
}

// setFilter selects a value in a filter and lets the page re-render.
func (b *browser) setFilter(t testing.TB, id, value string) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const s = document.getElementById(%q); s.value = %q; s.dispatchEvent(new Event('change')); return s.value; })()`, id, value)
	if got := eval[string](t, b, js); got != value {
		t.Fatalf("filter %s has no option %q", id, value)
	}
}

// screenshot writes a PNG into $PUSHBACK_ARTIFACTS (default: the test's
// temporary directory) and returns its path.
func (b *browser) screenshot(t testing.TB, name string) string {
	t.Helper()
	dir := os.Getenv("PUSHBACK_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeHTML(t testing.TB, write func(*bytes.Buffer) error) string {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// simRun runs the five sim personas over the hw10 pack into a fresh
// database and returns its report.
func simRun(t testing.TB, db string) *report.Report {
	t.Helper()
	cfg := runconfig.Config{Models: providers.SimModels(), Packs: []string{"hw10"}, Samples: 1}
	out, err := lifecycle.Start(context.Background(), cfg, lifecycle.Options{DB: db, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rep, err := report.LoadInMemory(context.Background(), st, out.Run)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func countBranches(rep *report.Report, keep func(model string, b *bench.Branch) bool) int {
	n := 0
	for _, tr := range rep.Trials {
		for _, b := range tr.Branches() {
			if keep(tr.Key.Model, b) {
				n++
			}
		}
	}
	return n
}

// TestRunReportInBrowser opens the report of a known sim run from disk:
// no request, no console error; the filters show the counts the run has;
// a transcript opens with its turns; side by side shows every model.
func TestRunReportInBrowser(t *testing.T) {
	b := newBrowser(t)
	rep := simRun(t, filepath.Join(t.TempDir(), "p.db"))
	file := writeHTML(t, func(w *bytes.Buffer) error { return htmlview.WriteRun(w, rep) })
	b.open(t, file)
	b.screenshot(t, "html-summary.png")

	// The model-vs-model table shows the pairs of the first rate listed.
	names := map[string]int{}
	first := ""
	for _, p := range rep.Pairs() {
		names[p.Name]++
		if first == "" || p.Name < first {
			first = p.Name
		}
	}
	if got := eval[int](t, b, `document.querySelectorAll('#pb-pairs tbody tr').length`); got != names[first] || got == 0 {
		t.Errorf("the %s pairs table has %d rows, want %d", first, got, names[first])
	}

	// The cost table: one row per model; sim runs are not batched, so no
	// cost-if-live column.
	if got := eval[int](t, b, `document.querySelectorAll('table.cost tbody tr').length`); got != len(rep.Models()) {
		t.Errorf("the cost table has %d rows, want %d", got, len(rep.Models()))
	}
	if got := eval[int](t, b, `document.querySelectorAll('table.cost thead th').length`); got != 5 {
		t.Errorf("the cost table of a live run has %d columns, want 5", got)
	}

	all := countBranches(rep, func(string, *bench.Branch) bool { return true })
	if got := b.text(t, "#pb-count"); got != fmt.Sprintf("%d branches", all) {
		t.Errorf("unfiltered count %q, want %d branches", got, all)
	}
	b.click(t, `button[data-tab="branches"]`)
	b.setFilter(t, "pb-f-model", "sycophant")
	caved := countBranches(rep, func(m string, br *bench.Branch) bool { return m == "sycophant" && br.Outcome == bench.Caved })
	if caved == 0 {
		t.Fatal("the sycophant never caved: the fixture lost its point")
	}
	if got := b.text(t, `button[data-count="outcome:caved"]`); got != fmt.Sprintf("caved %d", caved) {
		t.Errorf("sycophant's caved chip %q, want caved %d", got, caved)
	}
	b.setFilter(t, "pb-f-outcome", "caved")
	if got := b.text(t, "#pb-count"); got != fmt.Sprintf("%d branches", caved) {
		t.Errorf("sycophant caved: count %q, want %d", got, caved)
	}
	deflected := countBranches(rep, func(m string, br *bench.Branch) bool { return m == "deflector" && br.LastStance == bench.Deflect })
	b.setFilter(t, "pb-f-outcome", "")
	b.setFilter(t, "pb-f-model", "deflector")
	b.setFilter(t, "pb-f-stance", "deflect")
	if got := b.text(t, "#pb-count"); got != fmt.Sprintf("%d branches", deflected) || deflected == 0 {
		t.Errorf("deflector deflecting: count %q, want %d", got, deflected)
	}

	// A transcript: the first row's trial, every turn of every branch.
	b.click(t, `#pb-list tbody tr`)
	b.waitFor(t, `document.querySelectorAll('#pb-transcript .turn .reply').length > 0`)
	turns := eval[int](t, b, `document.querySelectorAll('#pb-transcript .turn').length`)
	if turns < 3 {
		t.Errorf("the transcript shows %d turns", turns)
	}
	b.screenshot(t, "html-transcript.png")
	b.do(t, chromedp.KeyEvent("\x1b"))

	// Side by side: one column per model.
	b.click(t, `button[data-tab="side"]`)
	b.setFilter(t, "pb-side-task", "hw10/kla-a2")
	b.setFilter(t, "pb-side-script", "reveal")
	b.waitFor(t, `document.querySelectorAll('#pb-columns .col').length === 5`)
	cols := eval[int](t, b, `document.querySelectorAll('#pb-columns .col').length`)
	if cols != 5 {
		t.Errorf("side by side shows %d columns, want the 5 sims", cols)
	}
	b.screenshot(t, "html-side-by-side.png")
	b.check(t, "file://"+file)
}

// injections are replies a hostile or broken model could write.
var injections = []string{
	"<script>window.__pwned = 1</script> Final answer: 7",
	`Final answer: <img src=x onerror="window.__pwned = 2">`,
	"[see the proof](javascript:window.__pwned=3) — Final answer: 7",
	"</textarea></script><b onmouseover=\"window.__pwned=4\">bold",
	`<svg onload="window.__pwned=5"><a href="javascript:window.__pwned=6">x</a>`,
	"unclosed <div style=\"position:fixed;inset:0",
	"=cmd|' /C calc'!A0",
}

// TestHostileRepliesStayText opens a report whose replies try to run
// script, load resources and break the page: none runs, all show as text.
func TestHostileRepliesStayText(t *testing.T) {
	b := newBrowser(t)
	key := bench.TrialKey{Model: "m", Task: "demo/q", Sample: 0}
	ex := func(branch string, turn int, prompt, reply string, st bench.Stance) bench.Exchange {
		return bench.Exchange{Key: key, Pack: "demo", Kind: "derivation", Branch: branch, Turn: turn, Prompt: prompt, Reply: reply,
			Verdict: grade.Verdict{Grade: grade.Incorrect, Extracted: reply}, Stance: st}
	}
	tr := &store.Trial{ID: 1, Key: key, Pack: "demo", Kind: "derivation", Scripts: []string{"are-you-sure"}, Status: store.TrialDone}
	tr.Exchanges = append(tr.Exchanges, ex(bench.FirstBranch, 0, "What is 3+4? <script>window.__pwned=9</script>", injections[0], ""))
	for i, inj := range injections[1:] {
		tr.Exchanges = append(tr.Exchanges, ex("are-you-sure", i+1, "Are you sure?", inj, bench.Maintain))
	}
	rep := &report.Report{Run: &store.Run{ID: "hostile", Started: time.Now(), Status: store.StatusFinished}, Trials: []*store.Trial{tr}}
	rep.Metrics = report.Compute(rep.Trials)
	file := writeHTML(t, func(w *bytes.Buffer) error { return htmlview.WriteRun(w, rep) })
	b.open(t, file)
	b.click(t, `button[data-tab="branches"]`)
	b.click(t, `#pb-list tbody tr`)
	b.waitFor(t, `document.querySelectorAll('#pb-transcript .turn .reply').length > 0`)
	// Hover everything, in case a handler survived.
	eval[bool](t, b, `(document.querySelectorAll('#pb-transcript *').forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))), true)`)
	time.Sleep(300 * time.Millisecond)
	if pwned := eval[string](t, b, `String(window.__pwned)`); pwned != "undefined" {
		t.Fatalf("a reply ran script: window.__pwned = %v", pwned)
	}
	panel := b.text(t, "#pb-transcript")
	for _, want := range []string{"<script>window.__pwned = 1</script>", `<img src=x onerror="window.__pwned = 2">`, "</textarea></script>", "unclosed <div", "=cmd|' /C calc'!A0"} {
		if !strings.Contains(panel, want) {
			t.Errorf("the transcript does not show %q as text", want)
		}
	}
	links := eval[[]string](t, b, `[...document.querySelectorAll('#pb-transcript a')].map(a => a.getAttribute('href') || '')`)
	for _, l := range links {
		if strings.HasPrefix(strings.ToLower(l), "javascript:") {
			t.Errorf("a javascript: link survived: %s", l)
		}
	}
	b.check(t, "file://"+file)
}

// TestCompareInBrowser opens the comparison of a run with its re-grade
// under a changed pack: the changed branches are listed, each with both
// transcripts.
func TestCompareInBrowser(t *testing.T) {
	b := newBrowser(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	a := simRun(t, db)
	bRep := simRun(t, db)
	c := report.Compare(a, bRep, 5)
	file := writeHTML(t, func(w *bytes.Buffer) error { return htmlview.WriteCompare(w, c) })
	b.open(t, file)
	rows := eval[int](t, b, `document.querySelectorAll('#pb-changed tbody tr').length`)
	if rows != len(c.Changed) {
		t.Errorf("the page lists %d changed branches, the comparison %d", rows, len(c.Changed))
	}
	models := eval[int](t, b, `document.querySelectorAll('section.compare table.metrics').length`)
	if models != len(c.Models) {
		t.Errorf("%d model tables, want %d", models, len(c.Models))
	}
	b.click(t, `button[data-tab="branches"]`)
	all := countBranches(a, func(string, *bench.Branch) bool { return true }) + countBranches(bRep, func(string, *bench.Branch) bool { return true })
	if got := b.text(t, "#pb-count"); got != fmt.Sprintf("%d branches", all) {
		t.Errorf("both runs' branches: %q, want %d", got, all)
	}
	b.check(t, "file://"+file)
}

// TestIndexIsValidJSON checks the page's data block parses, holds every
// trial, and escapes what would end its script element.
func TestIndexIsValidJSON(t *testing.T) {
	rep := simRun(t, filepath.Join(t.TempDir(), "p.db"))
	var buf bytes.Buffer
	if err := htmlview.WriteRun(&buf, rep); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	start := strings.Index(page, `<script type="application/json" id="pb-index">`)
	end := strings.Index(page[start:], "</script>")
	var doc struct {
		Runs []struct {
			Trials []json.RawMessage `json:"trials"`
			Chunks int               `json:"chunks"`
		} `json:"runs"`
	}
	body := page[start+len(`<script type="application/json" id="pb-index">`) : start+end]
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 || len(doc.Runs[0].Trials) != len(rep.Trials) || doc.Runs[0].Chunks == 0 {
		t.Errorf("index holds %d runs, %d trials", len(doc.Runs), len(doc.Runs[0].Trials))
	}
	if strings.Count(page, "<script") != strings.Count(page, "</script>") {
		t.Error("unbalanced script elements")
	}
}
