package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// MergedShard is a shard run recorded as merged into a run.
type MergedShard struct {
	K, N      int
	SourceRun string
	SourceDB  string
	Status    RunStatus // the shard run's status when it was merged
	// Key identifies the sharded run: what all its shards agree on.
	Key string
}

// MergedShards lists the shards merged into a run, by K.
func (s *Store) MergedShards(ctx context.Context, runID string) (map[int]MergedShard, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT shard_k, shard_n, source_run, source_db, status FROM merges WHERE run_id = ?`, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]MergedShard{}
	for rows.Next() {
		var m MergedShard
		if err := rows.Scan(&m.K, &m.N, &m.SourceRun, &m.SourceDB, &m.Status); err != nil {
			return nil, err
		}
		out[m.K] = m
	}
	return out, rows.Err()
}

// MergedInto returns the run a shard run was merged into, or "".
func (s *Store) MergedInto(ctx context.Context, sourceRun string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT run_id FROM merges WHERE source_run = ? LIMIT 1`, sourceRun).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return id, err
}

// MergeCandidates lists the runs that shards with the given key were merged
// into, latest first.
func (s *Store) MergeCandidates(ctx context.Context, key string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.run_id FROM merges m JOIN runs r ON r.id = m.run_id WHERE m.merge_key = ?
		GROUP BY m.run_id ORDER BY MAX(r.seq) DESC`, key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// CreateMergedRun records the run shards are merged into.
func (s *Store) CreateMergedRun(ctx context.Context, r *Run) error {
	r.Status = StatusIncomplete
	return s.write(ctx, func(tx wtx) error { return createRun(tx, r) })
}

// Merge copies run srcRun of the database at srcPath (a shard, already
// migrated to this version) into run dstRun: its trials with their turns,
// its judge's verdicts and its concurrency samples, in one transaction,
// and records the shard as merged.
func (s *Store) Merge(ctx context.Context, srcPath, srcRun, dstRun string, shard MergedShard) error {
	// ATTACH cannot run inside a transaction: the merge takes the store's
	// one connection for itself (the writer waits meanwhile).
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS src`, srcPath); err != nil {
		return fmt.Errorf("attach %s: %w", srcPath, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE src`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	turnCols, err := columns(ctx, tx, "turns", "id", "trial_id")
	if err != nil {
		return err
	}
	judgeCols, err := columns(ctx, tx, "judge_calls", "run_id")
	if err != nil {
		return err
	}
	stmts := []struct {
		what, sql string
		args      []any
	}{
		{"trials", `INSERT INTO trials (run_id, model, pack, task, kind, sample, scripts, status, error, task_hash)
			SELECT ?, model, pack, task, kind, sample, scripts, status, error, task_hash FROM src.trials WHERE run_id = ?`, []any{dstRun, srcRun}},
		{"turns", `INSERT INTO turns (trial_id, ` + turnCols + `) SELECT d.id, ` + prefixed("t", turnCols) + `
			FROM src.turns t JOIN src.trials st ON st.id = t.trial_id
			JOIN trials d ON d.run_id = ? AND d.model = st.model AND d.task = st.task AND d.sample = st.sample
			WHERE st.run_id = ?`, []any{dstRun, srcRun}},
		{"judge verdicts", `INSERT OR IGNORE INTO judge_calls (run_id, ` + judgeCols + `) SELECT ?, ` + judgeCols + `
			FROM src.judge_calls WHERE run_id = ?`, []any{dstRun, srcRun}},
		{"concurrency", `INSERT INTO concurrency (run_id, model, at, lim) SELECT ?, model, at, lim FROM src.concurrency
			WHERE run_id = ? ORDER BY rowid`, []any{dstRun, srcRun}},
		{"merge record", `INSERT INTO merges (run_id, shard_k, shard_n, source_run, source_db, status, merged, merge_key) VALUES (?,?,?,?,?,?,?,?)`,
			[]any{dstRun, shard.K, shard.N, srcRun, shard.SourceDB, shard.Status, formatTime(time.Now()), shard.Key}},
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st.sql, st.args...); err != nil {
			return fmt.Errorf("merge %s of %s: %w", st.what, srcPath, err)
		}
	}
	return tx.Commit()
}

// columns lists a table's columns but the excluded ones, comma-separated.
func columns(ctx context.Context, tx *sql.Tx, table string, exclude ...string) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return "", err
		}
		skip := false
		for _, e := range exclude {
			skip = skip || e == name
		}
		if !skip {
			cols = append(cols, name)
		}
	}
	return strings.Join(cols, ", "), rows.Err()
}

func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, c := range parts {
		parts[i] = alias + "." + c
	}
	return strings.Join(parts, ", ")
}

// SetRunSpan records a merged run's status, start and end.
func (s *Store) SetRunSpan(ctx context.Context, id string, status RunStatus, started, finished time.Time) error {
	return s.write(ctx, func(tx wtx) error {
		_, err := tx.Exec(`UPDATE runs SET status = ?, started = ?, finished = ? WHERE id = ?`, status, formatTime(started), formatTime(finished), id)
		return err
	})
}
