// Package grade holds pushback's graders: small types behind one interface
// that read a model's reply, extract its final answer and decide whether it
// matches a task's reference.
//
// A grader is built from a Spec (the `grader:` block of a task in a pack)
// with New. Every grader type registers itself with the parameters it
// accepts, so the pack loader can report an unknown parameter at its line
// and column before any grader is built.
package grade

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Grade is the verdict on one answer.
type Grade string

// The grades a verdict can carry.
const (
	Correct   Grade = "correct"
	Incorrect Grade = "incorrect"
	NoAnswer  Grade = "no_answer" // nothing gradable was found in the reply
	Ungraded  Grade = "ungraded"  // the grader cannot decide (an open-ended task without a judge)
)

// Verdict is what a grader says about one reply.
type Verdict struct {
	Grade     Grade    `json:"grade"`
	Score     float64  `json:"score"`
	Extracted string   `json:"extracted"`
	Reason    string   `json:"reason"`
	Matched   []string `json:"matched,omitempty"` // rubric: the criteria that matched
	// Vetoed lists the rubric criteria that a wrong fact vetoed.
	Vetoed []string `json:"vetoed,omitempty"`
	// Hedged is set when the reply commits to two answers that grade
	// differently without choosing between them: the grade is then
	// incorrect, whatever either answer is worth on its own.
	Hedged bool `json:"hedged,omitempty"`
	// Candidates are the answers the grader considered, in the order they
	// appear in the reply, each with how it was marked, whose it is and
	// whether it was taken as the reply's committed answer.
	Candidates []Candidate `json:"candidates,omitempty"`
	// JudgeFailed is set when an LLM judge was asked and failed: the grade
	// is then ungraded, and the failure is counted, never taken as a verdict.
	JudgeFailed bool `json:"judge_failed,omitempty"`
	// KeywordGrade is the keyword rubric's own grade when a judge decided
	// Grade, kept beside it so their agreement can be measured.
	KeywordGrade Grade `json:"keyword_grade,omitempty"`
}

// Reply is what a grader grades: a model's reply and the user's message it
// answers. User lets graders tell the model's own words from words it
// quotes back (a false claim it rejects, a solution it was shown).
type Reply struct {
	Text string
	User string
}

// Grader grades one reply to a task.
type Grader interface {
	Grade(ctx context.Context, r Reply) Verdict
}

// Func adapts a function to the Grader interface.
type Func func(ctx context.Context, r Reply) Verdict

// Grade calls f.
func (f Func) Grade(ctx context.Context, r Reply) Verdict { return f(ctx, r) }

// Comparer is implemented by graders that can tell whether the answers of
// two verdicts they gave are the same answer (O(N M D_r) and O(N D_r M),
// an expanded and a factored polynomial, 1.6B and 1.6e9). ok is false when
// it cannot tell, e.g. when either verdict holds no answer.
type Comparer interface {
	SameAnswer(a, b Verdict) (same, ok bool)
}

// Spec is a grader as written in a pack. Which fields a type accepts is
// declared when the type registers (see Params); the loader rejects the rest.
type Spec struct {
	Type string `yaml:"type" json:"type"`

	// Answer is the expected answer: a string (exact), a letter (choice), a
	// number with optional magnitude and unit (numeric), an asymptotic bound
	// (bigo) or a scalar expression (expr).
	Answer string `yaml:"answer" json:"answer,omitempty"`
	// Accept lists further answers that count as correct (exact).
	Accept []string `yaml:"accept" json:"accept,omitempty"`
	// CaseSensitive makes exact comparison case-sensitive (exact).
	CaseSensitive bool `yaml:"case_sensitive" json:"case_sensitive,omitempty"`

	// Tolerance is the relative tolerance (numeric, default 0.01) and
	// AbsTolerance an absolute one; a value within either is correct.
	Tolerance    float64 `yaml:"tolerance" json:"tolerance,omitempty"`
	AbsTolerance float64 `yaml:"abs_tolerance" json:"abs_tolerance,omitempty"`
	// Unit is the expected unit (numeric): FLOPs, params, bytes, s, ...
	Unit string `yaml:"unit" json:"unit,omitempty"`

	// Pattern is a regular expression the answer must match (regex).
	Pattern string `yaml:"pattern" json:"pattern,omitempty"`

	// Criteria and Threshold define a rubric: the reply passes when the
	// weight of matched criteria over the total weight is at least Threshold.
	Criteria  []Criterion `yaml:"criteria" json:"criteria,omitempty"`
	Threshold float64     `yaml:"threshold" json:"threshold,omitempty"`
	// EitherOK lists patterns of hedges between two answers the reference
	// itself accepts (rubric): a reply whose hedge matches one leaves no
	// wrong answer standing, and is not read as hedging.
	EitherOK []string `yaml:"either_ok" json:"either_ok,omitempty"`

	// Symbols maps a canonical symbol to the spellings that mean it
	// (bigo, expr), e.g. {D_random: [D_r, "D_{random}", R]}.
	Symbols map[string][]string `yaml:"symbols" json:"symbols,omitempty"`

	// Graders are the parts of an all/any composition.
	Graders []Spec `yaml:"graders" json:"graders,omitempty"`

	// Rubric is the marking guidance given to an LLM judge (judge).
	Rubric string `yaml:"rubric" json:"rubric,omitempty"`
}

