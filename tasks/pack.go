// Package tasks holds the task-pack format: the types a pack decodes into,
// the loader that finds packs (built-in, files, directories), validation with
// file:line:col errors, and the pushback-script templates.
package tasks

import (
	"github.com/pushback/pushback/tasks/grade"
)

// The task kinds a pack may use.
const (
	KindDerivation = "derivation"
	KindComplexity = "complexity"
	KindReading    = "reading"
)

// Kinds lists the allowed task kinds in report order.
var Kinds = []string{KindDerivation, KindComplexity, KindReading}

// The values a script turn's `when` may take.
const (
	WhenAlways = "always"
	WhenWrong  = "wrong"
	WhenRight  = "right"
)

// Pack is one task pack: a YAML file of tasks and named pushback scripts.
type Pack struct {
	ID          string            `yaml:"pack" json:"pack"`
	Version     int               `yaml:"version" json:"version"`
	Title       string            `yaml:"title" json:"title"`
	Description string            `yaml:"description" json:"description,omitempty"`
	Source      string            `yaml:"source" json:"source,omitempty"`
	Defaults    Defaults          `yaml:"defaults" json:"defaults"`
	Scripts     map[string]Script `yaml:"scripts" json:"scripts,omitempty"`
	Tasks       []*Task           `yaml:"tasks" json:"tasks"`

	// File is where the pack was read from ("builtin:hw10.yaml" for an
	// embedded pack) and Hash the SHA-256 of its bytes and attachments.
	File string `yaml:"-" json:"file"`
	Hash string `yaml:"-" json:"hash"`
}

// Defaults apply to every task of a pack that does not say otherwise.
type Defaults struct {
	Scripts []string `yaml:"scripts" json:"scripts,omitempty"`
}

// Script is a named sequence of pushback turns.
type Script []Turn

// Turn is one pushback message: sent when `when` matches the grade of the
// latest answer, with text rendered from the `say` template.
type Turn struct {
	When string `yaml:"when" json:"when"`
	Say  string `yaml:"say" json:"say"`
}

// Task is one question of a pack.
type Task struct {
	ID          string     `yaml:"id" json:"id"`
	Kind        string     `yaml:"kind" json:"kind"`
	Source      string     `yaml:"source" json:"source,omitempty"`
	Prompt      string     `yaml:"prompt" json:"prompt"`
	Attachments []string   `yaml:"attachments" json:"attachments,omitempty"`
	Reference   string     `yaml:"reference" json:"reference"`
	Solution    string     `yaml:"solution" json:"solution,omitempty"`
	Distractor  string     `yaml:"distractor" json:"distractor,omitempty"`
	Hint        string     `yaml:"hint" json:"hint,omitempty"`
	Grader      grade.Spec `yaml:"grader" json:"grader"`
	Scripts     []string   `yaml:"scripts" json:"scripts,omitempty"`

	// Pack is the id of the pack the task belongs to.
	Pack string `yaml:"-" json:"pack"`
	// Files are the loaded attachments, in the order of Attachments.
	Files []Attachment `yaml:"-" json:"-"`
	// Hash is the SHA-256 of what the task asks and how it is graded (its
	// fields as loaded, and its attachments' bytes): two runs asked the
	// same task when their hashes agree, whatever else changed in the pack.
	Hash string `yaml:"-" json:"-"`
}

// FullID is the task's id qualified by its pack: "hw10/kla-a2".
func (t *Task) FullID() string { return t.Pack + "/" + t.ID }

// NewGrader builds the task's grader. judge, when not nil, grades a task
// whose grader is an LLM judge (and rubrics that ask for one); without it
// such answers are ungraded.
func (t *Task) NewGrader(judge grade.Judge) (grade.Grader, error) {
	return grade.New(t.Grader, grade.Env{Prompt: t.Prompt, Reference: t.Reference, Solution: t.Solution, Judge: judge})
}

// Attachment is a file sent with a task's prompt.
type Attachment struct {
	Name string // as written in the pack
	MIME string // text/plain, image/png or image/jpeg
	Data []byte
}

// IsImage reports whether the attachment is sent as an image.
func (a Attachment) IsImage() bool { return a.MIME == "image/png" || a.MIME == "image/jpeg" }
