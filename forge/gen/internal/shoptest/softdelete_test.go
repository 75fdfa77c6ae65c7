package shoptest

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
	"github.com/forge-framework/forge/internal/pgtest"
)

var noSuchProduct = map[string]string{"product_id": "no such Product"}

func TestWritesCannotPointAtADeletedParent(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	gone, err := s.f.Product(ctx)
	require.NoError(t, err)
	kept, err := s.f.Product(ctx)
	require.NoError(t, err)
	review, err := s.f.Review(ctx, func(in *db.ReviewCreate) { in.ProductID = gone.ID })
	require.NoError(t, err)
	item, err := s.f.OrderItem(ctx, func(in *db.OrderItemCreate) { in.ProductID = gone.ID })
	require.NoError(t, err)
	other, err := s.f.Review(ctx, func(in *db.ReviewCreate) { in.ProductID = kept.ID })
	require.NoError(t, err)
	require.NoError(t, s.q.DeleteProduct(ctx, gone.ID))

	// No new row may point at it, nor may a row be moved to it.
	_, err = s.f.Review(ctx, func(in *db.ReviewCreate) { in.ProductID = gone.ID })
	requireValidation(t, err, noSuchProduct)
	_, err = s.f.OrderItem(ctx, func(in *db.OrderItemCreate) { in.ProductID = gone.ID })
	requireValidation(t, err, noSuchProduct)
	_, _, err = s.q.UpdateReview(ctx, other.ID, db.ReviewUpdate{ProductID: db.Set(gone.ID), Stars: db.Set[int32](1)})
	requireValidation(t, err, noSuchProduct)
	got, err := s.q.GetReview(ctx, other.ID)
	require.NoError(t, err)
	require.Equal(t, other, got, "the refused update wrote nothing")

	// Rows that pointed at it keep doing so, and may still change.
	updated, changed, err := s.q.UpdateReview(ctx, review.ID, db.ReviewUpdate{Stars: db.Set[int32](4), ProductID: db.Set(gone.ID)})
	require.NoError(t, err)
	require.True(t, changed)
	require.Equal(t, gone.ID, updated.ProductID)
	_, changed, err = s.q.UpdateOrderItem(ctx, item.ID, db.OrderItemUpdate{Quantity: db.Set[int32](item.Quantity + 1)})
	require.NoError(t, err)
	require.True(t, changed)
	moved, changed, err := s.q.UpdateReview(ctx, review.ID, db.ReviewUpdate{ProductID: db.Set(kept.ID)})
	require.NoError(t, err, "moving away from it is an ordinary update")
	require.True(t, changed)
	require.Equal(t, kept.ID, moved.ProductID)
}

// TestCreateWaitsForAConcurrentSoftDelete: a review created while its
// product's delete is under way waits for the delete to commit and is then
// refused, rather than pointing at a product deleted before it existed.
func TestCreateWaitsForAConcurrentSoftDelete(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	product, err := s.f.Product(ctx)
	require.NoError(t, err)
	customer, err := s.f.Customer(ctx)
	require.NoError(t, err)

	tx, err := s.pool.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	require.NoError(t, s.q.WithTx(tx).DeleteProduct(ctx, product.ID))
	created := make(chan error, 1)
	go func() {
		_, err := s.q.CreateReview(ctx, db.ReviewCreate{Stars: 5, ProductID: product.ID, CustomerID: customer.ID})
		created <- err
	}()
	pgtest.WaitForLockWait(t, s.pool)
	require.NoError(t, tx.Commit(ctx))
	requireValidation(t, <-created, noSuchProduct)
	page, err := s.q.ListReviews(ctx, db.ListReviewsParams{ProductID: &product.ID})
	require.NoError(t, err)
	require.Empty(t, page.Items)
}

// TestSoftDeleteWaitsForAConcurrentCreate: a product's delete waits for
// the review being created of it, which then predates the delete.
func TestSoftDeleteWaitsForAConcurrentCreate(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	product, err := s.f.Product(ctx)
	require.NoError(t, err)
	customer, err := s.f.Customer(ctx)
	require.NoError(t, err)

	tx, err := s.pool.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	_, err = s.q.WithTx(tx).CreateReview(ctx, db.ReviewCreate{Stars: 5, ProductID: product.ID, CustomerID: customer.ID})
	require.NoError(t, err)
	deleted := make(chan error, 1)
	go func() { deleted <- s.q.DeleteProduct(ctx, product.ID) }()
	pgtest.WaitForLockWait(t, s.pool)
	require.NoError(t, tx.Commit(ctx))
	require.NoError(t, <-deleted)
}

