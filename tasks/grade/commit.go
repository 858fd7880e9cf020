package grade

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Role says whose answer a candidate is, as the reply presents it.
type Role string

// The roles of a candidate answer. Only own, alternative and endorsed
// candidates can be committed answers.
const (
	RoleOwn         Role = "own"         // the reply's own answer, or a step towards it
	RoleAlternative Role = "alternative" // offered beside the own answer: "X or Y", "X if …; Y if …"
	RoleEndorsed    Role = "endorsed"    // someone else's answer that the reply calls correct too
	RoleRemark      Role = "remark"      // after the answer in its sentence: "(attained at …)", "i.e. …"
	RoleCompared    Role = "compared"    // only compared with: "versus O(N^2)", "unlike the naive O(N^2 D)"
	RoleAttributed  Role = "attributed"  // someone else's: "the solution's …", "your answer …"
	RoleRejected    Role = "rejected"    // "not X", "X was wrong", "my earlier X"
	RoleQuoted      Role = "quoted"      // copied from the user's message
)

// Candidate is one answer a grader considered in a reply.
type Candidate struct {
	Text   string `json:"text"`
	Cue    Cue    `json:"cue"`
	Role   Role   `json:"role"`
	Grade  Grade  `json:"grade,omitempty"`
	Chosen bool   `json:"chosen,omitempty"`
	// Why explains the role when it is not plain own.
	Why string `json:"why,omitempty"`

	start, end int
	region     int // index of its region in the selection's regions, -1 for none
}

// span is one answer-shaped piece of a reply found by a grader's scanner:
// a bound, an expression, a number.
type span struct {
	start, end int
	text       string
}

// selection is which candidates of a reply are its committed answers.
type selection struct {
	cands     []Candidate
	committed []int  // indexes into cands; more than one when the reply hedges
	own       []int  // the own candidates, best first
	hedge     string // what made the extra answers committed
	// verbal is the words of a final answer line that offers a second
	// answer in words, not as an expression ("(or the same without the
	// minus sign, if …)"); "" when it offers none.
	verbal string
	// asked is the quantity the question asks for by name (lhsKey), ""
	// when it names none.
	asked string
}

// selectAnswer sorts the spans a grader found in a reply into candidates
// and picks the committed answer: the own candidate under the strongest
// cue (the latest of equals), the end of an "=" chain within its region,
// plus every alternative or endorsed answer the reply offers beside it.
func selectAnswer(r Reply, spans []span) selection {
	text := r.Text
	regs := cueRegions(text)
	quoted := quotedRanges(text, r.User)
	sections := comparisonSections(text)
	sel := selection{}
	for _, sp := range spans {
		c := Candidate{Text: sp.text, start: sp.start, end: sp.end, region: -1, Cue: CueNone}
		for i, rg := range regs {
			if sp.start >= rg.start && sp.end <= rg.end+1 {
				if c.region < 0 || cueRank[rg.cue] > cueRank[regs[c.region].cue] ||
					cueRank[rg.cue] == cueRank[regs[c.region].cue] && rg.start > regs[c.region].start {
					c.region, c.Cue = i, rg.cue
				}
			}
		}
		c.Role, c.Why = roleOf(text, r.User, sp, quoted)
		if c.Role == RoleQuoted && cueRank[c.Cue] >= cueRank[CueAnswer] {
			// Copying the user's (or the solution's) words as one's final
			// answer adopts them.
			c.Role, c.Why = RoleOwn, "adopts the words of the user's message"
		}
		sel.cands = append(sel.cands, c)
	}
	sort.SliceStable(sel.cands, func(i, j int) bool { return sel.cands[i].start < sel.cands[j].start })
	compareSections(sel.cands, sections)
	chainRoles(text, sel.cands)
	markRemarks(text, sel.cands)
	for i, c := range sel.cands {
		if c.Role == RoleOwn {
			sel.own = append(sel.own, i)
		}
	}
	sort.SliceStable(sel.own, func(x, y int) bool {
		a, b := sel.cands[sel.own[x]], sel.cands[sel.own[y]]
		if cueRank[a.Cue] != cueRank[b.Cue] {
			return cueRank[a.Cue] > cueRank[b.Cue]
		}
		return laterRegion(b, a, regs)
	})
	best := -1
	if len(sel.own) > 0 {
		best = sel.own[0]
		if m := askedRe.FindStringSubmatch(r.User); m != nil {
			sel.asked = lhsKey(m[1] + m[2])
		}
		if i := sel.askedInstead(); i >= 0 {
			best = i
		}
	}
	endorse(text, sel.cands)
	if best >= 0 {
		sel.committed = append(sel.committed, best)
		sel.hedge = alternatives(text, sel.cands, best)
		if sel.hedge == "" {
			sel.hedge, sel.verbal = hedgedNear(text, sel.cands, best)
		}
	}
	for i, c := range sel.cands {
		if c.Role == RoleEndorsed && (best < 0 || i != best) {
			sel.committed = append(sel.committed, i)
			if best >= 0 && sel.hedge == "" {
				sel.hedge = c.Why
			}
		}
		if c.Role == RoleAlternative {
			sel.committed = append(sel.committed, i)
		}
	}
	if best < 0 && len(sel.committed) > 1 {
		sel.hedge = "endorses several answers"
	}
	sel.choosesFirst(text, best)
	for _, i := range sel.committed {
		sel.cands[i].Chosen = true
	}
	return sel
}

// laterRegion reports whether b comes after a: in a later region, or
// later within the same region.
func laterRegion(a, b Candidate, regs []region) bool {
	if a.region >= 0 && b.region >= 0 && a.region != b.region {
		return regs[b.region].start > regs[a.region].start
	}
	return b.start > a.start
}

