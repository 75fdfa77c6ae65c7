package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/forge-framework/forge/examples/shop/gen/actions"
	"github.com/forge-framework/forge/examples/shop/gen/db"
	"github.com/forge-framework/forge/runtime/app"
)

// OrderPlacedWorker confirms a new order to its customer: it writes the
// order's confirmation Notification, which a mailer would send.
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

// Work writes the confirmation through the actions, so that subscribers
// see it on the event stream. The job runs in the order's tenant (River's
// middleware puts it in ctx). A retried job finds the notification it
// wrote before, by the unique index on (order, kind), and is done.
func (w *OrderPlacedWorker) Work(ctx context.Context, job *river.Job[actions.OrderPlacedArgs]) error {
	q := db.New(w.deps.Pool)
	order, err := q.GetOrder(ctx, job.Args.OrderID)
	if errors.Is(err, db.ErrNotFound) {
		w.deps.Logger.InfoContext(ctx, "order_placed: the order is gone", "order_id", job.Args.OrderID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("order_placed: load order %s: %w", job.Args.OrderID, err)
	}
	customer, err := q.GetCustomer(ctx, order.CustomerID)
	if err != nil {
		return fmt.Errorf("order_placed: load customer %s of order %s: %w", order.CustomerID, order.ID, err)
	}

	body := fmt.Sprintf("Dear %s,\n\nthank you for your order %s of %s.\n", customer.Name, order.Number, cents(order.TotalCents))
	a := actions.New(w.deps.Pool, w.deps.River)
	note, err := a.CreateNotification(ctx, db.NotificationCreate{
		Kind:      db.NotificationKindOrderPlaced,
		Recipient: customer.Email,
		Subject:   "Your order " + order.Number,
		Body:      &body,
		OrderID:   order.ID,
	})
	var conflict *db.ConflictError
	if errors.As(err, &conflict) {
		w.deps.Logger.InfoContext(ctx, "order_placed: already confirmed", "order_id", order.ID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("order_placed: write the confirmation of order %s: %w", order.ID, err)
	}
	w.deps.Logger.InfoContext(ctx, "order_placed: confirmation written", "order_id", order.ID, "notification_id", note.ID, "recipient", customer.Email)
	return nil
}

// cents formats an amount of cents as "12.34".
func cents(c int64) string {
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}
