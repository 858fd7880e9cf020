// Package results stores runs in SQLite as they happen and turns them into
// metrics and reports (json, xlsx, csv, md) and run comparisons.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pushback/pushback/bench/runconfig"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// migrations are applied in order; PRAGMA user_version records how many ran.
// Never edit one that has shipped: append a new one.
var migrations = []string{
	`CREATE TABLE runs (
		id        TEXT PRIMARY KEY,
		seq       INTEGER NOT NULL,
		started   TEXT NOT NULL,
		finished  TEXT NOT NULL DEFAULT '',
		status    TEXT NOT NULL,
		version   TEXT NOT NULL,
		config    TEXT NOT NULL,
		source    TEXT NOT NULL DEFAULT ''
	);
	CREATE TABLE run_packs (
		run_id TEXT NOT NULL REFERENCES runs(id),
		pack   TEXT NOT NULL,
		file   TEXT NOT NULL,
		hash   TEXT NOT NULL,
		PRIMARY KEY (run_id, pack)
	);
	CREATE TABLE trials (
		id       INTEGER PRIMARY KEY,
		run_id   TEXT NOT NULL REFERENCES runs(id),
		model    TEXT NOT NULL,
		pack     TEXT NOT NULL,
		task     TEXT NOT NULL,
		kind     TEXT NOT NULL,
		sample   INTEGER NOT NULL,
		scripts  TEXT NOT NULL DEFAULT '',
		status   TEXT NOT NULL,
		error    TEXT NOT NULL DEFAULT '',
		UNIQUE (run_id, model, task, sample)
	);
	CREATE TABLE turns (
		id            INTEGER PRIMARY KEY,
		trial_id      INTEGER NOT NULL REFERENCES trials(id),
		branch        TEXT NOT NULL,
		turn          INTEGER NOT NULL,
		role          TEXT NOT NULL,
		text          TEXT NOT NULL,
		grade         TEXT NOT NULL DEFAULT '',
		score         REAL NOT NULL DEFAULT 0,
		extracted     TEXT NOT NULL DEFAULT '',
		reason        TEXT NOT NULL DEFAULT '',
		stance        TEXT NOT NULL DEFAULT '',
		stance_reason TEXT NOT NULL DEFAULT '',
		input_tokens  INTEGER NOT NULL DEFAULT 0,
		output_tokens INTEGER NOT NULL DEFAULT 0,
		latency_ms    INTEGER NOT NULL DEFAULT 0,
		attempts      INTEGER NOT NULL DEFAULT 0,
		error         TEXT NOT NULL DEFAULT '',
		model_id      TEXT NOT NULL DEFAULT '',
		finish_reason TEXT NOT NULL DEFAULT '',
		cost          REAL NOT NULL DEFAULT 0,
		created       TEXT NOT NULL,
		UNIQUE (trial_id, branch, turn, role)
	);
	CREATE INDEX turns_trial ON turns(trial_id);`,
	// 2: judge labels beside the heuristic's, judge failures, and the
	// judge's verdicts cached by the hash of their input.
	`ALTER TABLE turns ADD COLUMN stance_by TEXT NOT NULL DEFAULT '';
	ALTER TABLE turns ADD COLUMN heuristic_stance TEXT NOT NULL DEFAULT '';
	ALTER TABLE turns ADD COLUMN judge_failures INTEGER NOT NULL DEFAULT 0;
	CREATE TABLE judge_calls (
		hash          TEXT PRIMARY KEY,
		kind          TEXT NOT NULL,
		model         TEXT NOT NULL,
		prompt        TEXT NOT NULL,
		response      TEXT NOT NULL,
		verdict       TEXT NOT NULL,
		reason        TEXT NOT NULL,
		calls         INTEGER NOT NULL,
		input_tokens  INTEGER NOT NULL,
		output_tokens INTEGER NOT NULL,
		cost          REAL NOT NULL,
		run_id        TEXT NOT NULL,
		created       TEXT NOT NULL
	);
	CREATE INDEX judge_calls_run ON judge_calls(run_id);`,
	// 3: hedged verdicts, the candidate answers and rubric facts behind a
	// verdict, and the position a reply to pushback takes.
	`ALTER TABLE turns ADD COLUMN hedged INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE turns ADD COLUMN verdict_detail TEXT NOT NULL DEFAULT '';
	ALTER TABLE turns ADD COLUMN position TEXT NOT NULL DEFAULT '';`,
	// 4: the content hash of the task a trial asked, so paired comparisons
	// between runs pair only tasks that did not change.
	`ALTER TABLE trials ADD COLUMN task_hash TEXT NOT NULL DEFAULT '';`,
	// 5: batch mode: each batch a run submitted, with the custom ids of its
	// items, recorded before the batch is created; the results of ended
	// batches; what a batched call would have cost live.
	`CREATE TABLE batches (
		pk          INTEGER PRIMARY KEY,
		run_id      TEXT NOT NULL REFERENCES runs(id),
		model       TEXT NOT NULL,
		wave        INTEGER NOT NULL,
		tag         TEXT NOT NULL,
		provider_id TEXT NOT NULL DEFAULT '',
		state       TEXT NOT NULL,
		created     TEXT NOT NULL
	);
	CREATE INDEX batches_run ON batches(run_id);
	CREATE TABLE batch_items (
		batch_pk  INTEGER NOT NULL REFERENCES batches(pk),
		custom_id TEXT NOT NULL,
		task      TEXT NOT NULL,
		sample    INTEGER NOT NULL,
		branch    TEXT NOT NULL,
		turn      INTEGER NOT NULL,
		attempt   INTEGER NOT NULL,
		PRIMARY KEY (batch_pk, custom_id)
	);
	CREATE INDEX batch_items_id ON batch_items(custom_id);
	CREATE TABLE batch_results (
		run_id        TEXT NOT NULL REFERENCES runs(id),
		custom_id     TEXT NOT NULL,
		text          TEXT NOT NULL,
		input_tokens  INTEGER NOT NULL,
		output_tokens INTEGER NOT NULL,
		model_id      TEXT NOT NULL,
		finish_reason TEXT NOT NULL,
		error         TEXT NOT NULL,
		retryable     INTEGER NOT NULL,
		PRIMARY KEY (run_id, custom_id)
	);
	ALTER TABLE turns ADD COLUMN cost_live REAL NOT NULL DEFAULT 0;
	ALTER TABLE turns ADD COLUMN batched INTEGER NOT NULL DEFAULT 0;`,
	// 6: each model's adaptive concurrency limit over the run: one row per
	// change of the window.
	`CREATE TABLE concurrency (
		run_id TEXT NOT NULL REFERENCES runs(id),
		model  TEXT NOT NULL,
		at     TEXT NOT NULL,
		lim    INTEGER NOT NULL
	);
	CREATE INDEX concurrency_run ON concurrency(run_id);`,
	// 7: input tokens read from and written to the provider's prompt
	// cache, per turn and per stored batch result.
	`ALTER TABLE turns ADD COLUMN cached_tokens INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE turns ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE batch_results ADD COLUMN cached_tokens INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE batch_results ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;`,
	// 8: the shard runs merged into a run (pushback merge), one row each.
	`CREATE TABLE merges (
		run_id     TEXT NOT NULL REFERENCES runs(id),
		shard_k    INTEGER NOT NULL,
		shard_n    INTEGER NOT NULL,
		source_run TEXT NOT NULL,
		source_db  TEXT NOT NULL,
		status     TEXT NOT NULL,
		merged     TEXT NOT NULL,
		merge_key  TEXT NOT NULL,
		PRIMARY KEY (run_id, shard_k)
	);
	CREATE INDEX merges_key ON merges(merge_key);`,
}

