package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pushback/pushback/bench"
)

var _ bench.BatchStore = (*Store)(nil)

// CreateBatch implements bench.BatchStore: the batch and its items' custom
// ids are committed before the batch is submitted, so a crash between the
// two leaves a record to recover from.
func (s *Store) CreateBatch(ctx context.Context, b bench.StoredBatch) (int64, error) {
	var pk int64
	err := s.write(ctx, func(tx wtx) error {
		res, err := tx.Exec(`INSERT INTO batches (run_id, model, wave, tag, provider_id, state, created) VALUES (?,?,?,?,?,?,?)`,
			b.RunID, b.Model, b.Wave, b.Tag, b.ProviderID, b.State, formatTime(time.Now()))
		if err != nil {
			return err
		}
		if pk, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, c := range b.Items {
			if _, err := tx.Exec(`INSERT INTO batch_items (batch_pk, custom_id, task, sample, branch, turn, attempt) VALUES (?,?,?,?,?,?,?)`,
				pk, c.ID, c.Task, c.Sample, c.Branch, c.Turn, c.Attempt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store batch of %s, wave %d: %w", b.Model, b.Wave, err)
	}
	return pk, nil
}

// SetBatch implements bench.BatchStore.
func (s *Store) SetBatch(ctx context.Context, pk int64, providerID, state string) error {
	return s.write(ctx, func(tx wtx) error {
		_, err := tx.Exec(`UPDATE batches SET provider_id = ?, state = ? WHERE pk = ?`, providerID, state, pk)
		return err
	})
}

// Batches implements bench.BatchStore: a run's batches in the order they
// were created, with their items.
func (s *Store) Batches(ctx context.Context, runID string) ([]bench.StoredBatch, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT pk, model, wave, tag, provider_id, state FROM batches WHERE run_id = ? ORDER BY pk`, runID)
	if err != nil {
		return nil, err
	}
	var out []bench.StoredBatch
	byPK := map[int64]int{}
	for rows.Next() {
		b := bench.StoredBatch{RunID: runID}
		if err := rows.Scan(&b.PK, &b.Model, &b.Wave, &b.Tag, &b.ProviderID, &b.State); err != nil {
			rows.Close()
			return nil, err
		}
		byPK[b.PK] = len(out)
		out = append(out, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	items, err := s.db.QueryContext(ctx, `SELECT i.batch_pk, i.custom_id, i.task, i.sample, i.branch, i.turn, i.attempt
		FROM batch_items i JOIN batches b ON b.pk = i.batch_pk WHERE b.run_id = ? ORDER BY i.batch_pk, i.custom_id`, runID)
	if err != nil {
		return nil, err
	}
	defer items.Close()
	for items.Next() {
		var pk int64
		var c bench.BatchCall
		if err := items.Scan(&pk, &c.ID, &c.Task, &c.Sample, &c.Branch, &c.Turn, &c.Attempt); err != nil {
			return nil, err
		}
		if i, ok := byPK[pk]; ok {
			out[i].Items = append(out[i].Items, c)
		}
	}
	return out, items.Err()
}

// FinishBatch implements bench.BatchStore: the results of an ended batch
// and its final state, in one transaction. A result stored again (a call
// answered in two batches) replaces the first.
func (s *Store) FinishBatch(ctx context.Context, pk int64, state string, results []bench.StoredResult) error {
	return s.write(ctx, func(tx wtx) error {
		var runID string
		if err := tx.QueryRow(`SELECT run_id FROM batches WHERE pk = ?`, pk).Scan(&runID); err != nil {
			return fmt.Errorf("batch %d: %w", pk, err)
		}
		for _, r := range results {
			if _, err := tx.Exec(`INSERT INTO batch_results (run_id, custom_id, text, input_tokens, output_tokens, model_id, finish_reason, error, retryable,
				cached_tokens, cache_write_tokens)
				VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id, custom_id) DO UPDATE SET text = excluded.text,
				input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, model_id = excluded.model_id,
				finish_reason = excluded.finish_reason, error = excluded.error, retryable = excluded.retryable,
				cached_tokens = excluded.cached_tokens, cache_write_tokens = excluded.cache_write_tokens`,
				runID, r.ID, r.Resp.Text, r.Resp.InputTokens, r.Resp.OutputTokens, r.Resp.Model, r.Resp.FinishReason, r.Err, r.Retryable,
				r.Resp.CachedInputTokens, r.Resp.CacheWriteTokens); err != nil {
				return err
			}
		}
		_, err := tx.Exec(`UPDATE batches SET state = ? WHERE pk = ?`, state, pk)
		return err
	})
}

// CallState implements bench.BatchStore: the call's stored result, and
// whether a batch still running holds it or one given up at the deadline
// did.
func (s *Store) CallState(ctx context.Context, runID, customID string) (bench.CallState, error) {
	var cs bench.CallState
	var r bench.StoredResult
	err := s.db.QueryRowContext(ctx, `SELECT text, input_tokens, output_tokens, model_id, finish_reason, error, retryable,
		cached_tokens, cache_write_tokens FROM batch_results WHERE run_id = ? AND custom_id = ?`, runID, customID).
		Scan(&r.Resp.Text, &r.Resp.InputTokens, &r.Resp.OutputTokens, &r.Resp.Model, &r.Resp.FinishReason, &r.Err, &r.Retryable,
			&r.Resp.CachedInputTokens, &r.Resp.CacheWriteTokens)
	switch {
	case err == nil:
		r.ID = customID
		cs.Result = &r
		return cs, nil
	case !errors.Is(err, sql.ErrNoRows):
		return cs, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT b.state FROM batch_items i JOIN batches b ON b.pk = i.batch_pk
		WHERE i.custom_id = ? AND b.run_id = ?`, customID, runID)
	if err != nil {
		return cs, err
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		if err := rows.Scan(&state); err != nil {
			return cs, err
		}
		switch state {
		case bench.BatchSubmitting, "running":
			cs.InFlight = true
		case bench.BatchDeadline:
			cs.Live = true
		}
	}
	return cs, rows.Err()
}

// TrialExchanges reads one trial's stored exchanges, as Trials does for a
// whole run (none when the trial has no row yet), once every write queued
// before the call has committed.
func (s *Store) TrialExchanges(ctx context.Context, runID string, key bench.TrialKey) ([]bench.Exchange, error) {
	if err := s.Barrier(ctx); err != nil {
		return nil, err
	}
	t := &Trial{Key: key}
	err := s.db.QueryRowContext(ctx, `SELECT id, pack, kind FROM trials WHERE run_id = ? AND model = ? AND task = ? AND sample = ?`,
		runID, key.Model, key.Task, key.Sample).Scan(&t.ID, &t.Pack, &t.Kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := s.loadExchanges(ctx, runID, map[int64]*Trial{t.ID: t}); err != nil {
		return nil, err
	}
	return t.Exchanges, nil
}
