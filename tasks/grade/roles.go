package grade

import (
	"strings"
	"sync"
)

// This file decides whose answer a candidate is, from the words around it
// in its sentence: the reply's own, compared with, attributed to the user
// or the solution, rejected, or quoted from the user's message.

var (
	// myAnswerRe precedes the reply's own answer named as such.
	// "mine: O(…)" in a side-by-side listing is the reply's own.
	myAnswerRe = mustPhrase(`(?i)\b(?:my|our)\s+(?:\w+\s+)?(?:answer|result|bound|expression|value|count|claim|derivation|figure|estimate|number|total)\b[^.;\n]{0,30}$|\bmine\s*[:：]\s*$`)
	// ownStandsRe follows an earlier answer the reply still holds.
	ownStandsRe = mustPhrase(`(?i)^[^.;\n]{0,50}?\b(?:stands|still\s+stands|remains|holds|is\s+(?:still\s+)?(?:correct|right|accurate|valid)|was\s+(?:correct|right))\b`)
	// staysBeforeRe precedes an answer the reply keeps "as before": "my
	// answer stays as before: X", "the result is the same as earlier, X".
	staysBeforeRe = mustPhrase(`(?i)\b(?:stays?|remains?|stands?|is\s+unchanged|unchanged|(?:is|was)\s+the\s+same)\s+(?:as\s+)?(?:before|earlier|previously|i\s+said)\b[^.;\n]{0,25}$`)
	// rejectedBeforeRe precedes an answer the reply rejects: "not X",
	// "instead of X", "my earlier X".
	rejectedBeforeRe = mustPhrase(`(?i)(?:` +
		`\b(?:not|isn't|isn’t|is\s+not|aren't|never|no\s+longer)\s+(?:(?:equal\s+to|be|the|a|an|just|simply|exactly|quite|really)\s+)*(?:\$|\\\(|\*\*|\s)*$` +
		`|\b(?:rather\s+than|instead\s+of|wrong(?:ly)?|incorrect(?:ly)?|mistaken(?:ly)?|erroneous(?:ly)?|previously|originally|initially|earlier|before)\b` +
		`|\b(?:my|the)\s+(?:previous|earlier|original|initial|first|old|prior)\s+(?:\w+\s+)?(?:answer|result|bound|expression|value|count|claim|estimate|figure|total|number|formula)\b` +
		`|\bi\s+(?:first|initially|originally|previously)\s+(?:thought|wrote|said|got|had|guessed|gave|claimed|stated|used)` +
		`)[^.;\n]{0,25}$`)
	// asideClauseRe is a "rather than …," or "instead of …," clause closed
	// before the candidate.
	asideClauseRe = mustPhrase(`(?i)\b(?:rather\s+than|instead\s+of)\b[^.;,\n]{0,40},`)
	// rejectedAfterRe follows an answer the reply calls wrong.
	rejectedAfterRe = mustPhrase(`(?i)^[^.;\n]{0,40}?\b(?:is|was|were|are|would\s+be)\s+(?:\w+\s+)?(?:wrong|incorrect|mistaken|an?\s+(?:error|mistake|overcount|undercount|overestimate|underestimate|typo))\b`)
	// slipRe marks a sentence about a mistake others make: its expressions
	// are what not to write ("A common slip is to write …", "An easy
	// mistake would give …").
	slipRe = mustPhrase(`(?i)\b(?:(?:common|frequent|typical|easy|classic|usual|tempting|natural|standard)\s+(?:slip|mistake|error|pitfall|trap|confusion|misconception)|(?:slip|mistake|error|pitfall)\s+(?:is|would\s+be)\s+to|(?:forgetting|dropping|omitting|neglecting|ignoring|missing)\s+(?:the|this|that|to)\b)[^.;\n]{0,160}$`)
	// slipAfterRe follows an expression that the sentence calls a mistake.
	slipAfterRe = mustPhrase(`(?i)^[^.;\n]{0,60}?\b(?:is|are|was|would\s+be)\s+(?:the\s+|a\s+|an\s+)?(?:most\s+)?(?:common|frequent|typical|easy|classic|usual)\s+(?:slip|mistake|error|pitfall)`)
	// specialCaseRe precedes a special case of the answer: "with zero
	// means this reduces to …".
	specialCaseRe = mustPhrase(`(?i)\b(?:reduces?|simplif(?:y|ies)|collapses?|specialis(?:es|e)|specializ(?:es|e)|degenerates?)\s+to\b[^.;\n]{0,20}$|\b(?:in\s+the\s+(?:special|limiting|simple)\s+case|for\s+example|e\.g\.|for\s+instance)\b[^.;\n]{0,60}$`)
	// settingCaseRe precedes an expression that holds at a setting of a
	// variable ("with ε = 0, this becomes"); settingEvenRe is the same
	// setting granted ("well defined even with ε = 0:"), which does not
	// make what follows a special case.
	settingCaseRe = mustPhrase(`(?i)\b(?:at|for|with|when|if)\s+([a-zα-ωA-Z]\w*)\s*(?:=|→|->|\\to)\s*([-\d.∞]+|√\s*[A-Za-z]\w*|\\sqrt\{[A-Za-z]\w*\}|sqrt\([A-Za-z]\w*\))[^.;\n]{0,150}$`)
	settingEvenRe = mustPhrase(`(?i)\beven\s+(?:at|for|with|when|if)\s+[a-zα-ωA-Z]\w*\s*(?:=|→|->|\\to)\s*[-\d.∞]+[^.;\n]{0,150}$`)
	// comparedBeforeRe precedes an expression that is only compared with.
	comparedBeforeRe = mustPhrase(`(?i)(?:\b(?:versus|vs\.?|compared\s+(?:with|to)|in\s+contrast\s+(?:with|to)|unlike|as\s+opposed\s+to|relative\s+to|improvement\s+(?:over|on)|down\s+from|reduc\w*\s+from|(?:better|faster|cheaper|smaller|larger|lower|higher|less|more|worse|slower)\s+than|than|instead\s+of|rather\s+than|against)\b[^.;\n]{0,40}$)|\d\s*%\s+of\s+(?:the\s+|its\s+|a\s+)?(?:\*\*|\$)?$|(?:\b(?:` +
		`naive` +
		`|naïve` +
		`|vanilla` +
		`|standard` +
		`|full` +
		`|exact` +
		`|softmax` +
		`|quadratic` +
		`|dense` +
		`|uncached` +
		`|brute[- ]force` +
		`|conventional` +
		`|traditional` +
		`|ordinary` +
		`|regular` +
		`|usual` +
		`|non-causal` +
		`|unmasked` +
		`)\b(?:\s+[\w'’-]+){0,5}?\s+(?:would\s+(?:be|cost|take|need|require|give|scale\s+as)|costs?|takes?|needs?|requires?|is|are|has|have|scales?\s+(?:as|like)|of|at|with|gives?)\s*:?\s*(?:\*\*|\$|\\\(|\\\[|\s)*$)`)
	// compareOpeningRe opens a sentence that sets the answer beside
	// something else: "Compare that with generating without a cache, where
	// … the total becomes Y".
	compareOpeningRe = mustPhrase(`(?i)^[\s*_>-]*(?:(?:first|second|third|also|finally|for\s+comparison),?\s+)?(?:compare|contrast)\s+(?:that|this|it|these|the\s+above)?\s*(?:with|to|against)\b[^.;\n]*$`)
	// otherQuestionAfterRe follows an expression the reply grants only as
	// the answer to another question: "21.875% is correct for the
	// overhead-relative-to-compute question, not for this one".
	// memoryBeforeRe ends a clause that gives the memory a method needs,
	// not its time: "Memory stays at O(D_random·M) for the running state".
	memoryBeforeRe = mustPhrase(`(?i)\b(?:memory|space|storage)(?:\s+(?:use|usage|footprint|cost|complexity|requirement)s?)?\s+(?:stays|is|remains|grows|scales|costs|needs|requires|takes|drops\s+to|falls\s+to)\s+(?:(?:at|as|like|only|just|still|to|then)\s+)*[\s$\\(]*$`)
	// memoryAskedRe finds a question that asks about memory.
	memoryAskedRe        = mustPhrase(`(?i)\b(?:memory|space|storage|activations?\s+(?:kept|stored|held))\b`)
	otherQuestionAfterRe = mustPhrase(`(?i)^[^.;\n]{0,60}?\b(?:is|would\s+be)\s+(?:\w+\s+){0,2}(?:correct|right|the\s+(?:right\s+|correct\s+)?answer)\s+(?:for|to)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?(?:different|another|other|related)\b|^[^.;\n]{0,120}?\bnot\s+(?:for\s+)?this\s+(?:one|question)\b`)
	// comparedAfterRe follows an expression that describes something else:
	// "O(N^2) for standard attention", "O(N^2 D) of softmax attention".
	comparedAfterRe = mustPhrase(`(?i)^(?:\$|\\\)|\*\*|\s)*\)?\s*(?:for|of|in|with|by|from)\s+(?:the\s+|a\s+|an\s+)?(?:standard|naive|naïve|vanilla|usual|regular|ordinary|full|exact|quadratic|softmax|traditional|dense|plain|conventional|uncached|original|non-causal|unmasked)\b`)
	// finalLabelBeforeRe ends the text before a Final-answer line's
	// expression.
	finalLabelBeforeRe = mustPhrase(`(?i)\bfinal\s+answer\s*[*_]*\s*[:：]?\s*[*_$]*\s*$`)
	// readingNameBeforeRe and readingNameAfterRe surround an expression
	// that names a reading rather than giving an answer: "T² (p_j − q_j)
	// under the z_j/T reading".
	readingNameBeforeRe = mustPhrase(`(?i)\b(?:under|in|on|with)\s+(?:the|a|an|your|my|this|that)\s*(?:\$|\\\(|\*\*|\s)*$`)
	readingNameAfterRe  = mustPhrase(`(?i)^(?:\$|\\\)|\*\*|\s)*(?:reading|interpretation|convention|definition|parameteri[sz]ation|normali[sz]ation)\b`)
	// operandBeforeRe precedes the function a question operates on, restated:
	// "the third derivative of σ(z) = 1/(1 + e^{−z}) with respect to z".
	operandBeforeRe = mustPhrase(`(?i)\b(?:derivative|derivatives|gradient|hessian|integral|antiderivative|inverse|fourier\s+transform)\s+of\s*(?:\$|\\\(|\s)*$`)
	// attributedBeforeRe precedes someone else's answer.
	attributedBeforeRe = mustPhrase(`(?i)(?:` +
		`\b(?:the|this|that)\s+(?:official\s+|provided\s+|reference\s+|given\s+|posted\s+|uploaded\s+|model\s+|suggested\s+|proposed\s+|quoted\s+)?(?:solution|answer\s+key|solution\s+key|reference(?:\s+answer|\s+solution)?|textbook|professor|instructor|grader|ta|course|homework)(?:'s|’s)?(?:[\s,:]|$)` +
		`|\byour\s+(?:\w+\s+)?(?:answer|claim|result|expression|bound|value|number|formula|version|figure|suggestion|solution|count)?` +
		`|\byou(?:'re|’re|\s+are|\s+have|'ve)?\s+(?:\w+\s+)?(?:said|say|wrote|write|claim\w*|suggest\w*|propos\w*|stat\w*|gave|give|got|mention\w*|quot\w*|argu\w*|assert\w*|think|believe|offered|put)` +
		`|\bthe\s+user(?:'s|’s)?|\byours\s*[:：]` +
		`|\b(?:they|he|she|the\s+paper's\s+critics)\s+(?:say|said|claim\w*|got|give|gave|get)` +
		`|\b(?:according\s+to|per)\s+(?:the|your)\b` +
		`)[^.;\n]{0,60}$`)
	// attributedAfterRe follows someone else's answer: "X, as you said".
	attributedAfterRe = mustPhrase(`(?i)^(?:\$|\\\)|\*\*|\s|\))*[,(]?\s*(?:as\s+(?:you|the\s+solution)\s+(?:said|wrote|claim|state|suggest)|(?:is|was)\s+(?:what\s+)?(?:you|the\s+solution|the\s+key)\s+(?:said|wrote|claim|give|gives|gave|states|suggest))`)
)

