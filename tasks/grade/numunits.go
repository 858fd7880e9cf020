package grade

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// numUnit is one way of writing a unit after a number. prefix, when set,
// is the index of the submatch holding an SI or binary prefix.
type numUnit struct {
	re     *regexp.Regexp
	family string
	scale  float64
	prefix bool
}

// numUnits are tried in order on the text after a number (and after its
// magnitude word, if any). Bytes use binary prefixes for KiB, MiB, GiB, TiB
// (2^10, 2^20, ...) and decimal ones for KB, MB, GB, TB (10^3, 10^6, ...).
// FLOPs, FLOPS and "floating-point operations" are one family (counts and
// rates are not told apart); MACs and multiply-adds are another and are never
// converted to FLOPs, since papers disagree on the factor of 2.
var numUnits = []numUnit{
	{re: regexp.MustCompile(`^(?i:multiply[- ]?(?:adds?|accumulates?|accumulations?)|mult[- ]?adds?|madds?)(?:\s+op(?:eration)?s)?\b`), family: "macs", scale: 1},
	{re: regexp.MustCompile(`^([kKMGTP]|[Kk]ilo|[Mm]ega|[Gg]iga|[Tt]era|[Pp]eta)?-?(?:MACs?|macs?)\b`), family: "macs", scale: 1, prefix: true},
	{re: regexp.MustCompile(`^([kKmMgGtTpP]|[Kk]ilo|[Mm]ega|[Gg]iga|[Tt]era|[Pp]eta)?-?(?i:flop(?:s|/s)?)`), family: "flops", scale: 1, prefix: true},
	{re: regexp.MustCompile(`^(?i:floating[- ]point\s+op(?:eration)?s?)\b`), family: "flops", scale: 1},
	{re: regexp.MustCompile(`^([kKMGTP])?(?i:ops|operations)\b`), family: "flops", scale: 1, prefix: true},
	{re: regexp.MustCompile(`^(?i:(?:(?:trainable|learnable|total|model|free|non-embedding)[- ])*(?:params?|parameters?|weights))\b`), family: "params", scale: 1},
	{re: regexp.MustCompile(`^(Ki|Mi|Gi|Ti|Pi|K|k|M|G|T|P)?B\b`), family: "bytes", scale: 1, prefix: true},
	{re: regexp.MustCompile(`^(ki|mi|gi|ti|k|m|g|t)b\b`), family: "bytes", scale: 1, prefix: true},
	{re: regexp.MustCompile(`^(?i:(kilo|mega|giga|tera|peta|kibi|mebi|gibi|tebi)?bytes?)\b`), family: "bytes", scale: 1, prefix: true},
	{re: regexp.MustCompile(`^(Ki|Mi|Gi|Ti|K|M|G|T)b\b`), family: "bits", scale: 1, prefix: true},
	{re: regexp.MustCompile(`^(?i:(kilo|mega|giga|tera)?bits?)\b`), family: "bits", scale: 1, prefix: true},
	{re: regexp.MustCompile(`^(?:%|(?i:percent|per\s?cent|percentage\s+points?|pp)\b)`), family: "%", scale: 1},
	{re: regexp.MustCompile(`^(?i:milliseconds?|msecs?|ms)\b`), family: "s", scale: 1e-3},
	{re: regexp.MustCompile(`^(?:µs|μs|us|(?i:microseconds?))\b`), family: "s", scale: 1e-6},
	{re: regexp.MustCompile(`^(?i:nanoseconds?|ns)\b`), family: "s", scale: 1e-9},
	{re: regexp.MustCompile(`^(?i:seconds?|secs?|s)\b`), family: "s", scale: 1},
	{re: regexp.MustCompile(`^(?i:minutes?|mins?)\b`), family: "s", scale: 60},
	{re: regexp.MustCompile(`^(?i:hours?|hrs?|h)\b`), family: "s", scale: 3600},
	{re: regexp.MustCompile(`^(?i:days?)\b`), family: "s", scale: 86400},
}