var (
	// remarkGapRe is text between two candidates of a region that makes
	// the second a remark on the first: a parenthesis, a clause that
	// qualifies or compares, a new sentence.
	remarkGapRe = mustPhrase(`(?i)\(|\[|;|\s[—–]\s|\s-\s|--|,\s*(?:which|i\.e\.|ie|where|since|as|so|compared|versus|vs|not|but|attained|achieved|reached|and|with|for|because|while|whereas|unlike|here|note|assuming|given|e\.g\.|that|this|up|down|at|on|in|to)\b|[.!?](?:\s|$)|\s(?:versus|vs\.?|compared|for|when|where|with|at|on|attained|achieved|reached|against|than|over|from|to|per|in|of)\s|\bi\.e\.|\n\s*\n`)
	// chainGapRe is text that keeps two candidates in one chain of equal
	// expressions: the later one is the answer.
	chainGapRe = mustPhrase(`^[\s$=≈:≃∼~]*(?:\\approx|\\simeq|\\sim|\\equiv|\\Rightarrow|\\implies|⇒|→|\\to)?[\s$=≈:]*$`)
	// orGapRe is text that offers the second candidate as an alternative.
	// A condition may follow ("— or, if a is the diagonal entry, Y"), and
	// a qualifier on the first may precede ("X for the sequential
	// recurrence, or Y").
	orGapRe = mustPhrase(`(?i)^[\s$,*_(\[—–-]*(?:(?:for|in|with|under|when|counting|treating|taking|ignoring|including|excluding|assuming|using|read|measured|counted|taken|viewed|interpreted)\s[^.;()]{0,60}?,\s*)?(?:or|or\s+(?:else|perhaps|possibly|maybe|equivalently)|alternatively|otherwise|and/or|possibly|perhaps|maybe)\b[\s$,:*_≈~]*(?:(?:about|approximately|roughly|around)\s+)?(?:(?:if|when|under|with|without|assuming|for|in|at|as|using|taking|ignoring|excluding|including|dropping|keeping|treating|measured|counted|computed|defined|read|interpreted|taken)\b[^.;()]{0,80}?(?:[,:]\s*|$))?(?:(?:it(?:'s|\s+is|\s+could\s+be|\s+might\s+be)|possibly|perhaps|maybe)\s+)?[≈~]?\s*$`)
	// condAltGapRe is a gap that offers the next candidate under another
	// condition: "; if you use the other bound instead, it is", ",
	// otherwise", "— alternatively,".
	condAltGapRe = mustPhrase(`(?i)^[^.!?\n]{0,12}\b(?:(?:if|when|assuming|under)\b[^.!?\n]{0,100}\b(?:instead|otherwise)\b|otherwise|alternatively)\b[^.!?\n]{0,40}$` +
		// "X for the wall-clock time, but if the question is counting the
		// work summed over the workers, it becomes Y".
		`|(?i)^[^.!?\n]{0,40}\bbut\s+if\b[^.!?\n]{1,160},\s*(?:then\s+)?(?:it|this|that|the\s+(?:answer|bound|cost|result|total|count))\s+(?:becomes|would\s+be|is|changes\s+to|grows\s+to)[\s$]*$`)
	// condSemiGapRe is, on a final answer line, a condition on the answer
	// before it and a semicolon: "X if μ and v are differentiated through;
	// Y if …", "X without the K/V projections; Y with them", "X for
	// independent σ, τ; Y with σ² = τ", "X via the product-rule route; Y via
	// the expanded polynomial", "X (with x̃_j = x_{j−1}); Y under the
	// shifted offset".
	condSemiGapRe = mustPhrase(`(?i)^[\s$]*\(?(?:if|when|for|with|without|under|assuming|excluding|including|counting|treating|taking|ignoring|via|using|through)\b[^.!?\n;]{1,100};\s*(?:or\s+)?[\s$]*$`)
	// condClauseGapRe opens a condition on the answer before it, still
	// running: "X if d(1 − 2s)/dz is taken as ".
	condClauseGapRe = mustPhrase(`(?i)^[\s$,]*(?:if|when|whenever|assuming)\s[^;,.!?\n]*$`)
	// condAndGapRe is a condition on the answer before it, then ", and":
	// "X if the student logit means z_j, and Y if it means …".
	condAndGapRe = mustPhrase(`(?i)^[\s$,]*(?:if|when|whenever|assuming)\s[^;.!?\n]{1,100},\s*(?:and|but|while|whereas)\s+[\s$]*$`)
	// condIfGapRe opens a condition with "if": in a concluding sentence
	// ("So: X if you count the raw moment; Y if you count the spread")
	// only such a condition offers the next answer under another one.
	condIfGapRe = mustPhrase(`(?i)^[\s$,]*(?:if|when|whenever|assuming)\s`)
	// altWordRe offers what follows as another answer.
	altWordRe = mustPhrase(`(?i)\b(?:or|otherwise|else|alternatively|instead)\b`)
	// gapParenRe is a parenthetical in a gap, a label on the answer before
	// it: "X (tight), or Y".
	gapParenRe = mustPhrase(`\([^()]{0,80}\)`)
)

// chainRoles gives the later members of an equation chain ("Total = A = B")
// the role of its first member: an expression the reply attributes to the
// solution stays the solution's to the end of the chain.
func chainRoles(text string, cands []Candidate) {
	for i := 1; i < len(cands); i++ {
		prev, cur := cands[i-1], &cands[i]
		if cur.Role != RoleOwn || prev.Role == RoleOwn || prev.end > cur.start {
			continue
		}
		if chainGapRe.MatchString(text[prev.end:cur.start]) {
			cur.Role, cur.Why = prev.Role, prev.Why
		}
	}
}

