package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/pushback/pushback/results/store"
	"github.com/pushback/pushback/tasks/grade"
)

// TestRegradeAfterGraderChange is the acceptance: after a grader
// changes in a copy of a pack, regrade changes the grades accordingly and
// calls no model (the fake counts no request).
func TestRegradeAfterGraderChange(t *testing.T) {
	s := newFakeSetup(t, 30, 8, 0)
	if out, errs, code := cli(t, s.runArgs()...); code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errs)
	}
	before := s.fake.Requests()
	// The reference answer becomes "41" (and the distractor "42", so the
	// pack still passes its own self-check): every grade flips.
	src, _ := os.ReadFile(s.pack)
	changed := strings.NewReplacer(`answer: "42"`, `answer: "41"`, `reference: "42"`, `reference: "41"`,
		`distractor: "41"`, `distractor: "42"`).Replace(string(src))
	mustWrite(t, s.pack, changed)
	out, errs, code := cli(t, "regrade", "latest", "--db", s.db)
	if code != 0 {
		t.Fatalf("regrade: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "pack e2e") || !strings.Contains(out, "changed since run") {
		t.Errorf("regrade does not name the changed pack:\n%s", out)
	}
	if n := s.fake.Requests() - before; n != 0 {
		t.Fatalf("regrade made %d model calls", n)
	}
	st := openStore(t, s.db)
	defer st.Close()
	ctx := context.Background()
	orig, _ := st.Resolve(ctx, "latest~1")
	re, _ := st.Resolve(ctx, "latest")
	if re.Source != orig.ID || re.Status != store.StatusFinished {
		t.Fatalf("regraded run %+v does not link to %s", re, orig.ID)
	}
	a, _ := st.Trials(ctx, orig.ID)
	b, _ := st.Trials(ctx, re.ID)
	if len(a) != 30 || len(b) != 30 {
		t.Fatalf("%d and %d trials", len(a), len(b))
	}
	for i := range a {
		for j, ex := range a[i].Exchanges {
			got := b[i].Exchanges[j]
			if got.Reply != ex.Reply {
				t.Fatalf("regrade changed a transcript")
			}
			want := grade.Correct
			if ex.Verdict.Grade == grade.Correct {
				want = grade.Incorrect
			}
			if got.Verdict.Grade != want {
				t.Errorf("%s %s/%d: %s → %s, want %s", a[i].Key.Task, ex.Branch, ex.Turn, ex.Verdict.Grade, got.Verdict.Grade, want)
			}
		}
	}
	if _, _, code := cli(t, "run", "--resume", re.ID, "--db", s.db); code != 2 {
		t.Errorf("resuming a regraded run: exit %d, want 2", code)
	}
}

// TestResumeRefusesChangedPack: an interrupted run whose pack changed since
// it started is not resumed (exit 2, naming the pack), and no model is called.
func TestResumeRefusesChangedPack(t *testing.T) {
	s := newFakeSetup(t, 5, 2, 0)
	if out, errs, code := cli(t, s.runArgs()...); code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errs)
	}
	st := openStore(t, s.db)
	run, _ := st.Resolve(context.Background(), "latest")
	st.FinishRun(context.Background(), run.ID, store.StatusInterrupted, run.Finished)
	st.Close()
	src, _ := os.ReadFile(s.pack)
	mustWrite(t, s.pack, strings.Replace(string(src), "title: end-to-end", "title: end to end", 1))
	before := s.fake.Requests()
	_, errs, code := cli(t, "run", "--resume", "latest", "--db", s.db, "--out", "")
	if code != 2 || !strings.Contains(errs, "pack e2e") || !strings.Contains(errs, "changed since run") {
		t.Errorf("resume after a pack change: exit %d, %q", code, errs)
	}
	if s.fake.Requests() != before {
		t.Error("a refused resume called the model")
	}
}