// roleOf decides the role of a span from its context, with a short why
// for every role but plain own.
func roleOf(text, user string, sp span, quoted [][2]int) (Role, string) {
	for _, q := range quoted {
		if sp.start >= q[0] && sp.end <= q[1] {
			return RoleQuoted, "copied from the user's message"
		}
	}
	// A display set off by blank lines continues the sentence before it.
	before := strings.ReplaceAll(clauseBefore(text, sp.start), "\n", " ")
	// "with a summed rather than averaged loss, X": what "rather than"
	// sets aside ends at the comma; X is not it.
	before = asideClauseRe.ReplaceAllString(before, "")
	after := text[sp.end:min(len(text), sp.end+120)]
	switch {
	case slipRe.MatchString(before) && !finalLabelBeforeRe.MatchString(before) || slipAfterRe.MatchString(after):
		// ("Dropping the constant 3:\n\nFinal answer: O(a · L^(1/3))" is
		// a simplification, then the answer: a Final-answer label is no
		// slip's example.)
		return RoleRejected, "a mistake the reply warns about"
	case rejectedAfterRe.MatchString(after) && !myAnswerStands(after):
		return RoleRejected, "the reply calls it wrong"
	case myAnswerRe.MatchString(before):
		if givenUp(before, after) {
			return RoleRejected, "the reply's earlier answer, given up"
		}
		return RoleOwn, ""
	case attributedBeforeRe.MatchString(before):
		return RoleAttributed, "attributed: " + quoteClip(strings.TrimSpace(tail(before, 50)))
	case attributedAfterRe.MatchString(after):
		return RoleAttributed, "attributed to someone else"
	case givenUp(before, after):
		return RoleRejected, "rejected: " + quoteClip(strings.TrimSpace(tail(before, 40)))
	case specialCaseRe.MatchString(before) || specialSetting(before, user):
		return RoleCompared, "a special case: " + quoteClip(strings.TrimSpace(tail(before, 40)))
	case comparedBeforeRe.MatchString(before) || compareOpeningRe.MatchString(before):
		return RoleCompared, "compared with: " + quoteClip(strings.TrimSpace(tail(before, 40)))
	case comparedAfterRe.MatchString(after):
		return RoleCompared, whyElsewhere + quoteClip(strings.TrimSpace(clipText(after, 40)))
	case memoryBeforeRe.MatchString(before) && !memoryAskedRe.MatchString(user):
		return RoleCompared, "the memory, which the question does not ask: " + quoteClip(strings.TrimSpace(tail(before, 40)))
	case otherQuestionAfterRe.MatchString(after):
		return RoleCompared, "the answer to another question: " + quoteClip(strings.TrimSpace(clipText(after, 60)))
	case operandBeforeRe.MatchString(before):
		return RoleCompared, "what the question operates on: " + quoteClip(strings.TrimSpace(tail(before, 40)))
	case readingNameBeforeRe.MatchString(before) && readingNameAfterRe.MatchString(after):
		return RoleCompared, "names a reading, not an answer: " + quoteClip(strings.TrimSpace(clipText(after, 30)))
	}
	return RoleOwn, ""
}

