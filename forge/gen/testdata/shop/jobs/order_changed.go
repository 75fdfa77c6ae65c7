package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/actions"
	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
	"github.com/forge-framework/forge/runtime/app"
)

// OrderChangedWorker works order_changed jobs, which updating an Order
// enqueues.
type OrderChangedWorker struct {
	river.WorkerDefaults[actions.OrderChangedArgs]
	deps app.Deps
}

// NewOrderChangedWorker returns the worker, which reads with d.Pool and
// logs to d.Logger. actions.New(d.Pool, d.River) writes as the app's
// requests do, enqueueing the hooks' jobs.
func NewOrderChangedWorker(d app.Deps) *OrderChangedWorker {
	return &OrderChangedWorker{deps: d}
}

// Work loads the Order the job is about. Replace the logging with what the job
// should do.
func (w *OrderChangedWorker) Work(ctx context.Context, job *river.Job[actions.OrderChangedArgs]) error {
	row, err := db.New(w.deps.Pool).GetOrder(ctx, job.Args.OrderID)
	if errors.Is(err, db.ErrNotFound) {
		// Deleted since the job was enqueued: there is nothing left to do.
		w.deps.Logger.InfoContext(ctx, "order_changed: the Order is gone", "order_id", job.Args.OrderID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("order_changed: load Order %s: %w", job.Args.OrderID, err)
	}
	w.deps.Logger.InfoContext(ctx, "order_changed", "order_id", row.ID)
	return nil
}
