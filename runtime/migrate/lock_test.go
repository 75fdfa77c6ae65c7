package migrate_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/migrate"
)

// lockRows selects the advisory locks on migrate.LockKey in the current
// database; advisory locks are per database, so parallel tests do not see
// each other's.
const lockRows = `from pg_locks where locktype = 'advisory'
	and classid::bigint = $1 and objid::bigint = $2 and objsubid = 1
	and database = (select oid from pg_database where datname = current_database())`

var lockArgs = []any{migrate.LockKey >> 32, migrate.LockKey & 0xffffffff}

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// lockCounts returns how many sessions hold and wait for the migration lock.
func lockCounts(t *testing.T, ctx context.Context, db querier) (granted, waiting int) {
	t.Helper()
	err := db.QueryRow(ctx, "select count(*) filter (where granted), count(*) filter (where not granted) "+lockRows, lockArgs...).
		Scan(&granted, &waiting)
	if err != nil {
		t.Fatalf("read pg_locks: %v", err)
	}
	return granted, waiting
}

// waitForLock waits until the migration lock has the given numbers of
// holders and waiters, or fails the test when ctx ends or stop is closed.
// A session waiting for a lock is visible only in pg_locks, so this polls it.
func waitForLock(t *testing.T, ctx context.Context, db querier, granted, waiting int, stop <-chan struct{}) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		g, w := lockCounts(t, ctx, db)
		if g == granted && w == waiting {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("migration lock has %d holders and %d waiters, want %d and %d: %v", g, w, granted, waiting, ctx.Err())
		case <-stop:
			t.Fatalf("stopped waiting for the migration lock (%d holders and %d waiters, want %d and %d)", g, w, granted, waiting)
		case <-tick.C:
		}
	}
}

// holdLock takes the migration lock on a connection of its own, as another
// process would, and returns a function releasing it.
func holdLock(t *testing.T, ctx context.Context, dbURL string) (*pgx.Conn, func()) {
	t.Helper()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(ctx, "select pg_advisory_lock($1)", migrate.LockKey); err != nil {
		t.Fatalf("take the migration lock: %v", err)
	}
	return conn, func() {
		if _, err := conn.Exec(ctx, "select pg_advisory_unlock($1)", migrate.LockKey); err != nil {
			t.Errorf("release the migration lock: %v", err)
		}
	}
}

func newPool(t *testing.T, ctx context.Context, dbURL string) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// checkAppliedOnce checks that every migration of shop was applied exactly
// once between callers that applied the given numbers of migrations.
func checkAppliedOnce(t *testing.T, ctx context.Context, pool *pgxpool.Pool, appliedCounts []int) {
	t.Helper()
	total := 0
	for _, n := range appliedCounts {
		total += n
	}
	if total != len(shop) {
		t.Errorf("callers applied %v migrations, %d in all; want %d in all", appliedCounts, total, len(shop))
	}
	var rows int
	if err := pool.QueryRow(ctx, "select count(*) from forge_migrations").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(shop) {
		t.Errorf("forge_migrations has %d rows, want %d", rows, len(shop))
	}
}

func TestConcurrentUpAppliesOnce(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.Database(t)
	ctx := testContext(t)

	// Hold the lock until both callers wait for it, so they really race.
	blocker, release := holdLock(t, ctx, dbURL)

	const callers = 2
	var (
		wg     sync.WaitGroup
		counts [callers]int
		errs   [callers]error
		done   = make(chan struct{})
	)
	upCtx, cancelUp := context.WithCancel(ctx)
	for i := range callers {
		pool := newPool(t, ctx, dbURL) // each caller has its own pool, as separate processes would
		wg.Go(func() {
			applied, err := migrate.Up(upCtx, pool, dir(shop...))
			counts[i], errs[i] = len(applied), err
		})
	}
	go func() { wg.Wait(); close(done) }()
	defer func() { cancelUp(); <-done }() // on failure, stop the callers before the test ends

	waitForLock(t, ctx, blocker, 1, callers, done)
	release()
	<-done

	for i, err := range errs {
		if err != nil {
			t.Errorf("Up %d: %v", i, err)
		}
	}
	checkAppliedOnce(t, ctx, newPool(t, ctx, dbURL), counts[:])
}

// helperEnv names the database TestHelperProcess migrates; it is set only in
// the processes TestConcurrentUpAcrossProcesses starts.
const helperEnv = "FORGE_MIGRATE_HELPER_DATABASE_URL"

