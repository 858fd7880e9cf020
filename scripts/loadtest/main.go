// Command loadtest is the measuring kit of scripts/throughput.sh and
// scripts/ratelimit.sh. Loopback only; it never reaches the network.
//
//	loadtest serve -latency 50ms [-rps 300 -burst 20] -addrfile F
//	    an OpenAI-compatible chat completions server answering every call
//	    after the latency, optionally behind a token bucket that answers
//	    the excess 429 with Retry-After and x-ratelimit-* headers; GET
//	    /stats reports the first and last request and the counts
//	loadtest client -url URL -n N -c C
//	    a plain Go HTTP client making N chat completion calls, C at a time:
//	    the baseline pushback is measured against
//	loadtest ratelimit -pushback BIN [-rps 300 -burst 20 -calls 1500 -c 100 -fixed]
//	    scripts/ratelimit.sh: the server behind a token bucket, single
//	    calls through `pushback run` at a ceiling above the limit; prints
//	    the run's time against the limit's ideal and the share of 429s
//	loadtest throughput -pushback BIN [-samples 72 -c 50 -latency 50ms]
//	    the workload of scripts/throughput.sh: the server above, the plain
//	    client's baseline, then `pushback run` on hw10 × samples with one
//	    pushback turn; prints the ideal, the baseline, the run's and the
//	    whole process's times and ratios, CPU per call and peak RSS
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/time/rate"
	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadtest serve|client|throughput|ratelimit ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:])
	case "client":
		err = client(os.Args[2:])
	case "throughput":
		err = throughput(os.Args[2:])
	case "ratelimit":
		err = ratelimit(os.Args[2:])
	default:
		err = fmt.Errorf("unknown subcommand %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// stats is what the server saw.
type stats struct {
	First    time.Time `json:"first"`
	Last     time.Time `json:"last"`
	Requests int64     `json:"requests"`
	Rejected int64     `json:"rejected"`
	// Nth is when request number ?nth= arrived.
	Nth time.Time `json:"nth,omitzero"`
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	latency := fs.Duration("latency", 50*time.Millisecond, "answer every call after this long")
	rps := fs.Float64("rps", 0, "token-bucket limit in requests per second (0: none)")
	burst := fs.Int("burst", 20, "token-bucket burst")
	addrFile := fs.String("addrfile", "", "write the listening address here")
	fs.Parse(args)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if *addrFile != "" {
		if err := os.WriteFile(*addrFile, []byte(ln.Addr().String()), 0o644); err != nil {
			return err
		}
	}
	var lim *rate.Limiter
	if *rps > 0 {
		lim = rate.NewLimiter(rate.Limit(*rps), *burst)
	}
	var (
		mu       sync.Mutex
		st       stats
		arrivals []time.Time
	)
	body := func(n int64) []byte {
		b, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-" + strconv.FormatInt(n, 10), "object": "chat.completion", "created": time.Now().Unix(), "model": "loopback-1",
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant",
				"content": "Working through it step by step, the total comes to 42.\n\n**Final answer:** 42"}, "finish_reason": "stop"}},
			"usage": map[string]any{"prompt_tokens": 120, "completion_tokens": 20, "total_tokens": 140},
		})
		return b
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/stats", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		out := st
		if n, _ := strconv.Atoi(r.URL.Query().Get("nth")); n > 0 && n <= len(arrivals) {
			out.Nth = arrivals[n-1]
		}
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("/v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		if st.First.IsZero() {
			st.First = now
		}
		st.Requests++
		n := st.Requests
		arrivals = append(arrivals, now)
		mu.Unlock()
		if lim != nil {
			// OpenAI's headers: what is left after this request, and
			// when the bucket is full again; a refusal says when the
			// next request will be accepted, to the millisecond.
			h := w.Header()
			ok := lim.Allow()
			tokens := lim.Tokens()
			h.Set("x-ratelimit-limit-requests", strconv.Itoa(int(*rps*60)))
			h.Set("x-ratelimit-remaining-requests", strconv.Itoa(max(0, int(tokens))))
			h.Set("x-ratelimit-reset-requests", fmt.Sprintf("%dms", int(1000*(float64(*burst)-tokens) / *rps)))
			if !ok {
				mu.Lock()
				st.Rejected++
				st.Last = time.Now()
				mu.Unlock()
				wait := (1 - tokens) / *rps
				h.Set("retry-after-ms", strconv.Itoa(int(math.Ceil(wait*1000))))
				h.Set("Retry-After", strconv.Itoa(int(math.Ceil(wait))))
				h.Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusTooManyRequests)
				io.WriteString(w, `{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}`)
				return
			}
		}
		time.Sleep(*latency)
		w.Header().Set("Content-Type", "application/json")
		w.Write(body(n))
		mu.Lock()
		st.Last = time.Now()
		mu.Unlock()
	})
	return http.Serve(ln, mux)
}

