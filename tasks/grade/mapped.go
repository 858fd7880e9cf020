package grade

import (
	"regexp"
	"strings"
)

// mapped is a text rewritten for scanning, with the offset in the original
// text of each of its bytes, so what is found in the rewrite can be placed
// in the reply.
type mapped struct {
	s  string
	at []int // at[i] is the original offset of s[i]; at[len(s)] is the original length
}

func newMapped(s string) mapped {
	at := make([]int, len(s)+1)
	for i := range at {
		at[i] = i
	}
	return mapped{s: s, at: at}
}

// replace rewrites every match of re with expand(match); the bytes of a
// replacement map to the start of the text they replace.
func (m mapped) replace(re *regexp.Regexp, expand func(s string, loc []int) string) mapped {
	locs := re.FindAllStringSubmatchIndex(m.s, -1)
	if len(locs) == 0 {
		return m
	}
	var b strings.Builder
	at := make([]int, 0, len(m.at))
	prev := 0
	for _, loc := range locs {
		b.WriteString(m.s[prev:loc[0]])
		at = append(at, m.at[prev:loc[0]]...)
		r := expand(m.s, loc)
		b.WriteString(r)
		for range len(r) {
			at = append(at, m.at[loc[0]])
		}
		prev = loc[1]
	}
	b.WriteString(m.s[prev:])
	at = append(at, m.at[prev:]...)
	return mapped{s: b.String(), at: at}
}

// orig returns the original offsets of s[start:end].
func (m mapped) orig(start, end int) (int, int) {
	os, oe := m.at[start], m.at[end]
	if end > start {
		oe = max(m.at[end-1]+1, oe)
		if m.at[end] < m.at[end-1] {
			oe = m.at[end-1] + 1
		}
	}
	return os, max(oe, os)
}

// literalAlternation builds the regular expression that finds any of the
// old strings of pairs (old, new, old, new, ...), earlier pairs winning,
// and the function that expands a match to its new string.
func literalAlternation(pairs ...string) (*regexp.Regexp, func(string, []int) string) {
	repl := map[string]string{}
	quoted := make([]string, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		if _, dup := repl[pairs[i]]; dup {
			continue
		}
		repl[pairs[i]] = pairs[i+1]
		quoted = append(quoted, regexp.QuoteMeta(pairs[i]))
	}
	re := regexp.MustCompile(strings.Join(quoted, "|"))
	return re, func(s string, loc []int) string { return repl[s[loc[0]:loc[1]]] }
}

// groupExpand expands a match with a template such as " $1 ".
func groupExpand(re *regexp.Regexp, tmpl string) func(string, []int) string {
	return func(s string, loc []int) string {
		return string(re.ExpandString(nil, tmpl, s, loc))
	}
}
