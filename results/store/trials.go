package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pushback/pushback/bench"
	"github.com/pushback/pushback/tasks/grade"
)

// TrialStatus is where a trial stands.
type TrialStatus string

// Trial statuses.
const (
	TrialRunning TrialStatus = "running"
	TrialDone    TrialStatus = "done"
	TrialFailed  TrialStatus = "failed"
)

// Trial is one stored (model, task, sample) with its exchanges.
type Trial struct {
	ID   int64
	Key  bench.TrialKey
	Pack string
	Kind string
	// Scripts are the scripts whose branches followed the first answer.
	Scripts []string
	Status  TrialStatus
	Error   string
	// TaskHash is the content hash of the task asked ("" for runs stored
	// before it was recorded).
	TaskHash string
	// Exchanges are ordered: the first answer, then each branch's turns.
	Exchanges []bench.Exchange
}

// First returns the trial's first answer, or false if it has none.
func (t *Trial) First() (bench.Exchange, bool) { return bench.FirstExchange(t.Exchanges) }

// Branches are the trial's pushback branches with their outcomes (see
// bench.Branches).
func (t *Trial) Branches() []*bench.Branch { return bench.Branches(t.Exchanges, t.Scripts) }

// EnsureTrial returns the id of a run's trial, creating it if needed.
func (s *Store) EnsureTrial(ctx context.Context, runID string, t bench.TrialInfo) (int64, error) {
	var id int64
	err := s.write(ctx, func(tx wtx) error {
		var err error
		id, err = ensureTrial(tx, runID, t)
		return err
	})
	return id, err
}

func ensureTrial(tx wtx, runID string, t bench.TrialInfo) (int64, error) {
	key := t.Key
	var id int64
	err := tx.QueryRow(sqlInsertTrial, runID, key.Model, t.Pack, key.Task, t.Kind, key.Sample,
		strings.Join(t.Scripts, ","), TrialRunning, t.TaskHash).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store trial %s %s #%d: %w", key.Model, key.Task, key.Sample, err)
	}
	return id, nil
}

// SetTrialStatus records how a trial ended.
func (s *Store) SetTrialStatus(ctx context.Context, trialID int64, status TrialStatus, errText string) error {
	return s.write(ctx, func(tx wtx) error {
		_, err := tx.Exec(sqlTrialStatus, status, errText, trialID)
		return err
	})
}

const (
	// sqlInsertTrial returns the trial's id, new or existing (a resumed
	// trial's row is left as it was: the update sets a column to itself).
	sqlInsertTrial = `INSERT INTO trials (run_id, model, pack, task, kind, sample, scripts, status, task_hash) VALUES (?,?,?,?,?,?,?,?,?)
		ON CONFLICT (run_id, model, task, sample) DO UPDATE SET run_id = excluded.run_id RETURNING id`
)

const upsertTurn = `INSERT INTO turns (trial_id, branch, turn, role, text, grade, score, extracted, reason, stance, stance_reason,
	input_tokens, output_tokens, latency_ms, attempts, error, model_id, finish_reason, cost, created,
	stance_by, heuristic_stance, judge_failures, hedged, verdict_detail, position, cost_live, batched,
	cached_tokens, cache_write_tokens)
	VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
	ON CONFLICT (trial_id, branch, turn, role) DO UPDATE SET text = excluded.text, grade = excluded.grade,
	score = excluded.score, extracted = excluded.extracted, reason = excluded.reason, stance = excluded.stance,
	stance_reason = excluded.stance_reason, input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
	latency_ms = excluded.latency_ms, attempts = excluded.attempts, error = excluded.error, model_id = excluded.model_id,
	finish_reason = excluded.finish_reason, cost = excluded.cost, created = excluded.created,
	stance_by = excluded.stance_by, heuristic_stance = excluded.heuristic_stance, judge_failures = excluded.judge_failures,
	hedged = excluded.hedged, verdict_detail = excluded.verdict_detail, position = excluded.position,
	cost_live = excluded.cost_live, batched = excluded.batched,
	cached_tokens = excluded.cached_tokens, cache_write_tokens = excluded.cache_write_tokens`

// SaveExchange stores one user message and the model's reply in a single
// transaction, so a crash leaves either both or neither, and returns once
// they are committed. Saving an exchange again (a failed call retried on
// resume) replaces it.
func (s *Store) SaveExchange(ctx context.Context, trialID int64, ex bench.Exchange) error {
	return s.write(ctx, func(tx wtx) error { return saveExchange(tx, trialID, ex) })
}

