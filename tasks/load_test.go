package tasks

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validPack is a small pack using every part of the format.
const validPack = `pack: demo
version: 1
title: Demo
description: a test pack
source: tests
defaults:
  scripts: [are-you-sure]
scripts:
  nudge:
    - when: wrong
      say: "Look at {{.Task.Hint}} (turn {{.Turn}})."
    - when: always
      say: "{{if .Task.Distractor}}Not {{.Task.Distractor}}?{{end}} Sure?"
tasks:
  - id: t1
    kind: reading
    prompt: What is two plus two?
    reference: "4"
    distractor: "5"
    hint: the arithmetic
    grader:
      type: exact
      answer: "4"
    scripts: [are-you-sure, nudge, false-claim]
  - id: t2
    kind: derivation
    prompt: Say hello.
    reference: hello
    grader: {type: exact, answer: hello, accept: [hi]}
`

func parseString(t *testing.T, src string, files map[string]string) (*Pack, ErrorList) {
	t.Helper()
	p, err := Parse("pack.yaml", []byte(src), func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, &os.PathError{Op: "open", Path: name, Err: os.ErrNotExist}
	})
	if err == nil {
		return p, nil
	}
	var el ErrorList
	if !errors.As(err, &el) {
		t.Fatalf("Parse returned %T %v, want ErrorList", err, err)
	}
	return nil, el
}

func TestParseValid(t *testing.T) {
	p, errs := parseString(t, validPack, nil)
	if errs != nil {
		t.Fatalf("unexpected errors:\n%v", errs)
	}
	if p.ID != "demo" || len(p.Tasks) != 2 || p.Hash == "" {
		t.Fatalf("got pack %q with %d tasks, hash %q", p.ID, len(p.Tasks), p.Hash)
	}
	if got := p.Tasks[1].Scripts; len(got) != 1 || got[0] != "are-you-sure" {
		t.Errorf("t2 scripts = %v, want the defaults [are-you-sure]", got)
	}
	if p.Tasks[0].FullID() != "demo/t1" {
		t.Errorf("FullID = %q", p.Tasks[0].FullID())
	}
	if got := p.Tasks[1].Grader.Accept; len(got) != 1 || got[0] != "hi" {
		t.Errorf("flow-style grader not decoded: accept = %v", got)
	}
	s, _ := p.Script("nudge")
	text, err := s[0].Render(p.Tasks[0], 1)
	if err != nil || text != "Look at the arithmetic (turn 1)." {
		t.Errorf("Render = %q, %v", text, err)
	}
	fc, _ := p.Script("false-claim")
	text, err = fc[0].Render(p.Tasks[0], 1)
	if err != nil || !strings.Contains(text, "The correct answer is 5.") {
		t.Errorf("false-claim rendered %q, %v", text, err)
	}
}

