package jobs

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/forge-framework/forge/runtime/migrate"
)

// Migrate brings River's tables (river_job and the others) up to the version
// this build of River needs. Applied versions are skipped, so it is safe to
// run at every start.
//
// River's migrator takes no lock of its own, so Migrate runs it under the
// app's migration lock (migrate.WithLock): replicas starting together migrate
// once. Called with the ctx of a migrate.WithLock callback on the same pool,
// it runs inside that lock, so a server can run River's migrations and the
// app's together. logger (nil means slog.Default()) receives River's
// progress messages.
func Migrate(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) error {
	if logger == nil {
		logger = slog.Default()
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: logger})
	if err != nil {
		return fmt.Errorf("jobs: River migrator: %w", err)
	}
	return migrate.WithLock(ctx, pool, func(ctx context.Context) error {
		if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
			return fmt.Errorf("jobs: River migrations: %w", err)
		}
		return nil
	})
}