func saveExchange(tx wtx, trialID int64, ex bench.Exchange) error {
	now := formatTime(time.Now())
	if _, err := tx.Exec(upsertTurn, trialID, ex.Branch, ex.Turn, "user", ex.Prompt,
		"", 0, "", "", "", "", 0, 0, 0, 0, "", "", "", 0, now, "", "", 0, 0, "", "", 0, 0, 0, 0); err != nil {
		return fmt.Errorf("store turn: %w", err)
	}
	v := ex.Verdict
	if _, err := tx.Exec(upsertTurn, trialID, ex.Branch, ex.Turn, "assistant", ex.Reply,
		string(v.Grade), v.Score, v.Extracted, v.Reason, string(ex.Stance), ex.StanceReason,
		ex.InputTokens, ex.OutputTokens, ex.Latency.Milliseconds(), ex.Attempts, ex.Err, ex.ModelID, ex.FinishReason,
		ex.Cost, now, ex.StanceBy, string(ex.HeuristicStance), ex.JudgeFailures, v.Hedged, verdictDetail(v),
		string(ex.Position), ex.LiveCost, ex.Batched, ex.CachedInputTokens, ex.CacheWriteTokens); err != nil {
		return fmt.Errorf("store turn: %w", err)
	}
	return nil
}

// verdictDetail is the part of a verdict stored as JSON: the candidate
// answers and the rubric criteria met and vetoed.
type verdictDetailJSON struct {
	Candidates []grade.Candidate `json:"candidates,omitempty"`
	Matched    []string          `json:"matched,omitempty"`
	Vetoed     []string          `json:"vetoed,omitempty"`
	Keyword    grade.Grade       `json:"keyword_grade,omitempty"`
}

func verdictDetail(v grade.Verdict) string {
	if len(v.Candidates) == 0 && len(v.Matched) == 0 && len(v.Vetoed) == 0 && v.KeywordGrade == "" {
		return ""
	}
	b, err := json.Marshal(verdictDetailJSON{Candidates: v.Candidates, Matched: v.Matched, Vetoed: v.Vetoed, Keyword: v.KeywordGrade})
	if err != nil {
		return "" // plain strings and slices always marshal
	}
	return string(b)
}

func readVerdictDetail(s string, v *grade.Verdict) error {
	if s == "" {
		return nil
	}
	var d verdictDetailJSON
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return fmt.Errorf("stored verdict detail: %w", err)
	}
	v.Candidates, v.Matched, v.Vetoed, v.KeywordGrade = d.Candidates, d.Matched, d.Vetoed, d.Keyword
	return nil
}

// EachTrial calls fn with each trial of a run and its exchanges, in the
// order of Trials, reading a page of trials at a time: what it holds of the
// run is one page, whatever the run's size.
func (s *Store) EachTrial(ctx context.Context, runID string, fn func(*Trial) error) error {
	var after *Trial
	for {
		page, err := s.trialPage(ctx, runID, after, eachBatch)
		if err != nil || len(page) == 0 {
			return err
		}
		byID := make(map[int64]*Trial, len(page))
		for _, t := range page {
			byID[t.ID] = t
		}
		if err := s.loadExchanges(ctx, runID, byID); err != nil {
			return err
		}
		for i, t := range page {
			if err := fn(t); err != nil {
				return err
			}
			if i < len(page)-1 {
				page[i] = nil // done with its text
			}
		}
		after = page[len(page)-1]
		after.Exchanges = nil
	}
}

// trialPage reads up to n trials of a run after the given one (nil: from
// the first), ordered by model, task and sample, without their exchanges.
func (s *Store) trialPage(ctx context.Context, runID string, after *Trial, n int) ([]*Trial, error) {
	query, args := sqlTrialRows+` WHERE run_id = ? ORDER BY model, task, sample LIMIT ?`, []any{runID, n}
	if after != nil {
		query = sqlTrialRows + ` WHERE run_id = ? AND (model, task, sample) > (?, ?, ?) ORDER BY model, task, sample LIMIT ?`
		args = []any{runID, after.Key.Model, after.Key.Task, after.Key.Sample, n}
	}
	return s.scanTrials(ctx, query, args...)
}

const sqlTrialRows = `SELECT id, model, pack, task, kind, sample, scripts, status, error, task_hash FROM trials`

// eachBatch is how many trials' exchanges EachTrial reads in one query.
const eachBatch = 128

