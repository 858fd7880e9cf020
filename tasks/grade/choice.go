package grade

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pushback/pushback/internal/prefilter"
)

func init() { register("choice", []string{"answer"}, newChoice) }

// Choice grades a multiple-choice reply: the answer is one letter A–Z.
//
// A letter is written "B", "(B)", "B)", "[B]", "**B**", "\text{B}", "Option B"
// or "option (b)". The grader looks, in order, for:
//  1. the explicit final answer (a \boxed{} or a "Final answer" line, see
//     Extract): a letter at its start, else the last assertion in it, else
//     its only "Option X" / "(X)";
//  2. in the whole reply, the last assertion: "the answer is B", "Answer: B",
//     "the correct choice is (d)", "my final answer: C", "I choose C",
//     "I'd say (b)", "I'll go with option B", "(B) is correct", "C is the
//     right answer", a letter ending a concluding sentence ("So B.",
//     "Thus, (D).", "It's B.", "not A but B."), a
//     line that is only a letter, or a reply that opens with "B." / "B:".
//
// Options merely discussed ("Option A is wrong because ...") are not
// assertions, and a bare "A" or "I" followed by an ordinary word is read as
// the article or pronoun ("A good choice is ...", "I think"). When several
// different letters are asserted the last assertion counts. A final answer
// that hedges ("B or C") is incorrect. A reply with no asserted letter is
// no_answer.
type Choice struct {
	letter byte
}

var _ Grader = (*Choice)(nil)

func newChoice(spec Spec, _ Env) (Grader, error) {
	a := strings.Trim(strings.TrimSpace(spec.Answer), "()[] ")
	if len(a) != 1 || !isASCIILetter(a[0]) {
		return nil, fieldErr("answer", "choice answer %q must be one letter A-Z", spec.Answer)
	}
	return &Choice{letter: asciiUpper(a[0])}, nil
}

// choiceAssertion is one place where a reply commits to a letter.
type choiceAssertion struct {
	pos    int
	letter byte
	hedge  byte // a second letter offered as an alternative ("B or C"), else 0
}

// Grade finds the asserted letter and compares it with the answer.
func (g *Choice) Grade(_ context.Context, r Reply) Verdict {
	reply := r.Text
	a, where, n, ok := findChoice(reply)
	if !ok {
		return Verdict{Grade: NoAnswer, Reason: "no option letter asserted"}
	}
	want := string(g.letter)
	if a.hedge != 0 {
		return Verdict{Grade: Incorrect, Hedged: true, Extracted: fmt.Sprintf("%c or %c", a.letter, a.hedge),
			Reason: fmt.Sprintf("hedged between %c and %c (%s), expected %s", a.letter, a.hedge, where, want)}
	}
	if n > 1 {
		where = fmt.Sprintf("%s, last of %d assertions", where, n)
	}
	v := Verdict{Grade: Incorrect, Extracted: string(a.letter),
		Reason: fmt.Sprintf("answered %c (%s), expected %s", a.letter, where, want)}
	if a.letter == g.letter {
		v.Grade, v.Score = Correct, 1
	}
	return v
}

// SameAnswer implements Comparer: the same letter is the same answer.
func (g *Choice) SameAnswer(a, b Verdict) (same, ok bool) {
	if len(a.Extracted) != 1 || len(b.Extracted) != 1 {
		return false, false
	}
	return a.Extracted == b.Extracted, true
}

// findChoice returns the letter a reply commits to, where it was found and
// how many assertions the winning source held.
func findChoice(reply string) (choiceAssertion, string, int, bool) {
	ex := Extract(reply)
	if ex.How == CueBoxed || ex.How == CueFinal {
		text := cleanChoiceText(ex.Text)
		if a, ok := leadingChoice(stripAnswerLabel(text)); ok {
			return a, string(ex.How), 1, true
		}
		if as := choiceAssertions(text); len(as) > 0 {
			return as[len(as)-1], string(ex.How), len(as), true
		}
		if a, ok := onlyMarkedChoice(text); ok {
			return a, string(ex.How), 1, true
		}
	}
	text := cleanChoiceText(reply)
	as := choiceAssertions(text)
	if first := strings.TrimSpace(text); first != "" {
		if a, ok := openingChoice(first); ok {
			as = append([]choiceAssertion{a}, as...)
		}
	}
	if len(as) == 0 {
		return choiceAssertion{}, "", 0, false
	}
	sort.SliceStable(as, func(i, j int) bool { return as[i].pos < as[j].pos })
	return as[len(as)-1], "in the reply", countDistinctPos(as), true
}

