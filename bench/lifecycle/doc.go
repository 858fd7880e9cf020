// Package lifecycle is pushback as a library: it starts a run from a
// configuration, resumes an interrupted one, re-grades a stored one, and
// opens, writes and compares reports. It owns what a run needs beyond one
// plan — building the models (with the sim models' answer keys), the
// graders and the judge, the limits on calls in flight, the results
// database — so the command line only parses flags, calls it and prints.
//
// It may import every other package of pushback; only cmd imports it.
package lifecycle

import "fmt"

// InputError is bad input — a flag value, a models file, a pack, a stored
// run that cannot be resumed — found before anything changed on disk. The
// command line exits 2 on it.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(err error) error {
	if err == nil {
		return nil
	}
	return &InputError{Err: err}
}

func inputf(format string, args ...any) error { return &InputError{Err: fmt.Errorf(format, args...)} }
