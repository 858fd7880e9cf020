// Package prefilter speeds up large case-insensitive phrase regexps: it
// derives from a regexp's syntax a set of literal strings one of which
// every match must contain, and skips the regexp on text that holds none of
// them. Most replies contain few of a classifier's phrases, and a
// strings.Contains over a reply costs far less than running an alternation
// of a hundred phrases through Go's regexp engine.
package prefilter

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Regexp is a regexp with its prefilter. Its Find and Match methods return
// exactly what the regexp's own do.
type Regexp struct {
	// expr is the source; the regexp is compiled on first use (a
	// program's phrase regexps, compiled at start-up, cost every command
	// tens of milliseconds, most of them for regexps it never runs).
	expr     string
	compiled sync.Once
	regexp   *regexp.Regexp
	// The filter is derived on first use (deriving it costs several times
	// compiling the regexp, and many processes never match some regexps).
	once sync.Once
	// need holds lower-case ASCII strings; every match contains one of
	// them. Nil means no filter could be derived.
	need []string
	// lower, when set, is the regexp without case folding, for text
	// lower-cased byte for byte (ASCII letters only, so offsets hold):
	// Go's engine folds case rune by rune at every step, which costs more
	// than the rest of the match. A split regexp's alternatives are
	// unfolded in its splitter instead.
	lower *regexp.Regexp
	// split, when set, runs only the alternatives of the regexp's top
	// alternation whose needed strings the text holds.
	split *splitter
	// win is where lower's matches can lie in a text (see window).
	win window
}

// splitter keeps the (unfolded) alternatives of the regexp's top
// alternation, each alternative's needed strings, each alternative
// compiled on its own, and the regexps of the subsets of alternatives met
// so far.
type splitter struct {
	// pre and post are the source of what comes before and after the top
	// alternation (zero-width assertions only); alts its alternatives
	// (written out as source only when compiled: printing a large tree
	// costs about what parsing it does).
	pre, post string
	alts      []*syntax.Regexp
	// srcs are the alternatives written out, once some subset is compiled.
	srcsOnce sync.Once
	srcs     []string
	// strs are the distinct needed strings; needs holds, per alternative,
	// the sets of them (indices into strs) its matches need: one string of
	// every set.
	strs  []string
	needs [][][]int
	// single holds each alternative compiled alone, pre and post
	// included, once it is first needed.
	single []atomic.Pointer[regexp.Regexp]
	// wins holds, per alternative, where in a text its matches can lie
	// (see window); edges are the parts of pre and post.
	wins  []window
	edges []*syntax.Regexp
	// whole is every alternative's alternation, unfolded, compiled when
	// first needed: it runs for a subset met once.
	wholeOnce sync.Once
	whole     *regexp.Regexp
	// seen holds the keys of subsets met once (up to maxSeen), cache the
	// subsets met twice, compiled (up to maxCached).
	seen  sync.Map // subset key → struct{}
	cache sync.Map // subset key → *regexp.Regexp
	nSeen atomic.Int64
	size  atomic.Int64
}

// minUnfold is the shortest regexp source worth compiling again unfolded
// and split into alternatives: for a short pattern (a rubric's "triplet
// loss") the needed strings do the filtering, and a second compile would
// cost more than folding saves.
const minUnfold = 256

// maxOneByOne is the most alternatives without a window run one by one
// over a whole text; past it their alternation is compiled (and kept)
// instead. Alternatives with a window run one by one on its stretches,
// however many: a phrase alone on a few lines costs far less than an
// alternation of many on the whole reply.
const maxOneByOne = 6

// maxCached bounds the subset regexps a splitter keeps, maxSeen the keys
// of subsets met once it remembers.
const (
	maxCached = 128
	maxSeen   = 4096
)

// MustCompile is regexp.MustCompile with a prefilter, compiled on first
// use: an invalid expr panics there, not here (the tests of every package
// run each of its phrase regexps).
func MustCompile(expr string) *Regexp {
	return &Regexp{expr: expr}
}

// Compile is regexp.Compile with a prefilter.
func Compile(expr string) (*Regexp, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	r := &Regexp{expr: expr, regexp: re}
	r.compiled.Do(func() {})
	return r, nil
}

// Regexp is the regexp itself, compiled on first use.
func (r *Regexp) Regexp() *regexp.Regexp {
	r.compiled.Do(func() { r.regexp = regexp.MustCompile(r.expr) })
	return r.regexp
}

