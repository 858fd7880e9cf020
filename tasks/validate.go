package tasks

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"

	"github.com/pushback/pushback/internal/yamlpos"
	"github.com/pushback/pushback/tasks/grade"
)

var idRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// validator checks a decoded pack, reporting at the positions the decoder
// recorded.
type validator struct {
	d    *yamlpos.Decoder
	errs *yamlpos.Errors
	p    *Pack
	read func(name string) ([]byte, error)
	// needs caches the task fields each script's turns require.
	needs map[string][][]string
	// checkRefs grades each task's reference and distractor with its
	// grader (every pack but the built-ins at start-up, which the test
	// suite checks).
	checkRefs bool
}

// at returns the recorded position of a path, falling back to its parents.
func (v *validator) at(p string) token.Position {
	for {
		if pos, ok := v.d.Pos[p]; ok {
			return pos
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return token.Position{Line: 1, Column: 1}
		}
		p = p[:i]
	}
}

func (v *validator) errorf(p, format string, args ...any) {
	v.errs.AddAt(v.at(p), format, args...)
}

func (v *validator) keyAt(p string) token.Position {
	if pos, ok := v.d.Pos[p+"#key"]; ok {
		return pos
	}
	return v.at(p)
}

func (v *validator) validate() {
	p := v.p
	switch {
	case p.ID == "":
		v.errorf("pack", "missing pack id (`pack: my-pack`)")
	case !idRe.MatchString(p.ID):
		v.errorf("pack", "pack id %q must be lowercase letters, digits and dashes", p.ID)
	}
	if p.Version != 1 {
		v.errorf("version", "version must be 1 (this is pack format v1), not %d", p.Version)
	}
	if strings.TrimSpace(p.Title) == "" {
		v.errorf("title", "missing title")
	}
	v.validateScripts()
	for i, name := range p.Defaults.Scripts {
		if _, ok := p.Script(name); !ok {
			v.errorf(fmt.Sprintf("defaults.scripts[%d]", i), "unknown script %q (%s)", name, v.scriptChoices())
		}
	}
	if len(p.Tasks) == 0 {
		v.errorf("tasks", "the pack has no tasks")
	}
	ids := map[string]int{}
	for i, t := range p.Tasks {
		if t == nil {
			v.errorf(fmt.Sprintf("tasks[%d]", i), "empty task")
			continue
		}
		base := fmt.Sprintf("tasks[%d]", i)
		if j, dup := ids[t.ID]; dup && t.ID != "" {
			v.errorf(base+".id", "duplicate task id %q (first used by task %d)", t.ID, j+1)
		}
		ids[t.ID] = i
		t.Pack = p.ID
		v.validateTask(t, base)
	}
}

func (v *validator) scriptChoices() string {
	var local []string
	for n := range v.p.Scripts {
		local = append(local, n)
	}
	sort.Strings(local)
	s := "built-in: " + strings.Join(BuiltinNames(), ", ")
	if len(local) > 0 {
		s += "; this pack: " + strings.Join(local, ", ")
	}
	return s
}

func (v *validator) validateScripts() {
	v.needs = map[string][][]string{}
	for name, script := range v.p.Scripts {
		base := "scripts." + name
		if _, builtin := Builtin[name]; builtin {
			v.errs.AddAt(v.keyAt(base), "script %q redefines a built-in script; choose another name", name)
			continue
		}
		if !idRe.MatchString(name) {
			v.errs.AddAt(v.keyAt(base), "script name %q must be lowercase letters, digits and dashes", name)
		}
		if len(script) == 0 {
			v.errorf(base, "script %q has no turns", name)
		}
		v.needs[name] = v.checkTurns(script, base)
	}
	for name, script := range Builtin {
		v.needs[name] = v.checkTurns(script, "")
	}
}