// TestHelperProcess is not a test: run by TestConcurrentUpAcrossProcesses
// with helperEnv set, it applies shop and prints how many it applied.
func TestHelperProcess(t *testing.T) {
	dbURL := os.Getenv(helperEnv)
	if dbURL == "" {
		t.Skip("helper process for TestConcurrentUpAcrossProcesses")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	applied, err := migrate.Up(ctx, pool, dir(shop...))
	pool.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("applied=%d\n", len(applied))
	os.Exit(0)
}

func TestConcurrentUpAcrossProcesses(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.Database(t)
	ctx := testContext(t)

	blocker, release := holdLock(t, ctx, dbURL)

	const processes = 2
	var (
		stdouts [processes]bytes.Buffer
		stderrs [processes]bytes.Buffer
		waitErr [processes]error
		wg      sync.WaitGroup
		done    = make(chan struct{})
	)
	procCtx, kill := context.WithCancel(ctx)
	for i := range processes {
		cmd := exec.CommandContext(procCtx, os.Args[0], "-test.run=^TestHelperProcess$")
		cmd.Env = append(os.Environ(), helperEnv+"="+dbURL)
		cmd.Stdout, cmd.Stderr = &stdouts[i], &stderrs[i]
		if err := cmd.Start(); err != nil {
			t.Fatalf("start helper process: %v", err)
		}
		wg.Go(func() { waitErr[i] = cmd.Wait() })
	}
	go func() { wg.Wait(); close(done) }()
	defer func() { kill(); <-done }() // on failure, never leave a helper running

	waitForLock(t, ctx, blocker, 1, processes, done)
	release()
	<-done

	counts := make([]int, processes)
	for i := range processes {
		if waitErr[i] != nil {
			t.Fatalf("helper process %d: %v\nstderr:\n%s", i, waitErr[i], stderrs[i].String())
		}
		out := stdouts[i].String()
		_, after, ok := strings.Cut(out, "applied=")
		n, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(after, "\n", 2)[0]))
		if !ok || err != nil {
			t.Fatalf("helper process %d printed %q, want applied=N", i, out)
		}
		counts[i] = n
	}
	checkAppliedOnce(t, ctx, newPool(t, ctx, dbURL), counts)
}

func TestWithLockIsReentrant(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)

	var inner context.Context
	err := migrate.WithLock(ctx, pool, func(ctx context.Context) error {
		inner = ctx
		if granted, waiting := lockCounts(t, ctx, pool); granted != 1 || waiting != 0 {
			t.Errorf("inside WithLock the lock has %d holders and %d waiters, want 1 and 0", granted, waiting)
		}
		// What a server does: its migrations and the app's under one lock.
		if _, err := migrate.Up(ctx, pool, dir(shop...)); err != nil {
			return err
		}
		_, err := migrate.StatusOf(ctx, pool, dir(shop...))
		return err
	})
	if err != nil {
		t.Fatalf("WithLock: %v", err)
	}
	if granted, waiting := lockCounts(t, ctx, pool); granted != 0 || waiting != 0 {
		t.Errorf("after WithLock the lock has %d holders and %d waiters, want none", granted, waiting)
	}
	checkAppliedOnce(t, ctx, pool, []int{len(shop)})

	_, err = migrate.Up(inner, pool, dir(shop...))
	const want = "migrate: the migration lock recorded in this context was already released; " +
		"use the context only inside the WithLock callback"
	if err == nil || err.Error() != want {
		t.Errorf("Up with a context from a finished WithLock: error = %v, want %q", err, want)
	}
}

func TestWithLockReleasesOnErrorAndPanic(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)

	errFn := errors.New("fn failed")
	if err := migrate.WithLock(ctx, pool, func(context.Context) error { return errFn }); !errors.Is(err, errFn) {
		t.Errorf("WithLock error = %v, want fn's error", err)
	}
	if granted, _ := lockCounts(t, ctx, pool); granted != 0 {
		t.Errorf("lock still held after fn returned an error")
	}

	func() {
		defer func() {
			if r := recover(); r != "fn panicked" {
				t.Errorf("recovered %v, want fn's panic", r)
			}
		}()
		_ = migrate.WithLock(ctx, pool, func(context.Context) error { panic("fn panicked") })
	}()
	if granted, _ := lockCounts(t, ctx, pool); granted != 0 {
		t.Errorf("lock still held after fn panicked")
	}
}

func TestWithLockGivesUpWaiting(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.Database(t)
	pool := newPool(t, testContext(t), dbURL)
	ctx := testContext(t)

	blocker, release := holdLock(t, ctx, dbURL)

	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, err := migrate.Up(short, pool, dir(shop...))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "migrate: wait for the migration lock") {
		t.Fatalf("Up while another session holds the lock: error = %v, want a deadline error waiting for the lock", err)
	}
	// The abandoned wait is cancelled on the server, not left queued.
	waitForLock(t, ctx, blocker, 1, 0, nil)

	release()
	if applied, err := migrate.Up(ctx, pool, dir(shop...)); err != nil || len(applied) != len(shop) {
		t.Fatalf("Up after the lock was released = %v, %v; want all applied", versions(applied), err)
	}
	if granted, waiting := lockCounts(t, ctx, blocker); granted != 0 || waiting != 0 {
		t.Errorf("after Up the lock has %d holders and %d waiters, want none", granted, waiting)
	}
}

func TestWithLockReportsLostLock(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)

	err := migrate.WithLock(ctx, pool, func(ctx context.Context) error {
		// Kill the session holding the lock, as a network failure or an
		// administrator would.
		var killed bool
		return pool.QueryRow(ctx, "select pg_terminate_backend(pid) "+lockRows+" and granted", lockArgs...).Scan(&killed)
	})
	if err == nil || !strings.Contains(err.Error(), "the lock may have been lost while migrating") {
		t.Fatalf("WithLock after its session was killed: error = %v, want it to report the lost lock", err)
	}

	// The broken connection did not go back to the pool: the pool still works.
	if applied, err := migrate.Up(ctx, pool, dir(shop...)); err != nil || len(applied) != len(shop) {
		t.Fatalf("Up after the lost lock = %v, %v; want all applied", versions(applied), err)
	}
}
