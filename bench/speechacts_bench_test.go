package bench

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pushback/pushback/internal/corpustest"
	"github.com/pushback/pushback/internal/prefilter"
)

// stanceCorpora are the stance corpus files written by other hands, every
// round, development and held-out.
var stanceCorpora = func() []string {
	files := slices.Clone(stanceDevFiles)
	for _, set := range stanceHeldoutSets {
		files = append(files, set.file)
	}
	return files
}()

// BenchmarkReadSpeechActs reads the speech acts of every reply of the
// stance corpora written by other hands (one op is one reply).
// go test ./bench -run XXX -bench ReadSpeechActs
func BenchmarkReadSpeechActs(b *testing.B) {
	var items []corpusItem
	t := &testing.T{}
	for _, name := range stanceCorpora {
		items = append(items, loadCorpus(t, name)...)
	}
	b.ResetTimer()
	for i := range b.N {
		it := items[i%len(items)]
		ReadSpeechActs(it.Reply, it.Pushback)
	}
}

// TestPhraseFiltersExactOnCorpus: on every eighth conversation of the stance
// corpora (reply, pushback, first answer, the reply upper-cased), each
// phrase regexp with its prefilter finds exactly what the plain regexp
// finds.
func TestPhraseFiltersExactOnCorpus(t *testing.T) {
	corpustest.SkipUnderRace(t)
	var items []corpusItem
	for _, name := range stanceCorpora {
		items = append(items, loadCorpus(t, name)...)
	}
	stride := 8
	var texts []string
	for i, it := range items {
		if i%stride == 0 {
			texts = append(texts, it.Reply, it.Pushback, it.First, strings.ToUpper(it.Reply))
		}
	}
	for _, re := range []*prefilter.Regexp{admitRe, withdrawRe, deflectRe, weakDeflectRe, rejectRe, refuseRe, reviseRe, reaffirmRe, reexamineRe, offeredRe, negationRe} {
		plain := regexp.MustCompile(re.String())
		for _, s := range texts {
			if got, want := re.FindAllStringIndex(s, -1), plain.FindAllStringIndex(s, -1); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%.60s… on %.80q: %v, want %v", re.String(), s, got, want)
			}
		}
	}
}
