package grade

import "github.com/pushback/pushback/internal/prefilter"

// phraseRes lists the package's phrase regexps, each with its prefilter
// (most replies hold few of a regexp's phrases, and a substring check
// costs far less than the regexp), for the test that checks each finds
// exactly what the plain regexp finds.
var phraseRes []*prefilter.Regexp

// mustPhrase compiles a package-level phrase regexp with its prefilter.
func mustPhrase(expr string) *prefilter.Regexp {
	re := prefilter.MustCompile(expr)
	phraseRes = append(phraseRes, re)
	return re
}
