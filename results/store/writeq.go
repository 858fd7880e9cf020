package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// writeReq is one write: fn runs inside a transaction shared with the
// other writes of its batch (see commit). The writer sends the
// outcome to done, or, for a write nobody waits for, calls after.
type writeReq struct {
	fn    func(tx wtx) error
	done  chan error
	after func(error)
}

// finish reports a committed (err == nil) or failed write.
func (r writeReq) finish(err error) {
	if r.done != nil {
		r.done <- err
	} else {
		r.after(err)
	}
}

// wtx is a write transaction whose Exec and QueryRow use the statements
// prepared when the store opened: SQLite would otherwise parse every
// statement of every write again.
type wtx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	// undo holds what OnRollback was given, in order.
	undo *[]func()
}

// OnRollback registers f to undo, should the write be rolled back, what
// the write did outside the database (a cached trial id, say). Writes of a
// batch are first run together without savepoints; if one fails, the
// whole batch is rolled back, its undos run in reverse, and it runs again
// one savepoint per write.
func (w wtx) OnRollback(f func()) { *w.undo = append(*w.undo, f) }

// rollbackTo runs, in reverse, the undos registered after the first mark.
func (w wtx) rollbackTo(mark int) {
	u := *w.undo
	for i := len(u) - 1; i >= mark; i-- {
		u[i]()
	}
	*w.undo = u[:mark]
}

// Exec runs a write statement.
func (w wtx) Exec(query string, args ...any) (sql.Result, error) {
	if st, ok := w.stmts[query]; ok {
		return w.tx.Stmt(st).Exec(args...)
	}
	return w.tx.Exec(query, args...)
}

// QueryRow runs a query inside the write transaction.
func (w wtx) QueryRow(query string, args ...any) *sql.Row {
	if st, ok := w.stmts[query]; ok {
		return w.tx.Stmt(st).QueryRow(args...)
	}
	return w.tx.QueryRow(query, args...)
}

// writeStatements are prepared once, when the store opens.
var writeStatements = []string{
	sqlSavepoint, sqlRollbackTo, sqlRelease, upsertTurn, sqlInsertTrial, sqlTrialStatus,
}

const (
	sqlSavepoint   = `SAVEPOINT w`
	sqlRollbackTo  = `ROLLBACK TO w`
	sqlRelease     = `RELEASE w`
	sqlTrialStatus = `UPDATE trials SET status = ?, error = ? WHERE id = ?`
)

// prepare readies the write statements (before the writer starts: with one
// connection, preparing inside a transaction would wait for itself).
func (s *Store) prepare() error {
	s.stmts = map[string]*sql.Stmt{}
	for _, q := range writeStatements {
		st, err := s.db.Prepare(q)
		if err != nil {
			return fmt.Errorf("prepare %.40q: %w", q, err)
		}
		s.stmts[q] = st
	}
	return nil
}

// maxBatch bounds how many writes share one transaction.
const maxBatch = 256

// linger is how long the writer waits for more writes to join a batch that
// nobody is waiting for (writeAsync's): a run's answers arrive one by one,
// and a commit per answer costs several times the answer's own insert.
const linger = 5 * time.Millisecond

// write runs fn in a transaction and returns once it is committed. Writes
// that arrive together are committed together (group commit): when fifty
// workers finish a call at the same moment, one commit stores all fifty
// turns instead of fifty commits queueing behind each other. Each write
// still commits before write returns, so a crash loses only calls in flight.
func (s *Store) write(ctx context.Context, fn func(tx wtx) error) error {
	req := writeReq{fn: fn, done: make(chan error, 1)}
	select {
	case s.queue <- req:
	case <-s.closed:
		return fmt.Errorf("database %s is closed", s.path)
	}
	// Once queued, the write is waited for even if ctx ends: it will be
	// committed, and the caller must not believe otherwise.
	return <-req.done
}

// writeAsync queues fn and returns without waiting for its commit; after
// is called with the outcome once the write is committed or has failed.
// Writes are committed in the order they are queued, so once a later write
// (async or not) has committed, so has every earlier one; a crash loses at
// most the writes of the last few milliseconds.
func (s *Store) writeAsync(fn func(tx wtx) error, after func(error)) {
	select {
	case s.queue <- writeReq{fn: fn, after: after}:
	case <-s.closed:
		after(fmt.Errorf("database %s is closed", s.path))
	}
}

// Barrier returns once every write queued before it has committed (or
// failed): writes commit in order, so an empty write waited for is enough.
func (s *Store) Barrier(ctx context.Context) error {
	return s.write(ctx, func(wtx) error { return nil })
}

// writer is the single goroutine that owns every write transaction.
func (s *Store) writer() {
	defer close(s.writerDone)
	for {
		var first writeReq
		select {
		case first = <-s.queue:
		case <-s.closed:
			return
		}
		batch := []writeReq{first}
		waited := first.done != nil
		var timer <-chan time.Time
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-s.queue:
				batch = append(batch, r)
				waited = waited || r.done != nil
				continue
			default:
			}
			// Nothing more is queued: commit now if someone waits for
			// this batch, else give more writes a moment to join it.
			if waited {
				break
			}
			if timer == nil {
				timer = time.After(linger)
			}
			select {
			case r := <-s.queue:
				batch = append(batch, r)
				waited = waited || r.done != nil
			case <-timer:
				break drain
			case <-s.closed:
				break drain
			}
		}
		s.commit(batch)
	}
}

// commit runs a batch in one transaction. The writes first run one after
// the other with nothing between them; if one fails, the transaction and
// what its writes did outside the database are rolled back, and the batch
// runs again with each write under a savepoint, so the failing write is
// rolled back alone and reported to its caller. Failures are rare, and a
// savepoint and its release cost about as much as a write's own statements.
func (s *Store) commit(batch []writeReq) {
	errs := make([]error, len(batch))
	if s.runBatch(batch, errs, false) {
		clear(errs)
		s.runBatch(batch, errs, true)
	}
	for i, r := range batch {
		r.finish(errs[i])
	}
}

// runBatch runs every write of batch in one transaction and commits it,
// leaving each write's outcome in errs. With savepoints, each write runs
// under its own, and one that fails is rolled back alone. Without, a
// failing write rolls back the whole transaction: runBatch then reports
// true when the batch held other writes, which must run again (a write
// alone has its outcome).
func (s *Store) runBatch(batch []writeReq, errs []error, savepoints bool) (again bool) {
	sqlTx, err := s.db.Begin()
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return false
	}
	tx := wtx{tx: sqlTx, stmts: s.stmts, undo: new([]func())}
	for i, r := range batch {
		if savepoints {
			if _, err := tx.Exec(sqlSavepoint); err != nil {
				errs[i] = err
				continue
			}
		}
		mark := len(*tx.undo)
		errs[i] = r.fn(tx)
		switch {
		case savepoints:
			if errs[i] != nil {
				tx.Exec(sqlRollbackTo)
				tx.rollbackTo(mark)
			}
			tx.Exec(sqlRelease)
		case errs[i] != nil:
			sqlTx.Rollback()
			tx.rollbackTo(0)
			return len(batch) > 1
		}
	}
	if err := sqlTx.Commit(); err != nil {
		tx.rollbackTo(0)
		for i := range errs {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("commit: %w", err)
			}
		}
	}
	return false
}