func countDistinctPos(as []choiceAssertion) int {
	n := 0
	for i := range as {
		if i == 0 || as[i].pos != as[i-1].pos {
			n++
		}
	}
	return n
}

var (
	choiceWrapRe  = mustPhrase(`\\(?:text|textbf|textrm|mathrm|mathbf|mathtt|texttt)\s*\{([^{}]*)\}`)
	choiceNoiseRe = mustPhrase("\\*+|`+|\\$+|\\\\[()\\[\\]]")

	// choiceClaimRes match the words that introduce an asserted letter; the
	// letter itself is parsed by choiceAt from the end of the match.
	choiceClaimRes = []*prefilter.Regexp{
		mustPhrase(`(?i)\b(?:(?:the|my|our)\s+)?(?:final\s+|correct\s+|right\s+|best\s+)?(?:answer|choice|option|selection|pick)\s*(?:(?:is|would\s+be|should\s+be|must\s+be|will\s+be|remains|becomes)\b\s*:?|[:=]|\s[-—–])\s*(?:(?:therefore|thus|then|clearly|definitely)\s+)?`),
		mustPhrase(`(?i)\b(?:I|we)(?:'d|’d|'ll|’ll|'m|’m|\s+would|\s+will|\s+am|\s+are)?\s+(?:going\s+to\s+)?(?:choose|pick|select|go\s+with|going\s+with|opt\s+for|answer|say)\s+`),
	}
	// choiceConcludeRe introduces a letter that must end its sentence:
	// "So B.", "Thus, (D)", "It's B.", "not A but B."
	choiceConcludeRe = mustPhrase(`(?i)\b(?:thus|hence|therefore|so|but|it(?:'s|’s|\s+is|\s+must\s+be|\s+should\s+be)|that(?:'s|’s|\s+is))\s*[,:]?\s+`)
	choiceEndRe      = mustPhrase(`^[ \t]*(?:[.!;]|\r?\n|$)`)
	// choiceIsRightRe matches "(B) is correct", "Option C is the right answer".
	choiceIsRightRe = mustPhrase(`(?i)(?:\b(?:option|choice)\s*)?(?:\(([a-z])\)|\[([a-z])\]|\b([a-z])\)?)\s+is\s+(?:(?:the|my)\s+)?(?:(?:correct|right|best|better|final)\b|answer\b)`)
	choiceHedgeRe   = mustPhrase(`(?i)^\s*,?\s*(?:or|and|/)\s*`)
	choiceMarkedRe  = mustPhrase(`(?i)\b(?:option|choice)\s*\(?([a-z])\)?(?:[^a-z0-9]|$)|\(([a-z])\)`)
)

// cleanChoiceText drops markdown emphasis, code ticks and math delimiters
// and unwraps \text{}-style groups.
func cleanChoiceText(s string) string {
	s = choiceWrapRe.ReplaceAllString(s, "$1")
	return choiceNoiseRe.ReplaceAllString(s, "")
}

// choiceConnectives may follow a bare letter without making it an article.
var choiceConnectives = map[string]bool{
	"because": true, "since": true, "as": true, "so": true, "and": true, "but": true,
	"or": true, "is": true, "was": true, "which": true, "given": true, "here": true,
	"with": true, "for": true, "it": true, "this": true, "that": true,
}

// choiceAt parses a letter written at the start of s. It reports the
// letter (upper case), where the form ends, and whether it was marked
// (bracketed or introduced by "option").
func choiceAt(s string) (letter byte, end int, ok bool) {
	j, marked := 0, false
	if m := optionWordRe.FindStringIndex(s); m != nil {
		j, marked = m[1], true
	}
	open := j < len(s) && (s[j] == '(' || s[j] == '[')
	if open {
		j++
	}
	if j >= len(s) || !isASCIILetter(s[j]) {
		return 0, 0, false
	}
	letter = s[j]
	j++
	switch {
	case j < len(s) && (s[j] == ')' || s[j] == ']'):
		j++
		marked = true
	case open:
		return 0, 0, false
	}
	if r, _ := utf8.DecodeRuneInString(s[j:]); j < len(s) && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '\'' || r == '’') {
		return 0, 0, false
	}
	if !marked && isArticle(letter, s[j:]) {
		return 0, 0, false
	}
	return asciiUpper(letter), j, true
}

