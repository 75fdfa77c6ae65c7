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

// ProductUpdatedWorker works product_updated jobs, which updating a Product
// enqueues.
type ProductUpdatedWorker struct {
	river.WorkerDefaults[actions.ProductUpdatedArgs]
	deps app.Deps
}

// NewProductUpdatedWorker returns the worker, which reads with d.Pool and
// logs to d.Logger. actions.New(d.Pool, d.River) writes as the app's
// requests do, enqueueing the hooks' jobs.
func NewProductUpdatedWorker(d app.Deps) *ProductUpdatedWorker {
	return &ProductUpdatedWorker{deps: d}
}

// Work loads the Product the job is about. Replace the logging with what the
// job should do.
func (w *ProductUpdatedWorker) Work(ctx context.Context, job *river.Job[actions.ProductUpdatedArgs]) error {
	row, err := db.New(w.deps.Pool).GetProduct(ctx, job.Args.ProductID)
	if errors.Is(err, db.ErrNotFound) {
		// Deleted since the job was enqueued: there is nothing left to do.
		w.deps.Logger.InfoContext(ctx, "product_updated: the Product is gone", "product_id", job.Args.ProductID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("product_updated: load Product %s: %w", job.Args.ProductID, err)
	}
	w.deps.Logger.InfoContext(ctx, "product_updated", "product_id", row.ID)
	return nil
}
