package prefilter

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// same checks that r finds exactly what the plain regexp finds in each text.
func same(t *testing.T, expr string, texts ...string) *Regexp {
	t.Helper()
	r := MustCompile(expr)
	plain := regexp.MustCompile(expr)
	for _, s := range texts {
		got, want := r.FindAllStringIndex(s, -1), plain.FindAllStringIndex(s, -1)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s on %q: %v, want %v", expr, s, got, want)
		}
		if r.MatchString(s) != plain.MatchString(s) || r.FindString(s) != plain.FindString(s) {
			t.Errorf("%s on %q: MatchString/FindString differ", expr, s)
		}
		if g, w := r.FindStringSubmatch(s), plain.FindStringSubmatch(s); !slices.Equal(g, w) {
			t.Errorf("%s on %q: submatches %q, want %q", expr, s, g, w)
		}
	}
	return r
}

func TestSameMatches(t *testing.T) {
	phrases := []string{"you are right", "i made an error", "my mistake", "I STAND CORRECTED", "good catch", "oops",
		"thanks for the correction", "i was wrong", "i see the problem", "i need to correct", "that was a mistake",
		"both are valid", "it depends on", "ambiguous"}
	alts := strings.Join(func() []string {
		var out []string
		for _, p := range phrases {
			out = append(out, strings.ReplaceAll(p, " ", `\s+`))
		}
		return out
	}(), "|")
	texts := []string{"", "Nothing here.", "You Are RIGHT — I made an error in step 2; my mistake.",
		"OOPS, good catch! Both are valid, it depends on the convention; ambiguous.",
		"I stand corrected.\nI was wrong about the kernel (I WAS WRONG).",
		"The \u212aelvin sign: MY MI\u017fTAKE was here", // folds to k and s under (?i)
		"ÉCOLE: i see the problem, You are right that x",
		strings.Repeat("filler words without phrases ", 50) + "that was a mistake",
	}
	r := same(t, `(?i)\b(?:`+alts+`)`, texts...)
	if r.split == nil || r.lower == nil {
		t.Errorf("a case-insensitive phrase alternation was not split and unfolded (split %v, lower %v)", r.split != nil, r.lower != nil)
	}
	// Case-sensitive upper case, capture groups, negated classes, classes
	// of letters: the result must not change (the filter steps aside).
	same(t, `\b(?:Kernel|Attention|GPU|x|y|z|w|v|u|t)\b`, "the Kernel and GPU", "the kernel and gpu", "x y")
	same(t, `(?i)\b(?:(right)|(wrong)|(fine)|(bad)|(ok)|(sure)|(maybe)|(never))\b`, "It is WRONG, not right", "never ok")
	same(t, `(?i)my\s+[^A-Z]+\s+answer`, "My Final answer", "my final answer", "MY X answer")
	same(t, `[A-Z]{2,}`, "GPU and cpu", "gpu")
	same(t, `(?i)\bnot\b[^.]{0,24}$`, "It is Not so", "It is not. So")
}

// TestNeed: the strings one of which every match contains.
func TestNeed(t *testing.T) {
	r := MustCompile(`(?i)\b(?:i\s+(?:was|were)\s+wrong|my\s+mistake|good\s+catch)`)
	if got := r.Need(); !slices.Equal(got, []string{"wrong", "mistake", "catch"}) {
		t.Errorf("need %q", got)
	}
	if MustCompile(`(?i)\b\w+\s+x`).Need() != nil {
		t.Error("a one-letter need should not make a filter")
	}
	if r.Possible("nothing to see") || !r.Possible("GOOD CATCH") {
		t.Error("Possible is wrong")
	}
}
