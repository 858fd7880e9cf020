// Command pushback benchmarks language models on hard technical questions and
// on what they do when a person pushes back. See README.md.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

func main() {
	// PUSHBACK_CPUPROFILE=FILE writes a CPU profile of the whole process
	// (go tool pprof FILE); scripts/throughput.sh -profile uses it.
	if path := os.Getenv("PUSHBACK_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err != nil {
			fmt.Fprintln(os.Stderr, "pushback: PUSHBACK_CPUPROFILE:", err)
		} else if err := pprof.StartCPUProfile(f); err == nil {
			code := exitCode(run(signalContext(), os.Args[1:], os.Stdout, os.Stderr), os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(exitCode(run(signalContext(), os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}
