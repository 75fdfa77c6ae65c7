// Package migrate applies a Forge app's versioned SQL migrations to
// PostgreSQL.
//
// An app keeps its migrations as pairs of files, NNNN_name.up.sql and
// NNNN_name.down.sql, in a directory embedded in its binary:
//
//	//go:embed migrations
//	var migrationsDir embed.FS
//
//	migrations, _ := fs.Sub(migrationsDir, "migrations")
//	applied, err := migrate.Up(ctx, pool, migrations)
//
// Applied versions are recorded in the table forge_migrations (version, name,
// checksum of the up file, applied_at), created by the first Up. Each
// migration runs in its own transaction together with its record, so a
// failing migration leaves no trace and the ones before it stay applied.
// Up, Down and StatusOf run under a session-level advisory lock ([LockKey],
// see [WithLock]), so replicas starting together migrate once. Before
// changing anything they check that every applied migration still has its
// file, unchanged: an edited file means the database no longer matches the
// files, a missing one that the binary is older than the database.
//
// What this package is not for:
//   - writing migrations: `forge migrate diff` generates them from the
//     schema; this package only loads and runs them;
//   - River's tables: runtime/jobs's Up, Down and Status run River's own
//     migrations before the app's (and revert them after), under the same
//     lock; the server and `forge migrate` call those;
//   - statements that cannot run inside a transaction, such as CREATE INDEX
//     CONCURRENTLY or ALTER TYPE ... ADD VALUE on old servers;
//   - undoing data changes: Down runs what the down file says, nothing more.
package migrate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Status is a migration and whether it is applied.
type Status struct {
	Migration
	// Applied reports whether the migration is recorded in forge_migrations.
	Applied bool
	// AppliedAt is when it was applied; zero when it is not.
	AppliedAt time.Time
}

// record is a row of forge_migrations.
type record struct {
	version   int64
	name      string
	checksum  string
	appliedAt time.Time
}

const createTable = `create table if not exists forge_migrations (
	version bigint primary key,
	name text not null,
	checksum text not null,
	applied_at timestamptz not null default now()
)`

// Up applies the pending migrations in fsys (see [Load]) in version order,
// each in its own transaction, and returns those it applied. A migration
// older than the newest applied one (say, from a merged branch) is applied
// too. On error, the migrations applied before the failing one stay applied
// and are returned with the error.
func Up(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS) ([]Migration, error) {
	var applied []Migration
	err := locked(ctx, pool, fsys, true, func(ctx context.Context, migrations []Migration, records map[int64]record) error {
		for _, m := range migrations {
			if _, ok := records[m.Version]; ok {
				continue
			}
			err := runInTx(ctx, pool, m.UpFile(), m.Up, func(tx pgx.Tx) error {
				_, err := tx.Exec(ctx, "insert into forge_migrations (version, name, checksum) values ($1, $2, $3)",
					m.Version, m.Name, m.Checksum)
				return err
			})
			if err != nil {
				return err
			}
			applied = append(applied, m)
		}
		return nil
	})
	return applied, err
}

// Down reverts the last n applied migrations, newest (highest version)
// first, each in its own transaction, and returns those it reverted. An n
// larger than the number applied reverts them all. On error, the migrations
// reverted before the failing one stay reverted and are returned with the
// error.
func Down(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS, n int) ([]Migration, error) {
	if n < 1 {
		return nil, fmt.Errorf("migrate: down: the number of migrations to revert must be at least 1, got %d", n)
	}
	var reverted []Migration
	err := locked(ctx, pool, fsys, false, func(ctx context.Context, migrations []Migration, records map[int64]record) error {
		for _, m := range slices.Backward(migrations) {
			if len(reverted) == n {
				break
			}
			if _, ok := records[m.Version]; !ok {
				continue
			}
			err := runInTx(ctx, pool, m.DownFile(), m.Down, func(tx pgx.Tx) error {
				_, err := tx.Exec(ctx, "delete from forge_migrations where version = $1", m.Version)
				return err
			})
			if err != nil {
				return err
			}
			reverted = append(reverted, m)
		}
		return nil
	})
	return reverted, err
}