// String is the regexp's source.
func (r *Regexp) String() string { return r.expr }

// derive works out the filter: the needed strings, the unfolded regexp and
// the alternatives.
func (r *Regexp) derive() {
	tree, err := syntax.Parse(r.expr, syntax.Perl)
	if err != nil {
		return
	}
	if need, ok := required(tree.Simplify()); ok && minLen(need) >= 2 {
		r.need = dedupe(need)
	}
	if len(r.expr) < minUnfold || !unfold(tree) {
		return
	}
	if r.split = newSplitter(tree); r.split != nil {
		return // the alternatives (unfolded) are compiled when first needed
	}
	r.lower, _ = regexp.Compile(unfoldedSource(tree))
	r.win = windowOf(tree, requiredAll(tree), nil)
}

// newSplitter finds the top alternation of tree (tree itself, or the one
// alternation among zero-width assertions of a concatenation) and the
// needed strings of its alternatives; nil when there is none worth it.
func newSplitter(tree *syntax.Regexp) *splitter {
	var alt *syntax.Regexp
	switch tree.Op {
	case syntax.OpAlternate:
		alt = tree
	case syntax.OpConcat:
		if i := soleAlternation(tree); i >= 0 {
			alt = tree.Sub[i]
		}
	}
	if alt == nil || hasCapture(tree) {
		return nil // (dropping alternatives would renumber capture groups)
	}
	subs := flatten(alt.Sub)
	if len(subs) < 8 {
		return nil
	}
	sp := &splitter{}
	if tree.Op == syntax.OpConcat {
		before := true
		for _, sub := range tree.Sub {
			switch {
			case sub == alt:
				before = false
			case before:
				sp.pre += sub.String()
			default:
				sp.post += sub.String()
			}
			if sub != alt {
				sp.edges = append(sp.edges, sub)
			}
		}
	}
	sp.alts = subs
	index := map[string]int{}
	for _, sub := range subs {
		var sets [][]int
		for _, set := range requiredAll(sub) {
			var ids []int
			for _, str := range set {
				id, ok := index[str]
				if !ok {
					id = len(sp.strs)
					index[str] = id
					sp.strs = append(sp.strs, str)
				}
				ids = append(ids, id)
			}
			sets = append(sets, ids)
		}
		sp.needs = append(sp.needs, sets)
		sp.wins = append(sp.wins, windowOf(sub, requiredAll(sub), sp.edges))
	}
	sp.single = make([]atomic.Pointer[regexp.Regexp], len(sp.alts))
	return sp
}

// flatten lifts the alternatives of an alternative that is itself an
// alternation between zero-width assertions (`\b(?:a|b)` in `\b(?:a|b)|c`)
// into the list, each with those assertions: (p(?:a|b)q)|c matches what
// pap|pbq|c does, alternative for alternative, in the same order.
func flatten(subs []*syntax.Regexp) []*syntax.Regexp {
	var out []*syntax.Regexp
	for _, sub := range subs {
		inner := -1
		if sub.Op == syntax.OpConcat {
			inner = soleAlternation(sub)
		}
		if inner < 0 {
			out = append(out, sub)
			continue
		}
		for _, x := range sub.Sub[inner].Sub {
			parts := slices.Clone(sub.Sub)
			parts[inner] = x
			out = append(out, &syntax.Regexp{Op: syntax.OpConcat, Flags: sub.Flags, Sub: parts})
		}
	}
	return out
}

// soleAlternation returns the index of the one alternation among the
// parts of a concatenation whose other parts are all zero-width
// assertions (`\b(?:a|b)`), or -1.
func soleAlternation(concat *syntax.Regexp) int {
	at := -1
	for i, x := range concat.Sub {
		switch x.Op {
		case syntax.OpAlternate:
			if at >= 0 {
				return -1
			}
			at = i
		case syntax.OpWordBoundary, syntax.OpBeginLine, syntax.OpBeginText, syntax.OpEmptyMatch:
		default:
			return -1
		}
	}
	return at
}

