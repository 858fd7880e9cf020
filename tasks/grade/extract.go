package grade

import (
	"regexp"
	"sort"
	"strings"

	"github.com/pushback/pushback/internal/prefilter"
)

// Cue is how a reply marks a candidate answer. Stronger cues win: a
// \boxed{} answer over a "Final answer" line, that over "the answer is",
// and so on down to an expression found nowhere in particular.
type Cue string

// The cues, strongest first.
const (
	CueBoxed      Cue = "boxed"            // \boxed{...}, \fbox{...}
	CueFinal      Cue = "final answer"     // a "Final answer" line, or "the final answer is" in a sentence
	CueAnswer     Cue = "answer statement" // an "Answer:" line, "the answer is", "the correct answer is"
	CueTotal      Cue = "total"            // "Total complexity:", "the total cost is"
	CueOpening    Cue = "opening"          // an answer-first reply's opening sentence: "The second update is $$…$$"
	CueConclusion Cue = "conclusion"       // a sentence opening with "So", "Therefore", "Thus", "Overall", ...
	CueBold       Cue = "bold"             // **...** emphasis around the answer
	CueDisplay    Cue = "display equation" // $$...$$, \[...\], an equation environment
	CueNone       Cue = "in the reply"     // anywhere else
)

// cueRank orders cues: higher is stronger.
var cueRank = map[Cue]int{
	CueBoxed: 8, CueFinal: 8, CueAnswer: 7, CueTotal: 6, CueOpening: 5, CueConclusion: 4, CueBold: 3, CueDisplay: 2, CueNone: 1,
}

// Extraction is the part of a reply a grader looks at, and how it was found.
type Extraction struct {
	Text string
	// How is the cue of the region Text came from, or CueNone when the
	// reply has no marked answer and Text is the whole reply.
	How Cue
}

// region is a stretch of a reply that a cue marks as holding the answer.
type region struct {
	start, end int // the region's text: reply[start:end]
	cue        Cue
}

func (r region) text(s string) string { return s[r.start:r.end] }

// Extract finds the reply's explicitly marked answer: the text of the
// last \boxed{}, else of the last "Final answer", else of the last display
// equation, or the whole reply with How = CueNone. Graders of expressions, bounds and numbers look at
// every candidate in the reply instead (see selectAnswer); Extract serves
// the graders of a whole answer text (exact, regex, choice).
func Extract(reply string) Extraction {
	var regs []region
	for _, r := range cueRegions(reply) {
		if r.cue == CueBoxed || r.cue == CueFinal || r.cue == CueDisplay {
			regs = append(regs, r)
		}
	}
	if len(regs) == 0 {
		return Extraction{Text: strings.TrimSpace(reply), How: CueNone}
	}
	best := regs[0]
	for _, r := range regs[1:] {
		if cueRank[r.cue] > cueRank[best.cue] || cueRank[r.cue] == cueRank[best.cue] && r.start > best.start {
			best = r
		}
	}
	return Extraction{Text: trimEmphasis(best.text(reply)), How: best.cue}
}