// StatusOf reports every migration in fsys, in version order, and whether it
// is applied. It fails on the same problems Up would: a bad file, an applied
// migration whose file changed or is missing.
func StatusOf(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS) ([]Status, error) {
	var statuses []Status
	err := locked(ctx, pool, fsys, false, func(ctx context.Context, migrations []Migration, records map[int64]record) error {
		for _, m := range migrations {
			r, ok := records[m.Version]
			statuses = append(statuses, Status{Migration: m, Applied: ok, AppliedAt: r.appliedAt})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return statuses, nil
}

// readRecords returns the rows of forge_migrations by version; none when the
// table does not exist yet.
// locked loads the migrations in fsys, takes the migration lock, and runs
// fn with them and the applied records, once they are known to agree (no
// applied file changed or missing). With create, the records table is
// created first.
func locked(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS, create bool,
	fn func(ctx context.Context, migrations []Migration, records map[int64]record) error) error {
	migrations, err := Load(fsys)
	if err != nil {
		return err
	}
	return WithLock(ctx, pool, func(ctx context.Context) error {
		if create {
			if _, err := pool.Exec(ctx, createTable); err != nil {
				return fmt.Errorf("migrate: create table forge_migrations: %w", err)
			}
		}
		records, err := readRecords(ctx, pool)
		if err != nil {
			return err
		}
		if err := verify(migrations, records); err != nil {
			return err
		}
		return fn(ctx, migrations, records)
	})
}

func readRecords(ctx context.Context, pool *pgxpool.Pool) (map[int64]record, error) {
	var exists bool
	if err := pool.QueryRow(ctx, "select to_regclass('forge_migrations') is not null").Scan(&exists); err != nil {
		return nil, fmt.Errorf("migrate: look for table forge_migrations: %w", err)
	}
	records := map[int64]record{}
	if !exists {
		return records, nil
	}
	rows, err := pool.Query(ctx, "select version, name, checksum, applied_at from forge_migrations")
	if err != nil {
		return nil, fmt.Errorf("migrate: read forge_migrations: %w", err)
	}
	var r record
	_, err = pgx.ForEachRow(rows, []any{&r.version, &r.name, &r.checksum, &r.appliedAt}, func() error {
		records[r.version] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("migrate: read forge_migrations: %w", err)
	}
	return records, nil
}

// verify checks that every applied migration still has its file, unchanged.
func verify(migrations []Migration, records map[int64]record) error {
	files := make(map[int64]Migration, len(migrations))
	for _, m := range migrations {
		files[m.Version] = m
	}
	var errs []error
	byVersion := func(a, b record) int { return cmp.Compare(a.version, b.version) }
	for _, r := range slices.SortedFunc(maps.Values(records), byVersion) {
		m, ok := files[r.version]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("migrate: version %d (%s) is applied but its file is missing: "+
				"this binary is older than the database; deploy one that includes the migration", r.version, r.name))
		case m.Checksum != r.checksum:
			errs = append(errs, fmt.Errorf("migrate: %s changed after it was applied (checksum %s, applied %s): "+
				"restore the file and put the change in a new migration", m.UpFile(), m.Checksum, r.checksum))
		}
	}
	return errors.Join(errs...)
}

// runInTx runs the SQL of file and then bookkeeping in one transaction.
func runInTx(ctx context.Context, pool *pgxpool.Pool, file, sql string, bookkeeping func(pgx.Tx) error) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %s: begin transaction: %w", file, err)
	}
	// A no-op after Commit. If ctx is done the rollback fails and pgx closes
	// the connection, which makes the server discard the transaction.
	defer func() { _ = tx.Rollback(ctx) }()

	// Without arguments pgx uses the simple protocol, which runs a file of
	// several statements as one query.
	if _, err := tx.Exec(ctx, sql); err != nil {
		return sqlError(file, sql, err)
	}
	if err := bookkeeping(tx); err != nil {
		return fmt.Errorf("migrate: %s: update forge_migrations: %w", file, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: %s: commit: %w", file, err)
	}
	return nil
}

// sqlError names file and, when Postgres reports where the error is, its
// line and column.
func sqlError(file, sql string, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Position > 0 {
		line, col := lineColumn(sql, int(pgErr.Position))
		return fmt.Errorf("migrate: %s:%d:%d: %w", file, line, col, err)
	}
	return fmt.Errorf("migrate: %s: %w", file, err)
}

// lineColumn converts Postgres's error position (1-based, in characters) to
// a 1-based line and column.
func lineColumn(sql string, position int) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(sql) && position > 1; position-- {
		r, size := utf8.DecodeRuneInString(sql[i:])
		i += size
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
