package prefilter

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
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
		if g, w := r.FindAllStringSubmatchIndex(s, -1), plain.FindAllStringSubmatchIndex(s, -1); fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("%s on %q: submatch indices %v, want %v", expr, s, g, w)
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
	if r.split == nil {
		t.Errorf("a case-insensitive phrase alternation was not split")
	}
	// Case-sensitive upper case, capture groups, negated classes, classes
	// of letters: the result must not change (the filter steps aside).
	same(t, `\b(?:Kernel|Attention|GPU|x|y|z|w|v|u|t)\b`, "the Kernel and GPU", "the kernel and gpu", "x y")
	same(t, `(?i)\b(?:(right)|(wrong)|(fine)|(bad)|(ok)|(sure)|(maybe)|(never))\b`, "It is WRONG, not right", "never ok")
	same(t, `(?i)my\s+[^A-Z]+\s+answer`, "My Final answer", "my final answer", "MY X answer")
	same(t, `[A-Z]{2,}`, "GPU and cpu", "gpu")
	// A long case-sensitive alternation of lower-case words: lower-casing
	// the text must not let "Where" match "where".
	cs := `\s+(?:where|for|with|if|when|since|which|that|because|as|so|but|versus|compared|attained|achieved|reached|here|note|assuming|given|valid|independent|evaluated|approximately|roughly|exactly|nearly|almost|precisely|respectively|otherwise)\b|\s\((?:[A-Za-z]{3,}[\s,)])`
	same(t, cs, "x Where y, For z", "x where y (Note) for z", strings.Repeat("a ", 600)+"When so")
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

// TestEveryPartNeeded: an alternative runs only on text holding a needed
// string of each of its parts ("went" and "wrong" as well as "answer"),
// and what the regexp finds does not change.
func TestEveryPartNeeded(t *testing.T) {
	alts := []string{`(?:answer|derivation|count)\s+went\s+wrong`, `my\s+(?:\w+\s+){0,3}(?:answer|claim)\s+was\s+(?:off|flawed)`,
		`i\s+overcounted`, `scratch\s+that`, `that\s+step\s+does(?:n't|\s+not)\s+hold`, `i\s+was\s+too\s+quick`,
		`i\s+had\s+(?:it|that)\s+backwards`, `i\s+misread\s+the\s+(?:table|question|figure)`, `(?:dropped|forgot)\s+the\s+\w+\s+term`,
		`(?:that|this)\s+(?:part|step)\s+does(?:n't|\s+not)\s+hold\s+up`, `i\s+(?:conflated|confused)\s+\w+\s+with`}
	expr := `(?i)\b(?:` + strings.Join(alts, "|") + `)`
	texts := []string{"The answer is 42, and the count is 7.", "My final answer was flawed: the count went wrong.",
		"Scratch that — I had it BACKWARDS; I misread the table.", "I forgot the bias term.", "the answer went right"}
	r := same(t, expr, texts...)
	if r.split == nil {
		t.Fatal("not split")
	}
	if idx := r.split.possible(lowerASCII(texts[0])); len(idx) != 0 {
		t.Errorf("text holding 'answer' and 'count' but neither 'went' nor 'wrong' should run no alternative")
	}
	if !r.Possible(texts[1]) || r.Possible(texts[4]) {
		t.Error("Possible is wrong")
	}
}

// TestAlternativesOneByOne: where the text's alternatives run one by one,
// overlapping matches of different alternatives (which the alternation
// resolves by position and then by order) come out as the alternation's.
func TestAlternativesOneByOne(t *testing.T) {
	alts := []string{`answer\s+was\s+off\s+by\s+\w+`, `my\s+answer\s+was\s+off`, `i\s+was\s+wrong`, `i\s+was`,
		`was\s+wrong\s+about\s+\w+`, `wrong\s+about`, `scratch\s+that\s+step`, `that\s+step\s+fails`, `fails\s+to\s+hold`,
		`i\s+had\s+(?:it|that)\s+backwards`, `(?:dropped|forgot)\s+the\s+\w+\s+term`, `i\s+misread\s+the\s+(?:table|question)`}
	expr := `(?i)\b(?:` + strings.Join(alts, "|") + `)\b`
	r := same(t, expr, "My answer was off by two, and I was wrong about the bias.", "I WAS WRONG.", "I was",
		"Scratch that step fails to hold; scratch that step.", "I had it backwards; I forgot the bias term. I was wrong about it.",
		"answer was off by one; my answer was off", "nothing", "I was wrong about x I was")
	if r.split == nil {
		t.Fatal("not split")
	}
}