var (
	// finalRe finds "Final answer:" (a label) or "the final answer is" (in
	// a sentence); group 1 ends where the answer starts.
	finalRe = mustPhrase(`(?i)(?:\b(?:the|my|our)\s+)?\bfinal\s+(?:answer|result|bound|expression|count|value)s?\b\s*(?:\([^)\n]{0,40}\)\s*)?(?:\*\*|__)?\s*(?:is\b|would\s+be\b|becomes\b|remains\b|stays\b|[:：=—–]|-\s|\n)\s*(?:\*\*|__)?\s*:?()`)
	// answerLabelLineRe finds a line that opens with an "Answer" label.
	answerLabelLineRe = mustPhrase(`(?im)^[ \t>#*_-]*(?:\*\*|__)?[ \t]*(?:short[ \t]+|corrected[ \t]+|revised[ \t]+|updated[ \t]+)?(?:answer|result|conclusion)[ \t]*(?:\*\*|__)?[ \t]*(?:[:：]|$)[ \t]*(?:\*\*|__)?()`)
	// answerIsRe finds "the answer is", "the correct answer is", "my answer stays".
	answerIsRe = mustPhrase(`(?i)\b(?:the|my|our|your)\s+(?:(?:correct|corrected|right|revised|updated|true|actual|overall|complete|short)\s+)?answer\s+(?:to\s+(?:the|this|your)\s+question(?:\s*,[^.;:\n]{1,120}?,)?\s+)?(?:is|remains|stays|would\s+be|should\s+be|must\s+be|becomes)\b\s*(?:therefore\s+|then\s+|still\s+|indeed\s+)?:?()`)
	// totalLineRe finds a "Total complexity:" style label at the start of a line.
	totalLineRe = mustPhrase(`(?im)^[ \t>#*_-]*(?:\*\*|__)?[ \t]*(?:(?:final|total|overall|combined|end-to-end|grand)[ \t]+)*(?:total|overall|combined|grand[ \t]+total)\b(?:[ \t]+[\w-]+){0,3}?[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*(?:\*\*|__)?[ \t]*(?:[:：=≈~]|\\approx|is\b)[ \t]*(?:\*\*|__)?()`)
	// totalIsRe finds "the total cost is", "overall, the complexity is".
	totalIsRe = mustPhrase(`(?i)\b(?:total|overall|combined|end-to-end|net)\b[^.\n:;]{0,60}?\b(?:is|are|comes\s+to|becomes|gives|scales\s+as)\b\s*(?:therefore\s+|then\s+|thus\s+|simply\s+|just\s+|about\s+|approximately\s+|roughly\s+)?:?()`)
	// conclusionRe finds a sentence that opens with a concluding word.
	conclusionRe = mustPhrase(`(?im)(?:^|[.!?:]\s+|\n)[ \t>*_-]*(?:\*\*)?(?:so|thus|therefore|hence|overall|altogether|in\s+summary|in\s+total|in\s+conclusion|to\s+summari[sz]e|putting\s+(?:it|this|these|everything)\s+(?:all\s+)?together|this\s+gives|which\s+gives|that\s+gives|(?:that|this)\s+makes|we\s+get|we\s+obtain|it\s+follows\s+that|(?:adding|summing|combining)\s+(?:up\s+)?(?:the\s+|all\s+)?(?:two|three|four|both|these|them|everything|it\s+all|the\s+(?:terms|parts|pieces|contributions))(?:\s+(?:terms|parts|pieces|contributions))?\s+(?:gives|yields))\b[,:]?()`)
	boldRe       = mustPhrase(`\*\*([^*\n]+?)\*\*|__([^_\n]+?)__`)
)

// judgedRe opens the words after "the answer is" that judge or describe
// an answer rather than state one: "… is wrong", "… is correct as it
// stands", "… is written (the version with …)".
var judgedRe = regexp.MustCompile(`(?i)^[\s*_]*(?:(?:wrong|right|correct|incorrect|off|unchanged|fine|valid|applied|used)\b([\s*_]*[:：])?|written\b(\s+as\b)?)`)

// judgesAnswer reports whether rest, the text after an answer cue, judges
// or describes the answer instead of stating it ("my answer is correct: X"
// and "written as X" state it).
func judgesAnswer(rest string) bool {
	m := judgedRe.FindStringSubmatch(rest)
	return m != nil && m[1] == "" && m[2] == ""
}

// cueRegions lists the reply's cued regions, in no particular order.
func cueRegions(s string) []region {
	var out []region
	disp := displaySpans(s)
	for _, b := range boxedSpans(s) {
		out = append(out, region{b[0], b[1], CueBoxed})
	}
	add := func(re *prefilter.Regexp, cue Cue, toSentence bool) {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			start := m[len(m)-2]
			if judgesAnswer(s[start:]) {
				continue // "the answer is wrong", "the final expression is written": no answer follows
			}
			end := regionEnd(s, disp, start, toSentence)
			if strings.TrimSpace(strings.Trim(s[start:end], "*_:")) == "" {
				end = nextParagraph(s, disp, start)
			}
			if strings.TrimSpace(strings.Trim(s[start:end], "*_:")) != "" {
				out = append(out, region{start, end, cue})
			}
		}
	}
	add(finalRe, CueFinal, false)
	add(answerLabelLineRe, CueAnswer, false)
	add(answerIsRe, CueAnswer, true)
	add(totalLineRe, CueTotal, false)
	add(totalIsRe, CueTotal, true)
	add(conclusionRe, CueConclusion, true)
	for _, m := range boldRe.FindAllStringSubmatchIndex(s, -1) {
		g := 2
		if m[2] < 0 {
			g = 4
		}
		if !isBoldLabel(s, m[0], m[1], s[m[g]:m[g+1]]) {
			out = append(out, region{m[g], m[g+1], CueBold})
		}
	}
	for _, d := range disp {
		out = append(out, region{d[0], d[1], CueDisplay})
	}
	if r, ok := openingRegion(s, disp); ok {
		out = append(out, r)
	}
	return out
}