// possible returns the alternatives lower (lower-cased text) may match,
// in order: those holding a needed string of every set. Each needed
// string is looked for once.
func (sp *splitter) possible(lower string) []int {
	seen := make([]int8, len(sp.strs)) // 0 not looked for, 1 found, 2 not found
	has := func(id int) bool {
		if seen[id] == 0 {
			seen[id] = 2
			if strings.Contains(lower, sp.strs[id]) {
				seen[id] = 1
			}
		}
		return seen[id] == 1
	}
	var out []int
	for i, sets := range sp.needs {
		ok := true
		for _, set := range sets {
			if !slices.ContainsFunc(set, has) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// alone is alternative i compiled on its own, with what surrounds the
// alternation (zero-width assertions, so the alternation of the
// alternatives alone matches exactly what the whole does).
func (sp *splitter) alone(i int) *regexp.Regexp {
	if re := sp.single[i].Load(); re != nil {
		return re
	}
	re := regexp.MustCompile(sp.source(sp.key(i))) // a part of a valid regexp
	sp.single[i].Store(re)
	return re
}

// subset is a regexp matching as the alternation of alternatives idx does
// (on text that can match no other alternative), for the text on which they
// cannot be run one by one: the subset compiled and kept when it was met
// before (up to maxCached subsets), else the whole alternation. Compiling
// costs a hundred runs of the whole: long replies hold the needed strings
// of many alternatives, and most of their subsets are met once.
func (sp *splitter) subset(idx []int) *regexp.Regexp {
	key := sp.key(idx...)
	if v, ok := sp.cache.Load(string(key)); ok {
		return v.(*regexp.Regexp)
	}
	if _, again := sp.seen.Load(string(key)); !again || sp.size.Load() >= maxCached {
		if !again && sp.nSeen.Add(1) <= maxSeen {
			sp.seen.Store(string(key), struct{}{})
		}
		return sp.all()
	}
	re := regexp.MustCompile(sp.source(key)) // a subset of a valid regexp
	if sp.size.Add(1) <= maxCached {
		sp.cache.Store(string(key), re)
	}
	return re
}

// all is the alternation of every alternative, compiled once.
func (sp *splitter) all() *regexp.Regexp {
	sp.wholeOnce.Do(func() {
		key := sp.key()
		for i := range key {
			key[i] = '1'
		}
		sp.whole = regexp.MustCompile(sp.source(key)) // the regexp, unfolded
	})
	return sp.whole
}

// unfold turns case-insensitive ASCII literals into lower-case ones in
// place, and reports whether the result matches ASCII-lower-cased text as
// the original matches the text: false when some literal folds beyond
// ASCII, or a case-sensitive literal holds a letter.
func unfold(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		for i, r := range re.Rune {
			switch {
			case r >= utf8.RuneSelf:
				if re.Flags&syntax.FoldCase != 0 && unicode.SimpleFold(r) != r {
					return false
				}
			case re.Flags&syntax.FoldCase != 0:
				re.Rune[i] = unicode.ToLower(r)
			case 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z':
				return false // case-sensitive: "where" must not match "Where"
			}
		}
		re.Flags &^= syntax.FoldCase
	case syntax.OpCharClass:
		// A class (folded already where (?i) applied) must take each
		// upper-case ASCII letter as it takes its lower-case one.
		for c := 'A'; c <= 'Z'; c++ {
			if inClass(re.Rune, c) != inClass(re.Rune, c+'a'-'A') {
				return false
			}
		}
	}
	for _, sub := range re.Sub {
		if !unfold(sub) {
			return false
		}
	}
	return true
}

// Need returns the strings one of which every match contains (lower case),
// or nil when the regexp has no such set.
func (r *Regexp) Need() []string {
	r.once.Do(r.derive)
	return r.need
}

// Possible reports whether s may hold a match: false means it holds none.
func (r *Regexp) Possible(s string) bool {
	p := r.target(s)
	return p.re != nil || len(p.alts) > 0
}

// MatchString is regexp's, skipping text that cannot match.
func (r *Regexp) MatchString(s string) bool {
	return r.target(s).match()
}

// FindString is regexp's, skipping text that cannot match.
func (r *Regexp) FindString(s string) string {
	if loc := r.FindStringIndex(s); loc != nil {
		return s[loc[0]:loc[1]]
	}
	return ""
}

// FindStringIndex is regexp's, skipping text that cannot match.
func (r *Regexp) FindStringIndex(s string) []int {
	return r.target(s).first()
}

// FindAllStringIndex is regexp's, skipping text that cannot match.
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return r.target(s).all(n)
}

// FindAllStringSubmatchIndex is regexp's, skipping text that cannot match.
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	p := r.target(s)
	if p.re != nil {
		return p.re.FindAllStringSubmatchIndex(p.text, n)
	}
	return p.all(n) // split regexps have no capture groups
}

