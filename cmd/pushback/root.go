package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pushback/pushback/bench/lifecycle"
	"github.com/pushback/pushback/tasks"
)

// Exit codes, as documented in the README.
const (
	exitOK          = 0
	exitFailed      = 1 // some trials failed after retries, or an unexpected error
	exitUsage       = 2 // bad input or usage
	exitRegression  = 3 // compare found a regression
	exitInterrupted = 130
)

// exitError carries an exit code with an error (or a nil error when the
// command already said everything it had to).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErr marks an error as bad input or usage (exit 2).
func usageErr(err error) error { return &exitError{code: exitUsage, err: err} }

// usagef formats a usage error.
func usagef(format string, args ...any) error { return usageErr(fmt.Errorf(format, args...)) }

// exitCode prints err (if any) and maps it to the process exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	code := exitFailed
	var ee *exitError
	var el tasks.ErrorList
	var ie *lifecycle.InputError
	switch {
	case errors.As(err, &ee):
		code = ee.code
		if ee.err == nil {
			return code
		}
	case errors.As(err, &el), errors.As(err, &ie):
		code = exitUsage
	}
	fmt.Fprintf(stderr, "pushback: %v\n", err)
	return code
}

// signalContext returns the root context: cancelled by the first SIGINT or
// SIGTERM; a second signal exits at once.
func signalContext() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ch
		fmt.Fprintln(os.Stderr, "pushback: interrupted; finishing calls in flight (press Ctrl-C again to quit at once)")
		cancel()
		<-ch
		os.Exit(exitInterrupted)
	}()
	return ctx
}

// run is the whole CLI, testable: it parses args, runs one command and
// returns its error, which exitCode maps to an exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	ran := false
	for _, c := range allCommands(root) {
		if c.RunE == nil {
			continue
		}
		inner := c.RunE
		c.RunE = func(cmd *cobra.Command, args []string) error {
			ran = true
			return inner(cmd, args)
		}
	}
	err := root.ExecuteContext(ctx)
	if err != nil && !ran {
		// cobra failed before any command ran: an unknown command or flag,
		// or a wrong number of arguments.
		return usageErr(fmt.Errorf("%w (see pushback --help)", err))
	}
	return err
}

func allCommands(c *cobra.Command) []*cobra.Command {
	out := []*cobra.Command{c}
	for _, sub := range c.Commands() {
		out = append(out, allCommands(sub)...)
	}
	return out
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "pushback",
		Short: "Benchmark language models on hard technical questions and on how they handle pushback",
		Long: `pushback poses derivation, complexity-analysis and paper-reading tasks to
language models, pushes back on every first answer with scripted turns
("Are you sure?", a hint, the reference solution, a confident false claim),
grades every answer, classifies every reply to pushback and stores every
transcript.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(
		newRunCmd(),
		newRunsCmd(),
		newReportCmd(),
		newCompareCmd(),
		newMergeCmd(),
		newRegradeCmd(),
		newPacksCmd(),
		newPackCmd(),
		newGradeCmd(),
		newModelsCmd(),
	)
	return root
}
