package grade

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"
)

func init() {
	register("numeric", []string{"answer", "tolerance", "abs_tolerance", "unit"}, newNumeric)
}

// Numeric grades a reply by the number it gives, within a tolerance.
//
// The answer is written like a reply would write it ("1.6e9", "140M",
// "25.6 million", "2 GiB", "7.5%") and parsed when the grader is built. A
// value within the relative tolerance (default 0.01, i.e. 1%) or within
// abs_tolerance, when set, is correct. The expected unit family comes from
// unit, else from the answer's own unit; with neither, any number except a
// percentage will do. A percentage only ever matches the unit "%" (7.5% is
// 7.5, not 0.075), MACs never match FLOPs, and bits never match bytes.
//
// Candidate selection, most explicit first:
//  1. the explicit final answer: a \boxed{} or a "Final answer" line (see
//     Extract), then the last "Answer:" line or "the answer is ..." phrase,
//     then the last display equation. In each, the first number in the
//     expected unit family wins; else, among its bare numbers, the first
//     one of the last "="/"≈" step (so "2 × 32 × 4096 = 262144" gives
//     262144);
//  2. the whole reply: the LAST number in the expected family; else the
//     last bare number. So "1.6B FLOPs per image, 102 GFLOPs for a batch
//     of 64" reads as 102 GFLOPs: state the answer explicitly.
//
// A number has a family when a unit follows it ("1.6 GFLOPs", "140M
// parameters", "2.0 GiB") or a label names it right before it ("FLOPs ≈
// 1.6B", "the parameter count is about 140M"). Numbers that are unlikely
// answers — labels (Table 3, Eq. (2), Section 4.1, Figure 2), years, list
// markers, citations [12] and factors of a product (2 × 32 × ...) — are
// passed over whenever another candidate exists. A reply with no number is
// no_answer; one whose numbers all have another unit ("140M parameters"
// for a FLOPs answer) is incorrect.
type Numeric struct {
	want     float64
	wantText string
	family   string // expected unit family, "" for any
	rel, abs float64
}

var _ Grader = (*Numeric)(nil)

func newNumeric(spec Spec, _ Env) (Grader, error) {
	g := &Numeric{rel: spec.Tolerance, abs: spec.AbsTolerance}
	if g.rel == 0 {
		g.rel = 0.01
	}
	if g.rel < 0 || g.rel >= 1 || math.IsNaN(g.rel) {
		return nil, fieldErr("tolerance", "relative tolerance %v is not in [0, 1)", spec.Tolerance)
	}
	if g.abs < 0 || math.IsNaN(g.abs) {
		return nil, fieldErr("abs_tolerance", "absolute tolerance %v is negative", spec.AbsTolerance)
	}
	fam, scale, ok := unitFamily(spec.Unit)
	switch {
	case !ok:
		return nil, fieldErr("unit", "unknown unit %q (use FLOPs, MACs, params, bytes, bits, %%, s or a plain noun)", spec.Unit)
	case scale != 1:
		return nil, fieldErr("unit", "unit %q has a prefix: write the magnitude in answer (\"2 GiB\") and the bare unit here", spec.Unit)
	}
	q, err := parseAnswerQuantity(spec.Answer, fam == "bytes")
	if err != nil {
		return nil, &FieldError{Field: "answer", Err: err}
	}
	if fam != "" && q.family != "" && q.family != fam {
		return nil, fieldErr("answer", "answer %q is in %s but unit is %s", spec.Answer, familyName(q.family), familyName(fam))
	}
	if fam == "" {
		fam = q.family
	}
	g.want, g.wantText, g.family = q.value, strings.TrimSpace(spec.Answer), fam
	return g, nil
}

var numApproxRe = regexp.MustCompile(`(?i)^\s*(?:~|≈|about\b|roughly\b|approximately\b|around\b|approx\.?|circa\b|\s)*`)

// parseAnswerQuantity parses a spec's answer: one number with optional
// approximate marker, magnitude and unit, and nothing else.
func parseAnswerQuantity(s string, bytesHint bool) (quantity, error) {
	c := numClean(s)
	c = c[len(numApproxRe.FindString(c)):]
	qs := scanCleaned(c, bytesHint)
	if strings.TrimSpace(s) == "" {
		return quantity{}, fmt.Errorf("numeric grader needs an answer")
	}
	if len(qs) != 1 || strings.TrimSpace(c[:qs[0].start]) != "" || strings.Trim(c[qs[0].end:], " .") != "" {
		return quantity{}, fmt.Errorf("answer %q is not one number (write e.g. 1.6e9, \"140M\", \"2 GiB\")", s)
	}
	return qs[0], nil
}

