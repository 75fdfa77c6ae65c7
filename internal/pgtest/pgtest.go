// Package pgtest gives each test its own real, empty PostgreSQL database.
//
// It is the one way forge tests get a database: every call to [Database] or
// [Pool] creates a fresh database (named forge_test_<random hex>) on the
// server named by the FORGE_TEST_DATABASE_URL environment variable and drops
// it when the test ends. Because no two tests share a database, tests that use
// pgtest can and should call t.Parallel. The server is a real PostgreSQL, never
// a mock or an in-memory substitute, so SQL, constraints, transactions and
// error codes behave exactly as in production.
//
// Start a throwaway server with
//
//	make test
//
// or
//
//	tools/postgres.sh run go test ./...
//
// When FORGE_TEST_DATABASE_URL is not set, tests that need a database are
// skipped, except in CI (CI=true), where they fail so that a misconfigured
// pipeline cannot silently skip them.
//
// What pgtest is not for:
//   - production code: it is imported only from _test.go files;
//   - schema management: the database is empty, create what the test needs
//     (or run the project's migrations) in the test itself;
//   - sharing state between tests: each call returns a new database, so
//     fixtures must be set up per test;
//   - pointing at a server holding real data: it creates and force-drops
//     databases, so FORGE_TEST_DATABASE_URL must name a throwaway server
//     whose user may CREATE DATABASE.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EnvURL is the environment variable naming the server tests use.
const EnvURL = "FORGE_TEST_DATABASE_URL"

// adminTimeout bounds each administrative operation (connect, create, drop).
const adminTimeout = 30 * time.Second

// Database creates a fresh, empty database on the server named by FORGE_TEST_DATABASE_URL
// and returns its connection URL. The database is dropped (WITH (FORCE)) when the test ends.
func Database(t testing.TB) string {
	t.Helper()
	adminURL, admin := serverURL(t)

	name, err := databaseName()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	ident := pgx.Identifier{name}.Sanitize()

	ctx, cancel := context.WithTimeout(context.Background(), adminTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatalf("pgtest: connect to %s: %v", admin.Redacted(), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+ident+" TEMPLATE template0"); err != nil {
		t.Fatal(fmt.Errorf("pgtest: create database %s: %w", name, err))
	}

	t.Cleanup(func() {
		if err := dropDatabase(adminURL, ident); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})

	dbURL := *admin
	dbURL.Path = "/" + name
	dbURL.RawPath = ""
	if dbURL.RawQuery != "" {
		q := dbURL.Query()
		q.Del("dbname") // would override the path
		dbURL.RawQuery = q.Encode()
	}
	return dbURL.String()
}

// Pool returns a pgxpool.Pool connected to a fresh database from Database; closed at test end (before the drop).
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	dbURL := Database(t)

	ctx, cancel := context.WithTimeout(context.Background(), adminTimeout)
	defer cancel()
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatal(fmt.Errorf("pgtest: open pool: %w", err))
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		t.Fatal(fmt.Errorf("pgtest: ping pool: %w", err))
	}
	// Cleanups run last-in first-out, so the pool is closed before the
	// database is dropped.
	t.Cleanup(pool.Close)
	return pool
}

// serverURL returns FORGE_TEST_DATABASE_URL, skipping the test (or failing it
// in CI) when the variable is not set.
func serverURL(t testing.TB) (string, *url.URL) {
	t.Helper()
	raw := strings.TrimSpace(os.Getenv(EnvURL))
	if raw == "" {
		if ci := os.Getenv("CI"); strings.EqualFold(ci, "true") || ci == "1" {
			t.Fatalf("pgtest: %s is required in CI but is not set; "+
				"`make test` or `tools/postgres.sh run go test ./...` starts a throwaway PostgreSQL and sets it", EnvURL)
		}
		t.Skipf("pgtest: %s is not set; run `make test`, or `tools/postgres.sh run go test ./...`, "+
			"to run tests that need PostgreSQL", EnvURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		// Do not echo the value: it may hold a password.
		t.Fatalf("pgtest: %s is not a valid URL: %v", EnvURL, redactParseError(err))
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		t.Fatalf("pgtest: %s must be a postgres:// URL, got %s", EnvURL, u.Redacted())
	}
	return raw, u
}

// redactParseError strips the URL from a net/url error.
func redactParseError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// databaseName returns forge_test_ followed by 16 random lowercase hex digits.
func databaseName() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random database name: %w", err)
	}
	return "forge_test_" + hex.EncodeToString(b[:]), nil
}

// dropDatabase drops the database (quoted identifier ident), disconnecting
// any sessions still using it.
func dropDatabase(adminURL, ident string) error {
	ctx, cancel := context.WithTimeout(context.Background(), adminTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)")
	return err
}

// WaitForLockWait waits, for up to a minute, until some session of pool's
// database waits for a lock: a statement another goroutine started is
// blocked behind the test's open transaction. Lock tests use it to know
// the blocked statement has reached the lock before they release it.
func WaitForLockWait(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var n int
		err := pool.QueryRow(t.Context(),
			"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&n)
		if err != nil {
			t.Fatalf("pgtest: read pg_stat_activity: %v", err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("pgtest: no session waits for a lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