var (
	// introRe ends an opening paragraph that introduces the answer on the
	// next lines: "The variance is", "The update is:".
	introRe = mustPhrase(`(?i)(?:\b(?:is|are|equals|becomes|reads|works\s+out\s+to|comes\s+to)\s*:?|:)$`)
	// statesMathRe ends an opening paragraph that states its answer in
	// place: "The second update is $$…$$.", "The ratio is about 8.69."
	statesMathRe = mustPhrase(`(?is)\b(?:is|are|equals|becomes|reads|gives|costs|comes\s+to|comes\s+out\s+(?:as|to|at)|works\s+out\s+to)\b[^.]{0,200}(?:\$\$?|\\\]|\\\)|[=+\-−/^²³√·×)}\d])[\s*_]*\.?$`)
	// restatesRe opens a sentence that restates the one before it in
	// another form: "Equivalently, O(…)".
	restatesRe = mustPhrase(`(?i)^\s*(?:(?:equivalently|or\s+equivalently|in\s+other\s+words|written\s+out|expanded|in\s+expanded\s+form)\b|i\.e\.|that\s+is,)`)
	// walkthroughRe ends an opening paragraph that announces working, not
	// an answer: "Going through the key steps again:", "Here is the
	// derivation:", or the data it starts from: "The paper gives these
	// complexity figures (multiply-adds):".
	walkthroughRe = mustPhrase(`(?i)\b(?:steps?|derivation|working|reasoning|argument|details?|checks?|checking|recap|walk(?:ing)?\s+through\s+it|go(?:ing)?\s+through\s+it)\b[^.!?\n]{0,50}:$` +
		`|\b(?:these|the\s+following|the\s+relevant)\s+(?:\w+\s+)?(?:figures|numbers|values|inputs|data)\b[^.!?\n]{0,60}:$`)
	// restateRe opens a reply that restates the question or starts working
	// rather than answering.
	restateRe = mustPhrase(`(?i)^[\s#*_]*(?:we\s+(?:want|need|are|have|start|begin|first|can|must|will|use)|let|let's|recall|given|start|first|to\s+(?:find|compute|derive|get|solve)|okay|ok|alright|so|hmm|setting|setup|set\s+up|write|consider|define|denote|each|for\s+each|i(?:'ll|\s+will|'m|\s+am)|here(?:'s|\s+is)\s+(?:a|the)\s+(?:step|derivation|work)|step|the\s+(?:question|problem|task|setup)|this\s+(?:question|problem))\b`)
)

// openingRegion is the opening of an answer-first reply: a first
// paragraph of prose that states the result, with the math it introduces
// ("The variance is\n\n    Var(qᵀk) = d(1 + ρ²).", "The second update is
// $$…$$"), before a derivation. A first paragraph that restates the
// question or starts working ("We want to write…", "Let…", "Each output is
// linear in w₀, so") is not one, and neither is a reply that is only that.
func openingRegion(s string, disp [][2]int) (region, bool) {
	start := len(s) - len(strings.TrimLeft(s, " \t\r\n"))
	end := nextParagraph(s, disp, start)
	first := strings.TrimRight(s[start:end], " \t*_")
	if restateRe.MatchString(first) || strings.HasPrefix(strings.TrimLeft(first, " #*_"), "$") {
		return region{}, false
	}
	if len(first) > 600 {
		// A long first paragraph that opens with a short sentence stating
		// the result ("The gradient is ∂L/∂x_i = …. To get there, …"):
		// that sentence is the opening.
		k := statingSentenceEnd(first)
		if k < 0 {
			return region{}, false
		}
		return region{start, start + k, CueOpening}, true
	}
	switch {
	case walkthroughRe.MatchString(first):
		// "Going through the key steps again:" introduces working.
		return region{}, false
	case introRe.MatchString(first):
		end = nextParagraph(s, disp, end)
	case statesMathRe.MatchString(first):
	default:
		// A first sentence that states the result, followed by
		// restatements ("… costs O(…). Equivalently, O(…).").
		k := statingSentenceEnd(first)
		if k < 0 || !restatesRe.MatchString(first[k:]) {
			return region{}, false
		}
		end = start + k
	}
	if strings.TrimSpace(s[end:]) == "" {
		return region{}, false
	}
	return region{start, end, CueOpening}, true
}

// statingSentenceEnd is where the first sentence of a paragraph ends when
// that sentence, at most 300 bytes, states the result ("The gradient is
// ∂L/∂x_i = …."), or -1.
func statingSentenceEnd(first string) int {
	k := sentenceEnd(first)
	if k < 0 || k > 300 || !statesMathRe.MatchString(first[:k+1]) {
		return -1
	}
	return k + 1
}

// isBoldLabel reports whether the bold text s[start:end] is a heading or
// a label ("**Ratio.**", "**Step 2:**", "**Pointwise 1×1, 128 → 256.**")
// rather than an emphasised answer: it opens its line and ends with a
// full stop or colon, inside or right after the emphasis.
func isBoldLabel(s string, start, end int, inner string) bool {
	lineStart := strings.LastIndexByte(s[:start], '\n') + 1
	if strings.Trim(s[lineStart:start], " \t>#*-0123456789.") != "" {
		return false
	}
	inner = strings.TrimSpace(inner)
	after := strings.TrimLeft(s[end:], " \t")
	if strings.HasSuffix(inner, ".") && !strings.Contains(inner, ":") && strings.ContainsAny(inner, "=≈") {
		return false // "**Var(qᵀk) = d (1 + ρ²).**" is an equation, ended
	}
	return strings.HasSuffix(inner, ".") || strings.HasSuffix(inner, ":") || strings.HasPrefix(after, ":")
}

