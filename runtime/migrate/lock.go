package migrate

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// LockKey is the key of the session-level advisory lock
// (pg_advisory_lock(LockKey)) under which migrations run: the ASCII bytes of
// "forgemig" read as a big-endian int64. Advisory locks are per database, so
// apps sharing a server do not contend. In pg_locks it shows as
// locktype = 'advisory', classid = LockKey>>32, objid = LockKey&0xffffffff,
// objsubid = 1.
const LockKey int64 = 0x666f7267656d6967

// LockTimeout bounds the wait for the lock, which another process may hold
// while it migrates; a shorter deadline on the caller's context wins.
const LockTimeout = 5 * time.Minute

// unlockTimeout bounds releasing the lock, which runs even when the caller's
// context is done.
const unlockTimeout = 10 * time.Second

// lockHolder marks a context as running under WithLock on pool.
type lockHolder struct {
	pool     *pgxpool.Pool
	released atomic.Bool
}

type lockHolderKey struct{}

// WithLock runs fn while holding the migration lock on pool's database, so
// that of several processes starting at once exactly one migrates and the
// others wait for it. A server uses it to run River's migrations and the
// app's under one lock; Up, Down and StatusOf take it themselves.
//
// The lock is held on one connection taken from pool for the whole call, so
// pool needs a second connection for the work fn does. It is released when fn
// returns or panics; if it cannot be released (the connection broke), the
// connection is closed rather than returned to the pool, which ends the
// session and so releases the lock, and WithLock reports the error because
// fn may have run partly unprotected.
//
// WithLock is re-entrant through ctx: fn's ctx records that the lock is held
// on pool, and a WithLock, Up, Down or StatusOf given that ctx and the same
// pool runs without taking the lock again. Using that ctx after fn returned
// is an error. A different pool to the same database would take the lock
// anew and wait for the outer call, which waits for it, until LockTimeout or
// ctx ends the deadlock: inside fn, pass fn's ctx and the same pool.
func WithLock(ctx context.Context, pool *pgxpool.Pool, fn func(ctx context.Context) error) (err error) {
	if h, ok := ctx.Value(lockHolderKey{}).(*lockHolder); ok && h.pool == pool {
		if h.released.Load() {
			return errors.New("migrate: the migration lock recorded in this context was already released; " +
				"use the context only inside the WithLock callback")
		}
		return fn(ctx)
	}

	acquireCtx, cancel := context.WithTimeout(ctx, LockTimeout)
	defer cancel()
	conn, err := pool.Acquire(acquireCtx)
	if err != nil {
		return fmt.Errorf("migrate: acquire a connection for the migration lock: %w", err)
	}
	if _, err := conn.Exec(acquireCtx, "select pg_advisory_lock($1)", LockKey); err != nil {
		// Whether the lock was granted before the wait was interrupted is
		// unknown, so close the session, which releases anything it holds.
		// (When ctx interrupted the wait, pgx has already closed the
		// connection and sent the server a cancel request, so the backend
		// does not stay queued for the lock.)
		closeCtx, stop := context.WithTimeout(context.WithoutCancel(ctx), unlockTimeout)
		defer stop()
		_ = conn.Hijack().Close(closeCtx)
		return fmt.Errorf("migrate: wait for the migration lock (pg_advisory_lock(%d), held while another process migrates): %w",
			LockKey, err)
	}

	h := &lockHolder{pool: pool}
	defer func() {
		h.released.Store(true)
		if uerr := unlock(context.WithoutCancel(ctx), conn); uerr != nil {
			err = errors.Join(err, uerr)
		}
	}()
	return fn(context.WithValue(ctx, lockHolderKey{}, h))
}

// unlock releases the lock held on conn and returns conn to its pool, or
// closes conn when the lock cannot be released.
func unlock(ctx context.Context, conn *pgxpool.Conn) error {
	ctx, cancel := context.WithTimeout(ctx, unlockTimeout)
	defer cancel()
	var released bool
	err := conn.QueryRow(ctx, "select pg_advisory_unlock($1)", LockKey).Scan(&released)
	if err == nil && released {
		conn.Release()
		return nil
	}
	_ = conn.Hijack().Close(ctx)
	if err == nil {
		err = errors.New("the session no longer held it")
	}
	return fmt.Errorf("migrate: release the migration lock (its connection was closed instead; "+
		"the lock may have been lost while migrating): %w", err)
}
