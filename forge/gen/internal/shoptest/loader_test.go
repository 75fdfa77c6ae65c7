package shoptest

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
)

func TestLoaders(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	tea, err := s.f.Category(ctx)
	require.NoError(t, err)
	coffee, err := s.f.Category(ctx)
	require.NoError(t, err)
	empty, err := s.f.Category(ctx)
	require.NoError(t, err)
	var products []db.Product
	for _, category := range []*db.Category{&tea, &coffee, &tea, nil, &tea} {
		p, err := s.f.Product(ctx, func(in *db.ProductCreate) {
			if category != nil {
				in.CategoryID = &category.ID
			}
		})
		require.NoError(t, err)
		products = append(products, p)
	}

	counter := &counting{DBTX: s.pool}
	q := db.New(counter)

	// BelongsTo: keyed by the parent's id; rows without a parent are skipped.
	categories, err := q.LoadProductCategory(ctx, products)
	require.NoError(t, err)
	require.Equal(t, int64(1), counter.n.Load(), "one query")
	require.Equal(t, map[uuid.UUID]db.Category{tea.ID: tea, coffee.ID: coffee}, categories)

	// HasMany: keyed by the parent's id, children in creation order.
	counter.n.Store(0)
	byCategory, err := q.LoadCategoryProducts(ctx, []db.Category{tea, coffee, empty})
	require.NoError(t, err)
	require.Equal(t, int64(1), counter.n.Load(), "one query")
	require.Equal(t, map[uuid.UUID][]db.Product{
		tea.ID:    {products[0], products[2], products[4]},
		coffee.ID: {products[1]},
	}, byCategory)

	// No rows, no query.
	counter.n.Store(0)
	none, err := q.LoadCategoryProducts(ctx, nil)
	require.NoError(t, err)
	require.Empty(t, none)
	noneByID, err := q.LoadProductCategory(ctx, []db.Product{products[3]})
	require.NoError(t, err)
	require.Empty(t, noneByID)
	require.Zero(t, counter.n.Load())

	// Tenant-scoped both ways, and across a resource without tenants.
	order, err := s.f.Order(ctx)
	require.NoError(t, err)
	first, err := s.f.OrderItem(ctx, func(in *db.OrderItemCreate) { in.OrderID = order.ID; in.ProductID = products[0].ID })
	require.NoError(t, err)
	second, err := s.f.OrderItem(ctx, func(in *db.OrderItemCreate) { in.OrderID = order.ID; in.ProductID = products[0].ID })
	require.NoError(t, err)
	counter.n.Store(0)
	items, err := q.LoadOrderOrderItems(ctx, []db.Order{order})
	require.NoError(t, err)
	require.Equal(t, map[uuid.UUID][]db.OrderItem{order.ID: {first, second}}, items)
	itemProducts, err := q.LoadOrderItemProduct(ctx, []db.OrderItem{first, second})
	require.NoError(t, err)
	require.Equal(t, map[uuid.UUID]db.Product{products[0].ID: products[0]}, itemProducts)
	customers, err := q.LoadOrderCustomer(ctx, []db.Order{order})
	require.NoError(t, err)
	require.Len(t, customers, 1)
	require.Equal(t, order.CustomerID, customers[order.CustomerID].ID)
	require.Equal(t, int64(3), counter.n.Load(), "one query per loader")

	review, err := s.f.Review(ctx, func(in *db.ReviewCreate) { in.CustomerID = order.CustomerID })
	require.NoError(t, err)
	reviews, err := q.LoadCustomerReviews(ctx, []db.Customer{customers[order.CustomerID]})
	require.NoError(t, err)
	require.Equal(t, map[uuid.UUID][]db.Review{order.CustomerID: {review}}, reviews)
	reviewCustomers, err := q.LoadReviewCustomer(ctx, []db.Review{review})
	require.NoError(t, err)
	require.Equal(t, customers, reviewCustomers)
	reviewCustomers, err = q.LoadReviewCustomer(as(t.Context(), "other"), []db.Review{review})
	require.NoError(t, err)
	require.Empty(t, reviewCustomers, "another tenant's customer is not loaded")
}