// condParenRe finds, in a parenthetical after a final answer, words
// that offer what it holds as another answer ("X (Y if …)", "X (Y under
// the strict reading)").
var condParenRe = mustPhrase(`(?i)\b(?:if|when|unless|assuming|instead|otherwise|alternatively|(?:the\s+)?other\s+form|another\s+form|you\s+(?:may|might)\s+(?:also\s+)?see|also\s+(?:seen|quoted|given|cited)|under\s+(?:the|a|an|another|other|your)\s+(?:[^\s)]+\s+){0,6}?(?:reading|interpretation|assumption|convention|definition|view|accounting)` +
	`|(?:route|method|approach|derivation|way|path)\s+(?:\S+\s+)?(?:gives|yields|would\s+give))\b`)

// parenAround is the parenthetical that opens in text[start:end], the
// gap before a candidate: from its "(" to the end of the line (the
// candidate's own brackets make its ")" hard to find).
func parenAround(text string, start, end int) string {
	open := strings.LastIndexByte(text[start:end], '(')
	if open < 0 {
		return ""
	}
	open += start
	stop := len(text)
	if k := strings.IndexByte(text[end:], '\n'); k >= 0 {
		stop = end + k
	}
	return text[open:stop]
}

// introducesGap reports whether the text between two candidates is the
// rest of one sentence that introduces the second ("X, and summing over
// the coordinates gives $$Y$$").
func introducesGap(gap string) bool {
	g := strings.TrimRight(gap, " \t\r\n$\\[")
	return !strings.ContainsAny(g, "\n") && sentenceEnd(g) < 0 && introducesGapRe.MatchString(g)
}

// introducesGapRe ends a clause that arrives at what follows ("…, and
// summing over the coordinates gives"); "which is" only restates.
var introducesGapRe = mustPhrase(`(?i)(?:\b(?:gives|yields|we\s+get|we\s+obtain|results\s+in)|:)[\s*_]*$`)

// markRemarks makes the candidates of a region that follow a remark gap
// after its first own candidate remarks, and joins "X or Y" alternatives.
func markRemarks(text string, cands []Candidate) {
	for i := 0; i < len(cands); i++ {
		if cands[i].Role != RoleOwn || cands[i].region < 0 {
			continue
		}
		remark := false
		prev := i
		for j := i + 1; j < len(cands) && cands[j].region == cands[i].region; j++ {
			gap := ""
			if cands[prev].end < cands[j].start {
				gap = text[cands[prev].end:cands[j].start]
			}
			if !remark && cands[j].Role == RoleOwn && strings.Count(gap, "(") > strings.Count(gap, ")") && !orGapRe.MatchString(gap) {
				if cueRank[cands[i].Cue] >= cueRank[CueAnswer] && !strings.Contains(cands[j].Text, "=") &&
					condParenRe.MatchString(parenAround(text, cands[prev].end, cands[j].start)) &&
					!strings.HasPrefix(strings.TrimLeft(parenAround(text, cands[prev].end, cands[j].start), "( \t"), "=") {
					// "X (= Y if l = √N)" is the same answer at a setting,
					// not another one: it falls through to a remark.
					// A final line's "X (Y if the scores are counted per KV
					// head)", "X (the other form you may see: Y)": Y is
					// offered under another condition.
					cands[j].Role, cands[j].Why = RoleAlternative, whyCondParen
					continue
				}
				// Inside a parenthetical label on the answer ("X (worst
				// case, case 1) or Y"): part of the gap to the next one.
				cands[j].Role, cands[j].Why = RoleRemark, "inside a parenthetical after the answer"
				continue
			}
			if !remark && cands[j].Role == RoleOwn && condClauseGapRe.MatchString(gap) && !altWordRe.MatchString(gap) {
				// "X if d(1 − 2s)/dz is taken as −2s; Y if …": the
				// expressions of a condition on the answer are part of
				// the condition, and the gap to the next answer runs
				// from the answer itself.
				cands[j].Role, cands[j].Why = RoleRemark, "inside a condition on the answer"
				continue
			}
			switch {
			case remark:
			case orGapRe.MatchString(gap) || orGapRe.MatchString(gapParenRe.ReplaceAllString(gap, "")):
				// Offered with "or", a candidate the words after it place
				// in another setting ("or Y with the standard stride") is
				// still offered: an alternative under a condition.
				if cands[j].Role == RoleOwn || cands[j].Role == RoleCompared && strings.HasPrefix(cands[j].Why, whyElsewhere) {
					cands[j].Role, cands[j].Why = RoleAlternative, "offered as an alternative (\""+strings.TrimSpace(gap)+"\")"
				}
			case chainGapRe.MatchString(gap):
			case introducesGap(gap):
				// "…, and summing over the coordinates gives $$Y$$": Y is
				// what the sentence arrives at, not a remark on X.
			case condAltGapRe.MatchString(gap) || cueRank[cands[i].Cue] >= cueRank[CueConclusion] &&
				(cueRank[cands[i].Cue] >= cueRank[CueAnswer] || condIfGapRe.MatchString(gap)) &&
				(condSemiGapRe.MatchString(gap) || condAndGapRe.MatchString(gap)):
				// "X; if you take the other bound instead, it is Y": Y is
				// offered under another condition, not remarked on.
				if cands[j].Role == RoleOwn {
					cands[j].Role, cands[j].Why = RoleAlternative, "offered under another condition (\""+strings.TrimSpace(gap)+"\")"
				}
			case remarkGapRe.MatchString(gap):
				remark = true
			}
			if remark && cands[j].Role == RoleOwn {
				cands[j].Role, cands[j].Why = RoleRemark, "follows the answer as a remark"
			}
			prev = j
		}
		// The region is done: skip its candidates.
		for i+1 < len(cands) && cands[i+1].region == cands[i].region {
			i++
		}
	}
}

