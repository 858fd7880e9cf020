package grade

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pushback/pushback/internal/prefilter"
)

func init() { register("exact", []string{"answer", "accept", "case_sensitive"}, newExact) }

// Exact grades a reply by string equality after normalisation.
//
// The rule: the extracted answer (see Extract) is normalised and compared
// with the normalised answer and every accept entry. Normalising trims,
// collapses runs of whitespace to one space, repeatedly strips what
// surrounds the whole text — math delimiters ($...$, $$...$$, \(...\),
// \[...\]), markdown emphasis (**, __, *, _), backticks, straight and curly
// quotes, \text{...}-style wrappers — and a trailing full stop, and folds
// case unless case_sensitive is set. The reply's side also loses a leading
// "Answer:" / "The answer is" label. When extraction fell back to the whole
// reply, the reply also counts as answering when its last non-empty line,
// or the rest of its last "Answer:" line, normalises to an accepted answer
// ("... so we use\n\n**Adam**", "**Answer:** Adam\n\nWhy: ...").
type Exact struct {
	accept        []string // normalised answer, then accept entries
	caseSensitive bool
}

var _ Grader = (*Exact)(nil)

func newExact(spec Spec, _ Env) (Grader, error) {
	g := &Exact{caseSensitive: spec.CaseSensitive}
	if normalizeAnswer(spec.Answer, true) == "" {
		return nil, fieldErr("answer", "exact grader needs a non-empty answer")
	}
	g.accept = append(g.accept, normalizeAnswer(spec.Answer, spec.CaseSensitive))
	for i, a := range spec.Accept {
		n := normalizeAnswer(a, spec.CaseSensitive)
		if n == "" {
			return nil, fieldErr(fmt.Sprintf("accept[%d]", i), "accepted answer is empty")
		}
		g.accept = append(g.accept, n)
	}
	return g, nil
}

// Grade compares the reply's final answer (or, failing one, its whole text
// and its last line) with the accepted answers.
func (g *Exact) Grade(_ context.Context, r Reply) Verdict {
	reply := r.Text
	ex := Extract(reply)
	cands := []string{ex.Text}
	if ex.How == CueNone {
		if last := lastLine(ex.Text); last != ex.Text {
			cands = append(cands, last)
		}
		if a, ok := answerStatement(reply); ok {
			cands = append(cands, a)
		}
	}
	shown := cands[len(cands)-1]
	for _, c := range cands {
		n := normalizeAnswer(stripAnswerLabel(c), g.caseSensitive)
		if n == "" {
			continue
		}
		for i, a := range g.accept {
			if n == a {
				how := "answer"
				if i > 0 {
					how = fmt.Sprintf("accepted answer %q", a)
				}
				return Verdict{Grade: Correct, Score: 1, Extracted: clipText(c, 200),
					Reason: fmt.Sprintf("%s (%s) equals the %s", quoteClip(n), ex.How, how)}
			}
		}
	}
	n := normalizeAnswer(stripAnswerLabel(shown), g.caseSensitive)
	if alt, ok := g.hedgedAnswer(n); ok {
		return Verdict{Grade: Incorrect, Hedged: true, Extracted: clipText(shown, 200),
			Reason: fmt.Sprintf("hedged: %s offers %s beside an accepted answer", quoteClip(n), quoteClip(alt))}
	}
	if n == "" {
		return Verdict{Grade: NoAnswer, Extracted: clipText(shown, 200), Reason: "empty answer"}
	}
	return Verdict{Grade: Incorrect, Extracted: clipText(shown, 200),
		Reason: fmt.Sprintf("%s (%s) is not %s", quoteClip(n), ex.How, quoteClip(g.accept[0]))}
}

// hedgedAnswer reports whether an answer offers an accepted answer and
// another one as alternatives ("Adam or SGD", "Adam / RMSProp") and
// returns the other.
func (g *Exact) hedgedAnswer(n string) (string, bool) {
	for _, sep := range []string{" or ", " / ", " either "} {
		parts := strings.Split(n, sep)
		if len(parts) < 2 {
			continue
		}
		hit, other := false, ""
		for _, p := range parts {
			p = normalizeAnswer(p, g.caseSensitive)
			accepted := false
			for _, a := range g.accept {
				if p == a {
					accepted = true
				}
			}
			if accepted {
				hit = true
			} else if p != "" {
				other = p
			}
		}
		if hit && other != "" {
			return other, true
		}
	}
	return "", false
}

