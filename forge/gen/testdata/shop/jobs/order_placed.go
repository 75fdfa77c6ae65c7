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

// OrderPlacedWorker works order_placed jobs, which creating an Order enqueues.
type OrderPlacedWorker struct {
	river.WorkerDefaults[actions.OrderPlacedArgs]
	deps app.Deps
}

// NewOrderPlacedWorker returns the worker, which reads with d.Pool and
// logs to d.Logger. actions.New(d.Pool, d.River) writes as the app's
// requests do, enqueueing the hooks' jobs.
func NewOrderPlacedWorker(d app.Deps) *OrderPlacedWorker {
	return &OrderPlacedWorker{deps: d}
}

// Work loads the Order the job is about. Replace the logging with what the job
// should do.
func (w *OrderPlacedWorker) Work(ctx context.Context, job *river.Job[actions.OrderPlacedArgs]) error {
	row, err := db.New(w.deps.Pool).GetOrder(ctx, job.Args.OrderID)
	if errors.Is(err, db.ErrNotFound) {
		// Deleted since the job was enqueued: there is nothing left to do.
		w.deps.Logger.InfoContext(ctx, "order_placed: the Order is gone", "order_id", job.Args.OrderID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("order_placed: load Order %s: %w", job.Args.OrderID, err)
	}
	w.deps.Logger.InfoContext(ctx, "order_placed", "order_id", row.ID)
	return nil
}
