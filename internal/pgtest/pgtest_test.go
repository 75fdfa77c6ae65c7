package pgtest_test

import (
	"context"
	"errors"
	"net/url"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/forge-framework/forge/internal/pgtest"
)

var dbNameRE = regexp.MustCompile(`^forge_test_[0-9a-f]{16}$`)

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestPoolsAreIsolated runs two parallel subtests, each with its own Pool: a
// table created by one must be invisible to the other.
func TestPoolsAreIsolated(t *testing.T) {
	t.Parallel()

	var (
		mu      sync.Mutex
		dbNames = map[string]string{} // subtest -> current_database()
	)
	record := func(t *testing.T, name string) {
		mu.Lock()
		defer mu.Unlock()
		dbNames[t.Name()] = name
	}
	// writerDone is closed when the writer has finished (successfully or not);
	// writerOK tells the reader whether the table really exists over there.
	writerDone := make(chan struct{})
	var writerOK bool

	t.Run("group", func(t *testing.T) {
		t.Run("writer", func(t *testing.T) {
			t.Parallel()
			defer close(writerDone)
			pool := pgtest.Pool(t)
			ctx := ctxT(t)

			var one int
			if err := pool.QueryRow(ctx, "select 1").Scan(&one); err != nil || one != 1 {
				t.Fatalf("select 1 = %d, %v", one, err)
			}
			var db string
			if err := pool.QueryRow(ctx, "select current_database()").Scan(&db); err != nil {
				t.Fatalf("current_database: %v", err)
			}
			record(t, db)

			if _, err := pool.Exec(ctx, "create table widgets (id int primary key, name text not null)"); err != nil {
				t.Fatalf("create table: %v", err)
			}
			if _, err := pool.Exec(ctx, "insert into widgets (id, name) values ($1, $2)", 1, "sprocket"); err != nil {
				t.Fatalf("insert: %v", err)
			}
			var n int
			if err := pool.QueryRow(ctx, "select count(*) from widgets").Scan(&n); err != nil || n != 1 {
				t.Fatalf("count(*) = %d, %v; want 1", n, err)
			}
			writerOK = true
		})
		t.Run("reader", func(t *testing.T) {
			t.Parallel()
			pool := pgtest.Pool(t)
			ctx := ctxT(t)

			var one int
			if err := pool.QueryRow(ctx, "select 1").Scan(&one); err != nil || one != 1 {
				t.Fatalf("select 1 = %d, %v", one, err)
			}
			var db string
			if err := pool.QueryRow(ctx, "select current_database()").Scan(&db); err != nil {
				t.Fatalf("current_database: %v", err)
			}
			record(t, db)

			// Look only after the writer has created its table.
			select {
			case <-writerDone:
			case <-ctx.Done():
				t.Fatal("timed out waiting for the writer subtest")
			}
			if !writerOK {
				t.Fatal("writer subtest failed; isolation not checked")
			}
			var visible bool
			if err := pool.QueryRow(ctx, "select to_regclass('public.widgets') is not null").Scan(&visible); err != nil {
				t.Fatalf("to_regclass: %v", err)
			}
			if visible {
				t.Fatal("table widgets created by the writer subtest is visible in the reader's database")
			}
			var n int
			err := pool.QueryRow(ctx, "select count(*) from widgets").Scan(&n)
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) || pgErr.Code != "42P01" { // undefined_table
				t.Fatalf("select from widgets: err = %v, want undefined_table (42P01)", err)
			}
		})
	})
	if t.Failed() {
		return
	}
	if os.Getenv(pgtest.EnvURL) == "" {
		t.Skip("no PostgreSQL server configured (see the subtests)")
	}

	mu.Lock()
	defer mu.Unlock()
	if len(dbNames) != 2 {
		// Subtests were skipped (no server configured).
		return
	}
	w, r := dbNames[t.Name()+"/group/writer"], dbNames[t.Name()+"/group/reader"]
	for _, name := range []string{w, r} {
		if !dbNameRE.MatchString(name) {
			t.Errorf("database name %q does not match %s", name, dbNameRE)
		}
	}
	if w == r {
		t.Errorf("writer and reader share database %q", w)
	}
}

