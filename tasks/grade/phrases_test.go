package grade

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pushback/pushback/internal/corpustest"
)

// TestPhraseFiltersExactOnCorpus: on every twelfth reply of the answer and stance
// corpora (and the same reply upper-cased, and its last 160 bytes, the
// size of the clauses the role regexps read), each phrase regexp of the
// package with its prefilter finds exactly what the plain regexp finds.
func TestPhraseFiltersExactOnCorpus(t *testing.T) {
	corpustest.SkipUnderRace(t)
	files, _ := filepath.Glob("../testdata/answers/*.jsonl")
	stance, _ := filepath.Glob("../../bench/testdata/stance/*.jsonl")
	stride := 12
	var texts []string
	n := 0
	for _, f := range append(files, stance...) {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() {
			if n++; n%stride != 0 {
				continue
			}
			var o struct{ Reply string }
			if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			texts = append(texts, o.Reply, strings.ToUpper(o.Reply), o.Reply[max(0, len(o.Reply)-160):])
		}
		fh.Close()
	}
	if len(files) == 0 || len(stance) == 0 || len(texts) < 30 {
		t.Fatalf("corpora not found: %d answer files, %d stance files, %d texts", len(files), len(stance), len(texts))
	}
	for _, re := range phraseRes {
		plain := regexp.MustCompile(re.String())
		for _, s := range texts {
			if got, want := re.FindAllStringSubmatchIndex(s, -1), plain.FindAllStringSubmatchIndex(s, -1); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%.60s… on %.80q: %v, want %v", re.String(), s, got, want)
			}
			if re.MatchString(s) != plain.MatchString(s) {
				t.Fatalf("%.60s… on %.80q: MatchString differs", re.String(), s)
			}
		}
	}
	t.Logf("%d regexps on %d texts", len(phraseRes), len(texts))
}
