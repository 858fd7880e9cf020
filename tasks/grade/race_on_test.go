//go:build race

package grade

// raceDetector is set when the tests run under -race: the corpus tests are
// single-goroutine computation the detector has nothing to check in, and
// run ten to twenty times slower under it.
const raceDetector = true
