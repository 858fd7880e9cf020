package store

import (
	"context"
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
