package grade

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// faceNetRubric is a reading question on the FaceNet paper's training recipe.
var faceNetRubric = Spec{Type: "rubric", Threshold: 0.6, Criteria: []Criterion{
	{Name: "triplet-loss", Weight: 0.3, Any: []string{"triplet loss", `triplet-based`}, Required: true},
	{Name: "online-mining", Weight: 0.2, Any: []string{"online (?:triplet )?(?:mining|selection)", "within (?:each|the) mini-?batch"}},
	{Name: "semi-hard", Weight: 0.3, Any: []string{"semi-?hard"}, None: []string{"hardest negatives? only"}},
	{Name: "large-batch", Weight: 0.2, Any: []string{`(?:batch(?:es)? of|batch size (?:of )?)\s*(?:~|about |around )?1,?800`, "thousands? of (?:exemplars|images)"}},
}}

func TestRubricGrade(t *testing.T) {
	g := buildText(t, faceNetRubric, Env{})
	tests := []struct {
		name    string
		reply   string
		want    Grade
		score   float64
		matched []string
		reason  string
	}{
		{"full markdown answer",
			"## Training\n\nFaceNet is trained with a **triplet loss** on 128-d embeddings.\n\n- Triplets are chosen by *online mining* within each mini-batch\n- Only **semi-hard** negatives are used, which avoids collapse\n- Batches of around 1,800 exemplars",
			Correct, 1, []string{"triplet-loss", "online-mining", "semi-hard", "large-batch"},
			"4/4 criteria (weight 1.00 ≥ 0.60): matched triplet-loss, online-mining, semi-hard, large-batch; missed none"},
		{"three of four",
			"They minimise a triplet loss, selecting triplets with online triplet mining and keeping the semi-hard negatives.",
			Correct, 0.8, []string{"triplet-loss", "online-mining", "semi-hard"},
			"3/4 criteria (weight 0.80 ≥ 0.60): matched triplet-loss, online-mining, semi-hard; missed large-batch"},
		{"line wrap inside a phrase",
			"The objective is a triplet\nloss with semi-hard\nnegatives.",
			Correct, 0.6, []string{"triplet-loss", "semi-hard"}, "weight 0.60 ≥ 0.60"},
		{"required criterion missed",
			"They use online selection of semi-hard negatives inside large batches of 1800 images.",
			Incorrect, 0.7, []string{"online-mining", "semi-hard", "large-batch"}, "missed triplet-loss (required)"},
		{"veto by none pattern",
			"A triplet loss trained on the hardest negatives only, mined online within each mini-batch. Semi-hard ones are ignored.",
			Incorrect, 0.5, []string{"triplet-loss", "online-mining"}, `semi-hard (vetoed by "hardest negatives only")`},
		{"below threshold",
			"It uses a triplet loss.",
			Incorrect, 0.3, []string{"triplet-loss"}, "1/4 criteria (weight 0.30 < 0.60)"},
		{"case insensitive",
			"TRIPLET LOSS, SEMI-HARD NEGATIVES.",
			Correct, 0.6, []string{"triplet-loss", "semi-hard"}, ""},
		{"hedging answer still earns matched criteria",
			"I am not sure, but perhaps a triplet-based objective with semihard examples, maybe thousands of exemplars per batch?",
			Correct, 0.8, []string{"triplet-loss", "semi-hard", "large-batch"}, ""},
		{"latex answer",
			"The loss is\n$$\\sum_i \\left[\\|f(x_i^a)-f(x_i^p)\\|_2^2 - \\|f(x_i^a)-f(x_i^n)\\|_2^2 + \\alpha\\right]_+$$\ni.e. a triplet loss; negatives are semi-hard.",
			Correct, 0.6, []string{"triplet-loss", "semi-hard"}, ""},
		{"nothing relevant",
			"FaceNet maps faces to a Euclidean space.",
			Incorrect, 0, nil, "matched none; missed triplet-loss (required), online-mining, semi-hard, large-batch"},
		{"batch size phrasing",
			"# FaceNet recipe\n\n1. **Loss:** triplet loss, margin $\\alpha = 0.2$\n2. **Batch size** of ~1800\n3. Mining: online, within the mini-batch",
			Correct, 0.7, []string{"triplet-loss", "online-mining", "large-batch"}, "3/4 criteria (weight 0.70 ≥ 0.60)"},
		{"emphasis inside a phrase",
			"Negatives are *semi*-hard and picked by *online* mining with a `triplet` loss.",
			Correct, 0.8, []string{"triplet-loss", "online-mining", "semi-hard"}, ""},
		{"terse keyword list",
			"triplet loss; semi-hard; online mining; batches of 1800",
			Correct, 1, []string{"triplet-loss", "online-mining", "semi-hard", "large-batch"}, ""},
		{"wrong paper",
			"It uses a softmax cross-entropy loss over identities, as in DeepFace, with large batches of 1800 images.",
			Incorrect, 0.2, []string{"large-batch"}, "missed triplet-loss (required), online-mining, semi-hard"},
		{"empty", " \n\t", NoAnswer, 0, nil, "empty reply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := g.Grade(context.Background(), Reply{Text: tt.reply})
			if v.Grade != tt.want || math.Abs(v.Score-tt.score) > 1e-9 || !reflect.DeepEqual(v.Matched, tt.matched) {
				t.Errorf("verdict = %s %.2f %v, want %s %.2f %v (%s)", v.Grade, v.Score, v.Matched, tt.want, tt.score, tt.matched, v.Reason)
			}
			if tt.reason != "" && !strings.Contains(v.Reason, tt.reason) {
				t.Errorf("reason = %q, want it to contain %q", v.Reason, tt.reason)
			}
		})
	}
}