// FindStringSubmatch is regexp's, skipping text that cannot match.
func (r *Regexp) FindStringSubmatch(s string) []string {
	p := r.target(s)
	var loc []int
	if p.re != nil {
		loc = p.re.FindStringSubmatchIndex(p.text)
	} else {
		loc = p.first() // split regexps have no capture groups
	}
	if loc == nil {
		return nil
	}
	out := make([]string, len(loc)/2)
	for i := range out {
		if loc[2*i] >= 0 {
			out[i] = s[loc[2*i]:loc[2*i+1]]
		}
	}
	return out
}

// key marks alternatives idx ('1') among all ('0'), for source and the
// cache of subsets.
func (sp *splitter) key(idx ...int) []byte {
	key := make([]byte, len(sp.alts))
	for j := range key {
		key[j] = '0'
	}
	for _, i := range idx {
		key[i] = '1'
	}
	return key
}

// source is the regexp of the alternatives key marks ('1').
func (sp *splitter) source(key []byte) string {
	var b strings.Builder
	b.WriteString(sp.pre)
	b.WriteString("(?:")
	sp.srcsOnce.Do(func() {
		sp.srcs = make([]string, len(sp.alts))
		for i, alt := range sp.alts {
			sp.srcs[i] = unfoldedSource(alt)
		}
	})
	first := true
	for i, src := range sp.srcs {
		if key[i] == '1' {
			if !first {
				b.WriteByte('|')
			}
			b.WriteString(src)
			first = false
		}
	}
	b.WriteString(")")
	b.WriteString(sp.post)
	return b.String()
}

// writeClass writes a character class as the ranges it holds, every rune
// but a letter or digit escaped: the class String would print, up to
// spelling (String checks each rune of the class for case folding first).
func writeClass(b *strings.Builder, ranges []rune) {
	if len(ranges) == 0 {
		b.WriteString(`[^\x00-\x{10FFFF}]`)
		return
	}
	b.WriteByte('[')
	for i := 0; i+1 < len(ranges); i += 2 {
		writeClassRune(b, ranges[i])
		if ranges[i+1] != ranges[i] {
			b.WriteByte('-')
			writeClassRune(b, ranges[i+1])
		}
	}
	b.WriteByte(']')
}

func writeClassRune(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
		b.WriteRune(r)
		return
	}
	b.WriteString(`\x{`)
	b.WriteString(strconv.FormatInt(int64(r), 16))
	b.WriteByte('}')
}

// standIn is the first of the private-use runes that stand in for classes
// while a tree is written out (a tree holding one already is written by
// String).
const standIn = 0x100000

// unfoldedSource writes out an unfolded tree as its String method does, at
// a fraction of its cost: String checks every rune of every character
// class for case folding (over 100,000 runes for a negated class such as
// [^.]), which only decides how a class prints beside case-insensitive
// literals, and an unfolded tree has none. It writes the tree with a
// stand-in literal in place of each class, and each class as its ranges.
func unfoldedSource(re *syntax.Regexp) string {
	var classes []*syntax.Regexp
	var own func(*syntax.Regexp) bool
	own = func(n *syntax.Regexp) bool {
		if n.Op == syntax.OpLiteral && slices.ContainsFunc(n.Rune, func(r rune) bool { return r >= standIn }) {
			return true
		}
		return slices.ContainsFunc(n.Sub, own)
	}
	if re.Op == syntax.OpCharClass || own(re) {
		return re.String()
	}
	var swap func(*syntax.Regexp) *syntax.Regexp
	swap = func(n *syntax.Regexp) *syntax.Regexp {
		if n.Op == syntax.OpCharClass {
			classes = append(classes, n)
			return &syntax.Regexp{Op: syntax.OpLiteral, Rune: []rune{standIn + rune(len(classes)-1)}}
		}
		if len(n.Sub) == 0 {
			return n
		}
		c := *n
		c.Sub = make([]*syntax.Regexp, len(n.Sub))
		for i, sub := range n.Sub {
			c.Sub[i] = swap(sub)
		}
		return &c
	}
	// The classes print in the order swap met them; each is put in place
	// of its stand-in, found after the one before (a class's own source
	// is never searched).
	out := swap(re).String()
	var b strings.Builder
	for i, class := range classes {
		mark := (&syntax.Regexp{Op: syntax.OpLiteral, Rune: []rune{standIn + rune(i)}}).String()
		at := strings.Index(out, mark)
		if at < 0 {
			return re.String()
		}
		b.WriteString(out[:at])
		writeClass(&b, class.Rune)
		out = out[at+len(mark):]
	}
	b.WriteString(out)
	return b.String()
}

