package shoptest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
)

func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a, b := as(t.Context(), "tenant-a"), as(t.Context(), "tenant-b")

	customer, err := s.f.Customer(a)
	require.NoError(t, err)
	order, err := s.f.Order(a, func(in *db.OrderCreate) { in.CustomerID = customer.ID })
	require.NoError(t, err)
	item, err := s.f.OrderItem(a, func(in *db.OrderItemCreate) { in.OrderID = order.ID })
	require.NoError(t, err)
	require.Equal(t, "tenant-a", order.TenantID)

	// Tenant B sees none of it.
	_, err = s.q.GetCustomer(b, customer.ID)
	require.ErrorIs(t, err, db.ErrNotFound)
	_, err = s.q.GetOrder(b, order.ID)
	require.ErrorIs(t, err, db.ErrNotFound)
	_, err = s.q.GetOrderItem(b, item.ID)
	require.ErrorIs(t, err, db.ErrNotFound)
	customers, err := s.q.ListCustomers(b, db.ListCustomersParams{})
	require.NoError(t, err)
	require.Empty(t, customers.Items)
	orders, err := s.q.ListOrders(b, db.ListOrdersParams{CustomerID: &customer.ID})
	require.NoError(t, err)
	require.Empty(t, orders.Items)
	_, _, err = s.q.UpdateOrder(b, order.ID, db.OrderUpdate{State: db.Set(db.OrderStateCancelled)})
	require.ErrorIs(t, err, db.ErrNotFound)
	_, _, err = s.q.UpdateCustomer(b, customer.ID, db.CustomerUpdate{})
	require.ErrorIs(t, err, db.ErrNotFound, "even an empty update")
	require.ErrorIs(t, s.q.DeleteOrderItem(b, item.ID), db.ErrNotFound)
	require.ErrorIs(t, s.q.DeleteOrder(b, order.ID), db.ErrNotFound)
	loaded, err := s.q.LoadOrderCustomer(b, []db.Order{order})
	require.NoError(t, err)
	require.Empty(t, loaded)
	items, err := s.q.LoadOrderOrderItems(b, []db.Order{order})
	require.NoError(t, err)
	require.Empty(t, items)

	// And tenant A's rows are intact.
	got, err := s.q.GetOrder(a, order.ID)
	require.NoError(t, err)
	require.Equal(t, order, got)
	_, err = s.q.GetOrderItem(a, item.ID)
	require.NoError(t, err)

	// A tenant-B order cannot point at tenant A's customer: the foreign
	// key includes the tenant.
	_, err = s.q.CreateOrder(b, db.OrderCreate{Number: "B-1", CustomerID: customer.ID})
	requireValidation(t, err, map[string]string{"customer_id": "no such Customer"})
	bCustomer, err := s.f.Customer(b)
	require.NoError(t, err)
	_, _, err = s.q.UpdateOrder(a, order.ID, db.OrderUpdate{CustomerID: db.Set(bCustomer.ID)})
	requireValidation(t, err, map[string]string{"customer_id": "no such Customer"})
	_, err = s.q.CreateOrderItem(b, db.OrderItemCreate{Quantity: 1, OrderID: order.ID, ProductID: item.ProductID})
	requireValidation(t, err, map[string]string{"order_id": "no such Order"})

	// Unique values are unique per tenant.
	_, err = s.f.Customer(b, func(in *db.CustomerCreate) { in.Email = customer.Email })
	require.NoError(t, err, "another tenant may use the same email")
	_, err = s.f.Customer(a, func(in *db.CustomerCreate) { in.Email = customer.Email })
	requireConflict(t, err, "customers_email_key", "email")
	_, err = s.f.Order(b, func(in *db.OrderCreate) { in.Number = order.Number })
	require.NoError(t, err)
}

func TestNoTenant(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := as(t.Context(), "tenant-a")
	order, err := s.f.Order(a)
	require.NoError(t, err)
	review, err := s.f.Review(a)
	require.NoError(t, err)

	for name, ctx := range map[string]context.Context{
		"no principal": t.Context(),
		"no tenant":    as(t.Context(), ""), // a principal without a tenant
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.q.CreateCustomer(ctx, db.CustomerCreate{Email: "a@b", Name: "n"})
			require.ErrorIs(t, err, db.ErrNoTenant)
			_, err = s.q.CreateCustomer(ctx, db.CustomerCreate{})
			require.ErrorIs(t, err, db.ErrNoTenant, "the tenant is checked before the input")
			_, err = s.q.GetOrder(ctx, order.ID)
			require.ErrorIs(t, err, db.ErrNoTenant)
			_, err = s.q.ListOrders(ctx, db.ListOrdersParams{})
			require.ErrorIs(t, err, db.ErrNoTenant)
			_, _, err = s.q.UpdateOrder(ctx, order.ID, db.OrderUpdate{})
			require.ErrorIs(t, err, db.ErrNoTenant)
			require.ErrorIs(t, s.q.DeleteOrder(ctx, order.ID), db.ErrNoTenant)
			_, err = s.q.LoadOrderCustomer(ctx, []db.Order{order})
			require.ErrorIs(t, err, db.ErrNoTenant)
			_, err = s.q.LoadOrderCustomer(ctx, nil)
			require.ErrorIs(t, err, db.ErrNoTenant, "even with no rows")
			_, err = s.q.LoadCustomerOrders(ctx, nil)
			require.ErrorIs(t, err, db.ErrNoTenant)
			// A shared resource's loader of tenant children needs one;
			// loading the shared parent of a row does not.
			_, err = s.q.LoadProductReviews(ctx, nil)
			require.ErrorIs(t, err, db.ErrNoTenant)
			_, err = s.q.LoadReviewProduct(ctx, []db.Review{review})
			require.NoError(t, err)
			// Resources without tenants work without one.
			_, err = s.q.ListProducts(ctx, db.ListProductsParams{})
			require.NoError(t, err)
		})
	}
}