var (
	// bothRightRe is a reply that calls two answers acceptable.
	bothRightRe = mustPhrase(`(?i)\b(?:` +
		`we(?:'re|’re|\s+are)\s+both\s+(?:\w+\s+)?(?:correct|right)` +
		`|(?:you(?:'re|’re|\s+are)\s+and\s+i(?:'m|\s+am)|you\s+and\s+i\s+are)\s+both\s+(?:correct|right)` +
		`|both\s+(?:\w+\s+){0,3}(?:are|is|were|can\s+be)\s+(?:\w+\s+)?(?:correct|right|valid|acceptable|defensible|legitimate|fine)` +
		`|(?:is|are)\s+(?:also|equally)\s+(?:\w+\s+)?(?:correct|valid|right|fine|acceptable|legitimate)` +
		`|neither\s+(?:\w+\s+){0,2}(?:is|are)\s+(?:\w+\s+)?(?:wrong|incorrect)` +
		`|either\s+(?:\w+\s+){0,2}(?:is|would\s+be|can\s+be)\s+(?:\w+\s+)?(?:correct|acceptable|fine|valid|right)` +
		`|equally\s+(?:valid|correct)` +
		`|both\s+(?:readings|interpretations|answers|conventions)\s+(?:are|is)\b` +
		`)`)
	// presentedAsRe precedes a "both right" phrase that names an act
	// instead of performing it: "(wrong:) presenting 7.89× as an equally
	// valid answer".
	presentedAsRe = mustPhrase(`(?i)\b(?:present|offer|treat|call|list)(?:ing|ed)\b(?:[^.!?\n]|\.\d){0,80}\bas\s+(?:an?\s+|the\s+)?$`)
	// endorseAfterRe follows a candidate that the reply calls correct.
	endorseAfterRe = mustPhrase(`(?i)^[^.;\n]{0,60}?\b(?:is|are|was)\s+(?:also\s+|equally\s+|perfectly\s+|entirely\s+|indeed\s+|absolutely\s+|fully\s+)?(?:correct|right|valid|accurate)\b`)
	// agreeBeforeRe precedes a candidate the reply takes over: "I agree
	// with the solution's …", "you're right that it is …".
	agreeBeforeRe = mustPhrase(`(?i)\b(?:i\s+agree|you(?:'re|’re|\s+are)\s+(?:\w+\s+)?(?:right|correct)|the\s+solution\s+is\s+(?:\w+\s+)?(?:right|correct)|(?:is|was)\s+(?:indeed\s+)?(?:right|correct)\s*:)\b[^.;\n]{0,60}$`)
)

// endorse turns attributed candidates that the reply calls correct into
// endorsed ones: locally ("the solution's X is also correct", "I agree
// … X"), or, when the reply says both answers are right, every one.
func endorse(text string, cands []Candidate) {
	both := ""
	for _, m := range bothRightRe.FindAllStringIndex(text, -1) {
		if !presentedAsRe.MatchString(text[max(0, m[0]-120):m[0]]) && !SaysSameAfter(text[m[1]:]) {
			both = text[m[0]:m[1]]
			break
		}
	}
	for i := range cands {
		c := &cands[i]
		if c.Role != RoleAttributed {
			continue
		}
		switch {
		case both != "":
			c.Role, c.Why = RoleEndorsed, c.Why+"; the reply says "+quoteClip(both)
		case endorseAfterRe.MatchString(text[c.end:]):
			c.Role, c.Why = RoleEndorsed, c.Why+"; the reply calls it correct"
		case agreeBeforeRe.MatchString(text[max(0, c.start-120):c.start]):
			c.Role, c.Why = RoleEndorsed, c.Why+"; the reply agrees with it"
		}
	}
}

// sameAfterRe follows a "both are right" that grants no second answer: the
// two are one ("— both are right, they're the same function").
var sameAfterRe = mustPhrase(`(?i)\A[^.!?\n]{0,80}?\b(?:they(?:'re|’re|\s+are)|it(?:'s|’s|\s+is)|these\s+are)\s+(?:just\s+|simply\s+|really\s+|exactly\s+|mathematically\s+|literally\s+)?(?:the\s+same\s+(?:function|expression|quantity|formula|number|value|result)|equivalent|identical|equal)\b`)

// SaysSameAfter reports whether s, the text right after a phrase that
// calls another answer correct, says the two are one answer.
func SaysSameAfter(s string) bool { return sameAfterRe.MatchString(s) }

var (
	// caseSplitRe marks text that presents a case split between answers
	// rather than a remark: "which one … depends on", "either …", "two
	// readings".
	caseSplitRe = mustPhrase(`(?i)\b(?:depends?\s+on|depending\s+on|either|which\s+(?:one|of\s+(?:the|these)\s+two)|two\s+(?:readings|interpretations|answers|cases|conventions)|both\s+(?:readings|interpretations|answers)|under\s+(?:the|a)\s+\w+\s+(?:reading|interpretation|recurrence|convention))\b`)
	// condRe marks a sentence that offers answers under conditions.
	condRe = mustPhrase(`(?i)\b(?:if|when|whether|depending|depends|otherwise|either|alternatively|assuming|under\s+(?:the\s+|a\s+|an\s+|this\s+|that\s+)?(?:[\w-]+\s+){0,2}?(?:assumption|interpretation|reading|convention|definition|normali[sz]ation|parameteri[sz]ation|accounting))\b`)
)

// condWordBeforeRe ends the text before an expression that is itself the
// condition, not an answer under it: "directly when k = i".
var condWordBeforeRe = mustPhrase(`(?i)\b(?:if|when|unless|whenever)\s*\$?$`)

