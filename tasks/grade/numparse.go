package grade

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// quantity is one number found in a text, with its magnitude and unit.
type quantity struct {
	value  float64
	text   string // as written (after LaTeX clean-up), e.g. "1.6 billion FLOPs"
	family string // unit family: "" (none), flops, macs, params, bytes, bits, %, s, or "word:<noun>"
	// labelled is set when the family was read from a label before the
	// number ("FLOPs ≈ 1.6B") rather than a unit after it.
	labelled bool
	// weak says why the number is unlikely to be an answer: "label"
	// (Table 3, Eq. (2), Section 4.1), "year", "list" (a list marker),
	// "citation" ([12]) or "operand" (2 × 32 × ...); "" when it is not.
	weak       string
	seg        int // relations (=, ≈) at bracket depth 0 before the number
	start, end int // byte offsets in the cleaned text
	// ostart and oend place the number in the text before cleaning.
	ostart, oend int
}

// numTexRe and numTexExpand rewrite LaTeX and markdown into plain text
// that the scanner reads: operators become ×, ·, ≈; spacing commands
// become spaces; math delimiters and emphasis disappear.
var numTexRe, numTexExpand = literalAlternation(
	`\cdots`, " … ", `\ldots`, " … ", `\dots`, " … ",
	`\times`, "×", `\cdot`, "·", `\approx`, "≈", `\simeq`, "≃", `\sim`, " ~ ", `\%`, "%",
	`\qquad`, " ", `\quad`, " ", `\,`, " ", `\;`, " ", `\:`, " ", `\!`, "", `\ `, " ",
	`\left`, "", `\right`, "", `\(`, " ", `\)`, " ", `\[`, " ", `\]`, " ", `\\`, " ",
	`{,}`, ",", "$", " ", "**", "", "__", " ", "&", " ",
	"−", "-", "⋅", "·", "∙", "·", "\u00a0", "\u2009", "\u202f", "\u2009",
)

var (
	numTexWrapRe   = regexp.MustCompile(`\\(?:text|textrm|mathrm|mathbf|textbf|operatorname|mbox|mathit|textit)\s*\{([^{}]*)\}`)
	numThinSpaceRe = regexp.MustCompile(`(\d)\\,(\d)`)
	numStarRe      = regexp.MustCompile(`([\d)}])\s*[*xX]\s*([\d({])`)
	numAsteriskRe  = regexp.MustCompile(`\*`)
)

// numClean prepares a text for scanCleaned, keeping the place in text of
// every byte.
func numClean(text string) mapped {
	m := newMapped(text)
	m = m.replace(numTexWrapRe, groupExpand(numTexWrapRe, " $1 "))
	m = m.replace(numThinSpaceRe, groupExpand(numThinSpaceRe, "$1\u2009$2"))
	m = m.replace(numTexRe, numTexExpand)
	// "2*32*4096" and "7 x 7" are products; repeat for overlapping chains.
	for i := 0; i < 8; i++ {
		t := m.replace(numStarRe, groupExpand(numStarRe, "$1 × $2"))
		if t.s == m.s {
			break
		}
		m = t
	}
	return m.replace(numAsteriskRe, func(string, []int) string { return "" })
}

// scanQuantities finds the numbers in text, with their places in text.
// bytesHint makes a bare "B" after a number mean bytes rather than billion.
func scanQuantities(text string, bytesHint bool) []quantity {
	m := numClean(text)
	qs := scanCleaned(m.s, bytesHint)
	for i := range qs {
		qs[i].ostart, qs[i].oend = m.orig(qs[i].start, qs[i].end)
	}
	return qs
}

func scanCleaned(s string, bytesHint bool) []quantity {
	var out []quantity
	prevEnd, depth, seg := 0, 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '(' || r == '[' || r == '{':
			depth++
		case r == ')' || r == ']' || r == '}':
			depth = max(depth-1, 0)
		case depth == 0 && (r == '=' || r == '≈' || r == '≃' || r == '≅'):
			seg++
		}
		if r == '_' || unicode.IsLetter(r) {
			// Skip a whole identifier: NN1, ResNet50, x_1, v2.
			for i < len(s) {
				r, size = utf8.DecodeRuneInString(s[i:])
				if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					break
				}
				i += size
			}
			continue
		}
		q, ok := numAt(s, i, bytesHint)
		if !ok {
			i += size
			continue
		}
		q.seg = seg
		annotate(&q, s, prevEnd)
		out = append(out, q)
		prevEnd, i = q.end, q.end
	}
	return out
}

// numAt parses a quantity starting at s[i], if one does.
func numAt(s string, i int, bytesHint bool) (quantity, bool) {
	start, neg := i, false
	if s[i] == '-' {
		if !signAllowed(s, i) {
			return quantity{}, false
		}
		neg, i = true, i+1
	}
	if i >= len(s) || !(numIsDigit(s[i]) || s[i] == '.' && i+1 < len(s) && numIsDigit(s[i+1])) {
		return quantity{}, false
	}
	if !numStartAllowed(s, start) {
		return quantity{}, false
	}
	digits, j, plain := mantissa(s, i)
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return quantity{}, false
	}
	v, j = exponent(s, j, v, plain)
	scale, family, j := numSuffix(s, j, bytesHint)
	v *= scale
	if neg {
		v = -v
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return quantity{}, false
	}
	return quantity{value: v, text: strings.Join(strings.Fields(s[start:j]), " "), family: family, start: start, end: j}, true
}