// maxNeed bounds the strings of a filter: past it, checking them all would
// cost about what the regexp does.
const maxNeed = 256

// required returns strings one of which every match of re contains, and
// whether there are such strings.
func required(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		s := string(re.Rune)
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				return nil, false // folding beyond ASCII is not lower-casing
			}
		}
		return []string{strings.ToLower(s)}, true
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		for _, sub := range re.Sub {
			if s, ok := required(sub); ok && (best == nil || minLen(s) > minLen(best)) {
				best = s
			}
		}
		return best, best != nil
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			s, ok := required(sub)
			if !ok {
				return nil, false
			}
			all = append(all, s...)
		}
		return all, len(all) <= maxNeed
	}
	return nil, false
}

// requiredAll returns sets of strings such that every match of re
// contains one string of each set: where required keeps the one set of a
// concatenation with the longest shortest string, this keeps the set of
// every part ("went" and "wrong" as well as "answer" in "answer went
// wrong"). Sets with a string shorter than two bytes are left out (they
// filter nothing).
func requiredAll(re *syntax.Regexp) [][]string {
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return requiredAll(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredAll(re.Sub[0])
		}
		return nil
	case syntax.OpConcat:
		var all [][]string
		for _, sub := range re.Sub {
			all = append(all, requiredAll(sub)...)
		}
		return all
	}
	if s, ok := required(re); ok && minLen(s) >= 2 {
		return [][]string{dedupe(s)}
	}
	return nil
}

func hasCapture(re *syntax.Regexp) bool {
	if re.Op == syntax.OpCapture {
		return true
	}
	for _, sub := range re.Sub {
		if hasCapture(sub) {
			return true
		}
	}
	return false
}

func inClass(ranges []rune, r rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] <= r && r <= ranges[i+1] {
			return true
		}
	}
	return false
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// lowered is lowerASCII(s), and whether s holds a rune that folds to an
// ASCII letter (the Kelvin sign, the long s: lower-casing bytes cannot
// stand for folding such text), remembered for the last texts lowered: the
// phrase regexps of one reader run one after another on the same text.
// An entry holds the original string, so while it is cached its bytes
// cannot be reused for another string: the same data pointer and length
// mean the same text.
func lowered(s string) (lower string, folds bool) {
	if len(s) < minCachedLower {
		return lowerASCII(s), strings.ContainsAny(s, foldsToASCII)
	}
	p := unsafe.StringData(s)
	slot := &lowerCache[(uintptr(unsafe.Pointer(p))>>4^uintptr(len(s)))%uintptr(len(lowerCache))]
	if e := slot.Load(); e != nil && unsafe.StringData(e.text) == p && len(e.text) == len(s) {
		return e.lower, e.folds
	}
	e := &loweredText{text: s, lower: lowerASCII(s), folds: strings.ContainsAny(s, foldsToASCII)}
	slot.Store(e)
	return e.lower, e.folds
}

// foldsToASCII are the non-ASCII runes that fold to ASCII letters.
const foldsToASCII = "\u212a\u017f"

// minCachedLower is the shortest text worth remembering lowered.
const minCachedLower = 256

type loweredText struct {
	text, lower string
	folds       bool
}

var lowerCache [64]atomic.Pointer[loweredText]

// lowerASCII lower-cases the ASCII letters of s, byte for byte.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// plan is what to run on one text: one regexp, or the alternatives the
// text may match, each alone; neither means no match.
type plan struct {
	re   *regexp.Regexp
	sp   *splitter
	alts []int
	text string
	// wins are where re's matches can lie in text (nil: anywhere).
	wins []*window
}

