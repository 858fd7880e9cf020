//go:build race

package corpustest

// RaceEnabled says the binary was built with -race.
const RaceEnabled = true
