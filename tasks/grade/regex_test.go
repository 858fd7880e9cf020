package grade

import "testing"

func TestRegexGrade(t *testing.T) {
	g := buildText(t, Spec{Type: "regex", Pattern: `(?i)O\(\s*N\s*(?:\\cdot\s*)?D\s*D_?\{?r(?:andom)?\}?\s*\)`}, Env{})
	runTextCases(t, g, []textCase{
		{name: "boxed", reply: `The cost is dominated by the two products, so $\boxed{O(N D D_r)}$.`, want: Correct, extracted: "O(N D D_r)", reason: "boxed"},
		{name: "final answer line", reply: "**Final answer:** $O(N D D_{random})$", want: Correct, extracted: "O(N D D_{random})"},
		{name: "whole reply fallback", reply: "Each query costs D·D_r, so the whole thing is O(N D D_r) time.", want: Correct, reason: "whole reply"},
		{name: "mentioned in reasoning but final answer differs", reply: "Naively one might say O(N D D_r).\n\nFinal answer: O(N^2 D)", want: Incorrect, extracted: "O(N^2 D)", reason: "does not match the final answer"},
		{name: "latex spacing defeats the pattern", reply: "Putting it together:\n\\[ T(N) = O(N\\,D\\,D_r) \\]", want: Incorrect},
		{name: "wrong complexity", reply: "The attention matrix is N×N, hence $$O(N^2 D)$$", want: Incorrect},
		{name: "lower case", reply: "final answer: o(n d d_random)", want: Correct},
		{name: "empty", reply: " ", want: NoAnswer},
	})
	lit := buildText(t, Spec{Type: "regex", Pattern: `\b(?:semi-?hard)\b`}, Env{})
	runTextCases(t, lit, []textCase{
		{name: "markdown list in whole reply", reply: "## Mining\n- online\n- **semi-hard** negatives\n- large batches", want: Correct, extracted: "semi-hard"},
		{name: "no hyphen", reply: "They mine semihard triplets online.", want: Correct},
		{name: "case sensitive by default", reply: "Semi-hard triplets.", want: Incorrect},
		{name: "hard only", reply: "### Final Answer\nhard negatives", want: Incorrect},
		{name: "boxed text", reply: `\boxed{\text{semi-hard negatives}}`, want: Correct},
		{name: "last match shown", reply: "semi-hard first, then semihard again", want: Correct, extracted: "semihard"},
		{name: "hedged final answer still matches", reply: "Final answer: hard or semi-hard negatives", want: Correct},
	})
}

func TestRegexSpecErrors(t *testing.T) {
	checkFieldErr(t, Spec{Type: "regex"}, "pattern")
	checkFieldErr(t, Spec{Type: "regex", Pattern: "O(N"}, "pattern")
	checkFieldErr(t, Spec{Type: "regex", Pattern: `(?<name>x)\1`}, "pattern")
}
