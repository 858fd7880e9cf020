package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs the CLI in-process and returns its stdout, stderr and exit code.
func cli(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := exitCode(run(context.Background(), args, &out, &errb), &errb)
	return out.String(), errb.String(), code
}

func TestPackValidateBuiltin(t *testing.T) {
	out, errs, code := cli(t, "pack", "validate", "../../tasks/packs/hw10.yaml")
	if code != 0 || !strings.Contains(out, "ok  hw10: 14 tasks") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	out, errs, code = cli(t, "pack", "validate")
	if code != 0 {
		t.Fatalf("validating every built-in pack: exit %d\n%s%s", code, out, errs)
	}
	for _, id := range []string{"hw10", "ml-derivations", "ml-complexity", "paper-reading"} {
		if !strings.Contains(out, "ok  "+id+":") {
			t.Errorf("no line for %s in:\n%s", id, out)
		}
	}
}

// TestPackValidateBroken checks each broken variant of hw10.yaml in
// tasks/testdata/hw10-broken: exit 2 and the right problem at the right
// line and column.
func TestPackValidateBroken(t *testing.T) {
	want := map[string]string{
		"01-unknown-field":                  `:165:5: unknown field "hnit"`,
		"02-wrong-type":                     `:174:14: scripts must be a list, not a mapping`,
		"03-duplicate-task-id":              `:246:9: duplicate task id "kla-b1"`,
		"04-unknown-kind":                   `:106:11: unknown kind "complexty"`,
		"05-unknown-grader-type":            `:294:13: unknown grader type "big-o"`,
		"06-unknown-grader-param":           `:168:7: grader type bigo does not take "tolerance"`,
		"07-missing-reference":              `:246:5: task kla-b2 has no reference answer`,
		"08-unknown-script":                 `:174:50: unknown script "escalte"`,
		"09-false-claim-without-distractor": `:300:37: task kla-b2 uses script "false-claim", whose turn 1 needs .Task.Distractor`,
		"10-template-parse-error":           `:31:12: template of turn 2: say:1:`,
		"11-template-missing-field":         `:31:12: template of turn 2: say:1:39: executing "say" at <.Task.Hnt>: can't evaluate field Hnt`,
		"12-bad-when":                       `:28:13: when must be always, wrong or right, not "sometimes"`,
		"13-missing-attachment":             `:108:19: attachment "img/figure-1.png" cannot be read`,
	}
	files, _ := filepath.Glob("../../tasks/testdata/hw10-broken/*.yaml")
	if len(files) != len(want) {
		t.Fatalf("found %d broken variants, want %d", len(files), len(want))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			before, _ := os.ReadFile(f)
			out, errs, code := cli(t, "pack", "validate", f)
			if code != 2 {
				t.Fatalf("exit %d, want 2\n%s%s", code, out, errs)
			}
			if !strings.Contains(errs, f+want[name]) {
				t.Errorf("stderr lacks %q:\n%s", f+want[name], errs)
			}
			if after, _ := os.ReadFile(f); !bytes.Equal(before, after) {
				t.Error("validate changed the file")
			}
		})
	}
}

type verdictJSON struct {
	Grade     string  `json:"grade"`
	Score     float64 `json:"score"`
	Extracted string  `json:"extracted"`
	Reason    string  `json:"reason"`
}

func gradeFile(t *testing.T, task, answer string) verdictJSON {
	t.Helper()
	f := filepath.Join(t.TempDir(), "answer.md")
	if err := os.WriteFile(f, []byte(answer), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := cli(t, "grade", "--pack", "hw10", "--task", task, "--answer-file", f)
	if code != 0 {
		t.Fatalf("grade exit %d: %s", code, errs)
	}
	var v verdictJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("grade printed %q: %v", out, err)
	}
	return v
}

// TestGradeHW10 is the acceptance: kla-a2's reference written five
// ways and kla-a1's three ways grade correct; the distractors do not.
func TestGradeHW10(t *testing.T) {
	tests := []struct {
		task, answer, want string
	}{
		{"kla-a2", "Counting each step...\n\nFinal answer: O(N D_random (D + M))", "correct"},
		{"kla-a2", "The features cost $O(N D D_r)$ and the sums $O(N D_r M)$, so\n\n$$\\mathcal{O}\\left(N D_{\\text{random}} (D+M)\\right)$$", "correct"},
		{"kla-a2", "**Final answer:** $\\Theta(N D D_{random} + N M D_{random})$", "correct"},
		{"kla-a2", "Total: \\boxed{O(2 N \\cdot D_r \\cdot D + N \\cdot M \\cdot D_r + N D)}", "correct"},
		{"kla-a2", "So the cost is O(T R (d + m)) where T is the sequence length and R = D_random.\nFinal answer: O(T R (d+m))", "correct"},
		{"kla-a2", "The feature map is negligible.\n\nFinal answer: O(N D_random M)", "incorrect"},
		{"kla-a2", "Final answer: O(N D_random^2)", "incorrect"},
		{"kla-a1", `Final answer: $\mathrm{sim}(q,k) = \mathcal{K}_{\text{Gauss}}(q,k)\,\exp\left(\frac{\|q\|^2}{2\sqrt{D}}\right)\exp\left(\frac{\|k\|^2}{2\sqrt{D}}\right)$`, "correct"},
		{"kla-a1", "Final answer: exp(||q||^2/(2*sqrt(D))) * exp(||k||^2/(2*sqrt(D))) * K_Gauss(q,k)", "correct"},
		{"kla-a1", `$$\exp\left(\frac{\|k\|^2}{2\sqrt D}\right) K_{Gauss}(q,k) \exp\left(\frac{\|q\|^2}{2\sqrt D}\right)$$`, "correct"},
		{"kla-a1", `Final answer: K_Gauss(q,k) exp(-||q||^2/(2 sqrt(D))) exp(-||k||^2/(2 sqrt(D)))`, "incorrect"},
	}
	for _, tc := range tests {
		v := gradeFile(t, tc.task, tc.answer)
		if v.Grade != tc.want {
			t.Errorf("%s: %q graded %s (%s), want %s", tc.task, tc.answer, v.Grade, v.Reason, tc.want)
		}
	}
}

func TestGradeBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"grade", "--pack", "hw10", "--task", "nope", "--answer", "x"},
		{"grade", "--pack", "nope", "--task", "kla-a2", "--answer", "x"},
		{"grade", "--pack", "hw10", "--task", "kla-a2"},
		{"grade", "--pack", "hw10", "--task", "kla-a2", "--answer", "x", "--answer-file", "f"},
		{"grade", "--pack", "hw10", "--task", "kla-a2", "--answer-file", "/does/not/exist"},
		{"grade", "--bogus"},
	} {
		if _, errs, code := cli(t, args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errs)
		}
	}
}

func TestPackInitValidates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "My Pack")
	out, errs, code := cli(t, "pack", "init", dir)
	if code != 0 {
		t.Fatalf("init: exit %d: %s", code, errs)
	}
	file := filepath.Join(dir, "my-pack.yaml")
	if !strings.Contains(out, file) {
		t.Errorf("init output %q does not name %s", out, file)
	}
	if out, errs, code := cli(t, "pack", "validate", file); code != 0 {
		t.Fatalf("the example pack does not validate: %s%s", out, errs)
	}
	if _, _, code := cli(t, "pack", "init", dir); code != 2 {
		t.Errorf("init over an existing pack: exit %d, want 2", code)
	}
	for _, answer := range []string{"Final answer: $O(n^2 d)$", "Final answer: 0.999"} {
		task := "attention-cost"
		if strings.Contains(answer, "0.999") {
			task = "adam-default-beta2"
		}
		out, _, _ := cli(t, "grade", "--pack", file, "--task", task, "--answer", answer)
		if !strings.Contains(out, `"grade": "correct"`) {
			t.Errorf("example task %s: %q graded %s", task, answer, out)
		}
	}
}

// TestPackValidateSelfCheck: a pack author gets the built-in packs'
// self-check: a reference its own grader rejects, or a distractor it
// accepts, is an error at that field's line and column, and nothing is
// written.
func TestPackValidateSelfCheck(t *testing.T) {
	dir := t.TempDir()
	if _, errs, code := cli(t, "pack", "init", dir); code != 0 {
		t.Fatalf("init: %s", errs)
	}
	file := filepath.Join(dir, filepath.Base(dir)+".yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "reference: O(N^2 d)", "reference: O(N^3)", 1)
	bad = strings.Replace(bad, `distractor: "0.99"`, `distractor: "0.9990"`, 1)
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := cli(t, "pack", "validate", file)
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s%s", code, out, errs)
	}
	lines := strings.Split(bad, "\n")
	refLine, disLine := 0, 0
	for i, l := range lines {
		if strings.Contains(l, "reference: O(N^3)") {
			refLine = i + 1
		}
		if strings.Contains(l, `distractor: "0.9990"`) {
			disLine = i + 1
		}
	}
	for _, want := range []string{
		fmt.Sprintf("%s:%d:", file, refLine), "does not pass its own grader",
		fmt.Sprintf("%s:%d:", file, disLine), "passes its grader",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("validate output lacks %q:\n%s", want, errs)
		}
	}
}

func TestPacksListing(t *testing.T) {
	out, errs, code := cli(t, "packs")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"PACK", "DERIVATION", "COMPLEXITY", "READING", "hw10", "total"} {
		if !strings.Contains(out, want) {
			t.Errorf("packs output lacks %q:\n%s", want, out)
		}
	}
}

// TestHelpEverywhere runs --help on every command.
func TestHelpEverywhere(t *testing.T) {
	root := newRootCmd(&bytes.Buffer{}, &bytes.Buffer{})
	for _, c := range allCommands(root) {
		path := strings.Fields(c.CommandPath())[1:]
		out, errs, code := cli(t, append(path, "--help")...)
		if code != 0 || !strings.Contains(out, "Usage:") {
			t.Errorf("%v --help: exit %d, %q %q", path, code, out, errs)
		}
	}
}