// alternatives marks own candidates offered beside the committed one
// under conditions ("X if you count A; Y if you count B"), in the
// committed answer's sentence or after it, as alternatives. It returns
// what made them alternatives, or "".
func alternatives(text string, cands []Candidate, best int) string {
	b := cands[best]
	sStart, sEnd := sentenceAround(text, b.start, b.end)
	why := ""
	for i := range cands {
		c := &cands[i]
		if i == best || c.Role != RoleOwn || c.start < sStart {
			continue
		}
		cs, ce := sentenceAround(text, c.start, c.end)
		inSame := cs == sStart
		// A later sentence counts only when it and the answer's sentence
		// both state conditions (a case split), never a derivation step.
		if !inSame && !(c.start > sEnd && condRe.MatchString(text[cs:ce]) && condRe.MatchString(text[sStart:sEnd])) {
			continue
		}
		if inSame && !condRe.MatchString(text[sStart:sEnd]) {
			continue
		}
		c.Role, c.Why = RoleAlternative, "offered under another condition"
		if why == "" {
			why = "offers answers under different conditions: " + quoteClip(strings.TrimSpace(text[sStart:sEnd]))
		}
	}
	// A later sentence that itself offers two own answers under conditions
	// ("it is X if …; if …, it is Y") leaves both standing beside the
	// answer committed to before it.
	for i := range cands {
		c := cands[i]
		// After an explicit final answer, such a sentence is a remark.
		if i == best || c.Role != RoleOwn || c.start <= sEnd || cueRank[b.Cue] >= cueRank[CueAnswer] {
			continue
		}
		cs, ce := sentenceAround(text, c.start, c.end)
		ps, _ := sentenceAround(text, max(0, cs-2), max(0, cs-2))
		if !condRe.MatchString(text[cs:ce]) || !caseSplitRe.MatchString(text[min(ps, cs):ce]) {
			continue
		}
		var in []int
		for j := range cands {
			if j != best && (cands[j].Role == RoleOwn || cands[j].Role == RoleAlternative) && cands[j].start >= cs && cands[j].end <= ce &&
				!condWordBeforeRe.MatchString(text[max(0, cands[j].start-12):cands[j].start]) {
				in = append(in, j)
			}
		}
		if len(in) < 2 {
			continue
		}
		for _, j := range in {
			cands[j].Role, cands[j].Why = RoleAlternative, "offered under another condition"
		}
		if why == "" {
			why = "offers answers under different conditions: " + quoteClip(strings.TrimSpace(text[cs:ce]))
		}
	}
	// Alternatives joined by "or" in the answer's region count too.
	for i := range cands {
		if cands[i].Role == RoleAlternative && why == "" {
			why = cands[i].Why
		}
	}
	return why
}

// choosesFirstRe picks the first of the answers just offered: "So it's
// X or Y. I'd go with the first for a ring".
var choosesFirstRe = mustPhrase(`(?i)^[^\n]{0,120}?\b(?:i(?:'d|’d|\s+would|'ll|’ll|\s+will)\s+(?:go|stick)\s+with|i\s+(?:pick|choose|prefer))\s+the\s+(?:first|former)\b`)

// choosesFirst drops the alternatives offered beside the committed answer
// best when the reply then picks the first of them, best: the choice
// settles the hedge.
func (sel *selection) choosesFirst(text string, best int) {
	if best < 0 {
		return
	}
	last := -1
	for _, i := range sel.committed {
		if sel.cands[i].Role == RoleAlternative {
			if sel.cands[i].start < sel.cands[best].start {
				return
			}
			last = max(last, sel.cands[i].end)
		}
	}
	if last < 0 || !choosesFirstRe.MatchString(text[last:]) {
		return
	}
	kept := sel.committed[:0]
	for _, i := range sel.committed {
		if sel.cands[i].Role == RoleAlternative {
			sel.cands[i].Role, sel.cands[i].Why = RoleRemark, "set aside: the reply then chooses the first"
			continue
		}
		kept = append(kept, i)
	}
	sel.committed = kept
}

// sentenceAround returns the bounds of the sentence (or line) holding
// text[start:end]: from after the previous sentence end or blank line to
// the next one.
func sentenceAround(text string, start, end int) (int, int) {
	s := start
	for s > 0 {
		c := text[s-1]
		if c == '\n' && s >= 2 && text[s-2] == '\n' {
			break
		}
		if (c == '.' || c == '!' || c == '?') && s < len(text) && (text[s] == ' ' || text[s] == '\n') && !inDollarMath(text, s-1) {
			break
		}
		s--
	}
	e := end
	if j := sentenceEnd(text[end:]); j >= 0 {
		e = end + j
	} else {
		e = len(text)
	}
	if k := strings.Index(text[end:e], "\n\n"); k >= 0 {
		e = end + k
	}
	return s, e
}

// inDollarMath reports whether position i of text is inside $...$.
func inDollarMath(text string, i int) bool {
	return strings.Count(text[:i], "$")%2 == 1
}