// specialSetting reports whether the clause before an expression sets a
// variable the question does not ("with ε = 0, this becomes"): not a
// setting granted ("well defined even with ε = 0:") nor the question's own
// ("with r = 8 on W_q and W_v, the count is", asked with r = 8).
func specialSetting(before, user string) bool {
	m := settingCaseRe.FindStringSubmatch(before)
	if m == nil || settingEvenRe.MatchString(before) {
		return false
	}
	return !statesSetting(user, m[1], strings.TrimRight(m[2], "."))
}

// statesSetting reports whether text sets name to value ("r = 8", not
// "r = 80" or "the r = 8").
func statesSetting(text, name, value string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		j += i
		i = j + len(name)
		if j > 0 && isWordByte(text[j-1]) {
			continue
		}
		rest := strings.TrimLeft(text[i:], " \t")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t")
		if !strings.HasPrefix(rest, value) {
			continue
		}
		if after := rest[len(value):]; after == "" || !isWordByte(after[0]) && !(after[0] == '.' && len(after) > 1 && numIsDigit(after[1])) {
			return true
		}
	}
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// whyElsewhere opens the reason of a candidate the words after it place
// in another setting; markRemarks still takes one offered with "or" as an
// alternative.
const whyElsewhere = "describes something else: "

func myAnswerStands(after string) bool { return ownStandsRe.MatchString(after) }

