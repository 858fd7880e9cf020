package store

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/tasks/grade"
)

// BenchmarkSaveExchange stores exchanges the way a run does (one op is one
// exchange; a trial is a first answer and one pushback turn): its row with
// its first exchange, then its end, by one writer or fifty at once.
// go test ./results/store -bench SaveExchange -benchtime 4000x
func BenchmarkSaveExchange(b *testing.B) {
	for _, workers := range []int{1, 50} {
		b.Run(map[int]string{1: "serial", 50: "50-writers"}[workers], func(b *testing.B) {
			ctx := context.Background()
			s, err := Open(filepath.Join(b.TempDir(), "p.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if err := s.CreateRun(ctx, &Run{ID: "r", Started: time.Now(), Version: "t", Config: runconfig.Config{}}); err != nil {
				b.Fatal(err)
			}
			w := NewRunWriter(s, "r")
			reply := strings.Repeat("Working through it step by step, the total comes to 42. ", 20) + "\n\n**Final answer:** 42"
			var next int64
			var mu sync.Mutex
			b.ResetTimer()
			var wg sync.WaitGroup
			for range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						mu.Lock()
						j := next
						next++
						mu.Unlock()
						if 2*j >= int64(b.N) {
							return
						}
						key := bench.TrialKey{Model: "m", Task: "t", Sample: int(j)}
						w.StartTrial(ctx, bench.TrialInfo{Key: key, Pack: "p", Kind: "expr", Scripts: []string{"are-you-sure"}})
						for turn := range 2 {
							ex := bench.Exchange{Key: key, Branch: bench.FirstBranch, Prompt: "What is it?", Reply: reply,
								Verdict: grade.Verdict{Grade: grade.Correct, Score: 1, Extracted: "42"}, InputTokens: 120, OutputTokens: 20}
							if turn == 1 {
								ex.Branch, ex.Turn, ex.Stance = "are-you-sure", 1, bench.Maintain
							}
							if err := w.SaveExchange(ctx, ex); err != nil {
								b.Error(err)
								return
							}
						}
						w.TrialDone(ctx, key, false, "")
					}
				}()
			}
			wg.Wait()
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
		})
	}
}