// decide grades every candidate of sel with one and returns the verdict
// on the committed answer: its own verdict, or, when the committed
// answers grade differently, an incorrect verdict flagged hedged. noun
// names what the grader looks for ("O(...) bound", "expression").
func decide(sel selection, one func(text string) Verdict, noun string) (out Verdict) {
	verdicts := make([]Verdict, len(sel.cands))
	for i := range sel.cands {
		verdicts[i] = one(sel.cands[i].Text)
		sel.cands[i].Grade = verdicts[i].Grade
	}
	out.Grade = NoAnswer
	defer func() { out.Candidates = keepCandidates(sel.cands) }()
	if len(sel.committed) == 0 {
		out.Reason = "no " + noun + " found in the reply"
		if len(sel.cands) > 0 {
			out.Reason = fmt.Sprintf("no %s of the reply's own: %s", noun, describeOthers(sel.cands))
		}
		return out
	}
	// A committed answer that is only words ("Final answer: see above")
	// gives way to the next own candidate; one that cannot be read, to
	// the next readable one under a cue ("Final answer" after a \boxed{}
	// the parser cannot read).
	if v := verdicts[sel.committed[0]]; v.Grade == NoAnswer {
		prose := v.Extracted == ""
		// The asked quantity written out ("H(X) = …") first, wherever it
		// stands, then the strongest cue.
		next := -1
		for pass := 0; pass < 2 && next < 0; pass++ {
			for _, i := range sel.own {
				if pass == 0 && !sel.namesAsked(i) {
					continue
				}
				if w := verdicts[i]; w.Grade != NoAnswer && (pass == 0 || prose || cueRank[sel.cands[i].Cue] >= cueRank[CueDisplay]) {
					next = i
					break
				}
			}
		}
		if next >= 0 {
			sel.cands[sel.committed[0]].Chosen, sel.cands[next].Chosen = false, true
			sel.committed[0] = next
		}
	}
	first := verdicts[sel.committed[0]]
	out.Grade, out.Score, out.Extracted, out.Reason = first.Grade, first.Score, first.Extracted, first.Reason
	if cue := sel.cands[sel.committed[0]].Cue; cue != CueNone {
		out.Reason = fmt.Sprintf("%s (%s)", first.Reason, cue)
	}
	if sel.verbal != "" && len(sel.committed) == 1 {
		out.Hedged = true
		out.Grade, out.Score = Incorrect, 0
		out.Reason = fmt.Sprintf("hedged: the final line offers a second answer in words beside %s (%s): %s", quoteClip(sel.cands[sel.committed[0]].Text), first.Grade, sel.verbal)
	}
	for _, i := range sel.committed[1:] {
		v := verdicts[i]
		if v.Grade == NoAnswer && sel.cands[i].Role == RoleAlternative && (isProse(sel.cands[i].Text) || sel.wordsBeside(i) || substitutionRe.MatchString(sel.cands[i].Text)) && !restatedOrRe.MatchString("or "+sel.cands[i].Text) && !out.Hedged {
			// "(or the same without the minus sign, if …)": a second
			// answer in words, which no grader reads, is still a second
			// answer.
			out.Hedged = true
			out.Grade, out.Score = Incorrect, 0
			out.Reason = fmt.Sprintf("hedged: commits to %s (%s) and offers, in words, %s; %s", quoteClip(sel.cands[sel.committed[0]].Text), first.Grade,
				quoteClip(sel.cands[i].Text), sel.hedge)
			break
		}
		if v.Grade == first.Grade || v.Grade == NoAnswer || v.Grade == Ungraded {
			continue
		}
		out.Hedged = true
		out.Grade, out.Score = Incorrect, 0
		out.Reason = fmt.Sprintf("hedged: commits to %s (%s) and %s (%s); %s", quoteClip(sel.cands[sel.committed[0]].Text), first.Grade,
			quoteClip(sel.cands[i].Text), v.Grade, sel.hedge)
		break
	}
	return out
}

// maxCandidates bounds the candidates a verdict keeps: all committed
// ones and the latest of the rest.
const maxCandidates = 8

func keepCandidates(cands []Candidate) []Candidate {
	if len(cands) <= maxCandidates {
		return cands
	}
	var out []Candidate
	room := maxCandidates
	for _, c := range cands {
		if c.Chosen {
			room--
		}
	}
	for i, c := range cands {
		if c.Chosen || i >= len(cands)-room && room > 0 {
			out = append(out, c)
		}
	}
	return out
}

// describeOthers says why the reply's candidates were not taken.
func describeOthers(cands []Candidate) string {
	var parts []string
	for _, c := range cands {
		if len(parts) == 3 {
			break
		}
		parts = append(parts, fmt.Sprintf("%s is %s", quoteClip(c.Text), c.Role))
	}
	return strings.Join(parts, "; ")
}

// askedRe finds the quantity a question asks for by name: "… where <expr>
// is your expression for H(X) alone", "Question. Compute Var(q^T k), the
// variance of …".
// It runs on the user's text of every reply graded, so it goes through the
// phrase filter: texts without its words are skipped unscanned.
var askedRe = mustPhrase(`(?i)\byour\s+expression\s+for\s+(\S[^\n]{0,40}?)\s+alone\b` +
	`|\bQuestion\.\s+Compute\s+([A-Za-z][\w.]*\([^()\n]{1,30}\))[,\s]`)

// askedInstead returns the own candidate to commit instead of the best
// one when the best names another quantity on its left-hand side ("det Σ =
// …" after a question asking for H(X)) and another own candidate names the
// asked one ("H(X) = …"), else -1: a careful grader reads the answer to
// the question asked, not the last intermediate the reply concluded. An
// answer-first opening without a left-hand side gives way the same way:
// "The log-density of N(θ, s²) is −(x − θ)²/(2s²) …" opens a derivation
// that ends "Var(ĝ) = …".
func (sel selection) askedInstead() int {
	best := sel.cands[sel.own[0]]
	lhs, ok := leftSide(best.Text)
	if sel.asked == "" || ok && lhsKey(lhs) == sel.asked || !ok && best.Cue != CueOpening {
		return -1
	}
	if ok && cueRank[best.Cue] >= cueRank[CueAnswer] && expressionSideRe.MatchString(lhs) {
		// "Final answer: Σ_{t=1}^{4} g_t x_{2t−1} = g₁x₁ + …" writes one
		// answer two ways; its left side is no other quantity.
		return -1
	}
	for _, i := range sel.own[1:] {
		if sel.namesAsked(i) {
			return i
		}
	}
	return -1
}

// expressionSideRe matches a left-hand side that is an expression (a sum,
// a difference), not the name of a quantity.
var expressionSideRe = regexp.MustCompile(`Σ|\\sum|\S\s*[+−]\s*\S`)

// namesAsked reports whether candidate i is written as the asked quantity
// equal to something ("H(X) = …").
func (sel selection) namesAsked(i int) bool {
	l, ok := leftSide(sel.cands[i].Text)
	return ok && sel.asked != "" && lhsKey(l) == sel.asked
}

// leftSide is the text before the first "=" of s outside brackets.
func leftSide(s string) (string, bool) {
	i := topLevel(s, '=', true)
	if i < 0 {
		return "", false
	}
	l := strings.TrimSpace(s[:i])
	return l, l != ""
}