// Store is a pushback results database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	// Every write goes through queue to the writer goroutine, so concurrent
	// workers never meet SQLITE_BUSY and simultaneous writes share a commit.
	queue      chan writeReq
	closed     chan struct{}
	writerDone chan struct{}
	closeOnce  sync.Once
	stmts      map[string]*sql.Stmt // prepared write statements
}

// ErrNoDatabase is returned by OpenExisting when the file does not exist.
var ErrNoDatabase = errors.New("no results database")

// Open opens (creating if needed) the database at path and migrates it.
func Open(path string) (*Store, error) {
	// busy_timeout comes first: switching a new database to WAL takes a
	// lock that a concurrent opener must wait for, not fail on.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, and this keeps every
	// statement of a transaction on the connection that began it.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path, queue: make(chan writeReq), closed: make(chan struct{}), writerDone: make(chan struct{})}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	if err := s.prepare(); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	go s.writer()
	return s, nil
}

// OpenExisting opens a database that must already exist (for commands that
// only read runs), so a mistyped --db does not create an empty file.
func OpenExisting(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%w at %s (run `pushback run` first, or pass --db)", ErrNoDatabase, path)
	}
	return Open(path)
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close stops the writer and closes the database. Writes already queued
// are committed first.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	<-s.writerDone
	return s.db.Close()
}

