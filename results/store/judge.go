package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pushback/pushback/bench"
)

var _ bench.JudgeCache = (*Store)(nil)

// JudgeLookup implements bench.JudgeCache.
func (s *Store) JudgeLookup(ctx context.Context, hash string) (bench.JudgeRecord, bool, error) {
	r := bench.JudgeRecord{Hash: hash}
	err := s.db.QueryRowContext(ctx, `SELECT kind, model, prompt, response, verdict, reason, calls, input_tokens, output_tokens, cost, run_id
		FROM judge_calls WHERE hash = ?`, hash).Scan(&r.Kind, &r.Model, &r.Prompt, &r.Response, &r.Verdict, &r.Reason, &r.Calls,
		&r.InputTokens, &r.OutputTokens, &r.Cost, &r.RunID)
	if errors.Is(err, sql.ErrNoRows) {
		return bench.JudgeRecord{}, false, nil
	}
	return r, err == nil, err
}

// JudgeStore implements bench.JudgeCache. A verdict already stored under
// the same hash is kept.
func (s *Store) JudgeStore(ctx context.Context, r bench.JudgeRecord) error {
	return s.write(ctx, func(tx wtx) error {
		_, err := tx.Exec(`INSERT INTO judge_calls (hash, kind, model, prompt, response, verdict, reason, calls, input_tokens,
			output_tokens, cost, run_id, created) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (hash) DO NOTHING`,
			r.Hash, r.Kind, r.Model, r.Prompt, r.Response, r.Verdict, r.Reason, r.Calls, r.InputTokens, r.OutputTokens, r.Cost,
			r.RunID, formatTime(time.Now()))
		return err
	})
}

// JudgeStats sums the judge calls a run paid for (cached verdicts it reused
// are counted by the run that first asked).
type JudgeStats struct {
	Verdicts     int     `json:"verdicts"`
	Calls        int     `json:"calls"`
	InputTokens  int     `json:"input_tokens"`
	OutputTokens int     `json:"output_tokens"`
	Cost         float64 `json:"cost"`
}

// JudgeStats returns what a run paid its judge.
func (s *Store) JudgeStats(ctx context.Context, runID string) (JudgeStats, error) {
	var st JudgeStats
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(calls),0), COALESCE(SUM(input_tokens),0),
		COALESCE(SUM(output_tokens),0), COALESCE(SUM(cost),0) FROM judge_calls WHERE run_id = ?`, runID).
		Scan(&st.Verdicts, &st.Calls, &st.InputTokens, &st.OutputTokens, &st.Cost)
	return st, err
}