// TestNestedAlternation: an alternation whose first alternative is itself
// a word-bounded alternation (the shape of a hedge regexp with a few
// parenthesised extras) is split into the inner alternatives, and matches
// as before.
func TestNestedAlternation(t *testing.T) {
	inner := []string{`both\s+readings\s+are\s+(?:valid|defensible)`, `two\s+(?:possible|plausible)\s+answers`, `or\s+alternatively`,
		`depending\s+on\s+how\s+you\s+read`, `whichever\s+of\s+the\s+two`, `(?:can't|cannot)\s+pin\s+(?:it|this)\s+down`,
		`either\s+[^.;\n]{1,40}\bor\b[^.;\n]{1,40}\bdepending\s+on`, `(?:reading|interpretation)\s+(?:one|two)\s*[:)(]`}
	expr := `(?i)\b(?:` + strings.Join(inner, "|") + `)|\((?:possibly|perhaps|or\s+maybe)\s+[^)]{1,40}\)|\(\s*or\b,?\s+[^()\n]{0,60}\bif\b[^()\n]{0,60}\)`
	r := same(t, expr, "It is 3 (possibly 4), or alternatively 5.", "Both readings are VALID; depending on how you read it, either 2 or 3 depending on bias.",
		"x = 1 (or, if biased, 2)", "nothing here", "Reading one: 2. Interpretation two) 3", "whichever of the two you like; I can't pin it down")
	if r.split == nil || len(r.split.alts) < len(inner) {
		t.Fatalf("not split into the inner alternatives (%d bytes, split %v)", len(expr), r.split != nil)
	}
}