func client(args []string) error {
	fs := flag.NewFlagSet("client", flag.ExitOnError)
	url := fs.String("url", "", "the server's base URL, e.g. http://127.0.0.1:8080/v1")
	n := fs.Int("n", 1000, "calls")
	c := fs.Int("c", 50, "calls in flight")
	fs.Parse(args)
	tr := &http.Transport{MaxIdleConnsPerHost: *c, MaxConnsPerHost: 0}
	hc := &http.Client{Transport: tr}
	req, _ := json.Marshal(map[string]any{"model": "loopback", "messages": []any{
		map[string]any{"role": "user", "content": "What is the answer? Show your working and end with a final answer."}}})
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range *c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(*n) {
				resp, err := hc.Post(*url+"/chat/completions", "application/json", bytes.NewReader(req))
				if err != nil {
					failed.Add(1)
					continue
				}
				var out struct {
					Choices []struct {
						Message struct{ Content string } `json:"message"`
					} `json:"choices"`
				}
				err = json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || len(out.Choices) == 0 {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	fmt.Printf("client: %d calls, %d failed, %.3f s\n", *n, failed.Load(), time.Since(start).Seconds())
	return nil
}

// measured is a finished process's figures.
type measured struct {
	start, end time.Time
	wall, cpu  time.Duration
	rssMB      float64
}

// measure runs a command and returns its wall time, CPU time (user and
// system) and peak RSS.
func measure(name string, args ...string) (measured, error) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	var out bytes.Buffer
	cmd.Stdout = &out
	start := time.Now()
	err := cmd.Run()
	m := measured{start: start, end: time.Now()}
	m.wall = m.end.Sub(start)
	if cmd.ProcessState != nil {
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		m.rssMB = float64(ru.Maxrss) / 1024
	}
	if err != nil {
		return m, fmt.Errorf("%s: %w\n%s", name, err, out.String())
	}
	return m, nil
}

func throughput(args []string) error {
	fs := flag.NewFlagSet("throughput", flag.ExitOnError)
	bin := fs.String("pushback", "", "the pushback binary")
	samples := fs.Int("samples", 72, "samples of each hw10 task")
	conc := fs.Int("c", 50, "concurrency")
	latency := fs.Duration("latency", 50*time.Millisecond, "the server's latency")
	dir := fs.String("dir", "", "working directory (default a temporary one)")
	profile := fs.String("profile", "", "write pushback's CPU profile here")
	fixed := fs.Bool("fixed", false, "a fixed concurrency limit (adaptive: false)")
	fs.Parse(args)
	if *dir == "" {
		d, err := os.MkdirTemp("", "pushback-throughput-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	addr, stop, err := startServer(*dir, "-latency", latency.String())
	if err != nil {
		return err
	}
	defer stop()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	base := "http://" + addr + "/v1"
	calls := 14 * *samples * 2
	ideal := time.Duration(float64(calls) / float64(*conc) * float64(*latency))
	plain, err := measure(self, "client", "-url", base, "-n", strconv.Itoa(calls), "-c", strconv.Itoa(*conc))
	if err != nil {
		return err
	}
	models := *dir + "/models.yaml"
	writeModels(models, base, *conc, !*fixed)
	db := *dir + "/p.db"
	first := serverStats(addr).Requests
	if *profile != "" {
		os.Setenv("PUSHBACK_CPUPROFILE", *profile)
	}
	pb, err := measure(*bin, "run", "--config", models, "--packs", "hw10", "--samples", strconv.Itoa(*samples), "--scripts", "are-you-sure",
		"--concurrency", strconv.Itoa(*conc), "--db", db, "--out", *dir+"/out", "--no-progress")
	if err != nil {
		return err
	}
	st := serverStats(addr)
	if got := st.Requests - first; got != int64(calls) {
		return fmt.Errorf("pushback made %d calls, want %d", got, calls)
	}
	last, err := lastTurn(db)
	if err != nil {
		return err
	}
	// The run: from the first call of pushback's run (the server's first
	// request after the baseline) to its last stored turn.
	runStart, err := firstCallAfter(addr, first)
	if err != nil {
		return err
	}
	runWall := last.Sub(runStart)
	fmt.Printf("workload: hw10 × %d samples, --scripts are-you-sure: %d calls, %v each, concurrency %d; ideal %.3f s\n", *samples, calls, *latency, *conc, ideal.Seconds())
	fmt.Printf("plain Go client: %.3f s (%.2f× ideal), CPU %.3f ms per call\n", plain.wall.Seconds(), ratio(plain.wall, ideal), ms(plain.cpu)/float64(calls))
	fmt.Printf("pushback run (first call to last stored turn): %.3f s (%.2f× ideal)\n", runWall.Seconds(), ratio(runWall, ideal))
	fmt.Printf("pushback whole process (every report written): %.3f s (%.2f× ideal): start-up to first call %.3f s, last turn to exit %.3f s\n",
		pb.wall.Seconds(), ratio(pb.wall, ideal), runStart.Sub(pb.start).Seconds(), pb.end.Sub(last).Seconds())
	fmt.Printf("pushback CPU: %.3f s, %.3f ms per call; peak RSS %.1f MB\n", pb.cpu.Seconds(), ms(pb.cpu)/float64(calls), pb.rssMB)
	return nil
}

// startServer starts `loadtest serve` with args in the background and
// returns its address and the function that stops it.
func startServer(dir string, args ...string) (string, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	addrFile := dir + "/addr"
	os.Remove(addrFile)
	srv := exec.Command(self, append([]string{"serve", "-addrfile", addrFile}, args...)...)
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { srv.Process.Kill(); srv.Wait() }
	for range 500 {
		if addr, err := os.ReadFile(addrFile); err == nil && len(addr) > 0 {
			return string(addr), stop, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	return "", nil, fmt.Errorf("the server did not start")
}

// writeModels writes a models file with one OpenAI-compatible model.
func writeModels(path, base string, conc int, adaptive bool) error {
	return os.WriteFile(path, []byte(fmt.Sprintf("models:\n  - name: loopback\n    provider: openai\n    model: loopback\n    base_url: %s\n"+
		"    concurrency: %d\n    adaptive: %v\n    price: {input_per_mtok: 2, output_per_mtok: 8}\n", base, conc, adaptive)), 0o644)
}

// ratelimit is scripts/ratelimit.sh's scenario: a server behind a token
// bucket pushback is not told about, and single calls at a high ceiling.
func ratelimit(args []string) error {
	fs := flag.NewFlagSet("ratelimit", flag.ExitOnError)
	bin := fs.String("pushback", "", "the pushback binary")
	rps := fs.Float64("rps", 300, "the server's limit in requests per second")
	burst := fs.Int("burst", 20, "the token bucket's burst")
	calls := fs.Int("calls", 1500, "single calls (samples of one hw10 task, no pushback)")
	conc := fs.Int("c", 100, "concurrency (the ceiling)")
	latency := fs.Duration("latency", 50*time.Millisecond, "the server's latency")
	fixed := fs.Bool("fixed", false, "a fixed concurrency limit (adaptive: false)")
	keep := fs.String("dir", "", "working directory, kept (default a temporary one)")
	fs.Parse(args)
	dir := *keep
	if dir == "" {
		d, err := os.MkdirTemp("", "pushback-ratelimit-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	addr, stop, err := startServer(dir, "-latency", latency.String(), "-rps", fmt.Sprint(*rps), "-burst", strconv.Itoa(*burst))
	if err != nil {
		return err
	}
	defer stop()
	models := dir + "/models.yaml"
	writeModels(models, "http://"+addr+"/v1", *conc, !*fixed)
	db := dir + "/p.db"
	pb, err := measure(*bin, "run", "--config", models, "--packs", "hw10", "--tasks", "kla-a1", "--samples", strconv.Itoa(*calls),
		"--scripts", "none", "--concurrency", strconv.Itoa(*conc), "--db", db, "--out", dir+"/out", "--no-progress")
	if err != nil {
		return err
	}
	st := serverStats(addr)
	last, err := lastTurn(db)
	if err != nil {
		return err
	}
	ideal := time.Duration(float64(*calls) / *rps * float64(time.Second))
	wall := last.Sub(st.First)
	mode := "adaptive"
	if *fixed {
		mode = "fixed"
	}
	fmt.Printf("limit %.0f req/s (burst %d), %v per call, %d calls, concurrency %d (%s): ideal %.3f s\n", *rps, *burst, *latency, *calls, *conc, mode, ideal.Seconds())
	fmt.Printf("run (first call to last stored turn): %.3f s = %.3f× ideal; whole process %.3f s\n", wall.Seconds(), ratio(wall, ideal), pb.wall.Seconds())
	fmt.Printf("requests %d, answered 429: %d (%.1f%%)\n", st.Requests, st.Rejected, 100*float64(st.Rejected)/float64(st.Requests))
	return nil
}

func ratio(a, b time.Duration) float64 { return a.Seconds() / b.Seconds() }
func ms(d time.Duration) float64       { return float64(d) / float64(time.Millisecond) }

func serverStats(addr string) stats {
	var st stats
	resp, err := http.Get("http://" + addr + "/stats")
	if err != nil {
		return st
	}
	defer resp.Body.Close()
	json.NewDecoder(resp.Body).Decode(&st)
	return st
}

// firstCallAfter asks the server when request number n+1 arrived.
func firstCallAfter(addr string, n int64) (time.Time, error) {
	resp, err := http.Get(fmt.Sprintf("http://%s/stats?nth=%d", addr, n+1))
	if err != nil {
		return time.Time{}, err
	}
	defer resp.Body.Close()
	var st stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return time.Time{}, err
	}
	return st.Nth, nil
}

// lastTurn is the time of the last turn stored in a pushback database.
func lastTurn(db string) (time.Time, error) {
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		return time.Time{}, err
	}
	defer conn.Close()
	var last string
	if err := conn.QueryRowContext(context.Background(), `SELECT MAX(created) FROM turns WHERE role = 'assistant'`).Scan(&last); err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339Nano, last)
}
