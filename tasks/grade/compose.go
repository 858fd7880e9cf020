package grade

import (
	"context"
	"fmt"
	"strings"
)

func init() {
	register("all", []string{"graders"}, func(s Spec, e Env) (Grader, error) { return newCompose(s, e, true) })
	register("any", []string{"graders"}, func(s Spec, e Env) (Grader, error) { return newCompose(s, e, false) })
}

// Compose grades a reply with several graders and combines their verdicts.
//
// For `all`, the reply is correct when every part is correct: any incorrect
// part makes it incorrect; otherwise an ungraded part makes it ungraded;
// otherwise a part that found no answer makes it incorrect (something
// required is missing), or no_answer when every part found none. The score
// is the mean of the parts' scores.
//
// For `any`, the reply is correct when some part is correct; otherwise an
// ungraded part (which might have been correct) makes it ungraded; otherwise
// it is incorrect, or no_answer when every part found none. The score is the
// best part's score.
//
// The reason joins the parts' reasons, each after its grader type.
type Compose struct {
	all   bool
	types []string
	parts []Grader
}

var _ Grader = (*Compose)(nil)

func newCompose(spec Spec, env Env, all bool) (Grader, error) {
	if len(spec.Graders) == 0 {
		return nil, fieldErr("graders", "%s needs at least one grader", spec.Type)
	}
	g := &Compose{all: all}
	for i, s := range spec.Graders {
		p, err := New(s, env)
		if err != nil {
			return nil, prefixErr(fmt.Sprintf("graders[%d]", i), err)
		}
		g.parts = append(g.parts, p)
		g.types = append(g.types, s.Type)
	}
	return g, nil
}

// Grade runs every part in order and combines the verdicts.
func (g *Compose) Grade(ctx context.Context, reply Reply) Verdict {
	count := map[Grade]int{}
	var reasons, extracted, matched []string
	var sum, best float64
	for i, p := range g.parts {
		v := p.Grade(ctx, reply)
		count[v.Grade]++
		sum += v.Score
		best = max(best, v.Score)
		reasons = append(reasons, fmt.Sprintf("%s: %s", g.types[i], v.Reason))
		if v.Extracted != "" {
			extracted = append(extracted, v.Extracted)
		}
		matched = append(matched, v.Matched...)
	}
	out := Verdict{Extracted: strings.Join(extracted, " | "), Reason: strings.Join(reasons, "; "), Matched: matched}
	n := len(g.parts)
	if g.all {
		out.Score = sum / float64(n)
		out.Grade = combineAll(count, n)
	} else {
		out.Score = best
		out.Grade = combineAny(count, n)
	}
	return out
}

// SameAnswer implements Comparer through the first part that is one,
// on the answers that part extracted.
func (g *Compose) SameAnswer(a, b Verdict) (same, ok bool) {
	if len(g.parts) == 0 {
		return false, false
	}
	c, isCmp := g.parts[0].(Comparer)
	if !isCmp {
		return false, false
	}
	first := func(v Verdict) Verdict {
		e, _, _ := strings.Cut(v.Extracted, " | ")
		return Verdict{Extracted: e}
	}
	return c.SameAnswer(first(a), first(b))
}

func combineAll(count map[Grade]int, n int) Grade {
	switch {
	case count[Incorrect] > 0:
		return Incorrect
	case count[Ungraded] > 0:
		return Ungraded
	case count[NoAnswer] == n:
		return NoAnswer
	case count[NoAnswer] > 0:
		return Incorrect
	}
	return Correct
}

func combineAny(count map[Grade]int, n int) Grade {
	switch {
	case count[Correct] > 0:
		return Correct
	case count[Ungraded] > 0:
		return Ungraded
	case count[NoAnswer] == n:
		return NoAnswer
	}
	return Incorrect
}
