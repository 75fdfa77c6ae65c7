package notify_test

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/runtime/notify"
)

// A writer notifies inside its transaction, so the event is delivered
// exactly when the write commits, and never for a rolled-back one.
func ExamplePayload() {
	ctx := context.Background()
	pool, _ := pgxpool.New(ctx, "postgres://localhost:5432/forge?sslmode=disable")
	defer pool.Close()

	_ = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE product SET price = 10 WHERE id = 'p1'"); err != nil {
			return err
		}
		payload, err := notify.Payload(notify.Event{Resource: "Product", Op: notify.OpUpdate, ID: "p1", Tenant: "acme"})
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "SELECT pg_notify($1, $2)", notify.Channel, payload)
		return err
	})
}
