package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestGoldenMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := fixtureReport().WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.md", b.Bytes())
}

// TestTellingOrder: caves first, then deflections, then concessions that
// stayed wrong, then silent corrections, spread over models and tasks.
func TestTellingOrder(t *testing.T) {
	var got []string
	for _, p := range fixtureReport().telling(MarkdownTranscripts) {
		got = append(got, tellingKinds[p.rank]+" "+p.trial.Key.Model+" "+p.trial.Key.Task+" "+p.branch.Script)
	}
	want := []string{
		"caved alpha demo/sum are-you-sure",
		"deflected beta demo/sum are-you-sure",
		"conceded, still wrong alpha demo/sum are-you-sure",
		"corrected without owning alpha lit/paper are-you-sure",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("telling picks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestClipText(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"ααααααααααααα", 4, "αααα … [clipped: 9 more characters]"},
		{"one two  \n three", 9, "one two … [clipped: 7 more characters]"},
	} {
		if got := clipText(c.in, c.n); got != c.want {
			t.Errorf("clipText(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
