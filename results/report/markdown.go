package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pushback/pushback/bench"

	"github.com/pushback/pushback/results/store"
)

// Clip lengths of the texts quoted in the Markdown report, in characters.
const (
	mdClipPrompt    = 600
	mdClipReply     = 900
	mdClipReference = 300
	// MarkdownTranscripts is how many transcripts the Markdown report quotes.
	MarkdownTranscripts = 5
)

// WriteMarkdown writes a summary for a pull-request comment or a wiki: a
// line about the run, the table of headline rates per model ("62% (31/50)",
// or n/a when nothing was counted), and the most telling transcripts (see
// telling), each quoted turn by turn with long texts clipped.
func (r *Report) WriteMarkdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "## pushback run `%s`\n\n%s\n\n", r.Run.ID, r.runLine())
	r.mdSummary(b)
	r.writePairsMarkdown(b)
	picks := r.telling(MarkdownTranscripts)
	fmt.Fprintf(b, "\n### Transcripts\n")
	if len(picks) == 0 {
		fmt.Fprintf(b, "\nNo branch caved, deflected, conceded while staying wrong, or corrected without owning it.\n")
	}
	for i, p := range picks {
		r.mdTranscript(b, i+1, p)
	}
	if err := b.Flush(); err != nil {
		return err
	}
	return r.Err()
}

// runLine is one line about the run: times, status, models, packs, counts.
func (r *Report) runLine() string {
	run, n := r.Run, r.totals()
	var parts []string
	if !run.Started.IsZero() {
		s := "started " + run.Started.UTC().Format("2006-01-02 15:04 UTC")
		if !run.Finished.IsZero() {
			s += fmt.Sprintf(" (%s)", run.Finished.Sub(run.Started).Round(time.Second))
		}
		parts = append(parts, s)
	}
	parts = append(parts, string(run.Status))
	if run.Version != "" {
		parts = append(parts, "pushback "+run.Version)
	}
	if run.Source != "" {
		parts = append(parts, fmt.Sprintf("re-graded from `%s`", run.Source))
	}
	packs := make([]string, len(run.Packs))
	for i, p := range run.Packs {
		packs[i] = p.ID
	}
	parts = append(parts, Plural(n.models, "model"), fmt.Sprintf("%s (%s)", Plural(len(run.Packs), "pack"), strings.Join(packs, ", ")),
		fmt.Sprintf("%s (%d failed)", Plural(n.trials, "trial"), n.failed), Plural(n.calls, "call"),
		thousands(n.in+n.out)+" tokens"+cacheText(n), fmt.Sprintf("$%.2f", n.cost))
	if n.liveCost > n.cost {
		parts[len(parts)-1] += fmt.Sprintf(" ($%.2f if live: batch discount)", n.liveCost)
	}
	return strings.Join(parts, " · ")
}

// cacheText says how much input the providers' prompt caches served: " (12k
// input read from cache, 6k written)", or "" when they served none.
func cacheText(n runTotals) string {
	if n.cached == 0 && n.cacheWrite == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s input read from cache, %s written)", thousands(n.cached), thousands(n.cacheWrite))
}

// Plural writes a count with its noun: "1 sample", "1,200 trials".
func Plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return thousands(n) + " " + what + "s"
}

// mdRate is a rate as "62% (31/50)", or n/a.
func mdRate(r Rate) string {
	if !r.Valid() {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%% (%d/%d)", 100*r.Value(), r.Num, r.Den)
}

func (r *Report) mdSummary(b *bufio.Writer) {
	fmt.Fprintln(b, "| model | trials | first-shot | final | correction | capitulation | admission | deflection | Δ are-you-sure | failed |")
	fmt.Fprintln(b, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, m := range r.groupMetrics("") {
		delta := "n/a"
		if m.DeltaAYS.Valid() {
			delta = fmt.Sprintf("%+.0f pp", 100*m.DeltaAYS.Value())
		}
		fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %d |\n", mdCell(m.Model), m.Trials,
			mdRate(m.FirstShot), mdRate(m.Final), mdRate(m.Correction), mdRate(m.Capitulation),
			mdRate(m.Admission), mdRate(m.Deflection), delta, m.Failed)
	}
}

// mdCell escapes a text for a table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", "").Replace(s)
}

// tellingPick is one branch the Markdown report quotes.
type tellingPick struct {
	trial  *store.Trial
	branch *bench.Branch
	rank   int // index into tellingKinds
}

// tellingKinds name the branches worth quoting, most telling first.
var tellingKinds = []string{
	"caved",                    // right, then talked into a wrong answer
	"deflected",                // a reply claimed ambiguity or "both correct"
	"conceded, still wrong",    // admitted a mistake, then gave another wrong answer
	"corrected without owning", // fixed the answer without admitting the error
}

// tellingRank classifies a branch into tellingKinds, or -1.
func tellingRank(b *bench.Branch) int {
	if b.Failed || !b.Pushed() {
		return -1
	}
	has := func(s bench.Stance) bool {
		for _, ex := range b.Turns {
			if ex.Stance == s {
				return true
			}
		}
		return false
	}
	switch {
	case b.Outcome == bench.Caved:
		return 0
	case has(bench.Deflect):
		return 1
	case b.Outcome == bench.Stuck && has(bench.Concede):
		return 2
	case b.Outcome == bench.Corrected && !has(bench.Concede):
		return 3
	}
	return -1
}

