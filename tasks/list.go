package tasks

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// KindCounts counts the pack's tasks of each kind.
func (p *Pack) KindCounts() map[string]int {
	n := map[string]int{}
	for _, t := range p.Tasks {
		n[t.Kind]++
	}
	return n
}

// ScriptNames lists the scripts the pack's tasks use, sorted.
func (p *Pack) ScriptNames() []string {
	set := map[string]bool{}
	for _, t := range p.Tasks {
		for _, s := range t.Scripts {
			set[s] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Summary is one line on a valid pack: its tasks by kind, its scripts and
// its file (pushback pack validate).
func (p *Pack) Summary() string {
	n := p.KindCounts()
	var kinds []string
	for _, k := range Kinds {
		if n[k] > 0 {
			kinds = append(kinds, fmt.Sprintf("%d %s", n[k], k))
		}
	}
	scripts := strings.Join(p.ScriptNames(), ", ")
	if scripts == "" {
		scripts = "none"
	}
	return fmt.Sprintf("ok  %s: %d tasks (%s), scripts %s — %s", p.ID, len(p.Tasks), strings.Join(kinds, ", "), scripts, p.File)
}

// WriteList writes a table of packs: tasks of each kind, scripts, source,
// and a total row when there are several (pushback packs).
func WriteList(w io.Writer, packs []*Pack) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PACK\tTASKS\tDERIVATION\tCOMPLEXITY\tREADING\tSCRIPTS\tSOURCE")
	total := map[string]int{}
	for _, p := range packs {
		n := p.KindCounts()
		for k, c := range n {
			total[k] += c
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\n", p.ID, len(p.Tasks), n[KindDerivation],
			n[KindComplexity], n[KindReading], strings.Join(p.ScriptNames(), ","), firstLine(p.Source, 60))
	}
	if len(packs) > 1 {
		fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t\t\n", total[KindDerivation]+total[KindComplexity]+total[KindReading],
			total[KindDerivation], total[KindComplexity], total[KindReading])
	}
	return tw.Flush()
}

// firstLine shortens s to its first line and at most n characters.
func firstLine(s string, n int) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return s
}
