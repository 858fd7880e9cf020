package grade

import (
	"regexp"
	"sort"
	"strings"
)

// Extraction is the part of a reply a grader looks at, and how it was found.
type Extraction struct {
	Text string
	// How names the rule that found Text: "boxed", "final answer",
	// "display equation" or "whole reply".
	How string
}

// Extract finds the explicit final answer in a reply. It prefers, in order:
// the last \boxed{...}; the text after a line that starts with "Final answer"
// (or "The final answer", "My final answer"; markdown emphasis, list markers
// and headings allowed); the last display equation
// ($$...$$, \[...\], or an equation/align environment); else the whole reply.
func Extract(reply string) Extraction {
	if b, ok := lastBoxed(reply); ok {
		return Extraction{Text: b, How: "boxed"}
	}
	if f, ok := finalAnswerLine(reply); ok {
		return Extraction{Text: f, How: "final answer"}
	}
	if d, ok := lastDisplay(reply); ok {
		return Extraction{Text: d, How: "display equation"}
	}
	return Extraction{Text: strings.TrimSpace(reply), How: "whole reply"}
}

// lastBoxed returns the content of the last complete, non-empty \boxed{...}
// (or \fbox{...}), with nested braces balanced. An unterminated box (a
// truncated reply) or an empty one is skipped in favour of an earlier one.
func lastBoxed(s string) (string, bool) {
	var starts []int
	for _, cmd := range []string{`\boxed{`, `\fbox{`} {
		for i := 0; ; {
			j := strings.Index(s[i:], cmd)
			if j < 0 {
				break
			}
			starts = append(starts, i+j+len(cmd))
			i += j + len(cmd)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(starts)))
	for _, start := range starts {
		if body, ok := boxedBody(s, start); ok && body != "" {
			return body, true
		}
	}
	return "", false
}

// boxedBody returns s[start:end] trimmed, where s[end] is the brace that
// closes the one just before start.
func boxedBody(s string, start int) (string, bool) {
	depth := 1
	for j := start; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return strings.TrimSpace(s[start:j]), true
			}
		}
	}
	return "", false
}

var finalAnswerRe = regexp.MustCompile(`(?im)^[ \t>#*_-]*(?:\*\*|__)?[ \t]*(?:(?:the|my)[ \t]+)?final[ \t]+answer\b[ \t]*(?:\*\*|__)?(?:[ \t]*is\b)?[ \t]*(?:[:：=—–-]+)?[ \t]*(?:\*\*|__)?(.*)$`)

// finalAnswerLine returns what follows the last "Final answer" line: the rest
// of that line, or, when it is empty, the next non-empty paragraph.
func finalAnswerLine(s string) (string, bool) {
	locs := finalAnswerRe.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		return "", false
	}
	loc := locs[len(locs)-1]
	rest := trimEmphasis(s[loc[2]:loc[3]])
	if rest != "" {
		return rest, true
	}
	// The answer is on the following lines: take the next paragraph.
	after := strings.TrimLeft(s[loc[1]:], "\r\n\t ")
	if after == "" {
		return "", false
	}
	if end := strings.Index(after, "\n\n"); end >= 0 {
		after = after[:end]
	}
	after = trimEmphasis(after)
	return after, after != ""
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

var displayRes = []*regexp.Regexp{
	regexp.MustCompile(`(?s)\$\$(.+?)\$\$`),
	regexp.MustCompile(`(?s)\\\[(.+?)\\\]`),
	regexp.MustCompile(`(?s)\\begin\{(?:equation|align|gather|displaymath)\*?\}(.+?)\\end\{(?:equation|align|gather|displaymath)\*?\}`),
}

// lastDisplay returns the content of the display equation that ends last.
func lastDisplay(s string) (string, bool) {
	bestEnd, best := -1, ""
	for _, re := range displayRes {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			if m[1] > bestEnd {
				bestEnd, best = m[1], s[m[2]:m[3]]
			}
		}
	}
	best = strings.TrimSpace(best)
	return best, bestEnd >= 0 && best != ""
}
