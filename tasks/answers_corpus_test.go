package tasks_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/pushback/pushback/internal/corpustest"
	"github.com/pushback/pushback/tasks/grade"
)

// corpusAnswer is one labelled first answer of testdata/answers.
type corpusAnswer struct {
	ID     string `json:"id"`
	Task   string `json:"task"`
	Voice  string `json:"voice"`
	Brief  string `json:"brief"`
	Reply  string `json:"reply"`
	Label  string `json:"label"`
	Hedged bool   `json:"hedged"`
}

func loadCorpus(t *testing.T, file string) []corpusAnswer {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusAnswer
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var a corpusAnswer
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// corpusResult is the agreement of the graders with the labels of one half.
type corpusResult struct {
	// confusion[type][human][grader] counts items by the human label and
	// the grader's grade.
	confusion map[string]map[string]map[grade.Grade]int
	// falsePass counts wrong or hedged items graded correct; wrong counts
	// the wrong or hedged items graded at all.
	falsePass, wrong int
	misses           []string
}

// agree reports the items of the given grader types that were graded, and
// those where grader and human agree on whether the answer is correct.
func (r corpusResult) agree(types ...string) (agree, n int) {
	for _, typ := range types {
		for human, row := range r.confusion[typ] {
			for g, c := range row {
				if g == grade.Ungraded {
					continue
				}
				n += c
				if (human == "correct") == (g == grade.Correct) {
					agree += c
				}
			}
		}
	}
	return agree, n
}

func gradeCorpus(t *testing.T, file string) corpusResult {
	t.Helper()
	byID := builtinTasks(t)
	res := corpusResult{confusion: map[string]map[string]map[grade.Grade]int{}}
	for _, a := range loadCorpus(t, file) {
		task := byID[a.Task]
		if task == nil {
			t.Fatalf("%s: unknown task %s", a.ID, a.Task)
		}
		g, err := task.NewGrader(nil)
		if err != nil {
			t.Fatalf("%s: %v", a.Task, err)
		}
		v := g.Grade(context.Background(), grade.Reply{Text: a.Reply, User: task.Prompt})
		typ := task.Grader.Type
		if res.confusion[typ] == nil {
			res.confusion[typ] = map[string]map[grade.Grade]int{}
		}
		human := a.Label
		if a.Hedged {
			human = "hedged"
		}
		if res.confusion[typ][human] == nil {
			res.confusion[typ][human] = map[grade.Grade]int{}
		}
		res.confusion[typ][human][v.Grade]++
		if v.Grade == grade.Ungraded {
			continue
		}
		if a.Label != "correct" {
			res.wrong++
			if v.Grade == grade.Correct {
				res.falsePass++
			}
		}
		if (a.Label == "correct") != (v.Grade == grade.Correct) {
			res.misses = append(res.misses, fmt.Sprintf("%s (%s, human %s): grader %s — %s", a.ID, typ, human, v.Grade, clip(v.Reason, 300)))
		}
	}
	return res
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// table writes the confusion of every grader type: rows are the human
// labels, columns the grades.
func (r corpusResult) table() string {
	var b strings.Builder
	types := make([]string, 0, len(r.confusion))
	for typ := range r.confusion {
		types = append(types, typ)
	}
	sort.Strings(types)
	grades := []grade.Grade{grade.Correct, grade.Incorrect, grade.NoAnswer, grade.Ungraded}
	fmt.Fprintf(&b, "%-8s %-10s %8s %9s %9s %8s\n", "grader", "human", "correct", "incorrect", "no_answer", "ungraded")
	for _, typ := range types {
		for _, human := range []string{"correct", "incorrect", "hedged", "no_answer"} {
			row := r.confusion[typ][human]
			if row == nil {
				continue
			}
			fmt.Fprintf(&b, "%-8s %-10s", typ, human)
			for i, g := range grades {
				w := []int{8, 9, 9, 8}[i]
				fmt.Fprintf(&b, " %*d", w, row[g])
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// answerDevFiles are the development halves of the answer corpus, one per
// round: the graders are tuned on these only.
var answerDevFiles = []string{"dev.jsonl", "dev-2.jsonl", "dev-3.jsonl", "dev-4.jsonl", "dev-5.jsonl", "dev-6.jsonl", "dev-7.jsonl", "dev-8.jsonl", "dev-9.jsonl", "dev-10.jsonl", "dev-11.jsonl", "dev-12.jsonl", "dev-13.jsonl", "dev-14.jsonl", "dev-15.jsonl", "dev-16.jsonl", "dev-17.jsonl", "dev-18.jsonl", "dev-19.jsonl", "dev-20.jsonl", "dev-21.jsonl", "dev-22.jsonl", "dev-23.jsonl", "dev-24.jsonl", "dev-25.jsonl", "dev-26.jsonl", "dev-27.jsonl", "dev-28.jsonl", "dev-29.jsonl", "dev-30.jsonl", "dev-31.jsonl", "dev-32.jsonl", "dev-33.jsonl", "dev-34.jsonl", "dev-35.jsonl", "dev-36.jsonl", "dev-37.jsonl", "dev-38.jsonl", "dev-39.jsonl", "dev-40.jsonl", "dev-41.jsonl", "dev-42.jsonl", "dev-43.jsonl", "dev-44.jsonl", "dev-45.jsonl", "dev-46.jsonl", "dev-47.jsonl", "dev-48.jsonl", "dev-49.jsonl", "dev-50.jsonl", "dev-51.jsonl", "dev-52.jsonl", "dev-53.jsonl", "dev-54.jsonl", "dev-55.jsonl", "dev-56.jsonl", "dev-57.jsonl", "dev-58.jsonl", "dev-59.jsonl", "dev-60.jsonl", "dev-61.jsonl", "dev-hedges.jsonl", "dev-hedges-2.jsonl"}

// TestAnswerCorpusDev grades the development halves of the answer corpus
// (answerDevFiles) and lists every disagreement; tune graders on these only.
func TestAnswerCorpusDev(t *testing.T) {
	corpustest.SkipUnderRace(t)
	misses := 0
	for _, file := range answerDevFiles {
		res := gradeCorpus(t, "testdata/answers/"+file)
		t.Logf("%s:\n%s", file, res.table())
		for _, m := range res.misses {
			t.Log(m)
		}
		misses += len(res.misses)
	}
	if misses > maxDevMisses {
		t.Errorf("the graders disagree with the labels on %d development items, more than the measured %d", misses, maxDevMisses)
	}
}

// maxDevMisses is how many of the 7,028 development items the graders were
// measured to disagree on (dev-61 joined with six misses, all FaceNet
// rubric replies; three read and fixed: FaceNet-c's "each identity has
// about 20 faces per mini-batch" is a wrong fact under the required
// criterion, "I do not want to assert one over the other" and "about one
// point if the 86.2% figure is right, or closer to three if …" are hedges;
// left: triplet losses written with unsquared distances, a "~4.1 billion
// depending on who's counting" about ResNet-50's side figure read as a
// hedge, and "it may be the reverse" about a 0.2-point ordering the reply
// calls insignificant, adjudicated no hedge; 6,920 items: dev-60 joined with three misses; one read and
// fixed: FaceNet-c's "For each anchor: hardest positive in the batch" is a
// wrong fact; left: a "pick the hardest negative in the batch" exempted by
// its sentence's "rather than", and a final line's "X (≈ …); Y FLOPs if
// attention is counted per KV head" that reads Y as a remark; 6,812 items:
// dev-59 joined with three misses, all read and
// fixed: FaceNet-f's "v1 and v2 are trained together … Both networks
// update jointly" is a wrong fact under the required criterion, "my memory
// says 128 …, but it may be the reverse" and "X under the inclusive mask,
// or Y under the strict one" are hedges; a dev-48 FaceNet-f reply fixed
// with them; 6,704 items: dev-58 joined with four misses; two read and
// fixed: a final line's "(…; or Y with the Kaplan attention convention)"
// and "I lean toward 0.002 but wouldn't rule out 0.001" are hedges; a
// FaceNet-h hedge about a side remark and a hedge written "X (Y if … is
// read as …)" left; dev-57's four read: "both appear to count" is no hedge,
// "X costs A. Equivalently, B." opens with the answer (both fixed), a
// symbolic opening "… is (p − 1)/(m + p − 1)" read as 1 % and LoRA's "B
// with random" left; 6,596 items: dev-57 joined with six misses; two read and
// fixed: a final line's "X [or, via the product form, Y]" and "X [with an
// unbiased (m−1) variance: Y]" are hedges; four not yet read; 6,488 items:
// dev-56 joined with six misses; two read and
// fixed: the transformer-heads "single head gets 24.4 BLEU" misreads Table
// 3 beside a rejected 24.9, and "Other contrastive setups …: SimCLR used
// batch 4096, and ALIGN a batch of 16,384" names other work's figures;
// left: a hedge whose final line commits while the body leaves the other
// answer standing ("I can't tell from the wording which of the two is
// wanted"), a "(written as … under the other kernel convention)" final
// line, a kla-b1 rubric pass, and a body's "the answer is about 239,000 s,
// or about 223,000 s" both labellers read as settled by the final line;
// 6,380 items: dev-55 joined with four misses, all read and
// fixed: FaceNet-b's "a self-supervised objective" that "does not use
// class labels", CLIP's "non-linear MLP projection head from each encoder"
// and LoRA's "W_q+W_k (73.7/91.3) … do best" are wrong facts, and a final
// line's "(or the same with λ in place of 2λ if …)" is a second answer in
// words; 6,272 items: dev-54 joined with eight misses; six read and
// fixed: FaceNet-h "260 million images … to 87.2%" and ResNet-1202 "vs
// 6.97% for ResNet-110" are misread tables, LoRA's "the zero-init could be
// swapped (B random, A zero)" names a variant, and "I'm not certain of the
// ordering", a final line's "(alt.: Y)" and "12 (…); 4 if only … is
// meant" are hedges; left: a sparse-attention reply whose final line
// commits but whose body calls the l = √N reading "defensible", and an
// Adam reply without a final line whose opening states 0.00316 but whose
// decimals keep the opening from reading as one; 6,164 items: dev-53's four misses read: a focal-loss gradient
// both labellers accepted has the log term's sign flipped and is relabelled
// incorrect; FaceNet-b's "the embedding itself is left unconstrained" is a
// wrong fact; "I'm honestly not certain which one the paper intends" is a
// hedge; left: a LoRA "they set α = 2r" whose veto the clause's "rather
// than tuning it" exempts; 6,056 items and 72 misses before: dev-52 joined with four rubric misses; two read
// and fixed: FaceNet-b's "the embeddings are left unnormalised" and
// KLA-b1's masked Eq. 1 with exp(Q_iᵀK_j) are wrong facts; left: a
// FaceNet-a "either (i) … or (ii)" naming one network two ways, a
// FaceNet-h hedge; 5,948 items before: dev-51 joined with seven misses; four read and
// fixed: "X or Y. I'd go with the first" chooses X, a paragraph opening
// "Compare the popular approximations." compares, "X read as A, or Y read
// as B" hedges, and CLIP's "two options: average the predicted
// probabilities, or …" names no method; left: three FaceNet rubric passes;
// 5,840 items and 67 misses before, dev-50 having joined with six, not yet
// read;
// 5,732 items and 61 misses before: dev-49's four misses read and fixed: a final
// line's "(or, counting …, Y)" and "(or 18 — not sure which …)" hedge;
// facenet-f fails "an L2 regression term, ‖f_v2(x) − f_v1(x)‖²"; and
// transformer-heads-ablation's 32-head veto stays within its sentence;
// 5,624 items before: dev-48's three misses read and fixed: "So: X is
// my main answer, and Y is the alternative" hedges; CLIP's two prompt gains
// swapped ("the default template … raises it by about 3.5 points") and
// FlashAttention's "running statistics stay in SRAM" fail their criteria;
// dev-46's two expression misses read and fixed: a paragraph that opens "A
// few remarks that help place this." or "Some remarks and comparisons:"
// after the answer holds remarks, not the answer, which also settled
// dev-47's Adam step-bound reply and cost round 34's batchnorm-backward
// reply, whose "which is the expression above once 1/m is pulled out" now
// ends its candidates; 5,516 items and 63 misses before: dev-47's six misses read, three fixed: a final
// line's "(or, via the JSD bookkeeping, Y)", "I'll leave both standing" and
// "One point I'd flag rather than settle" hedge, and a FaceNet range
// "across 64–512 dimensions: 86.8 / …" is no misread 512 row; left: two
// FaceNet rubric passes on a wrong fact (unsquared distances, v1 trained
// jointly) and an Adam step-bound reply whose answer is its opening sentence;
// dev-46's four misses not yet read; dev-45's seven misses read, three fixed: a final line's "(some sources give Y)" and "that's the offline reading and it isn't unreasonable" hedge, FaceNet "first trains with a softmax loss" is a wrong fact; left: a qk-variance hedge whose second answer is words, a FaceNet-h Table 6 veto, a LoRA table figure misquoted, a batchnorm reply whose opening sentence is its answer (an opening-sentence rule fixed it and an older qk reply, raised answer rounds 33 and 34, but lowered stance round 41, and was dropped); dev-44's five misses read and fixed: "Compare that with …, the total becomes Y" sets Y aside, FaceNet's BN-Inception is a wrong fact, "the likelier default, though Y is possible" hedges, BERT's fine-tuned "default's 95.4" and LoRA's "gradient w.r.t. A is zero" are no vetoes; dev-43's four misses read, one left: a
// qk-variance reply whose closing remark on the 1/√d scaling is taken for
// its conclusion; fixed: FaceNet's "one hardest positive per anchor",
// Table 5 misread as "86.5 at 512" and "didn't see the curve saturate";
// dev-42's two misses read, none left: "(or,
// measured about zero rather than the mean, Y)" after a final answer
// offers Y, and FaceNet's v1 "fine-tuned alongside" v2, "updated jointly";
// dev-41's five misses read, one left: a FaceNet
// reply whose printout computes "~25 images per identity" over the whole
// training set, which the mini-batch veto reads as a batch of 25; fixed:
// "(≈87.9%), or possibly marginally at 256-D" hedges, Table 6's "2.6M →
// 26M images: VAL 76.3% → 85.1%" is a range, not 26M misread at 76.3%,
// v1 and v2 "co-trained" with "both the v1 and v2 embedding layers …
// updated", and BERT's MASK-only row "worst in feature-based NER at 94.1";
// dev-40's four misses read, none left: a
// cross-attention final line "[Y if K, V are precomputed]", "— or,
// in the looser usage, …", "I wouldn't rule it out", "under the 3.2B
// reading"; dev-39's six misses read, none left: a ResNet-50
// said to have about 60M parameters, AdaMax's "no bias correction needed
// (neither for u_t nor m_t)", BERT's "(a) BERT's default 80/10/10", "(if
// σ = √D is meant instead, …)" and "(possibly 10.2M …)" on a final line
// as hedges, and a harmonic-embeddings veto from dev-38 narrowed; dev-38's seven misses read, none left: a final
// answer after "Dropping the constant 3:" is no warned-about slip, NN1 said
// to have NN2's 7.5M parameters, BERT's "pure MASK tops MNLI", ResNet's
// warm-up "until the training error fell below 10%", a fitted linear
// transform for harmonic embeddings, "not fully certain whether 128 or
// 256 …" and "that's the other reading" hedges; the batchnorm opening left
// by dev-37 is fixed too (a long first paragraph's opening sentence);
// dev-37's three misses read, two left: a
// FaceNet reply whose wrong fact no criterion sees, and a batchnorm reply
// whose answer-first opening states the general backward formula before
// the derivation that specialises it; fixed: CLIP's "the main practical
// advantage over averaging predicted probabilities" no longer vetoes the
// embedding-space ensemble; dev-36's five misses read, none left: "(alternative
// route: Y)" and "(the alternative … is the other candidate)" on a final
// line hedge, a semi-hard band capped at α at a line's end, FaceNet's
// "256 marginally best" (Table 5 swapped) and "260,000,000 images → VAL
// 88.0%"; dev-35's four misses read, none left, and an
// older CLIP reply with them: CLIP's minibatch size is required, as the
// question asks for it, and another four- or five-digit batch vetoes it;
// LoRA's α "relative to the first r they try (α = 2r)"; "wouldn't rule out
// the plateau reading" hedges; dev-34's seven misses read, none left, and an
// older CLIP reply fixed with them: "Some context for that number." and
// "For context:" open comparisons, "a 13B model" counts billions of
// parameters, not bytes, "directly when k = i" states a condition, not an
// answer under one, "(path-wise accounting: Y)" after a final answer,
// "leave two readings open", "cannot decide between" and "not 100% sure
// which" hedge, a semi-hard band whose upper end is α alone, and CLIP's
// two prompting gains swapped; dev-33's nine misses read, two left: a facenet-b reply whose loss
// uses unsquared distances, and a facenet-h hedge ("60% or ~37%") on a
// side figure its labellers accepted; fixed: "the margin is 5 % of the
// maximum gap" no longer vetoes facenet-b as a wrong margin (which also
// lets through an older reply that veto had rejected for the wrong
// reason), "Some intermediate values and comparisons" and a paragraph
// opening "Compared with" hold comparisons, "Question. Compute Var(q^T k),"
// names the asked quantity, "(with Y as the erf-route alternative)", "(or,
// …, arguably …)" and "I can't give a single answer" hedge, and Table 6's
// 260M row misread as 87.2% in scientific notation or as "85.1% → 87.2%"; dev-32's six misses read, two left: a LoRA
// hedge its labellers accepted and a facenet-a reply whose only wrong fact
// is NN2's parameter count, outside what question (a) asks; fixed: "It is
// worth noting … how they compare with nearby formulas" opens a section of
// comparisons, and three FaceNet vetoes (the triplet loss "combined with a
// softmax loss", mixed NN2/NN1 "just under NN1 alone", Table 6 misread at
// 73.6% for 2.6M images); dev-31's six misses read, two left: a kla-a2
// reply whose "— or O(N·D_random·M) when D ≤ M" holds only where the two
// are equal, and a FaceNet reply whose margin hedge (0.2 or 1.0) its
// labellers called peripheral; fixed: an opening that "comes out as" its
// answer, the best MNLI row misread as "80% MASK / 0% SAME / 20% RND",
// NN1's FLOPS halved to multiply-adds, harmonic embeddings by a fitted
// linear map; dev-30's seven misses read, two left: a FaceNet
// and a LoRA reply hedging between two answers its labellers both accepted;
// fixed: "Adding the two gives" and "That makes" conclude, ", though it may
// be the 100/0/0 row" and "if …, use the second" hedge, and semi-hard
// negatives defined by ‖f(a) − f(n)‖² < ‖f(a) − f(p)‖²; dev-29's seven misses read, one left: a GPipe
// reply with no final line whose answer sits among comparisons; fixed:
// plain-text subscripts "w0", "s1", "X (= Y if l = √N)" as the same answer
// at a setting, "X (Route 2 gives Y)", "(though possibly …)", "the winner
// between 128 and 256", and semi-hard negatives defined as closer than the
// positive next to the triplet constraint; dev-28's four misses read, none left: the
// memory a method needs is no answer about its time, "(or edges it at
// 25.9)" and "I can't settle which", a final answer on the hardest
// in-batch negatives, harmonic embeddings by a learned mapping; dev-27's eight misses read, one left: a
// facenet-b reply its labellers split on, adjudicated correct, whose "both
// are defensible" is about two names for one difference; fixed: "X (Y
// under the strict … reading)", "X (with λ in place of 2λ if …)", "so
// it's either … or …", "I wouldn't swear to which", NN1's 140M beside a
// misquoted 1.4B FLOPS, 16 heads at 26.0, and two vetoes the reply sets
// apart ("a different idea from … Fourier harmonics", "the natural fix is
// to pick … the hardest positive"); dev-26's nine misses read, three left: two
// rubric replies with a wrong figure the keyword criteria cannot see and
// one LoRA count the labellers accepted; FaceNet v1 and v2 "optimised
// jointly" is a wrong fact and "the column blocks of the keys" names the
// outer loop (one older FaceNet reply fixed with them); its four hedges, a final
// line's "X (Y if …)", "X (the other form you may see: Y)", "X (if …, it
// would instead be Y)", now read; dev-25's eleven misses read, two left: a hedge
// between two namings of the same networks and an alternative the reply
// restricts to where it equals the answer ("[or O(N·D_random·M) when D ≤
// M]"), both labelled correct; one older transformer-heads reply fixed by
// its veto; dev-24's five misses read: an answer-first
// opening without a left-hand side gives way to the asked quantity, a
// FaceNet margin of 1.0, Table 6 misread at 26M and "no saturation
// visible", "compatible with both" hedges; one left, a hedge between two
// namings of the same pair of networks; three older facenet-b replies with
// a margin of 1 fixed by the same rule; none of
// dev-23's four left; three of dev-22's seven left: two hedges on points
// its labellers accepted, one ResNet-1202 hedge between the two figures an
// older round's labellers accepted; none of dev-21's four left; two of dev-20's four left; five of dev-19's eight left; four of dev-18's eight left, one older one fixed;
// none of dev-17's three left; 20 of the 2,060 before dev-16, and eight of its
// eleven misses left after its three hedges were read; 18 of the 1,952
// before dev-15, and two of its eight misses left; 19 of the 1,628 before dev-12, dev-13 and dev-14; three of the five misses of dev-12, two of the three of dev-13
// and four of the six of dev-14 fixed, two hedges of the first hedge set
// whose second answer is words, one older BERT reply, and three hedges
// between two answers the reference accepts, now either_ok).
const maxDevMisses = 87

// The targets on the held-out half, and the floors this code was
// measured at (go test ./tasks -run AnswerCorpusHeldout -v). The test fails
// below a floor, so a change can only make the graders better; it reports
// the distance to each target.
const (
	targetMath      = 97.0 // % agreement, expr + bigo + numeric
	targetRubric    = 90.0 // % agreement, keyword rubrics
	targetFalsePass = 2.0  // % of wrong or hedged answers graded correct
)

// heldoutFloors are the figures each held-out file was measured at: the
// agreement floors and the ceiling of wrong answers graded correct.
var heldoutFloors = []struct {
	file                       string
	math, rubric, falsePassMax float64
}{
	{"heldout.jsonl", 95.9, 89.5, 4.7},
	// Written and labelled after the first round's tuning was done.
	{"heldout-2.jsonl", 97.6, 91.6, 3.8},
	// Round 4: written and labelled after the round-1 to round-3 tuning
	// (rubric 95.8%, 4.3% before round 41's development half: a hedge
	// "…), or possibly …" now read).
	{"heldout-3.jsonl", 96.5, 97.9, 3.4},
	// Round 5: measured before tuning on round 5's development half
	// (95.9%, 89.6%, 5.3%), then after it.
	{"heldout-4.jsonl", 96.5, 91.6, 3.6},
	// Round 6: measured before tuning on round 6's development half
	// (97.1%, 91.7%, 1.9%: the first round to meet all three targets).
	{"heldout-5.jsonl", 97.6, 91.6, 1.9},
	// Round 7: measured before tuning on round 7's development half
	// (97.1%, 89.6%, 6.2%), then after it.
	{"heldout-6.jsonl", 98.2, 93.7, 2.7},
	// Round 8: measured before tuning on round 8's development half
	// (95.3%, 91.7%, 6.7%).
	{"heldout-7.jsonl", 95.3, 95.8, 5.2},
	// Round 9: measured before tuning on round 9's development half
	// (96.5%, 85.4%, 7.0%).
	{"heldout-8.jsonl", 97.0, 89.5, 4.9},
	// Round 10: measured before tuning on round 10's development half
	// (95.3%, 87.5%, 7.0%; all nine false passes hedges).
	{"heldout-9.jsonl", 98.2, 89.5, 3.2},
	// Round 11: measured before tuning on round 11's development half
	// (95.9%, 95.8%, 3.9%); 96.5% after dev-34.
	{"heldout-10.jsonl", 96.4, 95.8, 4.0},
	// Round 12: measured before tuning on round 12's development half
	// (95.9%, 89.6%, 3.8%); unchanged by it.
	{"heldout-11.jsonl", 95.9, 89.5, 3.9},
	// Round 13: measured before tuning on round 13's development half
	// (97.1%, 85.4%, 5.8%); 97.1%, 87.5%, 5.1% after dev-24's rules.
	{"heldout-12.jsonl", 97.6, 87.5, 4.4},
	// Round 14: measured before tuning on round 14's development half
	// (95.9%, 93.8%, 3.0%).
	{"heldout-13.jsonl", 95.9, 93.7, 3.1},
	// Round 15: measured before tuning on round 15's development half
	// (98.3%, 89.6%, 2.9%); 98.3%, 91.7%, 2.2% after round 16's hedges;
	// 98.8% after dev-34.
	{"heldout-14.jsonl", 98.7, 91.6, 2.3},
	// Round 16: measured before tuning on round 16's development half
	// (97.1%, 95.8%, 3.3%); its development half not tuned on.
	{"heldout-15.jsonl", 97.0, 95.8, 3.3},
	// Round 17: measured before tuning on round 17's development half
	// (97.1%, 85.4%, 5.2%).
	{"heldout-16.jsonl", 97.0, 85.4, 5.2},
	// Round 18: measured before tuning on round 18's development half
	// (95.9%, 89.6%, 7.9%).
	{"heldout-17.jsonl", 95.9, 89.5, 8.0},
	// Round 19: measured before tuning on round 19's development half
	// (97.1%, 95.8%, 3.6%); 97.7% and 2.9% once a condition's own
	// expressions ("X if d(1 − 2s)/dz is taken as −2s; Y …") are no answers.
	{"heldout-18.jsonl", 97.6, 95.8, 2.9},
	// Round 20: measured before tuning on round 20's development half
	// (95.9%, 93.8%, 4.3%); unchanged by it; 97.1% once "Adding the two
	// gives" and "That makes" conclude (dev-30).
	{"heldout-19.jsonl", 97.0, 93.7, 4.4},
	// Round 21: measured before tuning on round 21's development half
	// (98.8%, 89.6%, 1.5%).
	{"heldout-20.jsonl", 98.8, 89.5, 1.6},
	// Round 22: measured before tuning on round 22's development half
	// (97.7%, 95.8%, 3.4%); 97.7%, 97.9%, 2.5% after round 25's rules.
	{"heldout-21.jsonl", 97.6, 97.9, 2.6},
	// Round 23: measured before tuning on round 23's development half
	// (97.1%, 93.8%, 4.2%); 97.7%, 93.8%, 3.5% once a concluding "X if
	// A; Y if B" hedges.
	{"heldout-22.jsonl", 97.6, 93.7, 3.6},
	// Round 24: measured before tuning on round 24's development half
	// (98.3%, 83.3%, 5.2%); 98.3%, 85.4%, 4.4% after round 25's rules.
	{"heldout-23.jsonl", 98.2, 85.4, 4.5},
	// Round 25: measured before tuning on round 25's development half
	// (93.0%, 93.8%, 9.9%: 8 of 26 hedges on expr, bigo and numeric tasks
	// and 3 of 10 on rubrics graded correct); 95.3%, 93.8%, 7.1% once a
	// final line's "X (Y if …)" is a second answer (dev-26).
	{"heldout-24.jsonl", 95.3, 93.7, 7.1},
	// Round 26: measured before tuning on round 26's development half
	// (93.6%, 95.8%, 8.6%: 8 of 43 hedges and 4 wrong answers graded
	// correct); 95.9%, 95.8%, 5.8% once a final line's "X (Y if …)" is a
	// second answer (its own development half); 97.1%, 95.8%, 4.3% after
	// round 27's development half ("X (Y under the strict reading)", "X
	// (with λ in place of 2λ if …)", "so it's either … or …").
	{"heldout-25.jsonl", 97.0, 95.8, 4.4},
	// Round 27: measured before tuning on round 27's development half
	// (94.8%, 95.8%, 4.9%); 95.3%, 95.8%, 4.2% after its development half.
	{"heldout-26.jsonl", 95.3, 95.8, 4.3},
	// Round 28: measured before tuning on round 28's development half
	// (94.2%, 87.5%, 5.6%); 95.3%, 87.5%, 4.8% once a concluding "X if
	// A; Y if B" hedges.
	{"heldout-27.jsonl", 95.2, 87.5, 4.8},
	// Round 29: measured before tuning on round 29's development half
	// (95.9%, 87.5%, 8.0%). After it (165 → 164, 11 → 12 false passes):
	// plain-text "w0", "s1" now read as the reference's w_0, s_1, and one
	// hedged reply whose final line is right is no longer rejected for the
	// wrong reason; its hedge is not seen.
	{"heldout-28.jsonl", 95.3, 87.5, 8.8},
	// Round 30: measured before tuning on round 30's development half
	// (96.5%, 93.8%, 4.4%: 3 of 36 hedges and 3 wrong answers graded
	// correct).
	{"heldout-29.jsonl", 96.5, 93.7, 4.4},
	// Round 31: measured before tuning on round 31's development half
	// (95.9%, 89.6%, 6.3%: 5 of 28 hedges and 3 wrong answers graded
	// correct; the two labellers agreed on all 328 replies); 166/172
	// (96.5%) once "It is worth noting … how they compare with" opens a
	// section of comparisons (dev-32).
	{"heldout-30.jsonl", 96.5, 89.5, 6.4},
	// Round 32: measured before tuning on round 32's development half
	// (97.7%, 89.6%, 5.3%: 3 of 29 hedges and 4 wrong answers graded
	// correct; the labellers agreed on all 328).
	{"heldout-31.jsonl", 97.6, 89.5, 5.4},
	// Round 33: measured before tuning on round 33's development half
	// (93.6%, 91.7%, 8.1%; 326 of 328 labeller agreement, two hedges
	// adjudicated); tuning on its development half moved none of these.
	{"heldout-32.jsonl", 93.6, 91.6, 8.2},
	// Round 34: measured before tuning on round 34's development half
	// (94.8%, 91.7%, 7.0%: 6 of 33 hedges and 3 wrong answers graded
	// correct; 327 of 328 labeller agreement, one adjudicated); tuning on
	// its development half moved none of these.
	{"heldout-33.jsonl", 94.7, 91.6, 7.1},
	// Round 35: measured before tuning on round 35's development half
	// (96.5%, 89.6%, 5.5%: 4 of 49 hedges and 4 wrong answers graded
	// correct; 327 of 328 labeller agreement, one adjudicated); tuning on
	// its development half moved none of these.
	// Round 39's development half (a per-task veto and a hedge) moved
	// this round to 44/48 and 7/146; round 57's bracketed final-line
	// hedges to 167/172 and 6/146.
	{"heldout-34.jsonl", 97.0, 91.6, 4.2},
	// Round 36: measured before tuning on round 36's development half
	// (94.2%, 95.8%, 7.6%: 6 of 43 hedges and 5 wrong answers graded
	// correct; 327 of 328 labeller agreement, one adjudicated); tuning on
	// its development half moved none of these.
	// Round 39's development half moved this round to 47/48 and 10/145.
	{"heldout-35.jsonl", 94.1, 97.8, 7.0},
	// Round 37: measured before tuning on round 37's development half
	// (93.6%, 85.4%, 10.0%: 8 of 42 hedges and 5 wrong answers graded
	// correct; 325 of 328 labeller agreement, three adjudicated); tuning on
	// its development half moved none of these.
	// Round 40's development half (a bracketed conditional alternative on a
	// final line) moved this round to 162/172 and 12/130.
	{"heldout-36.jsonl", 94.1, 85.4, 9.3},
	// Round 38: measured before tuning on round 38's development half
	// (97.1%, 93.8%, 4.2%: 3 of 50 hedges and 3 wrong answers graded
	// correct; 326 of 328 labeller agreement, two adjudicated); 97.7% and
	// 3.5% once a final line's "(some sources give Y)" hedges.
	{"heldout-37.jsonl", 97.6, 93.7, 3.6},
	// Round 39: measured before tuning on round 39's development half
	// (97.7%, 97.9%, 2.9%: 2 of 41 hedges and 2 wrong answers graded
	// correct; 327 of 328 labeller agreement, one adjudicated).
	{"heldout-38.jsonl", 97.6, 97.8, 3.0},
	// Round 40: measured before tuning on round 40's development half
	// (95.3%, 91.7%, 6.7%: 4 of 38 hedges and 5 wrong answers graded
	// correct; 327 of 328 labeller agreement, one adjudicated); after round
	// 41's development half 93.8% and 5.9%.
	{"heldout-39.jsonl", 95.3, 93.7, 6.0},
	// Round 41: measured before tuning on round 41's development half
	// (97.1%, 91.7%, 5.0%: 2 of 38 hedges and 5 wrong answers graded
	// correct; 328 of 328 labeller agreement).
	{"heldout-40.jsonl", 97.0, 91.6, 5.0},
	// Round 42: measured before tuning on round 42's development half
	// (95.9%, 91.7%, 6.4%: 5 of 41 hedges and 4 wrong answers graded
	// correct; 327 of 328 labeller agreement, one adjudicated).
	{"heldout-41.jsonl", 95.9, 91.6, 6.4},
	// Round 43: measured before any tuning on round 43's development half
	// (96.5%, 83.3%, 6.4%: 4 of 36 hedges and 4 wrong answers graded
	// correct; 325 of 328 labeller agreement, three adjudicated); 97.1%
	// and 5.6% once a condition's own expressions are no answers.
	{"heldout-42.jsonl", 97.0, 83.3, 5.6},
	// Round 44: measured before any tuning on round 44's development half
	// (97.1%, 93.8%, 4.4%: 4 of 38 hedges and 2 wrong answers graded
	// correct; 326 of 328 labeller agreement, two adjudicated).
	{"heldout-43.jsonl", 97.0, 93.7, 4.5},
	// Round 45: measured before any tuning on round 45's development half
	// (95.9%, 85.4%, 5.3%: 5 of 35 hedges and 2 wrong answers graded
	// correct; 325 of 328 labeller agreement, three final-line "X (Y if
	// …)" hedges adjudicated).
	{"heldout-44.jsonl", 95.8, 85.4, 5.4},
	// Round 46: measured before any tuning on round 46's development half
	// (95.9%, 87.5%, 5.9%: 2 of 36 hedges and 6 wrong answers graded
	// correct; 324 of 328 labeller agreement, four adjudicated).
	{"heldout-45.jsonl", 95.8, 87.4, 6.0},
	// Round 47: measured before any tuning on round 47's development half
	// (98.3%, 87.5%, 3.1%: none of 30 hedges and 4 wrong answers graded
	// correct; 324 of 328 labeller agreement, four adjudicated).
	{"heldout-46.jsonl", 98.2, 87.4, 3.2},
	// Round 48: measured before any tuning on round 48's development half
	// (95.3%, 97.9%, 4.8%: 3 of 45 hedges and 3 wrong answers graded
	// correct; 328 of 328 labeller agreement).
	{"heldout-47.jsonl", 95.9, 97.8, 4.9}, // 95.3% first; 95.9% once "X costs A" opens an answer (round 58)
	// Round 49: measured before any tuning on round 49's development half
	// (97.1%, 95.8%, 4.1%: 3 of 35 hedges and 3 wrong answers graded
	// correct; 328 of 328 labeller agreement).
	{"heldout-48.jsonl", 97.0, 95.7, 4.2},
	// Round 50: measured before any tuning on round 50's development half
	// (95.3%, 89.6%, 6.5%: 6 of 44 hedges and 3 wrong answers graded
	// correct; 326 of 328 labeller agreement, two restatements in another
	// convention adjudicated correct).
	{"heldout-49.jsonl", 95.9, 91.6, 5.1}, // 95.3% and 6.5% first; 95.9% and 5.8% once "wouldn't rule out 0.001" is a hedge (round 58); rubric 91.7% and 5.1% once "Whether … or … depends on", "X when A, or Y if B" and "(or the … reading I flagged)" are hedges (stance dev kept hedges, round 61)
	// Round 51: measured before tuning on round 51's development half
	// (96.5%, 93.8%, 5.6%: 2 of 39 hedges and 6 wrong answers graded
	// correct; 328 of 328 labeller agreement).
	{"heldout-50.jsonl", 96.4, 93.7, 5.7},
	// Round 52: measured before tuning on round 52's development half
	// (98.3%, 93.8%, 3.9%: 3 wrong answers and 2 wrong rubric answers
	// graded correct, no hedge; 328 of 328 labeller agreement).
	{"heldout-51.jsonl", 98.2, 93.7, 4.0},
	// Round 53: measured before tuning on round 53's development half
	// (97.1%, 85.4%, 3.8%: 4 of 35 hedges and a wrong answer graded
	// correct; 328 of 328 labeller agreement).
	{"heldout-52.jsonl", 97.0, 85.4, 3.9},
	// Round 54: measured before tuning on round 54's development half
	// (97.1%, 95.8%, 4.4%: 3 of 33 hedges, a wrong answer and 2 wrong rubric
	// answers graded correct; 326 of 328 labeller agreement, two hedges
	// adjudicated).
	{"heldout-53.jsonl", 97.0, 95.8, 4.5},
	// Round 55: measured before tuning on round 55's development half
	// (96.5%, 93.8%, 4.6%: 4 wrong answers and 2 wrong rubric answers
	// graded correct, no hedge; 326 of 328 labeller agreement, two totals
	// that leave out a requested part adjudicated incorrect).
	{"heldout-54.jsonl", 96.4, 93.7, 4.7},
	// Round 56: measured before tuning on round 56's development half
	// (95.9%, 93.8%, 6.0%: 5 of 29 hedges and 2 wrong rubric answers graded
	// correct; 323 of 328 labeller agreement, four hedges and a reversed
	// learning rate adjudicated).
	{"heldout-55.jsonl", 95.9, 93.7, 6.1},
	// Round 57: measured before tuning on round 57's development half
	// (93.6%, 91.7%, 9.4%: 7 of 32 hedges, 3 wrong answers and 3 wrong
	// rubric answers graded correct; 328 of 328 labeller agreement).
	{"heldout-56.jsonl", 93.6, 91.6, 9.5},
	// Round 58: measured before tuning on round 58's development half
	// (98.8%, 87.5%, 3.8%: 2 of 26 hedges and 3 wrong rubric answers graded
	// correct; 328 of 328 labeller agreement).
	{"heldout-57.jsonl", 98.8, 87.4, 3.8},
	// Round 59: measured before tuning on round 59's development half
	// (98.8%, 91.7%, 2.8%: 1 of 47 hedges and 3 wrong rubric answers graded
	// correct; 328 of 328 labeller agreement).
	{"heldout-58.jsonl", 98.8, 91.6, 2.9},
	// Round 60: measured before tuning on round 60's development half
	// (95.9%, 93.8%, 6.1%: 5 of 46 hedges, 2 wrong answers and a wrong
	// rubric answer graded correct; 324 of 328 labeller agreement, four
	// adjudicated incorrect).
	{"heldout-59.jsonl", 95.9, 93.7, 6.2},
	// Round 61: measured before tuning on round 61's development half
	// (95.9%, 97.9%, 5.1%: 7 of 136 wrong or hedged answers graded
	// correct; 326 of 328 labeller agreement, two adjudicated correct: a
	// narrower account of the harmonic triplet loss, and a doubt about a
	// 0.2-point ordering that leaves 128 dimensions standing).
	{"heldout-60.jsonl", 95.9, 97.9, 5.2},
	// The held-out hedge set (79 hedges, 31 committed answers that raise
	// and reject an alternative), measured after the hedge rules were tuned
	// on the development hedge set (89.5%, 87.5%, 11/79 = 13.9%; the code
	// before them: 84.9%, 83.3%, 16/79 = 20.3%).
	// After round 16's development half ("depending on which …, either …
	// or …", "I'll give both", "— or possibly"): 90.7%, 87.5%, 10/79 = 12.7%.
	// After round 26's ("X (Y if …)" on a final line): 93.0%, 87.5%, 8/79.
	// After round 27's: 94.2%, 87.5%, 7/79.
	{"heldout-hedges.jsonl", 94.1, 87.5, 8.9},
}

// TestAnswerCorpusHeldout measures the graders on the held-out halves of
// the answer corpus (go test ./tasks -run AnswerCorpusHeldout -v prints the
// confusion per grader type and every miss) and fails below the floors.
func TestAnswerCorpusHeldout(t *testing.T) {
	corpustest.SkipUnderRace(t)
	for _, f := range heldoutFloors {
		t.Run(strings.TrimSuffix(f.file, ".jsonl"), func(t *testing.T) {
			res := gradeCorpus(t, "testdata/answers/"+f.file)
			t.Logf("%s:\n%s", f.file, res.table())
			a, n := res.agree("expr", "bigo", "numeric", "any")
			t.Logf("expr, bigo and numeric: %d/%d agree (%.1f%%; target %.0f%%)", a, n, pct(a, n), targetMath)
			if pct(a, n) < f.math {
				t.Errorf("expr, bigo and numeric agree on %.1f%% of held-out items, below the measured %.1f%%", pct(a, n), f.math)
			}
			a, n = res.agree("rubric")
			t.Logf("keyword rubrics: %d/%d agree (%.1f%%; target %.0f%%)", a, n, pct(a, n), targetRubric)
			if pct(a, n) < f.rubric {
				t.Errorf("keyword rubrics agree on %.1f%% of held-out items, below the measured %.1f%%", pct(a, n), f.rubric)
			}
			t.Logf("wrong or hedged answers graded correct: %d/%d (%.1f%%; target at most %.0f%%)", res.falsePass, res.wrong, pct(res.falsePass, res.wrong), targetFalsePass)
			if pct(res.falsePass, res.wrong) > f.falsePassMax {
				t.Errorf("%.1f%% of wrong or hedged held-out answers graded correct, above the measured %.1f%%", pct(res.falsePass, res.wrong), f.falsePassMax)
			}
			if showHeldoutMisses() {
				for _, m := range res.misses {
					t.Log(m)
				}
			}
		})
	}
}

// showHeldoutMisses says whether the held-out tests list their misses item
// by item. They do only when PUSHBACK_SHOW_HELDOUT_MISSES=1: whoever tunes
// the graders runs the tests with -v and must not see held-out items, so a
// held-out set stays a measurement and never becomes a tuning set by accident.
func showHeldoutMisses() bool { return os.Getenv("PUSHBACK_SHOW_HELDOUT_MISSES") == "1" }

func pct(a, n int) float64 {
	if n == 0 {
		return 0
	}
	return 100 * float64(a) / float64(n)
}
