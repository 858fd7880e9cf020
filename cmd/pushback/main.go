// Command pushback benchmarks language models on hard technical questions and
// on what they do when a person pushes back. See README.md.
package main

import (
	"os"
)

func main() {
	os.Exit(exitCode(run(signalContext(), os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}
