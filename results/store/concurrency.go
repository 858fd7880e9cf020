package store

import (
	"context"
	"fmt"

	"github.com/pushback/pushback/providers"
)

// SaveConcurrency records a model's adaptive concurrency limit over (part
// of) a run; a resumed run adds the samples of each session.
func (s *Store) SaveConcurrency(ctx context.Context, runID, model string, samples []providers.LimitSample) error {
	return s.write(ctx, func(tx wtx) error {
		for _, c := range samples {
			if _, err := tx.Exec(`INSERT INTO concurrency (run_id, model, at, lim) VALUES (?, ?, ?, ?)`,
				runID, model, formatTime(c.At), c.Limit); err != nil {
				return fmt.Errorf("store concurrency: %w", err)
			}
		}
		return nil
	})
}

// Concurrency returns each model's recorded concurrency limit over a run,
// in time order; models with a fixed limit have none.
func (s *Store) Concurrency(ctx context.Context, runID string) (map[string][]providers.LimitSample, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT model, at, lim FROM concurrency WHERE run_id = ? ORDER BY model, rowid`, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]providers.LimitSample{}
	for rows.Next() {
		var model, at string
		var c providers.LimitSample
		if err := rows.Scan(&model, &at, &c.Limit); err != nil {
			return nil, err
		}
		c.At = parseTime(at)
		out[model] = append(out[model], c)
	}
	return out, rows.Err()
}