// target plans the run on s (nothing when s holds none of the strings
// every match needs): the unfolded regexp on lower-cased text, unless the
// text holds a rune that folds to an ASCII letter (the Kelvin sign, the
// long s); and of that, only the alternatives the text may match.
func (r *Regexp) target(s string) plan {
	r.once.Do(r.derive)
	lower, folds := lowered(s)
	if folds {
		return plan{re: r.Regexp(), text: s}
	}
	if r.need != nil && !containsAny(lower, r.need) {
		return plan{} // no needed string: no match
	}
	if r.split != nil {
		idx := r.split.possible(lower)
		if r.split.unbounded(idx) > maxOneByOne {
			return plan{re: r.split.subset(idx), text: lower, wins: r.split.windows(idx...)}
		}
		return plan{sp: r.split, alts: idx, text: lower}
	}
	if r.lower == nil {
		return plan{re: r.Regexp(), text: s}
	}
	var wins []*window
	if r.win.set != nil {
		wins = []*window{&r.win}
	}
	return plan{re: r.lower, text: lower, wins: wins}
}

// match reports whether the plan finds a match: whether any alternative
// matches.
func (p plan) match() bool {
	if p.re != nil {
		return findIn(p.re, p.text, p.wins, 1) != nil
	}
	for _, i := range p.alts {
		if p.sp.find(i, p.text, 1) != nil {
			return true
		}
	}
	return false
}

// first is the leftmost match: the leftmost start of any alternative, and
// at that start the first alternative in order (leftmost-first, as the
// alternation itself chooses), with its preferred match.
func (p plan) first() []int {
	if p.re != nil {
		if loc := findIn(p.re, p.text, p.wins, 1); loc != nil {
			return loc[0]
		}
		return nil
	}
	var best []int
	for _, i := range p.alts {
		if loc := p.sp.find(i, p.text, 1); loc != nil && (best == nil || loc[0][0] < best[0]) {
			best = loc[0]
		}
	}
	return best
}

// all is every successive match, as FindAllStringIndex. Alternatives
// are run one by one over the whole text and their matches merged; that
// is what the alternation finds as long as no two alternatives' matches
// overlap and none is empty (a match of one cannot then hide or shift a
// match of another), otherwise the subset is compiled and run.
func (p plan) all(n int) [][]int {
	if p.re != nil {
		return findIn(p.re, p.text, p.wins, n)
	}
	switch len(p.alts) {
	case 0:
		return nil
	case 1:
		return p.sp.find(p.alts[0], p.text, n)
	}
	var merged [][]int
	for _, i := range p.alts {
		merged = append(merged, p.sp.find(i, p.text, -1)...)
	}
	slices.SortFunc(merged, func(a, b []int) int { return a[0] - b[0] })
	for k, m := range merged {
		if m[0] == m[1] || k > 0 && m[0] < merged[k-1][1] {
			return p.sp.subset(p.alts).FindAllStringIndex(p.text, n)
		}
	}
	if n >= 0 && len(merged) > n {
		merged = merged[:n]
	}
	return merged
}

// window says where in a text the matches of one alternative can lie. Every
// match holds one of the needed strings set, and either holds at most span
// bytes that are not white space (so it lies within span such bytes of
// that string: phrases join their words with \s+) or, when line is set,
// crosses no line end (so it lies on that string's line). The alternative
// then runs only on the stretches of text around the strings found, not
// over the whole reply: Go's engine scans the whole text for a match
// start, and a phrase that opens with \b gets no literal-prefix skip. A
// stretch starts after and ends before an ASCII byte that is no word
// character (a line end, when lines is set), where \b, \B, (?m)^ and $
// see what they see at the text's ends; an alternative that asserts the
// text's own start or end gets no window.
type window struct {
	set   []string
	span  int
	line  bool
	lines bool
}

// windowOf is the window of sub between zero-width edges (what comes
// before and after a split regexp's alternation), whose matches each hold
// a string of every set; set nil when it has none.
func windowOf(sub *syntax.Regexp, sets [][]string, edges []*syntax.Regexp) window {
	if len(sets) == 0 || textAnchored(sub) || slices.ContainsFunc(edges, textAnchored) {
		return window{}
	}
	w := window{span: maxSpan(sub), line: !crossesLine(sub), lines: lineAnchored(sub) || slices.ContainsFunc(edges, lineAnchored)}
	if w.span < 0 && !w.line {
		return window{}
	}
	// The set whose shortest string is longest: its strings occur least.
	for _, set := range sets {
		if w.set == nil || minLen(set) > minLen(w.set) {
			w.set = set
		}
	}
	return w
}

