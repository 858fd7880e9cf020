package grade

var (
	// hedgeRe finds a reply that leaves two answers standing: "both
	// readings are defensible", "Reading 1 … Reading 2", "either 0.002 or
	// 0.001, depending on …", "or alternatively", "(possibly 0.999)".
	hedgeRe = mustPhrase(`(?i)\b(?:` +
		`both\s+(?:readings|interpretations|definitions|values|options|versions|numbers|figures|pairs|forms)\s+(?:are\s+|can\s+be\s+|seem\s+)?(?:\w+\s+)?(?:defensible|plausible|valid|possible|reasonable|acceptable|correct|legitimate)` +
		`|two\s+(?:\w+\s+)?(?:defensible|possible|plausible|valid|reasonable|legitimate)\s+(?:answers|readings|interpretations|definitions|values|options)` +
		`|two\s+(?:readings|interpretations)\s+(?:of|are|here)` +
		`|(?:reading|interpretation)\s+(?:\(?[ab12]\)?|one|two)\s*[:)(]` +
		`|or\s+alternatively` +
		`|i(?:'d|’d|\s+would)\s+(?:treat|accept|consider|count)\s+(?:both|either)` +
		`|(?:can't|cannot|can\s+not|couldn't)\s+(?:\w+\s+){0,2}(?:say|tell|be\s+(?:sure|certain)|determine|recall|remember)\s+(?:\w+\s+){0,3}which` +
		`|which\s+(?:one\s+)?[^.;\n]{0,60}\bdepends\s+on\s+(?:the\s+)?(?:source|codebase|implementation|reading|convention|course)` +
		`|which\s+(?:one|of\s+the\s+two|reading|interpretation|definition)\s+(?:applies|is\s+(?:meant|intended|right|correct))\s+depends` +
		`|either\s+(?:[^.;\n]|\.\d){1,80}\bor\b(?:[^.;\n]|\.\d){1,80}\bdepending\s+on` +
		`|(?:can't|cannot)\s+(?:honestly\s+|really\s+)?pick\s+(?:one|between)` +
		`|both\s+(?:readings|interpretations|versions|answers)\s+(?:appear|are\s+(?:common|used|in\s+use|found))` +
		`|\bor\s+(?:[^.;\n]|\.\d){1,120}\bdepending\s+on\b` +
		`|\beither\s+(?:from|by|through|via)\s+[^.;\n]{1,150}\bor\s+(?:from|by|through|via)\b` +
		`|(?:can't|cannot)\s+pin\s+(?:it|this|that)\s+down|whichever\s+of\s+the\s+two` +
		`|(?:is|are)\s+either\s+[^.;\n]{1,80}\bor\b[^.;\n]{1,60}\b(?:depending|i'm\s+not\s+sure|i\s+can't)` +
		`|two\s+(?:readings|interpretations|answers|options|versions)\s+(?:seem|are|look)\s+(?:\w+\s+)?(?:defensible|plausible|valid|possible|reasonable)` +
		`|(?:present|give|offer|leave)\s+both\s+(?:readings|answers|options|interpretations|versions)` +
		`|depending\s+on\s+how\s+you\s+read` +
		`|(?:can't|cannot)\s+pin\s+down\s+(?:exactly\s+)?(?:which|whether|the\s+form)` +
		`|depends\s+on\s+which\s+(?:version|reading|definition|convention|form|source|variant)` +
		`|both\s+(?:appear(?:\s*[.;,)]|\s+(?:in\b|often|commonly|widely|regularly|throughout))|are\s+in\s+use|are\s+used(?:\s*[.;]|\s+(?:in\s+(?:the\s+)?(?:literature|practice|papers|textbooks|the\s+wild)|interchangeably|widely)))` +
		`|\bor\b[^.;\n]{1,120}\bunder\s+the\s+[^.;\n]{0,40}\b(?:convention|reading|interpretation|definition)` +
		// "I also have a competing recollection …; I do not want to
		// assert one over the other from memory", "about one point if the
		// 86.2% figure is right, or closer to three if it is nearer 88%".
		// "Whether you summarise that as … or as … depends on how much
		// weight you put on …", "X when position i attends to itself, or Y
		// if the state is read before token i is added", "(or the
		// ensemble-alone reading I flagged)".
		`|\bwhether\s+[^.;\n]{1,120}\bor\s+[^.;\n]{1,160}\bdepends\s+on\b|\bwhen\s+[^.;\n]{1,80},\s+or\s+[^.;\n]{1,120}\bif\s+|\bor\s+the\s+[^()\n]{1,40}\breading\s+i\s+(?:flagged|mentioned|noted|described|gave)\b` +
		`|\b(?:do\s+not|don't|don’t)\s+want\s+to\s+assert\s+one\s+over\s+the\s+other\b|\bif\s+the\s+(?:[\d.,]+\s*%?\s+)?(?:figure|number|value)\s+is\s+(?:right|correct)\s*,?\s+or\b` +
		// "X under the inclusive mask, or Y under the strict one", "my memory
		// says 128 …, but it may be the reverse".
		`|\bor\b(?:[^.;\n]|\.\d){1,120}\bunder\s+the\s+(?:\w+\s+)?one\s*(?:[.;),\n]|$)|\b(?:it|that|this)\s+(?:may|might|could)\s+(?:well\s+|also\s+)?be\s+the\s+(?:reverse|other\s+way\s+(?:round|around))\s*(?:[.;,()]|$)` +
		`|(?:in|under)\s+the\s+(?:alternative|other)\s+(?:reading|interpretation|convention)` +
		`|two\s+ways\s+(?:to|of)\s+read(?:ing)?\b|two\s+(?:readings|interpretations)\s+(?:that\s+)?i\s+(?:can't|cannot|couldn't)` +
		`|both\s+(?:are|seem|look)\s+(?:\w+\s+)?consistent\s+with` +
		`|\b(?:so|thus|hence)\s+either\s+[^.;\n]{1,200}\bor\b|\bwhich\s+is\s+either\s+[^.;\n]{1,150}\bor\b` +
		`|(?:can't|cannot)\s+(?:fully\s+|completely\s+|really\s+)?rule\s+(?:either|one|the\s+other)\s+out|so\s+i(?:'ll|’ll|\s+will)?\s+(?:give|list|report)\s+both|(?:can't|cannot|can\s+not)\s+pin\s+(?:it\s+|this\s+|that\s+)?down\s+(?:uniquely|for\s+(?:sure|certain)|with\s+certainty|definitively)|(?:wouldn't|would\s+not|won't|will\s+not)\s+commit\s+to\s+(?:one|either)\s+over\s+the\s+other` +
		`|(?:can't|cannot)\s+rule\s+out\s+the\s+other|\bor,?\s+in\s+the\s+(?:looser|stricter|broader|narrower|alternative|other|wider)\s+(?:sense|reading|definition|usage|meaning)` +
		`|\boption\s+(?:1|2|one|two)\s*:` +
		`|(?::|\bis)\s+either\s+[^.;\n]{1,150}?,?\s+or\s+(?:none|no\s+\w+|not\s+at\s+all)\b` +
		`|(?:i'm|i’m|i\s+am)\s+(?:honestly\s+|really\s+|genuinely\s+|frankly\s+|just\s+)?not\s+(?:certain|sure)\s+which\b|both\s+(?:versions|forms|variants|definitions|conventions)\s+(?:circulate|are\s+common)|\(one\s+of\s+the\s+two\b` +
		// Leaning to one answer while keeping another standing: "I can't
		// completely rule out …", "(preferred; Y still possible)", "Y is
		// also defensible", "not fully comfortable excluding …".
		`|(?:can't|cannot|can\s+not|couldn't)\s+(?:\w+\s+){0,2}?(?:rule\s+(?:\w+\s+){0,3}?out|exclude|dismiss|set\s+(?:\w+\s+)?aside)` +
		`|\bnot\s+(?:been\s+)?(?:ruled\s+out|excluded)|\bnot\s+(?:fully\s+|entirely\s+|completely\s+)?comfortable\s+(?:excluding|ruling\s+out|dismissing)|\b(?:no|see\s+a)\s+way\s+to\s+exclude` +
		`|\b(?:also|equally|still)\s+(?:fairly\s+|quite\s+|perfectly\s+)?(?:defensible|possible|plausible)\b|\b(?:remains?|is\s+still)\s+(?:a\s+|an\s+)?(?:possible|defensible|plausible)\b|\bdefensible\s+(?:answer\s+)?too\b|\bdefensible\s+alternative\b` +
		`|\b(?:could|may|might)\s+(?:plausibly\s+|well\s+|also\s+|equally\s+)?be\s+(?:what(?:'s|’s|\s+is)|the\s+one)\s+(?:wanted|intended|meant|expected|asked)` +
		// A second answer offered under a condition on the final line ("…
		// (or α/√r in the rank-stabilized form)", "…, or effectively the
		// default if …"), in a conclusion ("So it is X, or Y if …"), or
		// in a sentence of its own ("Or, if the mask excludes …, Y").
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*?(?:\(\s*or\b|[,;—–]\s*or\b|\s-\s+or\b)[^\n]{0,200}?\b(?:if|assuming|depending|up\s+to\s+(?:the|a|an)\b|under\s+(?:the|a|an)\b|on\s+(?:the|an?)\s+(?:alternative|other|second|looser|stricter)\s+(?:reading|interpretation)|in\s+the\s+[\w-]+(?:\s+[\w-]+)?\s+(?:form|reading|variant|version|convention|sense|counting|case|usage)|with\s+(?:the|a|an)\s+[\w-]+(?:\s+[\w-]+){0,2}\s+(?:convention|reading|counting|definition|interpretation)\b)` +
		`|\b(?:so|thus|hence|therefore)\b(?:[^.\n]|\.\d){0,200}?,\s*or\s+(?:[^.\n]|\.\d){1,200}?\bif\b` +
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*?\(\s*(?:my\s+|the\s+)?(?:preferred|leaning|likely|more\s+likely|most\s+likely|probably|favou?red|best\s+guess)\b[^()\n]{0,40}?[;,]\s*[^()\n]{1,160}` +
		`|\bboth\s+are\s+(?:\w+\s+)?defensible\b|\beither\s+(?:one\s+)?(?:can|could)\s+be\s+defended` +
		`|\bpossibility\s+(?:1|2|one|two|a|b)\s*[:.)]|(?:isn't|is\s+not|not)\s+off\s+the\s+table|\bas\s+the\s+other\s+(?:plausible|possible|defensible|likely)\s+(?:reading|answer|option|interpretation|candidate)` +
		`|\b(?:answer\s+is|you\s+get)\s+either\b[^.;\n]{1,200}\bor\b` +
		`|\bdepending\s+on\s+(?:which|what|how|whether)\b[^.;\n]{0,80}\beither\b[^.;\n]{1,200}\bor\b|\b(?:let\s+me|i(?:'ll|’ll|\s+will))\s+give\s+(?:you\s+)?both\b|(?:\w+|\w*%?\))\s*[,;—–]\s*or\s+possibly\b` +
		`|or\s+[^()\n]{1,40}?\s+as\s+(?:is\s+)?(?:often|commonly|sometimes|also|widely|frequently)\s+(?:quoted|cited|stated|given|reported|used|listed)\s*\)` +
		`|\bi(?:'d|’d|\s+would)\s+give\s+(?:\w+\s+)?either\b[^.;\n]{1,200}\bor\b|\bboth\s+(?:readings|interpretations)\s+(?:fit|match|are\s+consistent\s+with)\b` +
		`|\beither\s+(?:[^.;\n]|\.\d){1,120}?\(\s*(?:if|when|assuming)\b[^)\n]{1,120}\)\s*,?\s*or\s+(?:[^.;\n]|\.\d){1,120}?\(\s*(?:if|when|assuming)\b` +
		`|\bboth\s+(?:framings|answers|accounts|explanations|descriptions)\s+(?:are\s+|seem\s+)?(?:\w+\s+)?(?:defensible|plausible|valid|reasonable|acceptable|legitimate)` +
		`|\bboth\s+are\s+(?:\w+\s+)?(?:reasonable|defensible|valid|plausible|legitimate)\s+(?:ways\s+(?:to|of)\s+read(?:ing)?|answers|(?:readings|interpretations)\s+of\s+the\s+(?:question|problem|prompt))\b` +
		// "either (1) … or (2) …", "either that … or …", "I'd keep both in
		// mind", a final line's "(or, quoted as …, Y)" and "X or, folding
		// in the feature cost, Y", and "either" over a list of answers
		// followed by "depending on …"; a final line's "X (or, via another
		// route, Y)".
		`|\beither\s+\(?(?:1|a|i)\)\s+(?:[^;\n]){1,200}\bor\s+\(?(?:2|b|ii)\)|\beither\s+that\b(?:[^.;\n]|\.\d){1,200}\bor\b|\bkeep\s+both\s+(?:in\s+mind|open|on\s+the\s+table|standing)` +
		// "So: X is my main answer, and Y is the alternative from the erf
		// bookkeeping".
		`|\b(?:main|primary)\s+answer\b[^.;\n]{1,200}?\b(?:is|as)\s+(?:the|an|my)\s+(?:\w+\s+)?alternative\b` +
		// A final line's "X (or, quoted as …, Y)", "X (or, via the JSD
		// bookkeeping, Y)", "X (or, counting the mean's contribution, Y)".
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*?[(\[]\s*or,\s+(?:(?:quoted|stated|written|given|expressed|read|taken|counted|measured|reported)\s+as\b|(?:via|by|through|using|with|under|in|counting|including|treating|taking|ignoring|excluding)\s+[^,()\[\]\n]{1,60},)` +
		// A final line's "X [with an unbiased (m−1) variance: Y]".
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*?\[\s*(?:with|under|using|for|in)\s+[^\]\n:]{1,60}:\s*[^\]\n]+\]` +
		// A final line's "80 prompts (or 18 — not sure which count the
		// paper gives)".
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*\(\s*or\s+[^()\n]{1,60}?\b(?:not\s+sure|unsure|uncertain)\s+which\b` +
		// "So I'll leave both standing", "One point I'd flag rather than
		// settle".
		`|\bleave\s+both\s+(?:standing|open|on\s+the\s+table)\b|\b(?:flag|note|raise|mention)\s+rather\s+than\s+(?:settle|resolve|decide)\b` +
		`|\beither[:,]?[ \t]*\n(?:[ \t]*\n)?(?:[ \t]*[-*•][^\n]*\n(?:[ \t]*\n)?){2,4}[ \t]*depending\s+on\b` +
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*?\sor,\s+(?:folding|dropping|ignoring|treating|excluding|absorbing|neglecting|counting|keeping|including)\b[^\n]{1,120}?,` +
		// "the numbers are compatible with both", "supports two readings",
		// "does not settle between them", "Hence the dependence … is either
		// … or …".
		`|\b(?:are|is)\s+(?:\w+\s+)?compatible\s+with\s+both\b|\bsupports?\s+two\s+(?:readings|interpretations|conclusions)\b|\b(?:does\s+not|doesn't|doesn’t|can't|cannot)\s+settle\s+between\b` +
		`|\b(?:so|thus|hence)\b[^.;\n]{1,80}(?:\s(?:is|are)|['’]s)\s+either\b[^.;\n]{1,200}\bor\b` +
		// "I wouldn't swear to which it is", "I can't settle which number
		// is in the table".
		`|\b(?:can't|can’t|cannot|can\s+not|couldn't|couldn’t)\s+settle\s+which\b` +
		`|\b(?:wouldn't|wouldn’t|would\s+not|couldn't|couldn’t|can't|can’t|cannot)\s+swear\s+(?:to\s+)?which\b` +
		// "I wouldn't bet heavily against the MLP version", "so I'd state
		// both", a final or result line that says "either … or …".
		// "… that's the offline reading and it isn't unreasonable".
		`|\breading\b[^.;\n]{0,40}\b(?:isn't|isn’t|is\s+not)\s+unreasonable\b` +
		// A final line's "X (some sources give Y)": a second answer left
		// standing on others' authority.
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*\(\s*(?:though\s+|but\s+)?(?:some|other|many|several)\s+(?:sources|references|texts|textbooks|authors|papers|write-?ups|derivations)\s+(?:give|write|quote|state|list|have|report|use)\b` +
		// "I wouldn't bet heavily on one over the other", "with α = 0.002
		// as the likelier default, though 0.001 is possible".
		`|\b(?:wouldn't|wouldn’t|would\s+not)\s+bet\s+(?:\w+\s+)?on\s+(?:one|either)\s+over\s+the\s+other\b` +
		`|\blikelier\b(?:[^.;\n]|\.\d){0,80}?\b(?:though|but|although)\b(?:[^.;\n]|\.\d){1,80}?\b(?:is|are|remains?)\s+(?:also\s+|still\s+|quite\s+)?possible\b` +
		`|\b(?:wouldn't|wouldn’t|would\s+not)\s+bet\s+(?:\w+\s+)?against\b|\bi(?:'d|’d|\s+would)\s+(?:state|give|list|report|present|mention|quote)\s+both\b` +
		`|(?m:^)[\s*#_>-]*(?:final\s+answer|result|answer|tl;?\s*dr|bottom\s+line)\b[^\n]*?\beither\b[^\n]{1,150}\bor\b` +
		// A final line's "1.69 (11.6B) / 1.73 (11.3B)": two answers, each
		// with its own condition.
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*\d\s*\([^()\n]{1,40}\)\s*/\s*[^\s/()][^/\n]{0,40}?\([^()\n]{1,40}\)` +
		// A final line's "X (with λ in place of 2λ if the ½ also covers
		// the penalty)": a second answer by substitution, under a condition.
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*\(\s*(?:or\s+)?(?:(?:with|using)\s+)?[^()\n]{1,40}?\s(?:in\s+place\s+of|instead\s+of|replacing)\s+[^()\n]{1,40}?\s(?:if|when|under|assuming)\b` +
		`)|\((?:possibly|perhaps|or\s+maybe|or\s+possibly|or\s+perhaps|maybe)\s+[^)]{1,40}\)` +
		// "(though possibly Q outer / K,V inner with O written once per
		// row block)"
		`|\((?:though|but)\s+(?:possibly|perhaps|maybe)\s+[^)]{1,80}\)` +
		// A final or result line's "80/20/0 by my recollection, though it
		// may be the 100/0/0 row".
		`|(?m:^)[\s*#_>-]*(?:final\s+answer|result)\b[^\n]*?,\s*(?:though|but)\s+(?:possibly|perhaps|maybe|it\s+(?:may|might|could)\s+(?:also\s+|instead\s+)?be)\s+(?:the\s+)?[^\s,.;]` +
		// "… the first is the natural reading, but if your course's
		// "causal" excludes the token itself, use the second".
		`|\bif\b[^.;\n]{1,150},\s*(?:use|take|pick|go\s+with|choose)\s+the\s+(?:second|other|latter)\b` +
		// "37,748,736, with 4,718,592 as the possible intended figure if
		// the question follows the table".
		`|\bas\s+the\s+(?:possible|plausible|likely|alternative|other)\s+(?:intended\s+)?(?:figure|answer|number|value|count|result)\s+(?:if|when|under|depending)\b` +
		// "There is one indexing point on which I can't give a single
		// answer."
		`|\b(?:can't|can’t|cannot|can\s+not)\s+give\s+(?:you\s+)?(?:a\s+single|one|a\s+unique)\s+answer\b` +
		// "a linear projection (or, for the ResNet towers, arguably the
		// attention-pooling output projection)"
		`|\(\s*or\b,?[^()\n]{0,80}\barguably\b` +
		// "Here I have to leave two readings open", "I cannot decide
		// between … and … from memory", "I'm honestly not 100% sure which
		// of those two the paper's wording lands on".
		`|\b(?:have\s+to|must|will|'ll|’ll)\s+leave\s+(?:two|both)\s+(?:readings|answers|options|possibilities|figures|values|interpretations)\s+open\b|\b(?:can't|can’t|cannot|can\s+not)\s+decide\s+between\b` +
		`|\bnot\s+(?:100\s*%|a\s+hundred\s+percent|entirely|completely|fully|totally)\s+(?:sure|certain)\s+which\b` +
		// "I'm not certain of the ordering, though", a final line's "X
		// (alt.: Y)", "both are on the table here", a final line's "12
		// (…); 4 if only the … factor is meant".
		`|\bnot\s+(?:certain|sure)\s+(?:of|about)\s+the\s+(?:ordering|order|ranking)\b|\(\s*(?:alt\.|alternative(?:ly)?)\s*:|\bboth\s+(?:are\s+|remain\s+|stay\s+)?on\s+the\s+table\b` +
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*?;\s*\$?[-+−]?\d[\d.,]*\s*(?:×|x|%)?\$?\s+if\b` +
		// "I'm not fully certain whether 128 or 256 came out on top — it's
		// possible the two are the other way round", "If your course notes
		// frame it as …, that's the other reading".
		`|\bnot\s+(?:100\s*%|a\s+hundred\s+percent|entirely|completely|fully|totally)\s+(?:sure|certain)\s+whether\b[^.;\n]{1,40}\bor\b` +
		`|\bpossible\s+(?:that\s+)?the\s+two\s+are\s+the\s+other\s+way\s+(?:round|around)\b|\bthat(?:'s|’s|\s+is)\s+the\s+other\s+(?:reading|meaning|sense)\b` +
		// "Final answer: X (with σ² = √D; if σ = √D is meant instead, K must
		// be raised to the power √D)", "Final answer: about 19.4M parameters
		// (possibly 10.2M — I can't pin that figure down)".
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*?\([^()\n]{0,80}\bif\b[^()\n]{1,80}\b(?:is|was)\s+(?:meant|intended)\s+instead\b` +
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*?\(\s*(?:possibly|perhaps|maybe|or\s+possibly|or\s+perhaps)\s+[$\d]` +
		// "Final answer: O(B·h·d_k·(nd + md + nm))   [O(B·h·d_k·(nd + nm)) if
		// K, V are precomputed]": a bracketed second expression under a
		// condition.
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*?\[\s*(?:or\s+)?(?:O\(|Θ\(|\$|\d)[^\[\]\n]{0,120}\bif\b[^\[\]\n]{1,80}\]` +
		// "I'd lean toward the small gain, but wouldn't rule out the
		// plateau reading".
		`|\b(?:wouldn't|wouldn’t|would\s+not|can't|can’t|cannot)\s+rule\s+out\s+the\s+[\w-]+\s+(?:reading|interpretation|version|possibility|one)\b` +
		// "the 18,874,368 reading is close enough … that I wouldn't rule it
		// out", "I lean toward 0.002 but wouldn't rule out 0.001", "roughly
		// parity under the 3.2B reading", "On the $11.5\times10^9$ reading".
		`|\b(?:wouldn't|wouldn’t|would\s+not|can't|can’t|cannot)\s+rule\s+(?:it|that|this)\s+out\b|\b(?:wouldn't|wouldn’t|would\s+not)\s+rule\s+out\s+(?:α\s*=\s*)?[$\\]?\d|\b(?:under|on)\s+the\s+[~≈]?\$?[\d.,]*\d(?:\s*(?:\\times|×)\s*10\^?\{?\d+\}?)?\$?\s*\w{0,3}\s+reading\b` +
		// "Final answer: O(F · L log L)   (path-wise accounting: O(F · L))"
		`|(?m:^)[\s*#_>-]*final\s+answer\b[^\n]*?\(\s*[\w-]+(?:\s+[\w-]+)?\s+(?:accounting|reading|counting|convention|interpretation)\s*:` +
		// "Final answer: X  (alternative route: Y)", "X  (the alternative
		// exponent 2σ²/τ from §4 is the other candidate)".
		`|\(\s*(?:the\s+)?alternative\s+(?:[\w-]+\s+){0,2}?(?:route|form|exponent|reading|answer|expression|version|convention|derivation|result)\b|\bis\s+the\s+other\s+candidate\b` +
		// "Final answer: X  (with Y as the erf-route alternative)"
		`|\(\s*with\b[^\n]{1,150}?\bas\s+(?:the|an?)\s+(?:[\w-]+\s+){0,2}alternative\b` +
		// "with the winner between 128 and 256 within the error bars"
		`|\bthe\s+winner\s+(?:is\s+)?between\s+[^.;\n]{1,40}\band\b` +
		// Outside the \b group: a space before "(a)" is no word boundary.
		`|\(a\)[^\n]{1,200}\bor\b[^\n]{0,40}\(b\)` +
		`|\(\s*or\b,?\s+(?:[^()\n]{0,100}\s)?(?:if|when|assuming|depending)\b[^()\n]{0,120}\)` +
		// Outside the \b group too: "… (≈86.2% VAL). Or, if you go by …",
		// "… — or, if you read the distance as plain …".
		`|(?m:^)[\s*_>-]*or,?\s+(?:if|when|assuming|under|in\s+the)\b|[.!?][*_]*\s+[*_]*or,?\s+(?:if|when|assuming|under|in\s+the)\b|[—–]\s*or,?\s+if\b`)
	// namingParenRe is a "(possibly …)" that gives another name for the
	// answer, not another answer: "(possibly described as
	// AlexNet-derived)".
	namingParenRe = mustPhrase(`(?i)^\((?:(?:though|but)\s+)?(?:possibly|perhaps|maybe)\s+(?:also\s+)?(?:described|called|referred\s+to|known|labell?ed|termed|named|presented)\b`)
	// commitAfterHedgeRe follows a hedge with a choice: "…, but I'd go with
	// the first", "the intended reading is …".
	commitAfterHedgeRe = mustPhrase(`(?i)\b(?:i(?:'d|’d|\s+would|\s+will|'ll)\s+(?:go|stick)\s+with|the\s+(?:intended|paper's|correct|right|standard)\s+(?:reading|interpretation|definition|answer)\s+is|(?:so|therefore|thus),?\s+the\s+answer\s+is|i\s+(?:commit|settle)\s+(?:to|on))\b`)
)

// hedgeSpan is where the last hedge of text is: the words with which a
// reply leaves two answers of its own standing without choosing; nil when
// it has none or chooses after it. "Both answers are correct", said of the
// user's answer and the reply's, is a deflection, not a hedge, unless the
// reply writes the other answer out (which graders of expressions see as an
// endorsed candidate). Graders that cannot compare candidate answers
// (rubric) read hedges from it alone; the others see hedges as committed
// candidates that grade differently.
func hedgeSpan(text string) []int {
	locs := hedgeRe.FindAllStringIndex(text, -1)
	for len(locs) > 0 && namingParenRe.MatchString(text[locs[len(locs)-1][0]:locs[len(locs)-1][1]]) {
		locs = locs[:len(locs)-1]
	}
	if len(locs) == 0 {
		return nil
	}
	last := locs[len(locs)-1]
	if commitAfterHedgeRe.MatchString(text[last[1]:]) {
		return nil
	}
	return last
}