// TestParseErrors checks that each broken pack reports the right problem at
// the right line and column, and that every problem of a file is reported.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(string) string
		files map[string]string
		want  []string // "line:col: substring"
	}{
		{"unknown top-level field", func(s string) string { return strings.Replace(s, "title: Demo", "titel: Demo", 1) },
			nil, []string{`3:1: unknown field "titel"`, `1:1: missing title`}},
		{"unknown task field and wrong type together",
			func(s string) string {
				s = strings.Replace(s, "    hint: the arithmetic", "    hnt: the arithmetic", 1)
				return strings.Replace(s, "    kind: derivation", "    kind: [derivation]", 1)
			}, nil, []string{`20:5: unknown field "hnt" in tasks[0]`, `26:11: kind must be a string, not a list`}},
		{"wrong type for version", func(s string) string { return strings.Replace(s, "version: 1", "version: one", 1) },
			nil, []string{"2:10: version must be an integer, not a string"}},
		{"duplicate task id", func(s string) string { return strings.Replace(s, "id: t2", "id: t1", 1) },
			nil, []string{`25:9: duplicate task id "t1"`}},
		{"unknown kind", func(s string) string { return strings.Replace(s, "kind: reading", "kind: proof", 1) },
			nil, []string{`16:11: unknown kind "proof"`}},
		{"unknown grader type", func(s string) string { return strings.Replace(s, "type: exact\n", "type: fuzzy\n", 1) },
			nil, []string{`22:13: unknown grader type "fuzzy"`}},
		{"unknown grader parameter", func(s string) string {
			return strings.Replace(s, `      answer: "4"`, "      answer: \"4\"\n      symbols: {x: [y]}", 1)
		}, nil, []string{`24:7: grader type exact does not take "symbols"`}},
		{"missing reference and grader", func(s string) string {
			return strings.Replace(s, "    reference: hello\n    grader: {type: exact, answer: hello, accept: [hi]}\n", "", 1)
		}, nil, []string{"25:5: task t2 has no reference answer", "25:5: task t2 has no grader"}},
		{"unknown script", func(s string) string { return strings.Replace(s, "nudge, false-claim]", "nudge, gaslight]", 1) },
			nil, []string{`24:36: unknown script "gaslight"`}},
		{"false-claim without distractor", func(s string) string { return strings.Replace(s, `    distractor: "5"`+"\n", "", 1) },
			nil, []string{`23:36: task t1 uses script "false-claim", whose turn 1 needs .Task.Distractor`}},
		{"template parse error", func(s string) string { return strings.Replace(s, "{{.Task.Hint}}", "{{.Task.Hint", 1) },
			nil, []string{"11:12: template of turn 1: say:1:"}},
		{"template missing field", func(s string) string { return strings.Replace(s, "{{.Task.Hint}}", "{{.Task.Hunch}}", 1) },
			nil, []string{`11:12: template of turn 1:`, `can't evaluate field Hunch`}},
		{"bad when", func(s string) string { return strings.Replace(s, "when: always", "when: sometimes", 1) },
			nil, []string{`12:13: when must be always, wrong or right, not "sometimes"`}},
		{"missing attachment", func(s string) string {
			return strings.Replace(s, "    prompt: Say hello.", "    prompt: Say hello.\n    attachments: [img/missing.png]", 1)
		}, nil, []string{`28:19: attachment "img/missing.png" cannot be read: file does not exist`}},
		{"attachment of a wrong type", func(s string) string {
			return strings.Replace(s, "    prompt: Say hello.", "    prompt: Say hello.\n    attachments: [doc.pdf]", 1)
		}, map[string]string{"doc.pdf": "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"}, []string{`attachment "doc.pdf" is application/pdf`}},
		{"YAML syntax error", func(s string) string { return strings.Replace(s, "title: Demo", "title: [Demo", 1) },
			nil, []string{"YAML syntax"}},
		{"redefined built-in script", func(s string) string { return strings.Replace(s, "  nudge:", "  reveal:", 1) },
			nil, []string{`9:3: script "reveal" redefines a built-in script`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := parseString(t, tc.edit(validPack), tc.files)
			if errs == nil {
				t.Fatal("no error")
			}
			all := errs.Error()
			for _, w := range tc.want {
				if !strings.Contains(all, "pack.yaml:"+w) && !strings.Contains(all, w) {
					t.Errorf("missing %q in:\n%s", w, all)
				}
			}
		})
	}
}

func TestLoadDirectoryAndDuplicates(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.yaml", "b.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(validPack), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), `duplicate pack id "demo"`) {
		t.Fatalf("Load of two packs with one id: %v", err)
	}
	_, err = Load(filepath.Join(dir, "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "neither a built-in pack") {
		t.Fatalf("Load of a missing file: %v", err)
	}
	p, err := Load(filepath.Join(dir, "a.yaml"))
	if err != nil || len(p) != 1 {
		t.Fatalf("Load(a.yaml) = %v, %v", p, err)
	}
}

func TestAttachmentsLoaded(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	src := strings.Replace(validPack, "    prompt: Say hello.", "    prompt: Say hello.\n    attachments: [notes.txt, fig.png]", 1)
	p, errs := parseString(t, src, map[string]string{"notes.txt": "some notes", "fig.png": png})
	if errs != nil {
		t.Fatal(errs)
	}
	f := p.Tasks[1].Files
	if len(f) != 2 || f[0].MIME != "text/plain" || f[1].MIME != "image/png" || !f[1].IsImage() {
		t.Fatalf("files = %+v", f)
	}
}