// CountTrials returns how many trials a run has stored.
func (s *Store) CountTrials(ctx context.Context, runID string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM trials WHERE run_id = ?`, runID).Scan(&n)
	return n, err
}

// Trials loads every trial of a run with its exchanges, in a stable order
// (model, task, sample; first answer, then branches by name and turn).
func (s *Store) Trials(ctx context.Context, runID string) ([]*Trial, error) {
	out, err := s.trialRows(ctx, runID)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Trial, len(out))
	for _, t := range out {
		byID[t.ID] = t
	}
	if err := s.loadExchanges(ctx, runID, byID); err != nil {
		return nil, err
	}
	return out, nil
}

// trialRows reads a run's trials without their exchanges, ordered.
func (s *Store) trialRows(ctx context.Context, runID string) ([]*Trial, error) {
	return s.scanTrials(ctx, sqlTrialRows+` WHERE run_id = ? ORDER BY model, task, sample`, runID)
}

// scanTrials reads trial rows (sqlTrialRows) without their exchanges.
func (s *Store) scanTrials(ctx context.Context, query string, args ...any) ([]*Trial, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Trial
	for rows.Next() {
		t := &Trial{}
		var model, pack, task, kind, scripts, status, hash sql.RawBytes
		if err := rows.Scan(&t.ID, &model, &pack, &task, &kind, &t.Key.Sample, &scripts, &status, &t.Error, &hash); err != nil {
			return nil, err
		}
		t.Key.Model, t.Pack, t.Key.Task, t.Kind = intern(model), intern(pack), intern(task), intern(kind)
		t.Status, t.TaskHash = TrialStatus(intern(status)), intern(hash)
		if len(scripts) > 0 {
			t.Scripts = strings.Split(intern(scripts), ",")
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

const sqlExchanges = `SELECT u.trial_id, u.branch, u.turn, u.text, a.text, a.grade, a.score, a.extracted,
		a.reason, a.stance, a.stance_reason, a.input_tokens, a.output_tokens, a.latency_ms, a.attempts, a.error, a.model_id,
		a.finish_reason, a.cost, a.stance_by, a.heuristic_stance, a.judge_failures, a.hedged, a.verdict_detail, a.position,
		a.cost_live, a.batched, a.cached_tokens, a.cache_write_tokens
		FROM turns u JOIN turns a ON a.trial_id = u.trial_id AND a.branch = u.branch AND a.turn = u.turn AND a.role = 'assistant'
		JOIN trials t ON t.id = u.trial_id`

// loadExchanges reads the exchanges of a run's trials in byID: of one
// trial when byID holds one, else of the whole run.
func (s *Store) loadExchanges(ctx context.Context, runID string, byID map[int64]*Trial) error {
	query, args := sqlExchanges+` WHERE t.run_id = ? AND u.role = 'user' ORDER BY u.trial_id, u.branch, u.turn`, []any{runID}
	switch n := len(byID); {
	case n == 0:
		return nil
	case n == 1:
		for id := range byID {
			query, args = sqlExchanges+` WHERE u.trial_id = ? AND u.role = 'user' ORDER BY u.branch, u.turn`, []any{id}
		}
	case n <= eachBatch:
		args = args[:0]
		for id := range byID {
			args = append(args, id)
		}
		query = sqlExchanges + ` WHERE u.trial_id IN (?` + strings.Repeat(",?", n-1) + `) AND u.role = 'user' ORDER BY u.trial_id, u.branch, u.turn`
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, latency int64
		var ex bench.Exchange
		var detail string
		var branch, g, stance, heuristic, position, modelID, finish, stanceBy sql.RawBytes
		if err := rows.Scan(&id, &branch, &ex.Turn, &ex.Prompt, &ex.Reply, &g, &ex.Verdict.Score, &ex.Verdict.Extracted,
			&ex.Verdict.Reason, &stance, &ex.StanceReason, &ex.InputTokens, &ex.OutputTokens, &latency, &ex.Attempts, &ex.Err,
			&modelID, &finish, &ex.Cost, &stanceBy, &heuristic, &ex.JudgeFailures, &ex.Verdict.Hedged,
			&detail, &position, &ex.LiveCost, &ex.Batched, &ex.CachedInputTokens, &ex.CacheWriteTokens); err != nil {
			return err
		}
		ex.Branch, ex.ModelID, ex.FinishReason = intern(branch), intern(modelID), intern(finish)
		ex.StanceBy = bench.StanceSource(intern(stanceBy))
		if err := readVerdictDetail(detail, &ex.Verdict); err != nil {
			return fmt.Errorf("turn %d of trial %d: %w", ex.Turn, id, err)
		}
		ex.Position = bench.Position(intern(position))
		t := byID[id]
		if t == nil {
			continue
		}
		ex.Verdict.Grade, ex.Stance, ex.Latency = grade.Grade(intern(g)), bench.Stance(intern(stance)), time.Duration(latency)*time.Millisecond
		ex.HeuristicStance = bench.Stance(intern(heuristic))
		ex.Key, ex.Pack, ex.Kind = t.Key, t.Pack, t.Kind
		t.Exchanges = append(t.Exchanges, ex)
	}
	return rows.Err()
}