// TestDatabaseIsDroppedAtTestEnd checks that the database from Database is
// gone once the subtest that asked for it has finished, even though the
// subtest left a connection open (the drop uses WITH (FORCE)).
func TestDatabaseIsDroppedAtTestEnd(t *testing.T) {
	t.Parallel()

	var (
		name     string
		leftOpen *pgx.Conn
	)
	t.Run("use", func(t *testing.T) {
		dbURL := pgtest.Database(t)
		ctx := ctxT(t)

		u, err := url.Parse(dbURL)
		if err != nil {
			t.Fatalf("Database returned an invalid URL %q: %v", dbURL, err)
		}
		admin, err := url.Parse(os.Getenv(pgtest.EnvURL))
		if err != nil {
			t.Fatalf("parse %s: %v", pgtest.EnvURL, err)
		}
		if u.Host != admin.Host || u.User.String() != admin.User.String() || u.Query().Get("sslmode") != admin.Query().Get("sslmode") {
			t.Errorf("Database URL %s does not keep host, user and query of %s", u.Redacted(), admin.Redacted())
		}

		conn, err := pgx.Connect(ctx, dbURL)
		if err != nil {
			t.Fatalf("connect to %s: %v", u.Redacted(), err)
		}
		leftOpen = conn // deliberately not closed before the subtest ends
		if err := conn.QueryRow(ctx, "select current_database()").Scan(&name); err != nil {
			t.Fatalf("current_database: %v", err)
		}
		if "/"+name != u.Path {
			t.Errorf("connected to %q, URL path is %q", name, u.Path)
		}
		if !dbNameRE.MatchString(name) {
			t.Errorf("database name %q does not match %s", name, dbNameRE)
		}
		if _, err := conn.Exec(ctx, "create table t (x int)"); err != nil {
			t.Fatalf("create table: %v", err)
		}
	})
	if leftOpen != nil {
		defer leftOpen.Close(context.Background()) // its session was terminated by the drop
	}
	if t.Failed() {
		return
	}
	if os.Getenv(pgtest.EnvURL) == "" {
		t.Skip("no PostgreSQL server configured (see the subtests)")
	}
	if name == "" {
		return // the subtest was skipped or failed before connecting
	}

	ctx := ctxT(t)
	admin, err := pgx.Connect(ctx, os.Getenv(pgtest.EnvURL))
	if err != nil {
		t.Fatalf("admin connect: %v", err)
	}
	defer admin.Close(ctx)
	var exists bool
	if err := admin.QueryRow(ctx, "select exists (select 1 from pg_database where datname = $1)", name).Scan(&exists); err != nil {
		t.Fatalf("query pg_database: %v", err)
	}
	if exists {
		t.Errorf("database %s still exists after the subtest that created it finished", name)
	}
}

// TestPoolIsClosedAtTestEnd checks that the pool from Pool is closed and its
// database dropped once the subtest has finished.
func TestPoolIsClosedAtTestEnd(t *testing.T) {
	t.Parallel()

	var name string
	var ping func(context.Context) error
	t.Run("use", func(t *testing.T) {
		pool := pgtest.Pool(t)
		ctx := ctxT(t)
		if err := pool.QueryRow(ctx, "select current_database()").Scan(&name); err != nil {
			t.Fatalf("current_database: %v", err)
		}
		ping = pool.Ping
	})
	if t.Failed() {
		return
	}
	if os.Getenv(pgtest.EnvURL) == "" {
		t.Skip("no PostgreSQL server configured (see the subtests)")
	}
	if name == "" {
		return
	}
	ctx := ctxT(t)
	if err := ping(ctx); err == nil {
		t.Error("pool still usable after the subtest ended; want it closed")
	}
	admin, err := pgx.Connect(ctx, os.Getenv(pgtest.EnvURL))
	if err != nil {
		t.Fatalf("admin connect: %v", err)
	}
	defer admin.Close(ctx)
	var exists bool
	if err := admin.QueryRow(ctx, "select exists (select 1 from pg_database where datname = $1)", name).Scan(&exists); err != nil {
		t.Fatalf("query pg_database: %v", err)
	}
	if exists {
		t.Errorf("database %s still exists after the subtest that created it finished", name)
	}
}