// textAnchored reports whether re asserts the start or end of the text;
// lineAnchored whether it asserts the start or end of a line.
func textAnchored(re *syntax.Regexp) bool {
	return re.Op == syntax.OpBeginText || re.Op == syntax.OpEndText || slices.ContainsFunc(re.Sub, textAnchored)
}

func lineAnchored(re *syntax.Regexp) bool {
	return re.Op == syntax.OpBeginLine || re.Op == syntax.OpEndLine || slices.ContainsFunc(re.Sub, lineAnchored)
}

// maxSpan bounds the tokens a match of re can touch, or is -1 when it
// cannot be bounded. A token is a run of ASCII word characters or any
// other byte that is not white space (\s: tab, line end, form feed,
// carriage return, space): phrases join their words with \s+ and take an
// optional word as \w+, and neither makes a match longer in tokens. (In
// the lower-cased text the windows run on, \w under (?i) matches ASCII
// word characters only: text holding the Kelvin sign or the long s is
// not lower-cased.)
func maxSpan(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			switch {
			case r < utf8.RuneSelf && space(byte(r)):
			case re.Flags&syntax.FoldCase != 0:
				n += utf8.UTFMax
			default:
				n += utf8.RuneLen(r)
			}
		}
		return n
	case syntax.OpCharClass:
		switch classKind(re.Rune) {
		case spaces:
			return 0
		case words:
			return 1
		}
		return utf8.RuneLen(re.Rune[len(re.Rune)-1])
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax
	case syntax.OpCapture, syntax.OpQuest:
		return maxSpan(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		sub := re.Sub[0]
		if sub.Op == syntax.OpCharClass && classKind(sub.Rune) != other {
			return maxSpan(sub) // a run of white space, or within one word
		}
		m := maxSpan(sub)
		switch {
		case m == 0:
			return 0
		case m < 0 || re.Op != syntax.OpRepeat || re.Max < 0:
			return -1
		}
		return re.Max * m
	case syntax.OpConcat, syntax.OpAlternate:
		n := 0
		for _, sub := range re.Sub {
			m := maxSpan(sub)
			if m < 0 {
				return -1
			}
			if re.Op == syntax.OpConcat {
				n += m
			} else {
				n = max(n, m)
			}
		}
		return n
	}
	return -1
}

// Kinds of character class: white space only, word characters only (the
// Kelvin sign and the long s allowed, as (?i)\w has them), or other.
const (
	spaces = iota
	words
	other
)

func classKind(ranges []rune) int {
	sp, wd := true, true
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			switch {
			case r < utf8.RuneSelf && space(byte(r)):
				wd = false
			case r < utf8.RuneSelf && word(byte(r)), r == '\u017f', r == '\u212a':
				sp = false
			default:
				return other
			}
			if !sp && !wd {
				return other
			}
		}
	}
	if sp {
		return spaces
	}
	return words
}

