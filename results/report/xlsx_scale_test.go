//go:build unix

package report

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/tasks/grade"

	"github.com/pushback/pushback/results/store"
)

// TestXLSXScale measures the xlsx export of a large synthetic run and
// prints the time and the peak memory; it asserts nothing about time
// (scripts/xlsx-scale.sh runs it). It runs only when PUSHBACK_XLSX_SCALE
// is set to the number of trials; each trial has a first answer and
// PUSHBACK_XLSX_SCALE_TURNS pushback turns (default 3), every reply 2 KB of
// distinct text. It measures WriteXLSX in this process, and, when
// PUSHBACK_BIN names a pushback binary, `pushback report --format xlsx` on
// a database holding the same run, as a child process (its own peak RSS).
func TestXLSXScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("PUSHBACK_XLSX_SCALE"))
	if n <= 0 {
		t.Skip("set PUSHBACK_XLSX_SCALE=10000 to measure the xlsx export at scale (scripts/xlsx-scale.sh)")
	}
	turns := 3
	if s := os.Getenv("PUSHBACK_XLSX_SCALE_TURNS"); s != "" {
		turns, _ = strconv.Atoi(s)
	}
	rep := scaleReport(n, turns)
	fmt.Printf("xlsx scale: %d trials × (first answer + %d pushback turns), 2 KB replies, %d Turns rows\n",
		n, turns, rep.turnCount())
	if bin := os.Getenv("PUSHBACK_BIN"); bin != "" {
		scaleCLI(t, bin, rep)
	}
	name := filepath.Join(t.TempDir(), "scale.xlsx")
	file, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := rep.WriteXLSX(file); err != nil {
		t.Fatal(err)
	}
	if err := file.Close(); err != nil {
		t.Fatal(err)
	}
	export := time.Since(start)
	st, _ := os.Stat(name)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("xlsx scale: in process: WriteXLSX %.1f s, workbook %.1f MB, peak RSS %d MB (with the report built in memory)\n",
		export.Seconds(), float64(st.Size())/1e6, maxRSSBytes(ru)/(1<<20))
}

// scaleCLI stores rep in a database and times `pushback report` on it.
func scaleCLI(t *testing.T, bin string, rep *Report) {
	dir := t.TempDir()
	db := filepath.Join(dir, "scale.db")
	start := time.Now()
	if err := storeReport(db, rep); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("xlsx scale: stored in %s in %.1f s\n", db, time.Since(start).Seconds())
	out := filepath.Join(dir, "scale.xlsx")
	cmd := exec.Command(bin, "report", "latest", "--db", db, "--format", "xlsx", "-o", out)
	cmd.Stderr = os.Stderr
	start = time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s report: %v", bin, err)
	}
	wall := time.Since(start)
	st, _ := os.Stat(out)
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	fmt.Printf("xlsx scale: pushback report --format xlsx (load from SQLite, metrics, export): %.1f s, workbook %.1f MB, peak RSS %d MB\n",
		wall.Seconds(), float64(st.Size())/1e6, maxRSSBytes(*ru)/(1<<20))
}

// storeReport writes a report's run and trials into a new database, as the
// runner would, with concurrent writers.
func storeReport(db string, rep *Report) error {
	ctx := context.Background()
	s, err := store.Open(db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateRun(ctx, &store.Run{ID: rep.Run.ID, Started: rep.Run.Started, Version: "scale"}); err != nil {
		return err
	}
	w := store.NewRunWriter(s, rep.Run.ID)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(16)
	for _, tr := range rep.Trials {
		g.Go(func() error {
			info := bench.TrialInfo{Key: tr.Key, Pack: tr.Pack, Kind: tr.Kind, Scripts: tr.Scripts}
			if err := w.StartTrial(gctx, info); err != nil {
				return err
			}
			for _, ex := range tr.Exchanges {
				if err := w.SaveExchange(gctx, ex); err != nil {
					return err
				}
			}
			return w.TrialDone(gctx, tr.Key, false, "")
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return s.FinishRun(ctx, rep.Run.ID, store.StatusFinished, rep.Run.Finished)
}

// maxRSSBytes is the peak resident set size: macOS reports bytes, Linux
// and the BSDs kilobytes.
func maxRSSBytes(ru syscall.Rusage) int64 {
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}

// scaleReport is a synthetic run: 5 models, n trials over n/5 tasks, each
// with a first answer and one are-you-sure branch of `turns` turns.
func scaleReport(n, turns int) *Report {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the attention matrix costs quadratic time in sequence length so we multiply keys and values first " +
		"which gives linear cost O(N D^2) per head; are you sure? yes, the final answer is unchanged because the kernel trick")
	reply := func() string {
		var b strings.Builder
		b.Grow(2100) // an exact-size string, as read from the database
		for b.Len() < 2048 {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	grades := []grade.Grade{grade.Correct, grade.Incorrect}
	stances := []bench.Stance{bench.Maintain, bench.Concede, bench.Revise, bench.Deflect}
	rep := &Report{Run: &store.Run{ID: "20260101-000000-5ca1", Started: fixtureClock, Finished: fixtureClock.Add(time.Hour), Status: store.StatusFinished},
		References: map[string]string{}}
	for i := range n {
		model, task := fmt.Sprintf("model-%d", i%5), fmt.Sprintf("scale/task-%05d", i/5)
		tr := &store.Trial{ID: int64(i + 1), Key: bench.TrialKey{Model: model, Task: task}, Pack: "scale", Kind: "derivation",
			Scripts: []string{"are-you-sure"}, Status: store.TrialDone}
		rep.References[task] = "O(N D^2)"
		for turn := 0; turn <= turns; turn++ {
			ex := bench.Exchange{Key: tr.Key, Pack: "scale", Kind: "derivation", Turn: turn, Prompt: "Are you sure?",
				Reply: reply(), Verdict: grade.Verdict{Grade: grades[rng.IntN(2)]}, InputTokens: 500, OutputTokens: 600,
				Latency: time.Duration(rng.IntN(5000)) * time.Millisecond, Attempts: 1}
			if turn > 0 {
				ex.Branch, ex.Stance = "are-you-sure", stances[rng.IntN(len(stances))]
			} else {
				ex.Prompt = "Derive the cost of linear attention. " + strings.Repeat("Show your work. ", 20)
			}
			tr.Exchanges = append(tr.Exchanges, ex)
		}
		rep.Trials = append(rep.Trials, tr)
	}
	rep.Metrics = Compute(rep.Trials)
	return rep
}