// givenUp reports whether the text around an answer rejects it ("not X",
// "my earlier X") without keeping it ("my answer stays as before: X", "X
// still stands").
func givenUp(before, after string) bool {
	return rejectedBeforeRe.MatchString(before) && !myAnswerStands(after) && !staysBeforeRe.MatchString(before)
}

// clauseBefore returns the text of the sentence before position i, back
// to the previous sentence end, at most 160 bytes. A display equation
// introduced by a sentence ending in ":" takes that sentence as its own.
func clauseBefore(text string, i int) string {
	j := i
	for j > 0 && i-j < 160 {
		c := text[j-1]
		if (c == '.' || c == '!' || c == '?') && (text[j] == ' ' || text[j] == '\n') && !inDollarMath(text, j-1) {
			break
		}
		if c == '\n' && j >= 2 && text[j-2] == '\n' {
			// A blank line ends the sentence unless the paragraph before
			// introduces this one with a colon.
			k := strings.TrimRight(text[:j-2], " \t\r\n")
			if !strings.HasSuffix(k, ":") && !strings.HasSuffix(k, ":**") {
				break
			}
		}
		j--
	}
	return text[j:i]
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := len(s) - n
	for cut < len(s) && s[cut]&0xC0 == 0x80 {
		cut++
	}
	return "…" + s[cut:]
}