// numPrefixes maps SI and binary prefixes (and their spelled-out forms) to
// their factor.
var numPrefixes = map[string]float64{
	"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "g": 1e9, "G": 1e9, "t": 1e12, "T": 1e12, "p": 1e15, "P": 1e15,
	"kilo": 1e3, "mega": 1e6, "giga": 1e9, "tera": 1e12, "peta": 1e15,
	"ki": 1 << 10, "Ki": 1 << 10, "mi": 1 << 20, "Mi": 1 << 20, "gi": 1 << 30, "Gi": 1 << 30,
	"ti": 1 << 40, "Ti": 1 << 40, "Pi": 1 << 50,
	"kibi": 1 << 10, "mebi": 1 << 20, "gibi": 1 << 30, "tebi": 1 << 40,
}

var (
	numMagWordRe = regexp.MustCompile(`^(?i:(hundred|thousand|million|billion|trillion)s?)\b`)
	numMagAbbrRe = regexp.MustCompile(`^(bn|mn|tn|mln|bln|[kKMBbGT])\b`)
	numWordRe    = regexp.MustCompile(`^[A-Za-z][A-Za-z-]*`)
	numGapRe     = regexp.MustCompile(`^[ \t\x{2009}]*-?[ \t\x{2009}]*`)
)

var numMagnitudes = map[string]float64{
	"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"k": 1e3, "K": 1e3, "M": 1e6, "mn": 1e6, "mln": 1e6, "B": 1e9, "b": 1e9, "bn": 1e9, "bln": 1e9,
	"G": 1e9, "T": 1e12, "tn": 1e12,
}

// numSuffix reads what follows a number at s[j]: a percent sign, a
// magnitude (million, 140M, 1.6B, 2 thousand), then a unit. It returns the
// factor, the unit family and where the suffix ends. An ordinary word that
// is not a unit ("3 layers") gives the family "word:layer"; a function word
// ("1.6 billion per image") gives none.
func numSuffix(s string, j int, bytesHint bool) (float64, string, int) {
	scale := 1.0
	k := j + len(numGapRe.FindString(s[j:]))
	rest := s[k:]
	if m := numMagWordRe.FindStringSubmatch(rest); m != nil {
		scale, k = numMagnitudes[strings.ToLower(m[1])], k+len(m[0])
	} else if m := numMagAbbrRe.FindString(rest); m != "" {
		after := k + len(m)
		after += len(numGapRe.FindString(s[after:]))
		_, fam, _ := unitAt(s[after:])
		// "a 13B model" counts parameters in billions even where the
		// answer is in bytes.
		isByte := m == "B" && bytesHint && (fam == "" || strings.HasPrefix(fam, "word:") && !modelNouns[fam])
		if !isByte {
			scale, k = numMagnitudes[m], k+len(m)
		}
	}
	if scale != 1 {
		j, k = k, k+len(numGapRe.FindString(s[k:]))
	}
	f, fam, n := unitAt(s[k:])
	if fam == "" {
		return scale, "", j
	}
	return scale * f, fam, k + n
}

// modelNouns are the word families after which a "B" is billions of
// parameters, not bytes: "a 13B model".
var modelNouns = map[string]bool{"word:model": true, "word:network": true, "word:llm": true, "word:transformer": true, "word:checkpoint": true, "word:variant": true}

// unitAt reads a unit at the start of s.
func unitAt(s string) (float64, string, int) {
	for _, u := range numUnits {
		m := u.re.FindStringSubmatchIndex(s)
		if m == nil {
			continue
		}
		f := u.scale
		if u.prefix && m[2] >= 0 {
			f *= numPrefixes[s[m[2]:m[3]]] // lower-case m is mega here: "mflops", "mb"
		}
		return f, u.family, m[1]
	}
	if w := numWordRe.FindString(s); w != "" && !numFunctionWords[strings.ToLower(w)] {
		return 1, "word:" + singular(strings.ToLower(w)), len(w)
	}
	return 1, "", 0
}