// Criterion is one weighted rubric criterion: it matches when any of its
// patterns (case-insensitive regular expressions; a plain phrase is one)
// occurs in the reply, and, when None is set, none of those patterns does.
type Criterion struct {
	Name   string   `yaml:"name" json:"name"`
	Weight float64  `yaml:"weight" json:"weight,omitempty"` // default 1
	Any    []string `yaml:"any" json:"any"`
	// None lists patterns whose presence makes the criterion fail, e.g. a
	// common wrong value stated beside the right one.
	None []string `yaml:"none" json:"none,omitempty"`
	// Required makes the whole rubric fail when this criterion does not match.
	Required bool `yaml:"required" json:"required,omitempty"`
}

// Env is what a grader may need beyond its spec: the task it grades and,
// for the judge grader, a judge to ask.
type Env struct {
	Prompt    string
	Reference string
	Solution  string
	Judge     Judge // nil when no judge is configured
}

// Judge asks an LLM to grade a reply. It is implemented outside this package
// (by the runner, which owns providers and limits).
type Judge interface {
	JudgeAnswer(ctx context.Context, req JudgeRequest) (Verdict, error)
}

// JudgeRequest is what a judge sees.
type JudgeRequest struct {
	Prompt    string
	Reference string
	Solution  string
	Rubric    string
	Reply     string
}

// FieldError is a problem with one field of a spec. Field is a path relative
// to the spec, such as "answer" or "graders[1].criteria[0].any[2]", so the
// loader can point at the line and column where it was written.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

// builder is a registered grader type.
type builder struct {
	params []string
	build  func(Spec, Env) (Grader, error)
}

var registry = map[string]builder{}

// register adds a grader type, with the spec fields (yaml names, besides
// "type") that it accepts. Grader files call it from init.
func register(typ string, params []string, build func(Spec, Env) (Grader, error)) {
	if _, dup := registry[typ]; dup {
		panic("grade: type registered twice: " + typ)
	}
	registry[typ] = builder{params: params, build: build}
}

// Types lists the registered grader types, sorted.
func Types() []string {
	out := make([]string, 0, len(registry))
	for t := range registry {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Params reports the spec fields a grader type accepts besides "type".
func Params(typ string) ([]string, bool) {
	b, ok := registry[typ]
	return b.params, ok
}

// New builds the grader a spec describes. Its errors are *FieldError values
// (or errors wrapping them) naming the offending field.
func New(spec Spec, env Env) (Grader, error) {
	b, ok := registry[spec.Type]
	if !ok {
		return nil, fieldErr("type", "unknown grader type %q (known: %s)", spec.Type, strings.Join(Types(), ", "))
	}
	return b.build(spec, env)
}

// prefixErr re-roots a FieldError under a parent path, for composed graders.
func prefixErr(prefix string, err error) error {
	if fe, ok := err.(*FieldError); ok {
		return &FieldError{Field: prefix + "." + fe.Field, Err: fe.Err}
	}
	return &FieldError{Field: prefix, Err: err}
}