// conn opens the store's connection. Opening runs PRAGMA journal_mode=WAL,
// which on a database that another process is creating at the same moment
// can fail with SQLITE_BUSY without waiting (the busy timeout does not cover
// it), so a busy open is retried for a few seconds.
func (s *Store) conn(ctx context.Context) (*sql.Conn, error) {
	delay := 5 * time.Millisecond
	for deadline := time.Now().Add(10 * time.Second); ; {
		conn, err := s.db.Conn(ctx)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return conn, err
		}
		time.Sleep(delay)
		delay = min(2*delay, 200*time.Millisecond)
	}
}

// isBusy reports whether err is SQLite's SQLITE_BUSY (5).
func isBusy(err error) bool {
	var coded interface{ Code() int }
	return errors.As(err, &coded) && coded.Code()&0xff == 5
}

// migrate brings the schema up to date. The version is read and the
// migrations applied inside one BEGIN IMMEDIATE transaction on the single
// connection, so two processes opening a new database at once do not both
// try to create it.
func (s *Store) migrate() error {
	ctx := context.Background()
	conn, err := s.conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return fmt.Errorf("lock for migration: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(ctx, `ROLLBACK`)
		}
	}()
	var v int
	if err := conn.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this pushback understands (%d); upgrade pushback", v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		if _, err := conn.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		return fmt.Errorf("migration: %w", err)
	}
	committed = true
	return nil
}

// RunStatus is where a run stands.
type RunStatus string

// Run statuses.
const (
	StatusRunning     RunStatus = "running"
	StatusFinished    RunStatus = "finished"
	StatusInterrupted RunStatus = "interrupted"
	StatusFailed      RunStatus = "failed" // finished, but some trials failed
	// StatusIncomplete is a merged run some of whose shards are missing
	// or did not finish.
	StatusIncomplete RunStatus = "incomplete"
)

// Run is one stored benchmark run.
type Run struct {
	ID       string
	Seq      int64
	Started  time.Time
	Finished time.Time // zero while running or after a crash
	Status   RunStatus
	Version  string
	Config   runconfig.Config // how it was asked; never a key
	// ConfigErr is why a stored config could not be read back (Config is
	// then zero): such a run can be listed and reported, not resumed or
	// re-graded.
	ConfigErr error
	Source    string // the run this one was re-graded from
	Packs     []PackRef
	// MergedShards and ShardCount say, for a run merged from shards
	// (pushback merge), how many of how many are in it (listed by Runs).
	MergedShards, ShardCount int
}

// PackRef records which version of a pack a run used.
type PackRef struct {
	ID   string `json:"id"`
	File string `json:"file"`
	Hash string `json:"hash"`
}

// NewRunID makes a run id: the UTC start time and a random suffix.
func NewRunID(t time.Time) string {
	b := make([]byte, 2)
	rand.Read(b)
	return t.UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b)
}

const timeFormat = time.RFC3339Nano

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}

// CreateRun records a new run and its packs.
func (s *Store) CreateRun(ctx context.Context, r *Run) error {
	if r.Status == "" {
		r.Status = StatusRunning
	}
	return s.write(ctx, func(tx wtx) error { return createRun(tx, r) })
}

