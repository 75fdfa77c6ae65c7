// Package app holds Deps, the services a running Forge app hands its
// routes and workers: the pool, a River client and the logger.
//
// It is a leaf, so that generated code (gen/handlers, gen/workers) and the
// app's workers under jobs/ depend on these three services rather than on
// runtime/server and everything it wires.
//
// What this package is not for: building the services (runtime/server
// does, and tests build their own).
package app

import (
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// Deps are the services an app's routes and workers are built with.
type Deps struct {
	// Logger is the app's logger.
	Logger *slog.Logger
	// Pool is the app's database pool.
	Pool *pgxpool.Pool
	// River inserts jobs, with InsertTx in the transaction of the write
	// that causes them. It is never nil, workers included: runtime/server
	// builds the client that inserts before the workers, and works the
	// jobs with a client of its own built from them.
	River *river.Client[pgx.Tx]
}
