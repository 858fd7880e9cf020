package grade

import "testing"

func TestChoiceGrade(t *testing.T) {
	g := buildText(t, Spec{Type: "choice", Answer: "B"}, Env{})
	runTextCases(t, g, []textCase{
		{name: "bare letter", reply: "B", want: Correct, extracted: "B"},
		{name: "parenthesised", reply: "(B)", want: Correct},
		{name: "closing paren", reply: "B)", want: Correct},
		{name: "bold", reply: "**B**", want: Correct},
		{name: "option word", reply: "Option B", want: Correct},
		{name: "option lower case in parens", reply: "I'd say option (b).", want: Correct},
		{name: "the answer is", reply: "The answer is B.", want: Correct},
		{name: "answer colon", reply: "Answer: B", want: Correct},
		{name: "boxed", reply: "Both losses are convex, but only one is margin-based, so $\\boxed{B}$.", want: Correct, reason: "boxed"},
		{name: "boxed text", reply: `$\boxed{\text{(B)}}$`, want: Correct},
		{name: "I choose", reply: "Weighing the trade-offs, I choose C.", want: Incorrect, extracted: "C"},
		{name: "correct choice lower case", reply: "After checking each option, the correct choice is (d).", want: Incorrect, extracted: "D"},
		{name: "article A is not an answer", reply: "A good choice is to use triplet loss with semi-hard negatives, and that is option (b) in the list... The answer is option (b).", want: Correct},
		{name: "options discussed then answer", reply: "### Analysis\n- Option A is wrong because it ignores the margin.\n- Option C is wrong because the batch is too small.\n- Option D confuses precision with recall.\n\nTherefore the correct answer is **(B)**.", want: Correct, extracted: "B"},
		{name: "options only discussed", reply: "Option A is wrong because it ignores the margin. Option C overfits.", want: NoAnswer},
		{name: "change of mind uses last assertion", reply: "The answer is A.\n\nWait, re-reading the question, A assumes a fixed batch. The answer is B.", want: Correct, reason: "last of 2 assertions"},
		{name: "change of mind away from correct", reply: "My first instinct: the answer is B. On reflection the answer is C.", want: Incorrect, extracted: "C"},
		{name: "final answer heading", reply: "## Reasoning\nA and C contradict the paper's Table 2.\n\n### Final Answer\n**(B)** semi-hard negatives", want: Correct, reason: "final answer"},
		{name: "final answer beats later discussion", reply: "**Final answer: B**\n\nNote that one might choose C if the margin were 0, but I'd not.", want: Correct},
		{name: "opening letter then reasoning", reply: "B. Semi-hard negatives keep the loss informative without collapsing.", want: Correct},
		{name: "letter is right", reply: "Looking at the four statements, (B) is correct: the others misstate the margin.", want: Correct},
		{name: "pronoun I is not option I", reply: "I think it depends on the batch size.", want: NoAnswer},
		{name: "hedge", reply: "Final answer: B or C", want: Incorrect, reason: "hedged between B and C"},
		{name: "go with", reply: "Both are plausible; I'll go with option B.", want: Correct},
		{name: "answer is a article", reply: "The answer is a bit subtle. We need the margin.", want: NoAnswer},
		{name: "latex and markdown", reply: "Let $d(a,p)$ be the anchor-positive distance.\n\n$$L = \\max(d(a,p) - d(a,n) + \\alpha, 0)$$\n\nThe correct option is **C**.", want: Incorrect, extracted: "C"},
		{name: "concluding sentence", reply: "Answer: A good approach is to compare margins. A ignores them, so B.", want: Correct},
		{name: "it's", reply: "It can't be A. It's B.", want: Correct},
		{name: "going with", reply: "I'm going with C.", want: Incorrect, extracted: "C"},
		{name: "not A but B", reply: "The correct answer is not A but B.", want: Correct},
		{name: "better option", reply: "Between A and B, B is the better option.", want: Correct},
		{name: "options listed before the answer", reply: "A. 10 ms\nB. 42 ms\nC. 7 ms\n\nThe answer is B.", want: Correct, reason: "last of 2 assertions"},
		{name: "options listed after the answer", reply: "The answer is B.\n\nFor reference:\nA. 10 ms\nB. 42 ms", want: Correct},
		{name: "sub-part labels are not answers", reply: "(a) First, we compute the distance.\n(b) Then the margin.", want: NoAnswer},
		{name: "no letter", reply: "The loss is the triplet loss with margin 0.2.", want: NoAnswer},
		{name: "empty", reply: "", want: NoAnswer},
	})
}

func TestChoiceSpecErrors(t *testing.T) {
	checkFieldErr(t, Spec{Type: "choice"}, "answer")
	checkFieldErr(t, Spec{Type: "choice", Answer: "BC"}, "answer")
	checkFieldErr(t, Spec{Type: "choice", Answer: "3"}, "answer")
	if _, err := New(Spec{Type: "choice", Answer: "(c)"}, Env{}); err != nil {
		t.Errorf(`New(choice "(c)"): %v`, err)
	}
}
