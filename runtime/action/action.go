// Package action runs the transactions of Forge's generated actions
// (gen/actions): each write commits together with the River jobs its hooks
// insert (River's InsertTx) and the change event it publishes
// (notify.PublishTx), so jobs and events exist exactly when the write
// does.
//
// A Runner runs on a pool, where each action is a transaction of its own,
// or on a transaction of the caller's (WithTx), where each action is a
// savepoint in it: several actions and the caller's own SQL then commit or
// roll back together, jobs and events included, as queries do with sqlc's
// WithTx and jobs with River's InsertTx.
//
// What this package is not for: the actions themselves (generated from the
// schema), working jobs (runtime/jobs), or delivering events to
// subscribers (runtime/notify).
package action

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"

	"github.com/forge-framework/forge/runtime/auth"
)

// DB is what a Runner runs on: a *pgxpool.Pool, or a pgx.Tx whose
// Begin starts a savepoint.
type DB interface {
	Begin(ctx context.Context) (pgx.Tx, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Runner runs actions on a DB, inserting their jobs with a River client.
// Its zero value is not usable; build it with New.
type Runner struct {
	db    DB
	river *river.Client[pgx.Tx]
}

// New returns a Runner on db. river inserts the jobs of hooks; it may be
// nil when no action that enqueues a job runs: those actions then fail,
// and nothing is written.
func New(db DB, river *river.Client[pgx.Tx]) Runner {
	return Runner{db: db, river: river}
}

// WithTx returns the Runner on tx, the caller's transaction: each action
// runs in a savepoint of tx, so a failed action leaves tx usable, and
// nothing an action did (rows, jobs, events) is visible to others or
// delivered until the caller commits tx.
func (r Runner) WithTx(tx pgx.Tx) Runner {
	return Runner{db: tx, river: r.river}
}

// DB is what the Runner runs on, for reads.
func (r Runner) DB() DB { return r.db }

// InTx runs fn in a transaction (a savepoint when the Runner is on a
// transaction), committing it when fn returns nil and rolling it back
// otherwise.
func (r Runner) InTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, r.db, fn)
}

// Write runs write in r's transaction (see InTx) and returns the row it
// wrote, or the zero Row and the error when it or the commit failed.
func Write[Row any](ctx context.Context, r Runner, write func(tx pgx.Tx) (Row, error)) (Row, error) {
	var row Row
	err := r.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		row, err = write(tx)
		return err
	})
	if err != nil {
		var zero Row
		return zero, err
	}
	return row, nil
}

// Enqueue inserts a job of args on queue in tx, so that the job exists
// exactly when tx's writes do.
func (r Runner) Enqueue(ctx context.Context, tx pgx.Tx, args river.JobArgs, queue string) error {
	if r.river == nil {
		return fmt.Errorf("action: enqueue a %s job: no River client; build the actions with one", args.Kind())
	}
	if _, err := r.river.InsertTx(ctx, tx, args, &river.InsertOpts{Queue: queue}); err != nil {
		return fmt.Errorf("action: enqueue a %s job: %w", args.Kind(), err)
	}
	return nil
}

// Tenant is the tenant of the caller in ctx, or "" when it has none: the
// tenant of the jobs and events of resources that have no tenant column.
func Tenant(ctx context.Context) string {
	tenant, _ := auth.TenantFromContext(ctx)
	return tenant
}
