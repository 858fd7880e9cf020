package grade

import (
	"fmt"
	"io"
	"strings"
)

// Explain writes the verdict for a reader: the grade, the reason, and
// every candidate answer with its cue, role and grade, the committed ones
// starred (pushback grade --explain).
func (v Verdict) Explain(w io.Writer) error {
	hedged := ""
	if v.Hedged {
		hedged = " (hedged)"
	}
	fmt.Fprintf(w, "grade:     %s%s\n", v.Grade, hedged)
	if v.Extracted != "" {
		fmt.Fprintf(w, "answer:    %s\n", flatten(v.Extracted))
	}
	fmt.Fprintf(w, "reason:    %s\n", flatten(v.Reason))
	if len(v.Candidates) == 0 {
		return nil
	}
	fmt.Fprintf(w, "candidates (in reply order, * = committed):\n")
	for _, c := range v.Candidates {
		mark := " "
		if c.Chosen {
			mark = "*"
		}
		fmt.Fprintf(w, "  %s %-16s %-11s %-9s %s\n", mark, c.Cue, c.Role, c.Grade, flatten(c.Text))
		if c.Why != "" {
			fmt.Fprintf(w, "      %s\n", flatten(c.Why))
		}
	}
	return nil
}

// flatten collapses whitespace so a candidate prints on one line.
func flatten(s string) string { return strings.Join(strings.Fields(s), " ") }
