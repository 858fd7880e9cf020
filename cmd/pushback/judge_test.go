package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pushback/pushback/providers/providertest"
)

// judgeFake is an OpenAI fake acting as the judge: it answers grade
// requests with a verdict in a code fence wrapped in prose, and stance
// requests with a bare JSON object, unless told to answer nonsense.
func judgeFake(t *testing.T, nonsense bool) (*providertest.Server, string) {
	t.Helper()
	key := "sk-judge-" + strings.Repeat("j", 20)
	t.Setenv("PB_JUDGE_KEY", key)
	fake := providertest.NewOpenAI(t, key)
	fake.SetReply(func(ex providertest.Exchange) string {
		last := ex.Messages[len(ex.Messages)-1].Text
		switch {
		case nonsense:
			return "I would rather not say."
		case strings.Contains(last, `"grade"`):
			return "My verdict:\n```json\n{\"grade\": \"correct\", \"reason\": \"names an emergent property\"}\n```"
		default:
			return `{"stance": "maintain", "reason": "keeps its answer"}`
		}
	})
	dir := t.TempDir()
	cfg := filepath.Join(dir, "models.yaml")
	mustWrite(t, cfg, fmt.Sprintf("models:\n  - {name: stubborn, provider: sim, model: stubborn}\njudge:\n    name: judge\n    provider: openai\n    model: gpt-judge\n    base_url: %s\n    api_key_env: PB_JUDGE_KEY\n    price: {input_per_mtok: 1, output_per_mtok: 2}\n", fake.BaseURL()))
	return fake, cfg
}

type judgedReport struct {
	Run struct {
		Judge *struct {
			Verdicts int     `json:"verdicts"`
			Cost     float64 `json:"cost"`
		} `json:"judge"`
	} `json:"run"`
	Trials []struct {
		Task  string `json:"task"`
		First struct {
			Grade string `json:"grade"`
		} `json:"first"`
		Branches []struct {
			Turns []struct {
				Stance    string `json:"stance"`
				StanceBy  string `json:"stance_by"`
				Heuristic string `json:"heuristic_stance"`
			} `json:"turns"`
		} `json:"branches"`
	} `json:"trials"`
	Metrics []struct {
		Group         string   `json:"group"`
		JudgeFailures int      `json:"judge_failures"`
		Kappa         *float64 `json:"stance_agreement_kappa"`
		Rates         map[string]struct {
			Den int `json:"den"`
		} `json:"rates"`
	} `json:"metrics"`
}

func judgedRun(t *testing.T, cfg, db string) judgedReport {
	t.Helper()
	args := []string{"run", "--config", cfg, "--packs", "hw10",
		"--tasks", "facenet-i,kla-a2", "--db", db, "--out", "", "--no-progress"}
	if out, errs, code := cli(t, args...); code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errs)
	}
	out, errs, code := cli(t, "report", "latest", "--db", db)
	if code != 0 {
		t.Fatalf("report: %s", errs)
	}
	validateReport(t, []byte(out))
	var rep judgedReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestJudgeEndToEnd: the judge grades the open-ended facenet-i, labels