// TestConcurrentTexts: goroutines matching different long texts at once
// (sharing the cache of lowered texts) each get their own text's matches.
func TestConcurrentTexts(t *testing.T) {
	r := MustCompile(`(?i)\b(?:i\s+was\s+wrong|good\s+catch|my\s+mistake|both\s+are\s+valid|it\s+depends\s+on|scratch\s+that|i\s+stand\s+corrected|oops` + strings.Repeat(`|never\s+matches\s+here`, 12) + `)`)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				n := (g + i) % 5
				text := strings.Repeat("Filler Words. ", 30) + strings.Repeat("MY MISTAKE ", n) + fmt.Sprint(g, i)
				if got := len(r.FindAllStringIndex(text, -1)); got != n {
					t.Errorf("goroutine %d: %d matches, want %d", g, got, n)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestPrinterWritesWhatStringDoes checks that unfoldedSource writes what
// syntax.Regexp.String does (up to the spelling of classes) on unfolded trees with classes of every kind.
func TestPrinterWritesWhatStringDoes(t *testing.T) {
	for _, expr := range []string{
		`(?i)\b(?:you\s+are\s+right|[^.]{0,80}\bwrong|i\s+(?:was|am)\s+wrong|both\s+[a-z]+\s+valid|\d+(?:\.\d+)?x|[^\n]*?ambiguous)\b`,
		`(?i)^(?:ok|fine)[,.!]?\s*(?:[^a-z]|$)`,
		`(?i)(?:a|b)[\x{100}-\x{200}]+[^\x{10ffff}]?c`,
		`(?i)(?s:.)+x[^.]y(?m:^z$)`,
		`(?i)\S+\W\w`,
	} {
		tree, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if !unfold(tree) {
			t.Fatalf("%s: not unfolded", expr)
		}
		if got, want := unfoldedSource(tree), tree.String(); !sameRegexp(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", expr, got, want)
		}
		for _, sub := range tree.Sub {
			if got, want := unfoldedSource(sub), sub.String(); !sameRegexp(got, want) {
				t.Errorf("%s, part %s:\n got %s\nwant %s", expr, sub, got, want)
			}
		}
	}
	// unfoldedSource spells classes as ranges; sameRegexp must still tell
	// different classes apart.
	if sameRegexp(`[!,\.]`, `[!,\-]`) || sameRegexp(`[^.]`, `[^\n]`) {
		t.Error("sameRegexp takes different classes for the same")
	}
}

// sameRegexp reports whether a and b parse to the same tree (classes
// compared by the runes they hold, not by spelling).
func sameRegexp(a, b string) bool {
	x, err1 := syntax.Parse(a, syntax.Perl)
	y, err2 := syntax.Parse(b, syntax.Perl)
	return err1 == nil && err2 == nil && x.Equal(y)
}

// BenchmarkPrinter writes out the alternatives of an unfolded phrase
// alternation with negated classes, as a splitter does once per regexp:
// with String (sub-benchmark "String") and with unfoldedSource ("printer").
func BenchmarkPrinter(b *testing.B) {
	var alts []string
	for i := range 40 {
		alts = append(alts, fmt.Sprintf(`%c%d\s+[^.]{0,60}\bword%d[^\n]*?\S+`, 'a'+i%26, i, i))
	}
	tree, err := syntax.Parse(`(?i)\b(?:`+strings.Join(alts, "|")+`)`, syntax.Perl)
	if err != nil || !unfold(tree) {
		b.Fatal("not unfolded")
	}
	sp := newSplitter(tree)
	if sp == nil {
		b.Fatal("not split")
	}
	subs := sp.alts
	b.Run("String", func(b *testing.B) {
		for b.Loop() {
			for _, sub := range subs {
				_ = sub.String()
			}
		}
	})
	b.Run("printer", func(b *testing.B) {
		for b.Loop() {
			for _, sub := range subs {
				_ = unfoldedSource(sub)
			}
		}
	})
}

// TestWindows: an alternative whose matches hold a needed string and span a
// bounded number of tokens (words joined by \s+, an optional \w+) runs only
// on the stretches of text around that string, and finds exactly what the
// plain regexp finds: at a stretch's edges (a word running into the phrase,
// a line end, a non-ASCII letter), across line ends inside a phrase, and
// where phrases of different alternatives overlap.
func TestWindows(t *testing.T) {
	alts := []string{`my\s+(?:\w+\s+)?answer\s+was\s+(?:wrong|off)`, `i\s+combined\s+(?:them|the\s+terms)\s+wrongly`, `the\s+faulty\s+step`,
		`i\s+(?:\w+\s+){0,2}withdraw\s+[^.!?\n]{0,20}?[\d()+−/^√$\\=]`, `answer\s+was\s+wrong\s+about\s+\w+`, `(?m:^)[\s*#_]*what\s+was\s+wrong\s*[.:]`,
		`treat\s+(?:it|that)\s+as\s+(?:probably\s+)?wrong`, `was\s+wrong\b`, `scratch\s+that`, `i\s+had\s+it\s+backwards`,
		`as i said[^.!?\n]*`} // unbounded, but on one line
	expr := `(?i)\b(?:` + strings.Join(alts, "|") + `)\b`
	filler := strings.Repeat("Some words about the kernel and the cost, nothing more. ", 40)
	texts := []string{
		filler + "My earlier answer was wrong.\n" + filler,
		filler + "My\nfinal\n  answer was\twrong about bias, and the answer was off.",
		"xmy answer was wrong; zmy answer was off" + filler,
		filler + "**What was wrong.** I combined them wrongly, and the faulty step is 2.",
		"é" + "the faulty step" + "é " + filler + " ðmy answer was wrongð",
		filler + "So I'd withdraw log a − 2 log(a + 1). I would withdraw it. Treat it as probably wrong.",
		filler + "My first answer was wrong about everything; scratch that, I had it BACKWARDS.",
		"the faulty step" + filler + "the faulty step",
		filler + "As I said before, the cost is quadratic in n\nand as I said",
		filler,
	}
	r := same(t, expr, texts...)
	if r.split == nil {
		t.Fatal("not split")
	}
	windowed := 0
	for _, w := range r.split.wins {
		if w.set != nil {
			windowed++
		}
	}
	if windowed != len(alts)-1 { // all but the heading's [\s*#_]*, which is unbounded and crosses lines
		t.Errorf("%d of %d alternatives have a window", windowed, len(alts))
	}
	lower := lowerASCII(texts[0])
	i := slices.IndexFunc(r.split.alts, func(a *syntax.Regexp) bool { return strings.Contains(a.String(), "answer") })
	spans := stretches(lower, r.split.windows(i))
	if len(spans) != 1 || spans[0][1]-spans[0][0] > len(lower)/4 {
		t.Errorf("stretches %v of a %d-byte text with one phrase", spans, len(lower))
	}
	// A text-anchored alternative gets no window; the whole regexp still
	// matches as before.
	same(t, `(?i)\A(?:`+strings.Join(alts, "|")+`)`, texts...)
}
