package shopapi

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/rivertest"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/actions"
	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
	"github.com/forge-framework/forge/runtime/notify"
)

// placeOrder runs in tx what an app's checkout would: a customer and an
// order of it (whose hook enqueues order_placed), a price change of
// product (product_updated), the app's own SQL, and a failed action, which
// rolls back its savepoint only.
func (s *shop) placeOrder(t *testing.T, ctx context.Context, tx pgx.Tx, product db.Product) (db.Customer, db.Order) {
	t.Helper()
	a := s.actions.WithTx(tx)
	customer, err := a.CreateCustomer(ctx, db.CustomerCreate{Email: "ann@example.com", Name: "Ann"})
	require.NoError(t, err)
	order, err := a.CreateOrder(ctx, db.OrderCreate{Number: "A-1", CustomerID: customer.ID})
	require.NoError(t, err)
	_, err = a.UpdateProduct(ctx, product.ID, db.ProductUpdate{PriceCents: db.Set[int32](1100)})
	require.NoError(t, err)

	// The app's own SQL, and gen/db, on the same transaction.
	_, err = tx.Exec(ctx, "UPDATE orders SET total_cents = 1100 WHERE id = $1", order.ID)
	require.NoError(t, err)
	got, err := db.New(tx).GetOrder(ctx, order.ID)
	require.NoError(t, err)
	require.EqualValues(t, 1100, got.TotalCents)

	_, err = a.CreateCustomer(ctx, db.CustomerCreate{Email: "ann@example.com", Name: "Ann again"})
	var conflict *db.ConflictError
	require.ErrorAs(t, err, &conflict, "the email is taken in this transaction")

	// Nothing is visible outside the transaction before it commits.
	require.Zero(t, s.count(t, "customers"))
	rivertest.RequireNotInserted(ctx, t, s.river, actions.OrderPlacedArgs{}, nil)
	return customer, order
}

// TestComposedActionsCommitTogether runs several actions and the app's own
// SQL in one transaction of the caller's: on commit every row, job and
// event is there, and the failed action left nothing.
func TestComposedActionsCommitTogether(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	product, err := s.actions.CreateProduct(ctx, db.ProductCreate{Name: "Sencha", PriceCents: 1200})
	require.NoError(t, err)
	events := s.listen(t)

	tx, err := s.pool.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	customer, order := s.placeOrder(t, ctx, tx, product)
	require.NoError(t, tx.Commit(ctx))

	require.Equal(t, 1, s.count(t, "customers"))
	got, err := s.actions.GetOrder(ctx, order.ID)
	require.NoError(t, err)
	require.EqualValues(t, 1100, got.TotalCents)
	placed := rivertest.RequireInserted(ctx, t, s.river, actions.OrderPlacedArgs{}, &rivertest.RequireInsertedOpts{Queue: "mail"})
	require.Equal(t, order.ID, placed.Args.OrderID)
	updated := rivertest.RequireInserted(ctx, t, s.river, actions.ProductUpdatedArgs{}, &rivertest.RequireInsertedOpts{Queue: "mail"})
	require.Equal(t, product.ID, updated.Args.ProductID)
	require.Equal(t, notify.Event{Resource: "Customer", Op: notify.OpCreate, ID: customer.ID.String(), Tenant: "acme"}, events.next(t))
	require.Equal(t, notify.Event{Resource: "Order", Op: notify.OpCreate, ID: order.ID.String(), Tenant: "acme"}, events.next(t))
	require.Equal(t, notify.Event{Resource: "Product", Op: notify.OpUpdate, ID: product.ID.String()}, events.next(t))
}

// TestComposedActionsRollBackTogether runs the same transaction and rolls
// it back: no row, job or event of any of its actions is left.
func TestComposedActionsRollBackTogether(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	product, err := s.actions.CreateProduct(ctx, db.ProductCreate{Name: "Sencha", PriceCents: 1200})
	require.NoError(t, err)
	events := s.listen(t)

	tx, err := s.pool.Begin(ctx)
	require.NoError(t, err)
	s.placeOrder(t, ctx, tx, product)
	require.NoError(t, tx.Rollback(ctx))

	require.Zero(t, s.count(t, "customers"))
	require.Zero(t, s.count(t, "orders"))
	got, err := s.actions.GetProduct(ctx, product.ID)
	require.NoError(t, err)
	require.EqualValues(t, 1200, got.PriceCents, "the price change is rolled back")
	rivertest.RequireNotInserted(ctx, t, s.river, actions.OrderPlacedArgs{}, nil)
	rivertest.RequireNotInserted(ctx, t, s.river, actions.ProductUpdatedArgs{}, nil)
	// Notifications arrive in commit order: the first is the next
	// committed write's, none of the rolled-back transaction's.
	category, err := s.actions.CreateCategory(ctx, db.CategoryCreate{Name: "Tea", Slug: "tea"})
	require.NoError(t, err)
	require.Equal(t, notify.Event{Resource: "Category", Op: notify.OpCreate, ID: category.ID.String()}, events.next(t))
}
