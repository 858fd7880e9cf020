// Package corpustest holds what the corpus measurements of the test suites
// share: they grade and label every reply of the answer and stance
// corpora, single-goroutine computation the race detector has nothing to
// check in and runs ten to twenty times slower under. Their test names
// contain "Corpus", so the second half of the README's test command,
//
//	go test -race -timeout 20m ./... && go test -run Corpus ./tasks/... ./bench
//
// runs them without -race, and under -race they skip.
package corpustest

import "testing"

// SkipUnderRace skips a corpus measurement when the test binary was built
// with -race: the test command runs it again without.
func SkipUnderRace(t testing.TB) {
	t.Helper()
	if RaceEnabled {
		t.Skip("corpus measurement: run without -race by `go test -run Corpus ./tasks/... ./bench`, the second half of the test command")
	}
}