// checkTurns validates each turn and returns the task fields each needs.
func (v *validator) checkTurns(script Script, base string) [][]string {
	needs := make([][]string, len(script))
	for j, turn := range script {
		tp := fmt.Sprintf("%s[%d]", base, j)
		switch turn.When {
		case WhenAlways, WhenWrong, WhenRight:
		case "":
			v.errorf(tp, "turn %d has no `when` (always, wrong or right)", j+1)
		default:
			v.errorf(tp+".when", "when must be always, wrong or right, not %q", turn.When)
		}
		if strings.TrimSpace(turn.Say) == "" {
			v.errorf(tp, "turn %d has no `say` text", j+1)
			continue
		}
		n, err := checkTemplate(turn.Say)
		if err != nil {
			v.errorf(tp+".say", "template of turn %d: %s", j+1, templateMsg(err))
			continue
		}
		needs[j] = n
	}
	return needs
}

// templateMsg shortens text/template's messages to the part a pack author needs.
func templateMsg(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "template: ")
	msg = strings.Replace(msg, "*tasks.Task", "Task", 1)
	msg = strings.Replace(msg, "tasks.TemplateData", "the template data (.Task, .Turn)", 1)
	return msg
}

// taskErrorf reports a problem with a whole task at the key of its id.
func (v *validator) taskErrorf(base, format string, args ...any) {
	v.errs.AddAt(v.keyAt(base+".id"), format, args...)
}

// missing reports whether a required field was left out (not mistyped:
// that was reported already).
func (v *validator) missing(path, value string) bool {
	return strings.TrimSpace(value) == "" && !v.d.Bad[path]
}

func (v *validator) validateTask(t *Task, base string) {
	switch {
	case v.missing(base+".id", t.ID):
		v.errorf(base, "task has no id")
	case t.ID == "":
	case !idRe.MatchString(t.ID):
		v.errorf(base+".id", "task id %q must be lowercase letters, digits and dashes", t.ID)
	}
	name := "task " + t.ID
	if t.ID == "" {
		name = base
	}
	switch t.Kind {
	case KindDerivation, KindComplexity, KindReading:
	case "":
		if v.missing(base+".kind", t.Kind) {
			v.taskErrorf(base, "%s has no kind (%s)", name, strings.Join(Kinds, ", "))
		}
	default:
		v.errorf(base+".kind", "unknown kind %q (%s)", t.Kind, strings.Join(Kinds, ", "))
	}
	if v.missing(base+".prompt", t.Prompt) {
		v.taskErrorf(base, "%s has no prompt", name)
	}
	if v.missing(base+".reference", t.Reference) {
		v.taskErrorf(base, "%s has no reference answer", name)
	}
	v.validateGrader(t, base+".grader", name)
	v.validateTaskScripts(t, base, name)
	v.loadAttachments(t, base)
}

func (v *validator) validateGrader(t *Task, gp, name string) {
	if _, written := v.d.Pos[gp]; !written || t.Grader.Type == "" {
		if written {
			v.errorf(gp, "grader of %s has no type (%s)", name, strings.Join(grade.Types(), ", "))
		} else {
			v.taskErrorf(strings.TrimSuffix(gp, ".grader"), "%s has no grader", name)
		}
		return
	}
	if !v.checkParams(&t.Grader, gp) {
		return
	}
	g, err := t.NewGrader(nil)
	if err != nil {
		var fe *grade.FieldError
		if errors.As(err, &fe) {
			v.errorf(gp+"."+fe.Field, "grader: %s: %v", fe.Field, fe.Err)
		} else {
			v.errorf(gp, "grader: %v", err)
		}
		return
	}
	if v.checkRefs {
		v.selfCheck(t, g, strings.TrimSuffix(gp, ".grader"), name)
	}
}

