// Command pushback benchmarks language models on hard technical questions and
// on what they do when a person pushes back. See README.md.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

func main() { os.Exit(profiled()) }

// profiled runs the command and returns its exit code, profiling it as
// asked: PUSHBACK_CPUPROFILE=FILE writes a CPU profile of the whole
// process (go tool pprof FILE; scripts/throughput.sh -profile uses it),
// PUSHBACK_MEMPROFILE=FILE writes, at exit, where the process allocated
// (go tool pprof -sample_index=alloc_space FILE).
func profiled() int {
	if path := os.Getenv("PUSHBACK_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err != nil {
			fmt.Fprintln(os.Stderr, "pushback: PUSHBACK_CPUPROFILE:", err)
		} else if err := pprof.StartCPUProfile(f); err == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	code := exitCode(run(signalContext(), os.Args[1:], os.Stdout, os.Stderr), os.Stderr)
	if path := os.Getenv("PUSHBACK_MEMPROFILE"); path != "" {
		if err := writeAllocs(path); err != nil {
			fmt.Fprintln(os.Stderr, "pushback: PUSHBACK_MEMPROFILE:", err)
		}
	}
	return code
}

// writeAllocs writes the allocation profile of the process to path.
func writeAllocs(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