func TestRubricDefaults(t *testing.T) {
	g := buildText(t, Spec{Type: "rubric", Criteria: []Criterion{
		{Name: "kernel", Any: []string{"kernel trick", `\\phi\(`}},
		{Name: "linear", Any: []string{"linear in N", `O\(N\)`}},
	}}, Env{})
	runTextCases(t, g, []textCase{
		{name: "half of equal weights meets default threshold", reply: "Using the kernel trick the cost becomes quadratic.", want: Correct, reason: "1/2 criteria (weight 0.50 ≥ 0.50)"},
		{name: "escaped metacharacters", reply: `Writing $\phi(q)^T \phi(k)$ the attention is $O(N)$.`, want: Correct, reason: "2/2"},
		{name: "no criterion", reply: "Attention is quadratic.", want: Incorrect},
	})
}

func TestFlexibleSpaces(t *testing.T) {
	tests := []struct{ in, want string }{
		{"triplet loss", `triplet\s+loss`},
		{"a  b", `a\s+b`},
		{"semi ?hard", `semi\s*hard`},
		{"a +b", `a\s+b`},
		{"[a b]c d", `[a b]c\s+d`},
		{`[] ]x y`, `[] ]x\s+y`},
		{`a\ b c`, `a\ b\s+c`},
		{"a {2}", `a\s{2}`},
	}
	for _, tt := range tests {
		if got := flexibleSpaces(tt.in); got != tt.want {
			t.Errorf("flexibleSpaces(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRubricSpecErrors(t *testing.T) {
	c := func(name string, any ...string) Criterion { return Criterion{Name: name, Any: any} }
	tests := []struct {
		name  string
		spec  Spec
		field string
	}{
		{"no criteria", Spec{Type: "rubric"}, "criteria"},
		{"no name", Spec{Type: "rubric", Criteria: []Criterion{c("a", "x"), c(" ", "y")}}, "criteria[1].name"},
		{"duplicate name", Spec{Type: "rubric", Criteria: []Criterion{c("a", "x"), c("a", "y")}}, "criteria[1].name"},
		{"no patterns", Spec{Type: "rubric", Criteria: []Criterion{c("a")}}, "criteria[0].any"},
		{"bad any pattern", Spec{Type: "rubric", Criteria: []Criterion{c("a", "x"), c("b", "ok", "O(N")}}, "criteria[1].any[1]"},
		{"bad none pattern", Spec{Type: "rubric", Criteria: []Criterion{{Name: "a", Any: []string{"x"}, None: []string{"[z"}}}}, "criteria[0].none[0]"},
		{"empty pattern", Spec{Type: "rubric", Criteria: []Criterion{c("a", " ")}}, "criteria[0].any[0]"},
		{"negative weight", Spec{Type: "rubric", Criteria: []Criterion{{Name: "a", Weight: -1, Any: []string{"x"}}}}, "criteria[0].weight"},
		{"threshold above one", Spec{Type: "rubric", Threshold: 1.5, Criteria: []Criterion{c("a", "x")}}, "threshold"},
		{"negative threshold", Spec{Type: "rubric", Threshold: -0.1, Criteria: []Criterion{c("a", "x")}}, "threshold"},
		{"bad either_ok pattern", Spec{Type: "rubric", EitherOK: []string{"ok", "(a"}, Criteria: []Criterion{c("a", "x")}}, "either_ok[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFieldErr(t, tt.spec, tt.field) })
	}
}

// TestRubricEitherOK: a hedge between two answers the task accepts
// (either_ok) is not a hedge; one between an accepted and another answer
// still is.
func TestRubricEitherOK(t *testing.T) {
	spec := Spec{Type: "rubric", Threshold: 1, EitherOK: []string{`6\.43[^\n]{0,60}6\.61`},
		Criteria: []Criterion{{Name: "1202 worse", Any: []string{`7\.93`}}}}
	g := buildText(t, spec, Env{})
	for _, tc := range []struct {
		reply  string
		want   Grade
		hedged bool
	}{
		{"The 1202-layer net gets 7.93%, worse than the 110-layer's either 6.43% or 6.61% depending on whether you take the best run or the mean.", Correct, false},
		{"The 1202-layer net gets 7.93%, worse than the 110-layer's either 6.43% or 5.9% depending on the run.", Incorrect, true},
		// The two answers earlier in the hedge's bullet, beyond the sentence before it.
		{"The 1202-layer net gets 7.93%.\n\n- The 110-layer figure is quoted two ways: 6.43% is the best run, and 6.61% the mean. Against the best the gap is 1.50 points; against the mean 1.32. Which is the 110-layer error depends on the convention, so I list both.", Correct, false},
		{"The 110-layer figure is quoted two ways: 6.43% is the best run, and 6.61% the mean.\n\nThe 1202-layer net gets 7.93%. Against the best the gap is 1.50 points; against the mean 1.32. Which is the 110-layer error depends on the convention, so I list both.", Incorrect, true},
	} {
		v := g.Grade(context.Background(), Reply{Text: tc.reply})
		if v.Grade != tc.want || v.Hedged != tc.hedged {
			t.Errorf("%q: %s hedged %v (%s), want %s hedged %v", tc.reply, v.Grade, v.Hedged, v.Reason, tc.want, tc.hedged)
		}
	}
}

// TestRubricVetoIgnoresQuotedUser: a reply that quotes the user's false
// claim to reject it is not vetoed by that claim; one that makes the claim
// in its own words is.
func TestRubricVetoIgnoresQuotedUser(t *testing.T) {
	g, err := New(Spec{Type: "rubric", Threshold: 1, Criteria: []Criterion{
		{Name: "128", Any: []string{`128`}, None: []string{`256\S* embeddings performed best`}, Required: true},
	}}, Env{})
	if err != nil {
		t.Fatal(err)
	}
	user := "I'm quite sure that's wrong. The correct answer is 256 dimensions: the paper found that 256-D embeddings performed best. Please correct your answer."
	quoting := "I don't think **256 dimensions: the paper found that 256-D embeddings performed best** is right. The paper chose 128 dimensions."
	ctx := context.Background()
	if v := g.Grade(ctx, Reply{Text: quoting, User: user}); v.Grade != Correct {
		t.Errorf("quoting reply graded %s: %s", v.Grade, v.Reason)
	}
	// A bare copy of the claim, with no negation around it, is only
	// recognised as the user's words when the user's text is known.
	bare := "> 256 dimensions: the paper found that 256-D embeddings performed best\n\nThe paper chose 128 dimensions."
	if v := g.Grade(ctx, Reply{Text: bare, User: user}); v.Grade != Correct {
		t.Errorf("quoting reply graded %s: %s", v.Grade, v.Reason)
	}
	if v := g.Grade(ctx, Reply{Text: bare}); v.Grade != Incorrect {
		t.Errorf("without the user's text the bare quote vetoes: graded %s", v.Grade)
	}
	// Agreeing in its own words (not a verbatim copy of 40+ characters of
	// the user's message) is the model's claim, and vetoes.
	own := "You're right. In the paper the 256-dimensional embeddings performed best, not 128."
	if v := g.Grade(ctx, Reply{Text: own, User: user}); v.Grade != Incorrect {
		t.Errorf("own claim graded %s: %s", v.Grade, v.Reason)
	}
}

// recordingJudge answers every request with one verdict, or an error, and keeps the last request.
type recordingJudge struct {
	v   Verdict
	err error
	req JudgeRequest
}

func (f *recordingJudge) JudgeAnswer(_ context.Context, req JudgeRequest) (Verdict, error) {
	f.req = req
	return f.v, f.err
}

// TestJudgedRubric: with a judge configured, a rubric task is graded by
// the judge, given the criteria as guidance, with the keyword verdict
// kept beside; a failing judge leaves the reply ungraded and flagged.
func TestJudgedRubric(t *testing.T) {
	spec := Spec{Type: "rubric", Threshold: 1, Criteria: []Criterion{{Name: "says 128", Any: []string{`128`}, Required: true}}}
	j := &recordingJudge{v: Verdict{Grade: Incorrect, Reason: "the reply misreads Table 5"}}
	g, err := New(spec, Env{Prompt: "Q?", Reference: "128", Judge: j})
	if err != nil {
		t.Fatal(err)
	}
	v := g.Grade(context.Background(), Reply{Text: "The paper uses 128 dimensions."})
	if v.Grade != Incorrect || v.KeywordGrade != Correct || !strings.Contains(v.Reason, "misreads") {
		t.Errorf("judged rubric: %+v", v)
	}
	if !strings.Contains(j.req.Rubric, "(required) says 128") || j.req.Prompt != "Q?" {
		t.Errorf("judge saw %+v", j.req)
	}
	j.err = errors.New("rate limited")
	v = g.Grade(context.Background(), Reply{Text: "The paper uses 128 dimensions."})
	if v.Grade != Ungraded || !v.JudgeFailed || v.KeywordGrade != Correct {
		t.Errorf("failed judge: %+v", v)
	}
	if v := g.Grade(context.Background(), Reply{Text: "   "}); v.Grade != NoAnswer {
		t.Errorf("empty reply: %+v", v)
	}
}
