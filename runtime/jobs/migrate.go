package jobs

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/forge-framework/forge/runtime/migrate"
)

// An app's database is built in one order, kept here alone: River's own
// migrations (its river_* tables, versioned by River) first, then the app's
// (runtime/migrate). Up applies them in that order and Down reverts them in
// the reverse one, so an app migration may refer to River's tables. The
// server applies them at start (database.migrate) and `forge migrate
// up|down|status` as a release step, both through these functions.

// RiverMigration is one of River's own migrations.
type RiverMigration struct {
	// Version is River's version number (1, 2, …).
	Version int
	// Name is River's name for it, such as "initial schema".
	Name string
}

// String names the migration as River's source does its file:
// "river/002_initial_schema".
func (m RiverMigration) String() string {
	return fmt.Sprintf("river/%03d_%s", m.Version, strings.ReplaceAll(m.Name, " ", "_"))
}

// Applied is what Up or Down changed, each list in the order it was run.
type Applied struct {
	River []RiverMigration
	App   []migrate.Migration
}

// RiverStatus is one of River's migrations and whether it is applied.
type RiverStatus struct {
	RiverMigration
	Applied bool
}

// Migrate brings River's tables (river_job and the others) up to the version
// this build of River needs. Applied versions are skipped, so it is safe to
// run at every start. It is Up without the app's migrations, for tests and
// tools that need only River's tables.
//
// River's migrator takes no lock of its own, so Migrate runs it under the
// app's migration lock (migrate.WithLock): replicas starting together migrate
// once. Called with the ctx of a migrate.WithLock callback on the same pool,
// it runs inside that lock. logger (nil means slog.Default()) receives
// River's progress messages.
func Migrate(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) error {
	_, err := riverUp(ctx, pool, logger)
	return err
}

// Up applies River's pending migrations, then the app's in migrations (nil
// means none; see migrate.Up), under one migration lock, and returns those
// it applied. On error, what was applied before stays applied; the app's
// migrations among it are returned with the error.
func Up(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS, logger *slog.Logger) (Applied, error) {
	var done Applied
	err := migrate.WithLock(ctx, pool, func(ctx context.Context) error {
		var err error
		if done.River, err = riverUp(ctx, pool, logger); err != nil || migrations == nil {
			return err
		}
		done.App, err = migrate.Up(ctx, pool, migrations)
		return err
	})
	return done, err
}

// Down reverts the newest n applied migrations of the whole sequence, under
// the migration lock: the app's newest first, then, once none of the app's
// is left, River's, whose last one drops River's tables and every job in
// them. It returns those it reverted; an n larger than the number applied
// reverts them all.
func Down(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS, n int, logger *slog.Logger) (Applied, error) {
	if n < 1 {
		return Applied{}, fmt.Errorf("jobs: down: the number of migrations to revert must be at least 1, got %d", n)
	}
	var done Applied
	err := migrate.WithLock(ctx, pool, func(ctx context.Context) error {
		var err error
		if migrations != nil {
			if done.App, err = migrate.Down(ctx, pool, migrations, n); err != nil {
				return err
			}
		}
		if left := n - len(done.App); left > 0 {
			done.River, err = riverDown(ctx, pool, left, logger)
		}
		return err
	})
	return done, err
}

// Status reports River's migrations and the app's in migrations (nil means
// none), in the order Up applies them, and whether each is applied.
func Status(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS) ([]RiverStatus, []migrate.Status, error) {
	var river []RiverStatus
	var app []migrate.Status
	err := migrate.WithLock(ctx, pool, func(ctx context.Context) error {
		migrator, err := riverMigrator(pool, nil)
		if err != nil {
			return err
		}
		existing, err := migrator.ExistingVersions(ctx)
		if err != nil {
			return fmt.Errorf("jobs: River's applied migrations: %w", err)
		}
		applied := map[int]bool{}
		for _, m := range existing {
			applied[m.Version] = true
		}
		for _, m := range migrator.AllVersions() {
			river = append(river, RiverStatus{RiverMigration{m.Version, m.Name}, applied[m.Version]})
		}
		if migrations != nil {
			app, err = migrate.StatusOf(ctx, pool, migrations)
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return river, app, nil
}

func riverMigrator(pool *pgxpool.Pool, logger *slog.Logger) (*rivermigrate.Migrator[pgx.Tx], error) {
	if logger == nil {
		logger = slog.Default()
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("jobs: River migrator: %w", err)
	}
	return migrator, nil
}

// riverUp applies River's pending migrations under the migration lock.
func riverUp(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) ([]RiverMigration, error) {
	migrator, err := riverMigrator(pool, logger)
	if err != nil {
		return nil, err
	}
	var done []RiverMigration
	err = migrate.WithLock(ctx, pool, func(ctx context.Context) error {
		res, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err != nil {
			return fmt.Errorf("jobs: River migrations: %w", err)
		}
		done = riverMigrations(res)
		return nil
	})
	return done, err
}

// riverDown reverts River's newest n applied migrations under the lock.
func riverDown(ctx context.Context, pool *pgxpool.Pool, n int, logger *slog.Logger) ([]RiverMigration, error) {
	migrator, err := riverMigrator(pool, logger)
	if err != nil {
		return nil, err
	}
	var done []RiverMigration
	err = migrate.WithLock(ctx, pool, func(ctx context.Context) error {
		res, err := migrator.Migrate(ctx, rivermigrate.DirectionDown, &rivermigrate.MigrateOpts{MaxSteps: n})
		if err != nil {
			return fmt.Errorf("jobs: revert River migrations: %w", err)
		}
		done = riverMigrations(res)
		return nil
	})
	return done, err
}

func riverMigrations(res *rivermigrate.MigrateResult) []RiverMigration {
	var out []RiverMigration
	for _, v := range res.Versions {
		out = append(out, RiverMigration{v.Version, v.Name})
	}
	return out
}