// telling picks up to n branches to quote: caves first, then deflections,
// then concessions that stayed wrong, then silent corrections; within a
// kind, the earliest flip first, then by model, task, sample and script.
// Picks are spread: a first pass takes no model or task twice, a second no
// (model, task) twice, a third fills what is left.
func (r *Report) telling(n int) []tellingPick {
	// First pass: the candidates, by key only (not their text).
	type cand struct {
		key          bench.TrialKey
		script       string
		rank, flipAt int
	}
	var cands []cand
	r.each(func(t *store.Trial) {
		if t.Status != store.TrialDone {
			return
		}
		for _, b := range t.Branches() {
			if rank := tellingRank(b); rank >= 0 {
				cands = append(cands, cand{key: t.Key, script: b.Script, rank: rank, flipAt: b.FlipTurn})
			}
		}
	})
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.flipAt < b.flipAt
	})
	chosen := make([]bool, len(cands))
	var picks []int
	seen := map[string]bool{}
	for pass := 0; pass < 3 && len(picks) < n; pass++ {
		for i, c := range cands {
			if len(picks) == n {
				break
			}
			m, task := c.key.Model, c.key.Task
			if chosen[i] || (pass == 0 && (seen["m:"+m] || seen["t:"+task])) || (pass == 1 && seen["mt:"+m+"\x00"+task]) {
				continue
			}
			chosen[i] = true
			picks = append(picks, i)
			seen["m:"+m], seen["t:"+task], seen["mt:"+m+"\x00"+task] = true, true, true
		}
	}
	sort.Ints(picks)
	out := make([]tellingPick, len(picks))
	at := map[bench.TrialKey][]int{}
	scripts := make([]string, len(picks))
	for i, k := range picks {
		out[i].rank, scripts[i] = cands[k].rank, cands[k].script
		at[cands[k].key] = append(at[cands[k].key], i)
	}
	// Second pass: the text of the picked branches.
	if len(at) > 0 {
		r.each(func(t *store.Trial) {
			for _, i := range at[t.Key] {
				for _, b := range t.Branches() {
					if b.Script == scripts[i] {
						out[i].trial, out[i].branch = t, b
					}
				}
			}
		})
	}
	return out
}

// mdTranscript quotes one branch: the first question and answer, then
// every pushback turn and reply.
func (r *Report) mdTranscript(b *bufio.Writer, i int, p tellingPick) {
	t, br := p.trial, p.branch
	fmt.Fprintf(b, "\n#### %d. %s: `%s` · %s · %s", i, tellingKinds[p.rank], t.Key.Task, mdCell(t.Key.Model), br.Script)
	if t.Key.Sample > 0 {
		fmt.Fprintf(b, " · sample %d", t.Key.Sample)
	}
	fmt.Fprintf(b, "\n\nfirst answer %s → final %s", br.First, br.Final)
	if br.FlipTurn > 0 {
		fmt.Fprintf(b, " (flipped at turn %d)", br.FlipTurn)
	}
	if ref, ok := r.References[t.Key.Task]; ok && ref != "" {
		fmt.Fprintf(b, " · reference: %s", mdInline(clipText(ref, mdClipReference)))
	}
	b.WriteString("\n\n")
	first, _ := t.First()
	exs := append([]bench.Exchange{first}, br.Turns...)
	for k, ex := range exs {
		who := "user"
		if ex.Turn > 0 {
			who = fmt.Sprintf("user (turn %d)", ex.Turn)
		}
		quote(b, who, "", clipText(ex.Prompt, mdClipPrompt))
		b.WriteString(">\n")
		quote(b, t.Key.Model, replyTags(ex), clipText(ex.Reply, mdClipReply))
		if k < len(exs)-1 {
			b.WriteString(">\n")
		}
	}
}

// replyTags are a reply's grade and stance: "incorrect, concede".
func replyTags(ex bench.Exchange) string {
	tags := []string{}
	if ex.Verdict.Grade != "" {
		tags = append(tags, string(ex.Verdict.Grade))
	}
	if ex.Stance != bench.Unknown {
		tags = append(tags, string(ex.Stance))
	}
	if ex.Failed() {
		tags = append(tags, "failed: "+ex.Err)
	}
	return strings.Join(tags, ", ")
}

// quote writes a speaker's text as a block quote.
func quote(b *bufio.Writer, who, tags, s string) {
	fmt.Fprintf(b, "> **%s**", mdCell(who))
	if tags != "" {
		fmt.Fprintf(b, " (%s)", mdCell(tags))
	}
	b.WriteString(":\n")
	for line := range strings.SplitSeq(strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n"), "\n") {
		if line == "" {
			b.WriteString(">\n")
			continue
		}
		b.WriteString("> " + line + "\n")
	}
}

// mdInline shows a short text as inline code, on one line.
func mdInline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// clipText keeps the first n characters of s and says how many were cut.
func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	rest := utf8.RuneCountInString(s[cut:])
	return strings.TrimRight(s[:cut], " \n") + fmt.Sprintf(" … [clipped: %s more characters]", thousands(rest))
}