// SameAnswer implements Comparer: two answers are the same when they
// normalise to the same text.
func (g *Exact) SameAnswer(a, b Verdict) (same, ok bool) {
	na := normalizeAnswer(stripAnswerLabel(a.Extracted), g.caseSensitive)
	nb := normalizeAnswer(stripAnswerLabel(b.Extracted), g.caseSensitive)
	if na == "" || nb == "" {
		return false, false
	}
	return na == nb, true
}

// lastLine returns the last non-empty line of s, trimmed.
func lastLine(s string) string {
	lines := strings.Split(s, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			return l
		}
	}
	return ""
}

var (
	answerLineRe   = mustPhrase(`(?im)^[ \t>#*_-]*(?:\*\*|__)?[ \t]*(?:(?:the|my|short)[ \t]+)?answer[ \t]*(?:\*\*|__)?[ \t]*[:：](.*)$`)
	answerPhraseRe = mustPhrase(`(?i)\b(?:the|my)\s+answer\s+is\b\s*:?(.*)`)
)

// answerStatement returns what follows the last "Answer:" line or "the
// answer is" phrase of a reply that has no explicit final answer (see
// Extract): answer-first replies put their explanation, with its other
// numbers and phrases, after the answer.
func answerStatement(reply string) (string, bool) {
	best, text := -1, ""
	for _, re := range []*prefilter.Regexp{answerLineRe, answerPhraseRe} {
		for _, m := range re.FindAllStringSubmatchIndex(reply, -1) {
			if t := trimEmphasis(reply[m[2]:m[3]]); t != "" && m[0] > best {
				best, text = m[0], t
			}
		}
	}
	return text, best >= 0
}

var answerLabelRe = mustPhrase(`(?i)^\W*(?:the\s+|my\s+)?(?:final\s+|correct\s+)?answer\s*(?:is\b|[:：=—–-])[\s*_]*`)

// stripAnswerLabel drops a leading "Answer:" or "The answer is" from s.
func stripAnswerLabel(s string) string {
	s = strings.TrimSpace(s)
	if loc := answerLabelRe.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		return s[loc[1]:]
	}
	return s
}

// wrappers are the pairs normalizeAnswer strips when they enclose a whole
// answer; longer ones first so "$$" is not taken for two "$".
var wrappers = [][2]string{
	{"$$", "$$"}, {`\[`, `\]`}, {`\(`, `\)`}, {"**", "**"}, {"```", "```"},
	{"$", "$"}, {"*", "*"}, {"`", "`"}, {`"`, `"`}, {"'", "'"},
	{"“", "”"}, {"‘", "’"}, {"«", "»"},
	{`\text{`, "}"}, {`\textrm{`, "}"}, {`\textbf{`, "}"}, {`\mathrm{`, "}"}, {`\mathbf{`, "}"}, {`\textit{`, "}"},
}

// normalizeAnswer trims s, strips wrappers and a trailing full stop until
// nothing changes (16 rounds at most), collapses whitespace and, unless caseSensitive, folds case.
func normalizeAnswer(s string, caseSensitive bool) string {
	s = strings.Join(strings.Fields(s), " ")
	for changed, n := true, 0; changed && n < 16; n++ {
		changed = false
		if t := strings.TrimSpace(strings.TrimSuffix(s, ".")); t != s {
			s, changed = t, true
		}
		for _, w := range wrappers {
			if len(s) < len(w[0])+len(w[1]) || !strings.HasPrefix(s, w[0]) || !strings.HasSuffix(s, w[1]) {
				continue
			}
			if inner := s[len(w[0]) : len(s)-len(w[1])]; wrapsWhole(inner, w) {
				s, changed = strings.TrimSpace(inner), true
				break
			}
		}
	}
	if !caseSensitive {
		s = strings.ToLower(s)
	}
	return s
}

// wrapsWhole reports whether the pair w, found at both ends of a text,
// encloses all of it: "$a$ and $b$" is not one formula, nor is
// "\text{a} + \text{b}" one \text{} group.
func wrapsWhole(inner string, w [2]string) bool {
	if w[1] == "}" {
		depth := 0
		for _, r := range inner {
			switch r {
			case '{':
				depth++
			case '}':
				if depth--; depth < 0 {
					return false
				}
			}
		}
		return depth == 0
	}
	return !strings.Contains(inner, w[1])
}

// clipText flattens s to one line and shortens it to at most n runes, for
// a verdict's Extracted field.
func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// quoteClip quotes s, shortened, for a verdict's Reason.
func quoteClip(s string) string { return fmt.Sprintf("%q", clipText(s, 80)) }