// numFunctionWords may follow a number without being its unit.
var numFunctionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or of in on at to for per by with from is are was were be been
		as than that which this these those it its each every vs versus i e g eg ie times plus minus over under
		about roughly approximately around approx so thus hence then when where if but not we you they he she
		because since after before into also only instead compared assuming given using while would will can
		could should may might must do does did has have had all both more less fewer most some any no yes
		here there respectively total overall altogether give gives giving yields yielding means etc et al`) {
		m[w] = true
	}
	return m
}()

// singular turns a plural noun into its singular for unit matching.
func singular(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// unitFamily reads a spec's unit field: the family and the factor of a
// prefix, if the unit carries one. It reports false when s is not a unit.
func unitFamily(s string) (string, float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", 1, true
	}
	f, fam, n := unitAt(s)
	if n != len(s) || fam == "" {
		if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) >= 0 {
			return "", 1, false
		}
		return "word:" + singular(strings.ToLower(s)), 1, true
	}
	if s == "B" {
		return "bytes", 1, true
	}
	return fam, f, true
}

// familyName is how a unit family reads in a reason.
func familyName(fam string) string {
	switch fam {
	case "flops":
		return "FLOPs"
	case "macs":
		return "MACs"
	case "":
		return "number"
	}
	if w, ok := strings.CutPrefix(fam, "word:"); ok {
		return w
	}
	return fam
}

var (
	numLabelRe = regexp.MustCompile(`(?i)(?:\b(?:table|tab|figure|fig|eq|eqn|equation|section|sec|chapter|ch|appendix|app|theorem|thm|lemma|corollary|definition|algorithm|alg|step|page|pp?|line|row|column|col|part|question|problem|exercise|layer|block|stage|version|ref|footnote|item)\.?|§)\s*[(\[]?\s*$`)
	numListRe  = regexp.MustCompile(`(?m)^[ \t>#-]*$`)
	// numLabelledRe finds a unit named before a number: "FLOPs ≈ 1.6B",
	// "the number of parameters is about 140M", "KV cache in bytes = 2^31".
	numLabelledRe = regexp.MustCompile(`(?i)\b(flops?|flop\s+count|floating[- ]point\s+operations|macs|multiply[- ]adds|mult-adds|params|parameters?|parameter\s+count|weights|bytes|bits|percent(?:age)?|seconds)\s*(?:\([^()]*\))?\s*(?:per\s+\w+(?:\s+\w+)?)?\s*(?:\([^()]*\))?\s*(?:` +
		`is` +
		`|are` +
		`|of` +
		`|would\s+be` +
		`|will\s+be` +
		`|comes\s+to` +
		`|equals?` +
		`|totals?` +
		`|count` +
		`|[:=≈~≃≅]` +
		`)?[\s:=≈~≃≅]*(?:about|roughly|approximately|around|approx\.?|nearly|close\s+to|just\s+(?:over|under)|on\s+the\s+order\s+of)?\s*$`)
)

var numLabelFamilies = map[string]string{
	"flop": "flops", "flops": "flops", "flop count": "flops", "macs": "macs", "multiply-adds": "macs",
	"multiply adds": "macs", "mult-adds": "macs", "params": "params", "parameter": "params", "parameters": "params",
	"parameter count": "params", "weights": "params", "bytes": "bytes", "bits": "bits", "percent": "%",
	"percentage": "%", "seconds": "s",
}

// annotate sets a quantity's weak reason and, for a bare number, a family
// named by a label before it. prevEnd is where the previous quantity ended.
func annotate(q *quantity, s string, prevEnd int) {
	// Look back at most 80 bytes, within the line and after the previous
	// number, so a long reply is scanned in linear time.
	from := max(prevEnd, q.start-80)
	lineStart := -1 // not known: the number is not at a line's start
	if nl := strings.LastIndexByte(s[from:q.start], '\n'); nl >= 0 || from == 0 {
		lineStart = from + nl + 1
	}
	before := s[max(lineStart, from):q.start]
	after := s[q.end:]
	integer := strings.IndexFunc(q.text, func(r rune) bool { return !unicode.IsDigit(r) && r != '-' }) < 0
	switch {
	case numLabelRe.MatchString(before):
		q.weak = "label"
	case integer && strings.HasSuffix(before, "[") && strings.HasPrefix(after, "]"):
		q.weak = "citation"
	case integer && q.family == "" && len(q.text) == 4 && q.value >= 1900 && q.value <= 2099:
		q.weak = "year"
	case integer && lineStart >= 0 && numListRe.MatchString(s[lineStart:q.start]) && (strings.HasPrefix(after, ". ") || strings.HasPrefix(after, ") ")):
		q.weak = "list"
	case isOperand(s, q):
		q.weak = "operand"
	}
	if q.family == "" && q.weak != "label" {
		if m := numLabelledRe.FindStringSubmatch(before); m != nil {
			key := strings.ToLower(strings.Join(strings.Fields(m[1]), " "))
			if fam, ok := numLabelFamilies[key]; ok {
				q.family, q.labelled = fam, true
			}
		}
	}
}

// isOperand reports whether a quantity is a factor of a product, sum or
// quotient ("2 × 32 × 4096", "1/2"), not a result. A slash after a number
// with a unit is a rate ("1.6 GFLOPs/image") and leaves it a result.
func isOperand(s string, q *quantity) bool {
	const ops = "×·+÷^/"
	b := strings.TrimRight(s[:q.start], " \t\u2009")
	if r, _ := utf8.DecodeLastRuneInString(b); r != utf8.RuneError && strings.ContainsRune(ops, r) {
		return true
	}
	a := strings.TrimLeft(s[q.end:], " \t\u2009")
	if symbolicMinus(b, a, q) {
		// "(p − 1)", "1 − β": a term of a symbolic difference.
		return true
	}
	if q.family == "" && coefficientOfRe.MatchString(a) {
		// "56 (t_f + t_b)": the coefficient of a symbolic quantity.
		return true
	}
	r, size := utf8.DecodeRuneInString(a)
	if r == '/' {
		n, _ := utf8.DecodeRuneInString(strings.TrimLeft(a[size:], " "))
		return q.family == "" && (unicode.IsDigit(n) || n == '(')
	}
	return r != utf8.RuneError && strings.ContainsRune(ops, r)
}

// symbolicMinus reports whether the number q, between before and after, is
// a term of a difference with a symbol: "p − 1" (the minus read as the
// number's sign or not) or "1 − β". The minus is a minus sign or a hyphen
// with a space before it, so "top-1" and "3.8-4.1" are not; the symbol is a
// single letter, a subscript or a bracket, so "is −1" is not.
func symbolicMinus(before, after string, q *quantity) bool {
	symbolEnd := func(s string) bool {
		s = strings.TrimRight(s, " \t\u2009")
		r, n := utf8.DecodeLastRuneInString(s)
		if r == ')' || r == '}' {
			return true
		}
		if !unicode.IsLetter(r) {
			return false
		}
		p, _ := utf8.DecodeLastRuneInString(s[:len(s)-n])
		return !unicode.IsLetter(p) && p != '\''
	}
	if strings.HasPrefix(q.text, "−") || (strings.HasPrefix(q.text, "-") && strings.HasSuffix(before, " ")) {
		return symbolEnd(before)
	}
	if rest, ok := strings.CutSuffix(before, "−"); ok {
		return symbolEnd(rest)
	}
	if rest, ok := strings.CutSuffix(before, " -"); ok {
		return symbolEnd(rest)
	}
	rest, ok := strings.CutPrefix(after, "−")
	if !ok {
		if rest, ok = strings.CutPrefix(after, "- "); !ok {
			return false
		}
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " \t\u2009"))
	return unicode.IsLetter(r) || r == '\\'
}

// coefficientOfRe is a bracketed sum of symbols after a number, which
// makes the number its coefficient: "56 (t_f + t_b)", "7 (m + p − 1)".
var coefficientOfRe = regexp.MustCompile(`^\(\s*\\?[A-Za-z][A-Za-z]*(?:_\{?\w+\}?)?\s*[+\-−]\s*\\?[A-Za-z]`)

// fmtNum writes a value compactly, rounded to 12 significant digits to hide
// floating-point noise: 1.6e9, 2.147483648e9, 140, 7.5, 0.000699.
func fmtNum(v float64) string {
	if r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64); err == nil {
		v = r
	}
	if a := math.Abs(v); v == 0 || a >= 1e-4 && a < 1e6 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(v, 'e', -1, 64), "e")
	sign := ""
	if exp[0] == '-' {
		sign = "-"
	}
	return mant + "e" + sign + strings.TrimLeft(exp[1:], "0")
}