// signAllowed reports whether the '-' at s[i] is a minus sign: it is not
// when it joins words or numbers ("ResNet-50", "10-20").
func signAllowed(s string, i int) bool {
	if i+1 >= len(s) || !(numIsDigit(s[i+1]) || s[i+1] == '.') {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i == 0 || !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == ')' || r == '_')
}

// numStartAllowed rejects digits that belong to something else: a version
// "1.2.3", a hyphenated name "ResNet-50", a sub- or superscript "x_{1}".
func numStartAllowed(s string, i int) bool {
	before := s[:i]
	r, _ := utf8.DecodeLastRuneInString(before)
	switch {
	case r == utf8.RuneError:
		return true
	case unicode.IsDigit(r) || r == '_':
		return false
	case r == '.' && len(before) >= 2 && numIsDigit(before[len(before)-2]):
		return false
	case r == '-' && s[i] != '-':
		r2, _ := utf8.DecodeLastRuneInString(before[:len(before)-1])
		return !unicode.IsLetter(r2)
	case r == '{' || r == '^':
		t := strings.TrimSuffix(before, "{")
		return !strings.HasSuffix(t, "_") && !strings.HasSuffix(t, "^")
	}
	return true
}

// mantissa reads digits with optional thousands separators ("1,600,000",
// "1 600 000", thin spaces) and a decimal part. It returns the digits
// without separators, where they end, and whether the number is a plain
// integer (no separators, no decimals).
func mantissa(s string, i int) (string, int, bool) {
	var b strings.Builder
	j := i
	for j < len(s) && numIsDigit(s[j]) {
		b.WriteByte(s[j])
		j++
	}
	plain := true
	if n := j - i; n >= 1 && n <= 3 {
		for _, sep := range []string{",", "\u2009", " "} {
			groups := countGroups(s, j, sep)
			if groups == 0 || sep == " " && groups < 2 {
				continue
			}
			for g := 0; g < groups; g++ {
				j += len(sep)
				b.WriteString(s[j : j+3])
				j += 3
			}
			plain = false
			break
		}
	}
	if j+1 < len(s) && s[j] == '.' && numIsDigit(s[j+1]) {
		b.WriteByte('.')
		j++
		for j < len(s) && numIsDigit(s[j]) {
			b.WriteByte(s[j])
			j++
		}
		plain = false
	}
	return b.String(), j, plain
}

// countGroups counts the sep+3-digit groups starting at s[j].
func countGroups(s string, j int, sep string) int {
	n := 0
	for strings.HasPrefix(s[j:], sep) && j+len(sep)+3 <= len(s) {
		k := j + len(sep)
		if !numIsDigit(s[k]) || !numIsDigit(s[k+1]) || !numIsDigit(s[k+2]) || k+3 < len(s) && numIsDigit(s[k+3]) {
			break
		}
		n, j = n+1, k+3
	}
	return n
}

var (
	numSciRe = regexp.MustCompile(`^[eE]([+-]?\d{1,3})\b`)
	// An exponent in braces may be a decimal or a fraction: 10^{-2.5},
	// 10^{-5/2} (without braces "10^-5/2" would read as (10^-5)/2).
	numTimesRe = regexp.MustCompile(`^\s*[×·]\s*10\s*(?:\^\s*(?:\{\s*([+\-−]?\d{1,3}(?:\.\d{1,3}|/\d{1,3})?)\s*\}|([+-]?\d{1,3}))|([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))`)
	numPowRe   = regexp.MustCompile(`^\s*(?:\^\s*(?:\{\s*([+\-−]?\d{1,3}(?:\.\d{1,3}|/\d{1,3})?)\s*\}|([+-]?\d{1,3}))|([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))`)
)

// exponent applies scientific notation after a mantissa: 1.6e9,
// 1.6 × 10^9, 1.6 \cdot 10^{9}, and for a plain integer a power: 10^9, 2^{31}.
func exponent(s string, j int, v float64, plain bool) (float64, int) {
	if m := numSciRe.FindStringSubmatchIndex(s[j:]); m != nil {
		e, _ := strconv.Atoi(s[j+m[2] : j+m[3]])
		return v * math.Pow(10, float64(e)), j + m[1]
	}
	if m := numTimesRe.FindStringSubmatchIndex(s[j:]); m != nil {
		return v * math.Pow(10, powerIn(s[j:], m)), j + m[1]
	}
	if m := numPowRe.FindStringSubmatchIndex(s[j:]); plain && m != nil {
		return math.Pow(v, powerIn(s[j:], m)), j + m[1]
	}
	return v, j
}

var superDigitsNum = strings.NewReplacer("⁰", "0", "¹", "1", "²", "2", "³", "3", "⁴", "4",
	"⁵", "5", "⁶", "6", "⁷", "7", "⁸", "8", "⁹", "9", "⁺", "+", "⁻", "-")

// powerIn reads the exponent captured by numTimesRe or numPowRe: an
// integer, or in braces a decimal or a fraction.
func powerIn(s string, m []int) float64 {
	switch {
	case m[2] >= 0:
		e := strings.Replace(s[m[2]:m[3]], "−", "-", 1)
		if num, den, ok := strings.Cut(e, "/"); ok {
			a, _ := strconv.ParseFloat(num, 64)
			b, _ := strconv.ParseFloat(den, 64)
			if b == 0 {
				return math.NaN()
			}
			return a / b
		}
		f, _ := strconv.ParseFloat(e, 64)
		return f
	case m[4] >= 0:
		n, _ := strconv.Atoi(s[m[4]:m[5]])
		return float64(n)
	}
	n, _ := strconv.Atoi(superDigitsNum.Replace(s[m[6]:m[7]]))
	return float64(n)
}

func numIsDigit(c byte) bool { return c >= '0' && c <= '9' }
