package grade

import (
	"context"
	"fmt"
	"math"
	"strconv"
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
	if g.rel == 0 && g.abs == 0 {
		// Without either, about 1%; an absolute tolerance alone is the
		// whole band ("to two decimal places": ±0.005).
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

var numApproxRe = mustPhrase(`(?i)^\s*(?:~|≈|about\b|roughly\b|approximately\b|around\b|approx\.?|circa\b|\s)*`)

// parseAnswerQuantity parses a spec's answer: one number with optional
// approximate marker, magnitude and unit, and nothing else.
func parseAnswerQuantity(s string, bytesHint bool) (quantity, error) {
	c := numClean(s).s
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

// Grade picks the reply's committed number (see selectAnswer) and compares
// it with the answer.
func (g *Numeric) Grade(_ context.Context, r Reply) Verdict {
	all := scanQuantities(r.Text, g.family == "bytes")
	var spans []span
	byText := map[string]quantity{}
	for _, weakOK := range []bool{false, true} {
		for _, q := range all {
			if g.tier(q) > 0 && (weakOK || q.weak == "") {
				spans = append(spans, span{q.ostart, q.oend, q.text})
				byText[q.text] = q
			}
		}
		if len(spans) > 0 {
			break
		}
	}
	if len(spans) == 0 {
		if len(all) == 0 {
			return Verdict{Grade: NoAnswer, Reason: "no number found"}
		}
		return Verdict{Grade: Incorrect, Extracted: all[len(all)-1].text,
			Reason: fmt.Sprintf("no number in %s found (saw %s)", familyName(g.family), quotedTexts(all, 3))}
	}
	sel := selectAnswer(r, spans)
	g.preferFamily(sel, byText)
	return decide(sel, func(text string) Verdict { return g.gradeQuantity(byText[text]) }, "number")
}

// preferFamily moves a committed bare number to a number in the expected
// unit family: the first of the same region ("Final answer: 2 × 8 = 16
// bytes per token" commits to the 16 bytes, not a bare factor), or, for a
// number found nowhere in particular, the last such number in the reply.
func (g *Numeric) preferFamily(sel selection, byText map[string]quantity) {
	if len(sel.committed) == 0 {
		return
	}
	ci := sel.committed[0]
	c := sel.cands[ci]
	if g.tier(byText[c.Text]) == 1 {
		return
	}
	pick := -1
	for i, o := range sel.cands {
		if o.region == c.region && o.Cue == c.Cue && o.Role == RoleOwn && g.tier(byText[o.Text]) == 1 {
			pick = i
			if c.region >= 0 {
				break
			}
		}
	}
	if pick >= 0 {
		sel.cands[ci].Chosen, sel.cands[pick].Chosen = false, true
		sel.committed[0] = pick
	}
}

// gradeQuantity compares one number with the answer.
func (g *Numeric) gradeQuantity(q quantity) Verdict {
	v := Verdict{Grade: Incorrect, Extracted: fmt.Sprintf("%s (%s)", q.text, fmtNum(q.value))}
	diff := math.Abs(q.value - g.want)
	within := diff <= g.rel*math.Abs(g.want)*(1+1e-12) || diff <= g.abs
	unit := ""
	if g.family != "" {
		unit = " " + familyName(g.family)
	}
	if within {
		v.Grade, v.Score = Correct, 1
		v.Reason = fmt.Sprintf("%s%s is within tolerance of %s", fmtNum(q.value), unit, fmtNum(g.want))
		return v
	}
	off := "off"
	if g.want != 0 {
		off = pctText(100*diff/math.Abs(g.want)) + " off"
	}
	v.Reason = fmt.Sprintf("%s%s is %s %s (tolerance %s)", fmtNum(q.value), unit, off, fmtNum(g.want), g.tolText())
	return v
}

// SameAnswer implements Comparer: two numbers are the same answer when
// they are within the grader's tolerance of each other.
func (g *Numeric) SameAnswer(a, b Verdict) (same, ok bool) {
	qa, oka := g.extractedValue(a.Extracted)
	qb, okb := g.extractedValue(b.Extracted)
	if !oka || !okb {
		return false, false
	}
	if g.family == "%" {
		// "17.95%" and "0.1795" are one answer written two ways: a
		// bare fraction beside a percentage is read as a fraction.
		pa, pb := strings.Contains(a.Extracted, "%"), strings.Contains(b.Extracted, "%")
		switch {
		case pa && !pb && math.Abs(qb) <= 1:
			qb *= 100
		case pb && !pa && math.Abs(qa) <= 1:
			qa *= 100
		}
	}
	diff := math.Abs(qa - qb)
	if !(diff <= g.rel*math.Max(math.Abs(qa), math.Abs(qb))*(1+1e-12) || diff <= g.abs) {
		return false, true
	}
	// Within tolerance, two figures are still different answers when they
	// differ at the precision both are written to: 1.73 and 1.74 are two
	// roundings, 1.73 and 1.7345 one.
	half := 0.5 * math.Max(writtenULP(a.Extracted, qa), writtenULP(b.Extracted, qb))
	return diff <= half*(1+1e-9), true
}

// writtenNumRe is a number as written: its digits and decimals.
var writtenNumRe = mustPhrase(`\d[\d,]*(?:\.(\d+))?`)

// writtenULP is the value of one unit in the last digit a number was
// written with ("1.73" → 0.01, "140M" → 1M), scaled to its value v: the
// written number is the one that is v up to a power of ten. +Inf when no
// written number is, so precision then decides nothing.
func writtenULP(ex string, v float64) float64 {
	written := ex
	if i := strings.LastIndex(ex, " ("); i > 0 && strings.HasSuffix(ex, ")") {
		written = ex[:i]
	}
	for _, m := range writtenNumRe.FindAllStringSubmatch(written, -1) {
		mant, err := strconv.ParseFloat(strings.ReplaceAll(m[0], ",", ""), 64)
		if err != nil || mant == 0 || v == 0 {
			continue
		}
		if e := math.Log10(math.Abs(v) / mant); math.Abs(e-math.Round(e)) < 1e-9 {
			return math.Pow(10, -float64(len(m[1]))) / mant * math.Abs(v)
		}
	}
	return math.Inf(1)
}

// extractedValue reads back the value of a verdict's Extracted, written
// "text (value)" by gradeQuantity.
func (g *Numeric) extractedValue(ex string) (float64, bool) {
	if i := strings.LastIndex(ex, " ("); i >= 0 && strings.HasSuffix(ex, ")") {
		if qs := scanQuantities(ex[i+2:len(ex)-1], false); len(qs) == 1 {
			return qs[0].value, true
		}
	}
	// A candidate's text as written: its first number.
	qs := scanQuantities(ex, g.family == "bytes")
	if len(qs) == 0 {
		return 0, false
	}
	return qs[0].value, true
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