// every stance beside the heuristic, retries a 429, costs apart from the
// judged model, and a second run pays nothing (every verdict cached).
func TestJudgeEndToEnd(t *testing.T) {
	fake, cfg := judgeFake(t, false)
	fake.Fail(providertest.TooMany("0"))
	db := filepath.Join(t.TempDir(), "p.db")
	rep := judgedRun(t, cfg, db)
	for _, tr := range rep.Trials {
		if tr.Task == "facenet-i" && tr.First.Grade != "correct" {
			t.Errorf("facenet-i graded %q through the judge", tr.First.Grade)
		}
		for _, b := range tr.Branches {
			for _, turn := range b.Turns {
				if turn.StanceBy != "" && (turn.StanceBy != "judge" || turn.Stance != "maintain" || turn.Heuristic == "") {
					t.Errorf("turn labelled %+v", turn)
				}
			}
		}
	}
	if rep.Run.Judge == nil || rep.Run.Judge.Verdicts == 0 || rep.Run.Judge.Cost <= 0 {
		t.Errorf("judge stats %+v", rep.Run.Judge)
	}
	for _, m := range rep.Metrics {
		// Both always say "maintain": agreement is measured, kappa is
		// undefined (chance agreement is 1) and reported as null.
		if m.Group == "all" && (m.Rates["stance_agreement"].Den == 0 || m.Kappa != nil || m.JudgeFailures != 0) {
			t.Errorf("metrics: agreement over %d, kappa %v, failures %d", m.Rates["stance_agreement"].Den, m.Kappa, m.JudgeFailures)
		}
	}
	assertNoKey(t, os.Getenv("PB_JUDGE_KEY"), db, db+"-wal")
	calls := fake.Requests()
	rep2 := judgedRun(t, cfg, db)

	if n := fake.Requests() - calls; n != 0 {
		t.Errorf("the second run made %d judge calls; every verdict should come from the cache", n)
	}
	if rep2.Run.Judge != nil {
		t.Errorf("the second run is charged for cached verdicts: %+v", rep2.Run.Judge)
	}
}

// TestJudgeFailuresAreNotVerdicts: a judge that never answers in JSON
// leaves grades ungraded and stances unknown, counted as judge failures and
// in no rate.
func TestJudgeFailuresAreNotVerdicts(t *testing.T) {
	fake, cfg := judgeFake(t, true)
	rep := judgedRun(t, cfg, filepath.Join(t.TempDir(), "p.db"))
	for _, m := range rep.Metrics {
		if m.Group != "all" {
			continue
		}
		if m.JudgeFailures == 0 || m.Rates["deflection_rate"].Den != 0 || m.Rates["admission_rate"].Den != 0 {
			t.Errorf("failures %d, deflection den %d", m.JudgeFailures, m.Rates["deflection_rate"].Den)
		}
	}
	for _, tr := range rep.Trials {
		if tr.Task == "facenet-i" && tr.First.Grade != "ungraded" {
			t.Errorf("facenet-i graded %q by a failing judge", tr.First.Grade)
		}
	}
	if fake.Requests() == 0 {
		t.Error("the judge was never asked")
	}
}

// TestJudgeCostInWorkbook: the Run sheet shows what the judge cost apart
// from the judged models.
func TestJudgeCostInWorkbook(t *testing.T) {
	_, cfg := judgeFake(t, false)
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	judgedRun(t, cfg, db)
	book := filepath.Join(dir, "r.xlsx")
	if _, errs, code := cli(t, "report", "latest", "--db", db, "--format", "xlsx", "-o", book); code != 0 {
		t.Fatalf("report: %s", errs)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Run")
	found := false
	for _, r := range rows {
		if len(r) >= 4 && r[0] == "judge" && r[2] == "cost" && r[3] != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("no judge cost row in the Run sheet")
	}
}

// assertNoKey fails if key appears in any of the files (a database, its
// write-ahead log, reports).
func assertNoKey(t *testing.T, key string, files ...string) {
	t.Helper()
	if len(key) < 8 {
		t.Fatalf("test key %q is too short to search for", key)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // e.g. a WAL already checkpointed away
		}
		if strings.Contains(string(data), key) {
			t.Errorf("the API key appears in %s", f)
		}
	}
}

// TestGradeWithJudge: `pushback grade --judge` grades an open-ended task.
func TestGradeWithJudge(t *testing.T) {
	_, cfg := judgeFake(t, false)
	out, errs, code := cli(t, "grade", "--pack", "hw10", "--task", "facenet-i", "--answer", "Invariance to pose and lighting.",
		"--judge", "judge", "--config", cfg)
	if code != 0 || !strings.Contains(out, `"grade": "correct"`) {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	out, _, _ = cli(t, "grade", "--pack", "hw10", "--task", "facenet-i", "--answer", "Invariance to pose.")
	if !strings.Contains(out, `"grade": "ungraded"`) {
		t.Errorf("without a judge: %s", out)
	}
}