// minQuote is the shortest span counted as a quote of the user: shorter
// common spans are ordinary shared words.
const minQuote = 40

// quotedRanges returns the byte ranges of reply, each at least minQuote
// bytes, that occur verbatim in user (case-insensitively). A window of the
// reply is looked up by its hash among the user's windows (a user prompt
// is met again and again, so its windows are kept) before the user text
// is searched for it.
func quotedRanges(reply, user string) [][2]int {
	if len(user) < minQuote || len(reply) < minQuote {
		return nil
	}
	lr, lu := strings.ToLower(reply), strings.ToLower(user)
	windows := userWindows(lu)
	var out [][2]int
	h, at := uint64(0), -1 // h is the hash of the window at at
	for i := 0; i+minQuote <= len(lr); {
		if at == i-1 && at >= 0 {
			h = rollHash(h, lr[i-1], lr[i+minQuote-1])
		} else {
			h = windowHash(lr[i : i+minQuote])
		}
		at = i
		if _, ok := windows[h]; !ok || !strings.Contains(lu, lr[i:i+minQuote]) {
			i++
			continue
		}
		end := i + minQuote
		for end < len(lr) && strings.Contains(lu, lr[i:end+1]) {
			end++
		}
		out = append(out, [2]int{i, end})
		i = end
	}
	return out
}

// hashBase is the base of windowHash; hashTop is hashBase^minQuote, the
// weight a window's first byte has once the hash is multiplied to take the
// next byte.
const hashBase = 1000003

var hashTop = func() uint64 {
	p := uint64(1)
	for range minQuote {
		p *= hashBase
	}
	return p
}()

// windowHash is a polynomial hash of a minQuote-byte window (mod 2^64),
// rolled one byte at a time by quotedRanges.
func windowHash(w string) uint64 {
	var h uint64
	for i := 0; i < len(w); i++ {
		h = h*hashBase + uint64(w[i])
	}
	return h
}

// rollHash moves a window's hash h one byte on: out leaves it, in joins.
func rollHash(h uint64, out, in byte) uint64 {
	return h*hashBase - uint64(out)*hashTop + uint64(in)
}

// userWindows is the set of hashes of every minQuote-byte window of lu,
// kept for the last few user texts.
func userWindows(lu string) map[uint64]struct{} {
	windowsMu.Lock()
	defer windowsMu.Unlock()
	for _, e := range windowsCache {
		if e.user == lu {
			return e.set
		}
	}
	set := make(map[uint64]struct{}, len(lu))
	h := windowHash(lu[:minQuote])
	set[h] = struct{}{}
	for i := 1; i+minQuote <= len(lu); i++ {
		h = rollHash(h, lu[i-1], lu[i+minQuote-1])
		set[h] = struct{}{}
	}
	copy(windowsCache[1:], windowsCache[:])
	windowsCache[0] = userWindowSet{lu, set}
	return set
}

type userWindowSet struct {
	user string
	set  map[uint64]struct{}
}

var (
	windowsMu    sync.Mutex
	windowsCache [8]userWindowSet
)

// StripQuoted removes from reply every span of at least 40 bytes that
// occurs verbatim in user (case-insensitively), leaving the model's own
// words.
func StripQuoted(reply, user string) string {
	qs := quotedRanges(reply, user)
	if len(qs) == 0 {
		return reply
	}
	var b strings.Builder
	at := 0
	for _, q := range qs {
		b.WriteString(reply[at:q[0]])
		b.WriteString(" … ")
		at = q[1]
	}
	b.WriteString(reply[at:])
	return b.String()
}