// TestSoftDeleteRacesCreates deletes products while reviews and order
// items of them are being created. Each delete counts, in its own
// transaction right after deleting, the rows pointing at the product, and
// lingers a moment before it commits; no row may point at a deleted
// product that the count did not see.
func TestSoftDeleteRacesCreates(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	const products = 8
	order, err := s.f.Order(ctx)
	require.NoError(t, err)
	ids := make([]uuid.UUID, products)
	seen := make([]int, products)
	for i := range ids {
		p, err := s.f.Product(ctx)
		require.NoError(t, err)
		ids[i] = p.ID
	}
	const children = "SELECT (SELECT count(*) FROM reviews WHERE product_id = $1) + (SELECT count(*) FROM order_items WHERE product_id = $1)"

	var wg sync.WaitGroup
	errs := make(chan error, 2*products)
	for i := range ids {
		done := make(chan struct{})
		wg.Add(2)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				var err error
				if n%2 == 0 {
					_, err = s.f.Review(ctx, func(in *db.ReviewCreate) { in.ProductID = ids[i] })
				} else {
					_, err = s.q.CreateOrderItem(ctx, db.OrderItemCreate{Quantity: 1, OrderID: order.ID, ProductID: ids[i]})
				}
				var invalid *db.ValidationError
				if err != nil && !errors.As(err, &invalid) {
					errs <- fmt.Errorf("create: %w", err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			defer close(done)
			errs <- pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
				if err := s.q.WithTx(tx).DeleteProduct(ctx, ids[i]); err != nil {
					return err
				}
				if err := tx.QueryRow(ctx, children, ids[i]).Scan(&seen[i]); err != nil {
					return err
				}
				time.Sleep(20 * time.Millisecond) // widens the window a create without the lock would slip through
				return nil
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for i, id := range ids {
		var n int
		require.NoError(t, s.pool.QueryRow(ctx, children, id).Scan(&n))
		require.Equal(t, seen[i], n, "rows pointing at product %d created after its delete", i)
	}
}

func TestUpdateThatChangesNothingWritesNothing(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	product, err := s.f.Product(ctx, func(in *db.ProductCreate) {
		in.WeightKg = ptr("1.50")
		in.Attributes = json.RawMessage(`{"a": 1, "b": [2]}`)
	})
	require.NoError(t, err)
	require.Nil(t, product.Description)

	// Every value as stored, as Postgres compares them: 1.5 = 1.50,
	// jsonb ignores key order and spacing, NULL is NULL.
	same, changed, err := s.q.UpdateProduct(ctx, product.ID, db.ProductUpdate{
		Name:        db.Set(product.Name),
		WeightKg:    db.Set("1.5"),
		Attributes:  db.Set(json.RawMessage(`{"b":[2],"a":1}`)),
		Description: db.Null[string](),
	})
	require.NoError(t, err)
	require.False(t, changed)
	require.Equal(t, product, same, "nothing written, not even updated_at")
	_, changed, err = s.q.UpdateProduct(ctx, product.ID, db.ProductUpdate{})
	require.NoError(t, err)
	require.False(t, changed, "an empty patch")

	updated, changed, err := s.q.UpdateProduct(ctx, product.ID, db.ProductUpdate{Name: db.Set(product.Name), PriceCents: db.Set(product.PriceCents + 1)})
	require.NoError(t, err)
	require.True(t, changed, "one field of two differs")
	require.Equal(t, product.PriceCents+1, updated.PriceCents)
	require.True(t, updated.UpdatedAt.After(product.UpdatedAt))

	// A row of another tenant, or none, is still not found.
	_, changed, err = s.q.UpdateProduct(ctx, uuid.New(), db.ProductUpdate{Name: db.Set("x")})
	require.ErrorIs(t, err, db.ErrNotFound)
	require.False(t, changed)
	order, err := s.f.Order(ctx)
	require.NoError(t, err)
	_, _, err = s.q.UpdateOrder(as(ctx, "globex"), order.ID, db.OrderUpdate{State: db.Set(order.State)})
	require.ErrorIs(t, err, db.ErrNotFound)
}

func TestHardDeleteTakesDeletedChildrenOffIt(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	category, err := s.f.Category(ctx)
	require.NoError(t, err)
	gone, err := s.f.Product(ctx, func(in *db.ProductCreate) { in.CategoryID = &category.ID })
	require.NoError(t, err)
	live, err := s.f.Product(ctx, func(in *db.ProductCreate) { in.CategoryID = &category.ID })
	require.NoError(t, err)
	require.NoError(t, s.q.DeleteProduct(ctx, gone.ID))
	categoryOf := func(id uuid.UUID) *uuid.UUID {
		var c *uuid.UUID
		require.NoError(t, s.pool.QueryRow(ctx, "SELECT category_id FROM products WHERE id = $1", id).Scan(&c))
		return c
	}

	// A product that is not deleted still holds the category.
	err = s.q.DeleteCategory(ctx, category.ID)
	requireConflict(t, err, "products_category_id_fkey")
	require.Equal(t, &category.ID, categoryOf(gone.ID), "the refused delete changed nothing")

	// Once every product of it is deleted, the category goes, and the
	// deleted products stay, without a category.
	require.NoError(t, s.q.DeleteProduct(ctx, live.ID))
	require.NoError(t, s.q.DeleteCategory(ctx, category.ID))
	_, err = s.q.GetCategory(ctx, category.ID)
	require.ErrorIs(t, err, db.ErrNotFound)
	require.Nil(t, categoryOf(gone.ID))
	require.Nil(t, categoryOf(live.ID))
	require.ErrorIs(t, s.q.DeleteCategory(ctx, category.ID), db.ErrNotFound)
}