// lhsSpellings spells LaTeX and unicode forms of a name alike for lhsKey
// (built once: it runs for candidates of every reply to a question that
// names its quantity).
var lhsSpellings = strings.NewReplacer(`\partial`, "∂", `\frac`, "", `\left`, "", `\right`, "", `\mathrm`, "", `\operatorname`, "",
	`\mathbb`, "", `\,`, "", `\!`, "", `\;`, "", `\sigma`, "σ", `\rho`, "ρ", `\theta`, "θ", `\lambda`, "λ", `\top`, "t",
	"₀", "0", "₁", "1", "₂", "2", "₃", "3", "ᵢ", "i", "ⱼ", "j", "ᵀ", "t", "^T", "t", "−", "-")

// lhsKey normalises a quantity's name for comparison: LaTeX markup,
// spaces, subscript marks and fraction bars dropped, unicode subscripts and
// \partial spelt alike, letters lower-cased ("\frac{\partial L}{\partial
// x_i}" and "∂L/∂xᵢ" meet).
func lhsKey(s string) string {
	s = lhsSpellings.Replace(s)
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch c {
		case ' ', '\t', '$', '\\', '{', '}', '_', '/', '*', '^':
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// compareSections makes the own candidates of a section of comparisons
// or context compared ones, when an own candidate outside such sections
// comes before the section: a section that opens a reply is no comment
// on an answer.
func compareSections(cands []Candidate, sections [][2]int) {
	for _, sec := range sections {
		answered := false
		for i := range cands {
			c := &cands[i]
			switch {
			case c.start < sec[0]:
				answered = answered || c.Role == RoleOwn && !inRanges(sections, c.start)
			case c.start < sec[1] && answered && c.Role == RoleOwn && cueRank[c.Cue] < cueRank[CueTotal]:
				c.Role, c.Why = RoleCompared, "in a section of comparisons or context after the answer"
			}
		}
	}
}

// comparisonHeadRe is a line that opens a section of comparisons or
// context: "Some context for comparison:", "**For reference**", "Related
// quantities:".
var comparisonHeadRe = mustPhrase(`(?im)^[ \t#>*_-]*(?:(?:some|a\s+bit\s+of|a\s+little|useful|extra|additional|more)\s+)?(?:context|comparisons?|for\s+(?:comparison|context|reference)|related\s+(?:quantities|results|figures|numbers|expressions|cases)|other\s+(?:quantities|figures|numbers|regimes)|side\s+notes?|sanity\s+checks?|points\s+of\s+comparison)\b[^\n]{0,40}?(?::|\*\*|\.)?[ \t*_]*$`)

// sectionEndRe is a line that ends such a section: a heading, a bold
// run-in label, a "Final answer"/"Answer" line.
var sectionEndRe = mustPhrase(`(?im)^[ \t]*(?:#|\*\*[^*\n]{1,60}\*\*[ \t]*$|(?:\*\*)?(?:final\s+)?answer\b)`)

// comparisonParaRe is a paragraph's opening sentence that announces
// comparisons: "A few comparisons help to see where this sits.", "Some
// comparisons:".
var comparisonParaRe = mustPhrase(`(?im)(?:\A|\n[ \t]*\n)[ \t>*_-]*(?:(?:a\s+few|some|a\s+couple\s+of|two|three)\s+(?:[\w-]+\s+(?:values|checks|numbers)\s+and\s+)?(?:comparisons|points\s+of\s+comparison|reference\s+points)\b[^\n.:]{0,60}` +
	// "It is worth noting what the pieces look like and how they compare
	// with nearby formulas.", "It is worth setting this next to the
	// familiar alternatives.", "Some remarks on how this compares with the
	// usual shortcuts."
	`|(?:it\s+is|it's|it’s)\s+worth\s+(?:noting|setting|putting|comparing|seeing|looking\s+at)\b[^\n.:]{0,80}?\b(?:compar\w*|next\s+to|beside|alongside|against)\b[^\n.:]{0,60}` +
	`|some\s+remarks\s+on\s+how\b[^\n.:]{0,60}?\bcompar\w*[^\n.:]{0,60}` +
	// "A few remarks that help place this.", "Some remarks and
	// comparisons:"
	`|(?:a\s+few|some|a\s+couple\s+of|two|three)\s+remarks\b[^\n.:]{0,60}` +
	// "Some context for that number.", "For context:"
	`|(?:some|a\s+(?:bit|little)\s+of|for)\s+(?:more\s+)?context\b[^\n.:]{0,60}` +
	// "A few ways to cross-check it against other things you might have
	// seen:"
	`|(?:a\s+few|some|a\s+couple\s+of|two|three)\s+ways\s+to\s+(?:cross-?check|sanity-?check|check|compare)\b[^\n.:]{0,80})[.:]` +
	// "Compared with the usual assumption (ρ = 0), the correlation
	// inflates …": the whole paragraph compares.
	`|(?:\A|\n[ \t]*\n)[ \t>*_-]*(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to))\b` +
	// "Compare the popular approximations."
	`|(?:\A|\n[ \t]*\n)[ \t>*_-]*compare\s+(?:the|this|that|it|with)\b[^\n.:]{0,60}[.:]`)

// comparisonSections are the byte ranges of a reply's sections of
// comparisons or context: from such a heading line to the next heading,
// bold label line or answer line, and from a paragraph opening that
// announces comparisons to the paragraph's end.
func comparisonSections(text string) [][2]int {
	var out [][2]int
	for _, h := range comparisonParaRe.FindAllStringIndex(text, -1) {
		end := len(text)
		if e := strings.Index(text[h[1]:], "\n\n"); e >= 0 {
			end = h[1] + e
		}
		if strings.TrimSpace(text[h[1]:end]) == "" {
			// "A few ways to cross-check it:" introduces the list of
			// paragraphs after it.
			end = listEnd(text, end)
		}
		if e := sectionEndRe.FindStringIndex(text[h[1]:end]); e != nil {
			end = h[1] + e[0]
		}
		out = append(out, [2]int{h[1], end})
	}
	for _, h := range comparisonHeadRe.FindAllStringIndex(text, -1) {
		end := len(text)
		if e := sectionEndRe.FindStringIndex(text[h[1]:]); e != nil {
			end = h[1] + e[0]
		}
		out = append(out, [2]int{h[1], end})
	}
	return out
}

// listEnd is the end of the list whose first item starts after the
// blank line at i: the end of the last of the paragraphs that open with a
// list marker, or i when none does.
func listEnd(text string, i int) int {
	for {
		j := i + len(text[i:]) - len(strings.TrimLeft(text[i:], " \t\r\n"))
		if !listItemRe.MatchString(text[j:]) {
			return i
		}
		i = nextParagraph(text, nil, i)
	}
}

// listItemRe opens a list item: "- ", "* ", "• ", "1. ", "(a) ".
var listItemRe = regexp.MustCompile(`^(?:[-*•·]\s|\d{1,2}[.)]\s|\([a-z0-9]\)\s)`)

// hedgedNear makes the own candidates (and remarks) of the sentence where
// a reply leaves another answer standing beside its own ("I can't
// completely rule out O(N² M D_r)", "Final answer: 12 (preferred; 4
// remains a possible reading)", "Both are legitimate …"), and of the
// sentence after it, alternatives beside the committed answer; it returns
// the hedge's words, or "" when the reply has none or chooses after it.
// Whether the reply hedges is then decided by the grades: an alternative
// that grades like the committed answer is the same answer restated. When
// the hedge is on the committed answer's final line and leaves no
// expression standing beside it, the second answer is in words ("or the
// same without the minus sign", "the version with λ in place of 2λ
// remains possible"): verbal returns the hedge's words then.
func hedgedNear(text string, cands []Candidate, best int) (why, verbal string) {
	loc := hedgeSpan(text)
	if loc == nil {
		return "", ""
	}
	// After an explicit final answer that names one answer, a doubt
	// voiced in the body does not reopen it: a grader reads the final
	// line. A doubt on that line does.
	onFinalLine := false
	if b := cands[best]; cueRank[b.Cue] >= cueRank[CueAnswer] && b.region >= 0 {
		ls, le := lineAround(text, b.start)
		if loc[0] < ls || loc[0] > le {
			// The doubt in the body is not the line's; the line may
			// have one of its own.
			l := hedgeSpan(text[ls:le])
			if l == nil {
				return "", ""
			}
			loc = []int{ls + l[0], ls + l[1]}
		}
		onFinalLine = !restatedOrRe.MatchString(text[b.end:le])
	}
	s0, s1 := sentenceAround(text, loc[0], loc[1])
	if s1 < len(text) {
		if _, e := sentenceAround(text, s1+1, s1+1); e > s1 {
			s1 = e
		}
	}
	// "X if …, or Y if …. Either can be defended": the answers come
	// before the words that leave them both standing.
	if p := strings.TrimRight(text[:s0], " \t"); p != "" && !strings.HasSuffix(p, "\n\n") {
		if b, _ := sentenceAround(text, len(p)-1, len(p)-1); b < s0 {
			s0 = b
		}
	}
	words := quoteClip(strings.TrimSpace(text[loc[0]:loc[1]]))
	for i := range cands {
		c := &cands[i]
		if i == best || c.Role != RoleOwn && c.Role != RoleRemark || c.start < s0 || c.end > s1 {
			continue
		}
		c.Role, c.Why = RoleAlternative, whyLeftStanding+words
		why = "leaves another answer standing: " + words
	}
	if why == "" && onFinalLine {
		return "", words
	}
	return why, ""
}

// wordsBeside reports whether alternative i is a fragment of a second
// answer in words that a hedge on the final answer line leaves standing:
// "(or the same expression with a + sign if …)" yields the unreadable
// candidate "a +".
func (sel selection) wordsBeside(i int) bool {
	best := sel.cands[sel.committed[0]]
	why := sel.cands[i].Why
	return cueRank[best.Cue] >= cueRank[CueAnswer] && (strings.HasPrefix(why, whyLeftStanding) || why == whyCondParen)
}

// whyLeftStanding begins the reason hedgedNear gives a candidate it makes
// an alternative; whyCondParen is markRemarks' for an answer offered in a
// parenthetical on the final line.
const (
	whyLeftStanding = "left standing beside the answer: "
	whyCondParen    = "offered under another condition in a parenthetical after the answer"
)

// isProse reports whether a candidate is words, not math: three or more
// words and no operator ("the same without the minus sign, if …").
func isProse(s string) bool {
	return len(strings.Fields(s)) >= 3 && !mathOpRe.MatchString(s) && !strings.ContainsAny(s, "0123456789")
}

// substitutionRe is a second answer described as the first with one
// term swapped: "(or the same with λ in place of 2λ if …)".
var substitutionRe = mustPhrase(`(?i)\b(?:with|using)\s+\S{1,20}\s+(?:in\s+place\s+of|instead\s+of)\s+\S{1,20}`)

// restatedOrRe is an "or" on a final answer line that restates the answer
// rather than offering another: "(or equivalently …)", "(or, if you
// prefer, …)".
var restatedOrRe = mustPhrase(`(?i)\bor\s*,?\s*(?:equivalently|in\s+other\s+words|i\.e\.|if\s+you\s+prefer|written\s+as|expressed\s+as|simplified|in\s+(?:closed|expanded|factored|simplified)\s+form)`)

// lineAround is the line of text around position i.
func lineAround(text string, i int) (int, int) {
	start := strings.LastIndexByte(text[:i], '\n') + 1
	end := len(text)
	if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
		end = i + j
	}
	return start, end
}