func createRun(tx wtx, r *Run) error {
	cfg, err := r.Config.Marshal()
	if err != nil {
		return fmt.Errorf("create run %s: %w", r.ID, err)
	}
	if err := tx.QueryRow(`SELECT COALESCE(MAX(seq), 0) + 1 FROM runs`).Scan(&r.Seq); err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO runs (id, seq, started, finished, status, version, config, source) VALUES (?,?,?,?,?,?,?,?)`,
		r.ID, r.Seq, formatTime(r.Started), formatTime(r.Finished), r.Status, r.Version, string(cfg), r.Source)
	if err != nil {
		return fmt.Errorf("create run %s: %w", r.ID, err)
	}
	for _, p := range r.Packs {
		if _, err := tx.Exec(`INSERT INTO run_packs (run_id, pack, file, hash) VALUES (?,?,?,?)`, r.ID, p.ID, p.File, p.Hash); err != nil {
			return fmt.Errorf("create run %s: pack %s: %w", r.ID, p.ID, err)
		}
	}
	return nil
}

// FinishRun records a run's end.
func (s *Store) FinishRun(ctx context.Context, id string, status RunStatus, at time.Time) error {
	return s.write(ctx, func(tx wtx) error {
		_, err := tx.Exec(`UPDATE runs SET status = ?, finished = ? WHERE id = ?`, status, formatTime(at), id)
		return err
	})
}

// MarkRunning records that a run is running again (on resume).
func (s *Store) MarkRunning(ctx context.Context, id string) error {
	return s.write(ctx, func(tx wtx) error {
		_, err := tx.Exec(`UPDATE runs SET status = ?, finished = '' WHERE id = ?`, StatusRunning, id)
		return err
	})
}

// Runs lists every run, oldest first.
func (s *Store) Runs(ctx context.Context) ([]*Run, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, seq, started, finished, status, version, config, source FROM runs ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Run
	for rows.Next() {
		r := &Run{}
		var started, finished, cfg string
		if err := rows.Scan(&r.ID, &r.Seq, &started, &finished, &r.Status, &r.Version, &cfg, &r.Source); err != nil {
			return nil, err
		}
		r.Started, r.Finished = parseTime(started), parseTime(finished)
		if r.Config, err = runconfig.Unmarshal([]byte(cfg)); err != nil {
			r.ConfigErr = fmt.Errorf("run %s: %w", r.ID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, r := range out {
		if r.Packs, err = s.runPacks(ctx, r.ID); err != nil {
			return nil, err
		}
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(shard_n), 0) FROM merges WHERE run_id = ?`, r.ID).
			Scan(&r.MergedShards, &r.ShardCount); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) runPacks(ctx context.Context, id string) ([]PackRef, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT pack, file, hash FROM run_packs WHERE run_id = ? ORDER BY pack`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PackRef
	for rows.Next() {
		var p PackRef
		if err := rows.Scan(&p.ID, &p.File, &p.Hash); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ErrUnknownRun is wrapped by Resolve when no run matches a reference.
var ErrUnknownRun = errors.New("unknown run")

var latestRe = regexp.MustCompile(`^latest(?:~(\d+))?$`)

// Resolve finds a run by reference: an id, a unique prefix of one, `latest`
// or `latest~N` (the Nth run before the latest).
func (s *Store) Resolve(ctx context.Context, ref string) (*Run, error) {
	runs, err := s.Runs(ctx)
	if err != nil {
		return nil, err
	}
	if m := latestRe.FindStringSubmatch(ref); m != nil {
		back := 0
		if m[1] != "" {
			back, _ = strconv.Atoi(m[1])
		}
		if back >= len(runs) {
			return nil, fmt.Errorf("%w %q: the database holds %d run(s)", ErrUnknownRun, ref, len(runs))
		}
		return runs[len(runs)-1-back], nil
	}
	var found []*Run
	for _, r := range runs {
		if r.ID == ref {
			return r, nil
		}
		if strings.HasPrefix(r.ID, ref) {
			found = append(found, r)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, fmt.Errorf("%w %q (see pushback runs)", ErrUnknownRun, ref)
	}
	return nil, fmt.Errorf("%w %q: it matches %d runs; give more of the id", ErrUnknownRun, ref, len(found))
}