// Grade picks the reply's number and compares it with the answer.
func (g *Numeric) Grade(_ context.Context, reply string) Verdict {
	q, where, all, ok := g.pick(reply)
	if !ok {
		if len(all) == 0 {
			return Verdict{Grade: NoAnswer, Reason: "no number found"}
		}
		return Verdict{Grade: Incorrect, Extracted: all[len(all)-1].text,
			Reason: fmt.Sprintf("no number in %s found (saw %s)", familyName(g.family), quotedTexts(all, 3))}
	}
	v := Verdict{Grade: Incorrect, Extracted: fmt.Sprintf("%s (%s)", q.text, fmtNum(q.value))}
	diff := math.Abs(q.value - g.want)
	within := diff <= g.rel*math.Abs(g.want)*(1+1e-12) || diff <= g.abs
	unit := ""
	if g.family != "" {
		unit = " " + familyName(g.family)
	}
	if within {
		v.Grade, v.Score = Correct, 1
		v.Reason = fmt.Sprintf("%s%s (%s) is within tolerance of %s", fmtNum(q.value), unit, where, fmtNum(g.want))
		return v
	}
	off := "off"
	if g.want != 0 {
		off = pctText(100*diff/math.Abs(g.want)) + " off"
	}
	v.Reason = fmt.Sprintf("%s%s (%s) is %s %s (tolerance %s)", fmtNum(q.value), unit, where, off, fmtNum(g.want), g.tolText())
	return v
}

func (g *Numeric) tolText() string {
	t := pctText(100 * g.rel)
	if g.abs > 0 {
		t += " or ±" + fmtNum(g.abs)
	}
	return t
}

// pctText writes a percentage with three significant digits: 6.25%, 91.3%, 6275%.
func pctText(p float64) string {
	if p >= 1000 {
		return fmt.Sprintf("%.0f%%", p)
	}
	return fmt.Sprintf("%.3g%%", p)
}

// pick chooses the reply's answer among its numbers (see Numeric). It
// returns the choice, where it was found and the reply's numbers.
func (g *Numeric) pick(reply string) (quantity, string, []quantity, bool) {
	bytesHint := g.family == "bytes"
	ex := Extract(reply)
	var steps []Extraction
	if ex.How == "boxed" || ex.How == "final answer" {
		steps = append(steps, ex)
	}
	if a, ok := answerStatement(reply); ok {
		steps = append(steps, Extraction{Text: a, How: "answer line"})
	}
	if ex.How == "display equation" {
		steps = append(steps, ex)
	}
	for _, st := range steps {
		if q, ok := g.pickFinal(scanQuantities(st.Text, bytesHint)); ok {
			return q, st.How, nil, true
		}
	}
	all := scanQuantities(reply, bytesHint)
	for _, weakOK := range []bool{false, true} {
		for tier := 1; tier <= 2; tier++ {
			for i := len(all) - 1; i >= 0; i-- {
				if g.tier(all[i]) == tier && (weakOK || all[i].weak == "") {
					return all[i], "last in the reply", all, true
				}
			}
		}
	}
	return quantity{}, "", all, false
}

// pickFinal chooses among the numbers of an explicit final answer.
func (g *Numeric) pickFinal(qs []quantity) (quantity, bool) {
	for _, weakOK := range []bool{false, true} {
		for tier := 1; tier <= 2; tier++ {
			best := -1
			for i, q := range qs {
				if g.tier(q) != tier || !weakOK && q.weak != "" {
					continue
				}
				if tier == 1 {
					return q, true // the first in the expected family
				}
				if best < 0 || q.seg > qs[best].seg {
					best = i
				}
			}
			if best >= 0 {
				return qs[best], true
			}
		}
	}
	return quantity{}, false
}

// tier ranks how well a number's unit fits: 1 the expected family, 2 a
// bare number (or any number when no family is expected), 0 not at all.
func (g *Numeric) tier(q quantity) int {
	switch {
	case q.family == "%" && g.family != "%":
		return 0
	case g.family == "":
		return 2
	case q.family == g.family:
		return 1
	case q.family == "":
		return 2
	}
	return 0
}

// quotedTexts lists up to n quantities as written, last first.
func quotedTexts(qs []quantity, n int) string {
	var out []string
	for i := len(qs) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, qs[i].text)
	}
	return strings.Join(out, ", ")
}