var optionWordRe = mustPhrase(`(?i)^(?:option|choice|letter)\s*`)

// isArticle reports whether a bare letter followed by rest reads as a word
// of the sentence: "A good choice", "I think", "a function of N".
func isArticle(letter byte, rest string) bool {
	if len(rest) == 0 || rest[0] != ' ' {
		return false
	}
	w := strings.TrimLeft(rest, " ")
	end := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(w)
	}
	word := w[:end]
	if word == "" || choiceConnectives[strings.ToLower(word)] {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(word); !unicode.IsLower(r) {
		return false
	}
	return letter == 'A' || letter == 'I' || (letter >= 'a' && letter <= 'z')
}

// withHedge completes an assertion at pos whose letter form ends at s[end:],
// noting an alternative letter offered right after it ("B or C").
func withHedge(pos int, letter byte, s string) choiceAssertion {
	a := choiceAssertion{pos: pos, letter: letter}
	if m := choiceHedgeRe.FindStringIndex(s); m != nil {
		if l2, _, ok := choiceAt(s[m[1]:]); ok && l2 != letter {
			a.hedge = l2
		}
	}
	return a
}

// leadingChoice reads a final answer that starts with a letter: "B",
// "(C) 42 ms", "Option B — because ...".
func leadingChoice(s string) (choiceAssertion, bool) {
	s = strings.TrimLeft(s, " \t\r\n-:>#")
	l, end, ok := choiceAt(s)
	if !ok {
		return choiceAssertion{}, false
	}
	return withHedge(0, l, s[end:]), true
}

// choiceAssertions lists the assertions in s in order of position.
func choiceAssertions(s string) []choiceAssertion {
	var out []choiceAssertion
	for _, re := range choiceClaimRes {
		for _, m := range re.FindAllStringIndex(s, -1) {
			if l, end, ok := choiceAt(s[m[1]:]); ok {
				out = append(out, withHedge(m[0], l, s[m[1]+end:]))
			}
		}
	}
	for _, m := range choiceConcludeRe.FindAllStringIndex(s, -1) {
		if l, end, ok := choiceAt(s[m[1]:]); ok && choiceEndRe.MatchString(s[m[1]+end:]) {
			out = append(out, choiceAssertion{pos: m[0], letter: l})
		}
	}
	for _, m := range choiceIsRightRe.FindAllStringSubmatchIndex(s, -1) {
		for g := 1; g <= 3; g++ {
			if m[2*g] >= 0 {
				out = append(out, choiceAssertion{pos: m[0], letter: asciiUpper(s[m[2*g]])})
			}
		}
	}
	out = append(out, letterLines(s)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

var letterLineRe = mustPhrase(`(?m)^[ \t>*-]*(\(?[A-Za-z][)\]]?|\[[A-Za-z]\])[ \t]*[.!]?[ \t]*\r?$`)

// letterLines finds lines that hold only a letter: "B", "(B)", "B.".
func letterLines(s string) []choiceAssertion {
	var out []choiceAssertion
	for _, m := range letterLineRe.FindAllStringSubmatchIndex(s, -1) {
		if l, _, ok := choiceAt(s[m[2]:m[3]]); ok {
			out = append(out, choiceAssertion{pos: m[2], letter: l})
		}
	}
	return out
}

var openingRe = mustPhrase(`^\s*[.:,—–-]\s`)

// openingChoice reads a reply that opens with its letter: "B. The loss ...",
// "C: because ...", or a one-line reply "Option B".
func openingChoice(s string) (choiceAssertion, bool) {
	l, end, ok := choiceAt(s)
	if !ok {
		return choiceAssertion{}, false
	}
	rest := s[end:]
	if strings.TrimSpace(rest) == "" || openingRe.MatchString(rest) {
		return withHedge(0, l, rest), true
	}
	return choiceAssertion{}, false
}

// onlyMarkedChoice returns the letter of a final answer that mentions
// exactly one marked option ("... so option C").
func onlyMarkedChoice(s string) (choiceAssertion, bool) {
	var found byte
	for _, m := range choiceMarkedRe.FindAllStringSubmatchIndex(s, -1) {
		for g := 1; g <= 2; g++ {
			if m[2*g] < 0 {
				continue
			}
			l := asciiUpper(s[m[2*g]])
			if found != 0 && found != l {
				return choiceAssertion{}, false
			}
			found = l
		}
	}
	return choiceAssertion{letter: found}, found != 0
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func asciiUpper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
