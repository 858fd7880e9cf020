package grade

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

func init() { register("regex", []string{"pattern"}, newRegex) }

// Regex grades a reply by a Go regular expression (RE2 syntax, compiled when
// the grader is built; add (?i) for case-insensitive matching).
//
// The rule: the pattern is matched against the extracted final answer (see
// Extract) only, so a phrase merely mentioned in the reasoning does not
// count once the reply commits to an answer; when extraction fell back to
// the whole reply, it is matched against the whole reply.
type Regex struct {
	re *regexp.Regexp
}

var _ Grader = (*Regex)(nil)

func newRegex(spec Spec, _ Env) (Grader, error) {
	if spec.Pattern == "" {
		return nil, fieldErr("pattern", "regex grader needs a pattern")
	}
	re, err := regexp.Compile(spec.Pattern)
	if err != nil {
		return nil, &FieldError{Field: "pattern", Err: err}
	}
	return &Regex{re: re}, nil
}

// Grade matches the pattern against the reply's final answer.
func (g *Regex) Grade(_ context.Context, r Reply) Verdict {
	ex := Extract(r.Text)
	where := string(ex.How)
	if ex.How == CueNone {
		where = "whole reply"
	}
	if strings.TrimSpace(ex.Text) == "" {
		return Verdict{Grade: NoAnswer, Reason: "empty reply"}
	}
	all := g.re.FindAllStringIndex(ex.Text, -1)
	if len(all) == 0 {
		return Verdict{Grade: Incorrect, Extracted: clipText(ex.Text, 200),
			Reason: fmt.Sprintf("pattern %s does not match the %s", quoteClip(g.re.String()), where)}
	}
	last := all[len(all)-1]
	m := ex.Text[last[0]:last[1]]
	return Verdict{Grade: Correct, Score: 1, Extracted: clipText(m, 200),
		Reason: fmt.Sprintf("pattern matched %s in the %s", quoteClip(m), where)}
}