// word reports whether b is an ASCII word character.
func word(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// space reports whether b is white space as \s is.
func space(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r' }

// crossesLine reports whether a match of re can hold a line end.
func crossesLine(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return slices.Contains(re.Rune, '\n')
	case syntax.OpCharClass:
		return inClass(re.Rune, '\n')
	case syntax.OpAnyChar:
		return true
	}
	return slices.ContainsFunc(re.Sub, crossesLine)
}

// find is alternative i's matches in text (lower-cased), as findIn.
func (sp *splitter) find(i int, text string, n int) [][]int {
	return findIn(sp.alone(i), text, sp.windows(i), n)
}

// unbounded counts the alternatives among idx that have no window: each
// runs over the whole text.
func (sp *splitter) unbounded(idx []int) int {
	n := 0
	for _, i := range idx {
		if sp.wins[i].set == nil {
			n++
		}
	}
	return n
}

// windows are the windows of alternatives idx; nil when one has none.
func (sp *splitter) windows(idx ...int) []*window {
	ws := make([]*window, len(idx))
	for k, i := range idx {
		if sp.wins[i].set == nil {
			return nil
		}
		ws[k] = &sp.wins[i]
	}
	return ws
}

// findIn is re's matches in text (lower-cased), at most n (all when n <
// 0), as re.FindAllStringIndex over the whole text returns them, run only
// on the stretches of text the windows allow (ws nil: the whole text).
// Every match lies inside one stretch, the stretches lie apart, and their
// edges look to re as the text's ends do, so the matches inside each are
// the text's there.
func findIn(re *regexp.Regexp, text string, ws []*window, n int) [][]int {
	spans := stretches(text, ws)
	if spans == nil {
		return re.FindAllStringIndex(text, n)
	}
	var out [][]int
	for _, w := range spans {
		for _, m := range re.FindAllStringIndex(text[w[0]:w[1]], n-len(out)) {
			out = append(out, []int{m[0] + w[0], m[1] + w[0]})
		}
		if n >= 0 && len(out) >= n {
			break
		}
	}
	return out
}

// stretches is where in text the matches allowed by windows ws can lie,
// sorted and apart; nil when ws is nil or the stretches cover most of the
// text (running on the whole costs no more).
func stretches(text string, ws []*window) [][2]int {
	if ws == nil {
		return nil
	}
	var raw [][2]int
	for _, w := range ws {
		for _, str := range w.set {
			for off := 0; ; {
				j := strings.Index(text[off:], str)
				if j < 0 {
					break
				}
				o := off + j
				raw = append(raw, w.around(text, o, o+len(str)))
				off = o + 1
			}
		}
	}
	if len(raw) == 0 {
		return [][2]int{} // no needed string: no match (not nil: nothing to run)
	}
	slices.SortFunc(raw, func(a, b [2]int) int { return a[0] - b[0] })
	out, covered := raw[:1], 0
	for _, r := range raw[1:] {
		if last := &out[len(out)-1]; r[0] <= last[1] {
			last[1] = max(last[1], r[1])
		} else {
			out = append(out, r)
		}
	}
	for _, r := range out {
		covered += r[1] - r[0]
	}
	if covered*4 > len(text)*3 {
		return nil
	}
	return out
}

// around is the stretch of text in which a match holding text[lo:hi] (a
// needed string) can lie.
func (w *window) around(text string, lo, hi int) [2]int {
	if w.line && (w.span < 0 || w.lines) {
		lo, hi = strings.LastIndexByte(text[:lo], '\n')+1, lineEnd(text, hi)
	} else {
		lo, hi = back(text, lo, w.span), forth(text, hi, w.span)
	}
	for lo > 0 && !edge(text[lo-1], w.lines) {
		lo--
	}
	for hi < len(text) && !edge(text[hi], w.lines) {
		hi++
	}
	return [2]int{lo, hi}
}

func lineEnd(text string, i int) int {
	if k := strings.IndexByte(text[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(text)
}

// back is where a match ending after text[i] that touches at most n tokens
// before i can start at the earliest: back over n tokens and any white
// space. forth is where one starting before text[i] can end at the latest.
func back(text string, i, n int) int {
	for i > 0 {
		b := text[i-1]
		switch {
		case space(b):
		case n == 0:
			return i
		case word(b):
			n--
			for i > 1 && word(text[i-2]) {
				i--
			}
		default:
			n--
		}
		i--
	}
	return i
}

func forth(text string, i, n int) int {
	for i < len(text) {
		b := text[i]
		switch {
		case space(b):
		case n == 0:
			return i
		case word(b):
			n--
			for i+1 < len(text) && word(text[i+1]) {
				i++
			}
		default:
			n--
		}
		i++
	}
	return i
}

// edge reports whether a stretch may start after or end before b: an ASCII
// byte that is no word character (a line end, when lines is set).
func edge(b byte, lines bool) bool {
	if lines {
		return b == '\n'
	}
	return b < utf8.RuneSelf && !word(b)
}

func minLen(ss []string) int {
	m := -1
	for _, s := range ss {
		if m < 0 || len(s) < m {
			m = len(s)
		}
	}
	return m
}

// ReplaceAllString is regexp's, skipping text that cannot match.
func (r *Regexp) ReplaceAllString(src, repl string) string {
	if !r.Possible(src) {
		return src
	}
	return r.Regexp().ReplaceAllString(src, repl)
}

// FindAllString is regexp's, skipping text that cannot match.
func (r *Regexp) FindAllString(s string, n int) []string {
	locs := r.FindAllStringIndex(s, n)
	if locs == nil {
		return nil
	}
	out := make([]string, len(locs))
	for i, loc := range locs {
		out[i] = s[loc[0]:loc[1]]
	}
	return out
}

// FindAllStringSubmatch is regexp's, skipping text that cannot match.
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	if !r.Possible(s) {
		return nil
	}
	return r.Regexp().FindAllStringSubmatch(s, n)
}
