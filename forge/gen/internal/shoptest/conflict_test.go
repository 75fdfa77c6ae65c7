package shoptest

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
)

func TestUniqueViolationIsAConflict(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	tea, err := s.f.Category(ctx, func(in *db.CategoryCreate) { in.Slug = "tea" })
	require.NoError(t, err)
	_, err = s.q.CreateCategory(ctx, db.CategoryCreate{Name: "Tea again", Slug: "tea"})
	conflict := requireConflict(t, err, "categories_slug_key", "slug")
	require.Equal(t, "another Category has the same slug", conflict.Message)
	require.EqualError(t, err, conflict.Message)

	// On update too.
	coffee, err := s.f.Category(ctx)
	require.NoError(t, err)
	_, _, err = s.q.UpdateCategory(ctx, coffee.ID, db.CategoryUpdate{Slug: db.Set("tea")})
	requireConflict(t, err, "categories_slug_key", "slug")

	// A unique index over several fields names them all.
	_, err = s.f.Product(ctx, func(in *db.ProductCreate) { in.Name = "Sencha"; in.CategoryID = &tea.ID })
	require.NoError(t, err)
	_, err = s.f.Product(ctx, func(in *db.ProductCreate) { in.Name = "Sencha"; in.CategoryID = &coffee.ID })
	require.NoError(t, err)
	_, err = s.f.Product(ctx, func(in *db.ProductCreate) { in.Name = "Sencha"; in.CategoryID = &tea.ID })
	conflict = requireConflict(t, err, "products_name_category_id_key", "name", "category_id")
	require.Equal(t, "another Product has the same name and category_id", conflict.Message)

	review, err := s.f.Review(ctx)
	require.NoError(t, err)
	_, err = s.f.Review(ctx, func(in *db.ReviewCreate) { in.ProductID = review.ProductID; in.CustomerID = review.CustomerID })
	requireConflict(t, err, "reviews_product_id_customer_id_key", "product_id", "customer_id")
}

func TestForeignKeyViolationIsAValidationError(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	_, err := s.f.Product(ctx, func(in *db.ProductCreate) { in.CategoryID = ptr(uuid.New()) })
	requireValidation(t, err, map[string]string{"category_id": "no such Category"})
	product, err := s.f.Product(ctx)
	require.NoError(t, err)
	_, _, err = s.q.UpdateProduct(ctx, product.ID, db.ProductUpdate{CategoryID: db.Set(uuid.New())})
	requireValidation(t, err, map[string]string{"category_id": "no such Category"})
	_, err = s.f.Review(ctx, func(in *db.ReviewCreate) { in.CustomerID = uuid.New() })
	requireValidation(t, err, map[string]string{"customer_id": "no such Customer"})
}

func TestDeleteOfAReferencedRowIsAConflict(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	category, err := s.f.Category(ctx)
	require.NoError(t, err)
	product, err := s.f.Product(ctx, func(in *db.ProductCreate) { in.CategoryID = &category.ID })
	require.NoError(t, err)
	err = s.q.DeleteCategory(ctx, category.ID)
	conflict := requireConflict(t, err, "products_category_id_fkey")
	require.Equal(t, "Category is still referenced by products", conflict.Message)
	_, err = s.q.GetCategory(ctx, category.ID)
	require.NoError(t, err, "the conflict deleted nothing")

	item, err := s.f.OrderItem(ctx)
	require.NoError(t, err)
	err = s.q.DeleteOrder(ctx, item.OrderID)
	requireConflict(t, err, "order_items_order_id_fkey")

	// Once the children are gone the parent can go.
	_, _, err = s.q.UpdateProduct(ctx, product.ID, db.ProductUpdate{CategoryID: db.Null[uuid.UUID]()})
	require.NoError(t, err)
	require.NoError(t, s.q.DeleteCategory(ctx, category.ID))
	require.NoError(t, s.q.DeleteOrderItem(ctx, item.ID))
	require.NoError(t, s.q.DeleteOrder(ctx, item.OrderID))
}

func TestSoftDeleteHidesRows(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	external := uuid.New()
	gone, err := s.f.Product(ctx, func(in *db.ProductCreate) { in.ExternalID = &external })
	require.NoError(t, err)
	kept, err := s.f.Product(ctx)
	require.NoError(t, err)
	review, err := s.f.Review(ctx, func(in *db.ReviewCreate) { in.ProductID = gone.ID })
	require.NoError(t, err)
	item, err := s.f.OrderItem(ctx, func(in *db.OrderItemCreate) { in.ProductID = gone.ID })
	require.NoError(t, err)

	require.NoError(t, s.q.DeleteProduct(ctx, gone.ID), "referenced rows can be soft-deleted")

	_, err = s.q.GetProduct(ctx, gone.ID)
	require.ErrorIs(t, err, db.ErrNotFound)
	page, err := s.q.ListProducts(ctx, db.ListProductsParams{})
	require.NoError(t, err)
	require.Equal(t, []db.Product{kept}, page.Items)
	page, err = s.q.ListProducts(ctx, db.ListProductsParams{ExternalID: &external})
	require.NoError(t, err)
	require.Empty(t, page.Items)
	_, _, err = s.q.UpdateProduct(ctx, gone.ID, db.ProductUpdate{Name: db.Set("back")})
	require.ErrorIs(t, err, db.ErrNotFound)
	require.ErrorIs(t, s.q.DeleteProduct(ctx, gone.ID), db.ErrNotFound, "deleting twice")
	loaded, err := s.q.LoadReviewProduct(ctx, []db.Review{review})
	require.NoError(t, err)
	require.Empty(t, loaded)
	loadedItems, err := s.q.LoadOrderItemProduct(ctx, []db.OrderItem{item})
	require.NoError(t, err)
	require.Empty(t, loadedItems)

	// The row is kept, marked deleted.
	var deleted bool
	require.NoError(t, s.pool.QueryRow(ctx, "SELECT deleted_at IS NOT NULL FROM products WHERE id = $1", gone.ID).Scan(&deleted))
	require.True(t, deleted)

	// Unique indexes ignore deleted rows: the external id is free again.
	again, err := s.f.Product(ctx, func(in *db.ProductCreate) { in.ExternalID = &external; in.Name = gone.Name })
	require.NoError(t, err)
	page, err = s.q.ListProducts(ctx, db.ListProductsParams{ExternalID: &external})
	require.NoError(t, err)
	require.Equal(t, []db.Product{again}, page.Items)
}
