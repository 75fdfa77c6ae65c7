package shoptest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
)

func TestFactoriesCreateValidRowsWithParents(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	item, err := s.f.OrderItem(ctx)
	require.NoError(t, err)
	require.Equal(t, int32(1), item.Quantity, "within Min/Max")
	order, err := s.q.GetOrder(ctx, item.OrderID)
	require.NoError(t, err, "the required parent was created")
	customer, err := s.q.GetCustomer(ctx, order.CustomerID)
	require.NoError(t, err, "and its parent too")
	require.Regexp(t, `^email-\d+@example\.com$`, customer.Email)
	_, err = s.q.GetProduct(ctx, item.ProductID)
	require.NoError(t, err)

	// Overrides apply, and a given parent is used instead of a new one.
	second, err := s.f.OrderItem(ctx, func(in *db.OrderItemCreate) { in.OrderID = order.ID; in.Quantity = 3 })
	require.NoError(t, err)
	require.Equal(t, order.ID, second.OrderID)
	require.Equal(t, int32(3), second.Quantity)
	orders, err := s.q.ListOrders(ctx, db.ListOrdersParams{})
	require.NoError(t, err)
	require.Len(t, orders.Items, 1)

	// Made-up values differ from row to row, so unique fields do not clash.
	for range 3 {
		_, err := s.f.Category(ctx)
		require.NoError(t, err)
		_, err = s.f.Customer(ctx)
		require.NoError(t, err)
		_, err = s.f.Order(ctx)
		require.NoError(t, err)
	}

	// A bad override is reported as the data layer reports it.
	_, err = s.f.Category(ctx, func(in *db.CategoryCreate) { in.Slug = "Not A Slug" })
	requireValidation(t, err, map[string]string{"slug": "must match ^[a-z0-9]+(-[a-z0-9]+)*$"})
	require.ErrorContains(t, err, "factories: Category: ")
	require.NotContains(t, err.Error(), "made-up", "the bad value was the test's, not the factory's")

	// Tenant-scoped factories need a tenant.
	_, err = s.f.Order(t.Context())
	require.ErrorIs(t, err, db.ErrNoTenant)
}