// regionEnd is where a region that starts at i ends: the end of its line,
// extended over a display block that starts on it; with toSentence, the
// end of its sentence when that comes first. disp is displaySpans(s).
func regionEnd(s string, disp [][2]int, i int, toSentence bool) int {
	end := len(s)
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		end = i + j
	}
	// A display block opened on the line runs to its close.
	for _, d := range disp {
		if d[0] >= i && d[0] <= end+1 && d[1] > end {
			end = d[1]
			if k := strings.IndexAny(s[end:], "\n"); k >= 0 {
				end += k
			} else {
				end = len(s)
			}
		}
	}
	if toSentence {
		if j := sentenceEnd(s[i:end]); j >= 0 {
			end = i + j
		}
	}
	// A line that introduces what follows ("so the update is:", "…
	// summing over the coordinates gives") takes the display set off
	// after it by blank lines.
	if end < len(s) && introducesRe.MatchString(s[i:end]) {
		for _, d := range disp {
			if gap := s[end:max(end, d[0])]; d[0] > end && strings.Count(gap, "\n") <= 3 && strings.Trim(gap, " \t\r\n$\\[") == "" {
				end = d[1]
				break
			}
		}
	}
	return end
}

// introducesRe finds a line ending in a colon or a verb that introduces
// the display after it.
var introducesRe = mustPhrase(`(?i)(?::|\b(?:gives|yields|becomes|is|are|equals|reads|we\s+get|we\s+obtain|we\s+have))[\s*_]*$`)

// sentenceEnd returns the index of the full stop, "!" or "?" that ends
// the first sentence of s (outside math), or -1.
func sentenceEnd(s string) int {
	inMath := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '$':
			inMath = !inMath
		case inMath:
		case c == '.' || c == '!' || c == '?':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n' {
				// "e.g. " and "i.e. " do not end a sentence.
				if c == '.' && i >= 3 && (strings.EqualFold(s[i-3:i], "e.g") || strings.EqualFold(s[i-3:i], "i.e")) {
					continue
				}
				return i
			}
		}
	}
	return -1
}

// nextParagraph is the end of the paragraph that follows position i: for
// a label whose answer sits on the next lines ("**Final answer**\n\n$$…$$").
// disp is displaySpans(s).
func nextParagraph(s string, disp [][2]int, i int) int {
	j := i
	for j < len(s) && (s[j] == '\n' || s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
		j++
	}
	if k := strings.Index(s[j:], "\n\n"); k >= 0 {
		end := j + k
		for _, d := range disp {
			if d[0] >= j && d[0] < end && d[1] > end {
				end = d[1]
			}
		}
		return end
	}
	return len(s)
}

// boxedSpans returns the content of every complete \boxed{...} and
// \fbox{...}, with nested braces balanced; an unterminated one (a
// truncated reply) or an empty one is skipped.
func boxedSpans(s string) [][2]int {
	var out [][2]int
	for _, cmd := range []string{`\boxed{`, `\fbox{`} {
		for i := 0; ; {
			j := strings.Index(s[i:], cmd)
			if j < 0 {
				break
			}
			start := i + j + len(cmd)
			i = start
			if end, ok := closeBrace(s, start); ok && strings.TrimSpace(s[start:end]) != "" {
				out = append(out, [2]int{start, end})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// closeBrace returns the index of the brace that closes the one just
// before start.
func closeBrace(s string, start int) (int, bool) {
	depth := 1
	for j := start; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j, true
			}
		}
	}
	return 0, false
}

var displayRes = []*regexp.Regexp{
	regexp.MustCompile(`(?s)\$\$(.+?)\$\$`),
	regexp.MustCompile(`(?s)\\\[(.+?)\\\]`),
	regexp.MustCompile(`(?s)\\begin\{(?:equation|align|gather|displaymath)\*?\}(.+?)\\end\{(?:equation|align|gather|displaymath)\*?\}`),
}

// displaySpans returns the content of every display equation, in order.
func displaySpans(s string) [][2]int {
	var out [][2]int
	for _, re := range displayRes {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			if strings.TrimSpace(s[m[2]:m[3]]) != "" {
				out = append(out, [2]int{m[2], m[3]})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// trimEmphasis strips surrounding spaces, markdown emphasis and a trailing
// full stop: "**140M parameters**." becomes "140M parameters".
func trimEmphasis(s string) string {
	for {
		t := strings.TrimSuffix(strings.Trim(s, " \t\r\n*_"), ".")
		if t == s {
			return s
		}
		s = t
	}
}