// selfCheck grades the task's own reference and distractor with its
// grader, as the built-in packs are checked: a reference that does not
// grade correct, or a distractor that does, is an error at that field.
// A grader that cannot decide without a judge is not checked.
func (v *validator) selfCheck(t *Task, g grade.Grader, base, name string) {
	ctx := context.Background()
	if strings.TrimSpace(t.Reference) != "" {
		r := g.Grade(ctx, grade.Reply{Text: t.Reference, User: t.Prompt})
		if r.Grade != grade.Correct && r.Grade != grade.Ungraded {
			v.errorf(base+".reference", "the reference of %s does not pass its own grader (graded %s: %s)", name, r.Grade, r.Reason)
		}
	}
	if strings.TrimSpace(t.Distractor) != "" {
		d := g.Grade(ctx, grade.Reply{Text: t.Distractor, User: t.Prompt})
		if d.Grade == grade.Correct {
			v.errorf(base+".distractor", "the distractor of %s passes its grader, so it is not a wrong answer (%s)", name, d.Reason)
		}
	}
}

// checkParams reports written grader fields the grader type does not take,
// recursing into composed graders. It reports false when building the
// grader would be pointless.
func (v *validator) checkParams(s *grade.Spec, gp string) bool {
	params, ok := grade.Params(s.Type)
	if !ok {
		v.errorf(gp+".type", "unknown grader type %q (%s)", s.Type, strings.Join(grade.Types(), ", "))
		return false
	}
	allowed := map[string]bool{"type": true}
	for _, p := range params {
		allowed[p] = true
	}
	good := true
	for _, k := range v.d.Keys[gp] {
		if !allowed[k] {
			v.errs.AddAt(v.keyAt(gp+"."+k), "grader type %s does not take %q (it takes: %s)", s.Type, k, strings.Join(params, ", "))
			good = false
		}
	}
	for i := range s.Graders {
		if !v.checkParams(&s.Graders[i], fmt.Sprintf("%s.graders[%d]", gp, i)) {
			good = false
		}
	}
	return good
}

func (v *validator) validateTaskScripts(t *Task, base, name string) {
	listPath := base + ".scripts"
	if len(t.Scripts) == 0 {
		t.Scripts = append([]string(nil), v.p.Defaults.Scripts...)
		listPath = "defaults.scripts"
	}
	seen := map[string]bool{}
	for i, s := range t.Scripts {
		sp := fmt.Sprintf("%s[%d]", listPath, i)
		at := v.at(sp)
		if listPath == "defaults.scripts" {
			at = v.keyAt(base + ".id") // a default that does not fit this task is reported at the task
		}
		if seen[s] {
			v.errs.AddAt(at, "%s lists script %q twice", name, s)
			continue
		}
		seen[s] = true
		if _, ok := v.p.Script(s); !ok {
			if listPath != "defaults.scripts" { // unknown defaults are reported once, above
				v.errs.AddAt(at, "unknown script %q (%s)", s, v.scriptChoices())
			}
			continue
		}
		for j, fields := range v.needs[s] {
			for _, f := range fields {
				if emptyField(t, f) {
					v.errs.AddAt(at, "%s uses script %q, whose turn %d needs .Task.%s, but the task has no %s", name, s, j+1, f, strings.ToLower(f))
				}
			}
		}
	}
}

// loadAttachments reads each attachment and checks it is UTF-8 text, PNG or JPEG.
func (v *validator) loadAttachments(t *Task, base string) {
	for i, name := range t.Attachments {
		ap := fmt.Sprintf("%s.attachments[%d]", base, i)
		if name == "" || path.IsAbs(name) {
			v.errorf(ap, "attachment %q must be a path relative to the pack file", name)
			continue
		}
		data, err := v.read(name)
		if err != nil {
			v.errorf(ap, "attachment %q cannot be read: %v", name, unwrapPathErr(err))
			continue
		}
		mime := http.DetectContentType(data)
		switch {
		case mime == "image/png" || mime == "image/jpeg":
		case strings.HasPrefix(mime, "text/plain") && utf8.Valid(data):
			mime = "text/plain"
		default:
			v.errorf(ap, "attachment %q is %s; attachments must be UTF-8 text, PNG or JPEG", name, mime)
			continue
		}
		t.Files = append(t.Files, Attachment{Name: name, MIME: mime, Data: data})
	}
}

func unwrapPathErr(err error) error {
	var pe interface{ Unwrap() error }
	if errors.As(err, &pe) && pe.Unwrap() != nil {
		return pe.Unwrap()
	}
	return err
}
