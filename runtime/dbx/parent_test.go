package dbx_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/dbx"
)

var productParent = dbx.Parent{Column: "product_id", Table: "products", Field: "product_id", Message: "no such Product"}

func TestInsertParentsSQL(t *testing.T) {
	shelf := dbx.Parent{Column: "shelf_id", Table: "shelves", Field: "shelf_id", Message: "no such Shelf"}
	ins := dbx.NewInsert("reviews", "id, stars, product_id, shelf_id", "id, stars", 1).Parents(productParent, shelf)
	stars := int32(4)
	id, product := uuid.New(), uuid.New()

	sql, args := ins.Statement(id, dbx.ValueOrDefault(&stars), product, nil)
	require.Equal(t, "INSERT INTO reviews (id, stars, product_id, shelf_id) SELECT $1, $2, $3, $4"+
		" WHERE (SELECT deleted_at IS NULL FROM products WHERE id = $3 FOR SHARE) IS NOT FALSE"+
		" AND (SELECT deleted_at IS NULL FROM shelves WHERE id = $4 FOR SHARE) IS NOT FALSE RETURNING id, stars", sql)
	require.Equal(t, []any{id, &stars, product, nil}, args)

	// A defaulted column is left out: SELECT cannot say DEFAULT.
	sql, args = ins.Statement(id, dbx.ValueOrDefault[int32](nil), product, nil)
	require.Equal(t, "INSERT INTO reviews (id, product_id, shelf_id) SELECT $1, $2, $3"+
		" WHERE (SELECT deleted_at IS NULL FROM products WHERE id = $2 FOR SHARE) IS NOT FALSE"+
		" AND (SELECT deleted_at IS NULL FROM shelves WHERE id = $3 FOR SHARE) IS NOT FALSE RETURNING id, stars", sql)
	require.Equal(t, []any{id, product, nil}, args)

	require.Panics(t, func() { dbx.NewInsert("t", "id, a", "id").Parents(productParent) }, "a parent column the INSERT lacks")
}

func TestStmtWhereChangedAndRequireLive(t *testing.T) {
	var s dbx.Stmt
	s.WhereChanged()
	require.Equal(t, "", s.WhereClause(), "no Set: no condition")

	s.Set("stars", 5)
	s.Set("product_id", "p")
	s.SetSQL("updated_at = now()")
	s.Where("id = " + s.Param("x"))
	s.WhereChanged()
	s.RequireLive(productParent, dbx.Parent{Column: "shelf_id", Table: "shelves"})
	require.Equal(t, " SET stars = $1, product_id = $2, updated_at = now()", s.SetClause())
	require.Equal(t, " WHERE id = $3 AND (stars, product_id) IS DISTINCT FROM ($1, $2)"+
		" AND (product_id IS NOT DISTINCT FROM $2 OR (SELECT deleted_at IS NULL FROM products WHERE id = $2 FOR SHARE) IS NOT FALSE)", s.WhereClause())

	var one dbx.Stmt
	one.Set(`"order"`, 1)
	one.WhereChanged()
	require.Equal(t, ` WHERE "order" IS DISTINCT FROM $1`, one.WhereClause())
}

func TestMoved(t *testing.T) {
	a, b := uuid.New(), uuid.New()
	require.Nil(t, dbx.Moved(dbx.Patch[uuid.UUID]{}, &a), "unset")
	require.Nil(t, dbx.Moved(dbx.Null[uuid.UUID](), &a), "set NULL")
	require.Nil(t, dbx.Moved(dbx.Set(a), &a), "set to its value")
	require.Equal(t, &b, dbx.Moved(dbx.Set(b), &a))
	require.Equal(t, &b, dbx.Moved(dbx.Set(b), nil), "from NULL")
}

// parentDB is a database with a soft-deleting products table and a
// reviews table whose rows point at products.
func parentDB(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := pgtest.Pool(t)
	_, err := pool.Exec(t.Context(), `
CREATE TABLE products (id uuid PRIMARY KEY, deleted_at timestamptz);
CREATE TABLE reviews (
	id uuid PRIMARY KEY,
	stars integer NOT NULL DEFAULT 3,
	product_id uuid REFERENCES products (id)
)`)
	require.NoError(t, err)
	return pool
}

var reviewInsert = dbx.NewInsert("reviews", "id, stars, product_id", "id, product_id", 1).Parents(productParent)

// createReview inserts a review of product as a generated Create does,
// and returns its error: a *dbx.ValidationError when the product is
// deleted.
func createReview(ctx context.Context, db dbx.Querier, product *uuid.UUID) (uuid.UUID, error) {
	id := uuid.New()
	sql, args := reviewInsert.Statement(id, dbx.ValueOrDefault[int32](nil), product)
	var got uuid.UUID
	var fk *uuid.UUID
	err := db.QueryRow(ctx, sql, args...).Scan(&got, &fk)
	if errors.Is(err, pgx.ErrNoRows) {
		if err := dbx.DeletedParents(ctx, db, "create review", []dbx.Parent{productParent}, product); err != nil {
			return uuid.Nil, err
		}
		return uuid.Nil, errors.New("no row written, yet no parent is deleted")
	}
	return got, err
}

func newProduct(t *testing.T, pool *pgxpool.Pool, deleted bool) uuid.UUID {
	t.Helper()
	id := uuid.New()
	_, err := pool.Exec(t.Context(), "INSERT INTO products (id, deleted_at) VALUES ($1, CASE WHEN $2 THEN now() END)", id, deleted)
	require.NoError(t, err)
	return id
}

func requireDeletedParent(t *testing.T, err error) {
	t.Helper()
	var invalid *dbx.ValidationError
	require.ErrorAs(t, err, &invalid)
	require.Equal(t, map[string]string{"product_id": "no such Product"}, invalid.Fields)
}

func TestParentsOnPostgres(t *testing.T) {
	t.Parallel()
	pool := parentDB(t)
	ctx := t.Context()
	live, deleted := newProduct(t, pool, false), newProduct(t, pool, true)

	_, err := createReview(ctx, pool, &live)
	require.NoError(t, err)
	_, err = createReview(ctx, pool, nil)
	require.NoError(t, err, "a NULL foreign key points at nothing")
	_, err = createReview(ctx, pool, &deleted)
	requireDeletedParent(t, err)
	missing := uuid.New()
	_, err = createReview(ctx, pool, &missing)
	require.ErrorContains(t, err, "reviews_product_id_fkey", "a parent that never existed is the foreign key's to refuse")
	var stars int
	require.NoError(t, pool.QueryRow(ctx, "SELECT min(stars) FROM reviews").Scan(&stars))
	require.Equal(t, 3, stars, "a column left out of INSERT … SELECT takes its DEFAULT")

	// An update may keep a deleted parent, not move to one.
	review, err := createReview(ctx, pool, &live)
	require.NoError(t, err)
	update := func(product uuid.UUID) (int64, error) {
		var s dbx.Stmt
		s.Set("stars", 5)
		s.Set("product_id", product)
		s.Where("id = " + s.Param(review))
		s.WhereChanged()
		s.RequireLive(productParent)
		tag, err := pool.Exec(ctx, "UPDATE reviews"+s.SetClause()+s.WhereClause(), s.Args...)
		return tag.RowsAffected(), err
	}
	n, err := update(deleted)
	require.NoError(t, err)
	require.Zero(t, n, "moved to a deleted product")
	requireDeletedParent(t, dbx.DeletedParents(ctx, pool, "update review", []dbx.Parent{productParent}, dbx.Moved(dbx.Set(deleted), &live)))
	n, err = update(live)
	require.NoError(t, err)
	require.EqualValues(t, 1, n)
	n, err = update(live)
	require.NoError(t, err)
	require.Zero(t, n, "nothing changes")
	require.NoError(t, dbx.DeletedParents(ctx, pool, "update review", []dbx.Parent{productParent}, dbx.Moved(dbx.Set(live), &live)))
	_, err = pool.Exec(ctx, "UPDATE products SET deleted_at = now() WHERE id = $1", live)
	require.NoError(t, err)
	var s dbx.Stmt
	s.Set("stars", 1)
	s.Set("product_id", live)
	s.Where("id = " + s.Param(review))
	s.WhereChanged()
	s.RequireLive(productParent)
	tag, err := pool.Exec(ctx, "UPDATE reviews"+s.SetClause()+s.WhereClause(), s.Args...)
	require.NoError(t, err)
	require.EqualValues(t, 1, tag.RowsAffected(), "a review keeps its product after the product is deleted")
}

// TestParentLiveWaitsForSoftDelete: a write that meets a soft delete in
// progress waits for it, then sees the parent deleted and writes nothing.
// Without the FOR SHARE lock it would read the row as it was when its
// statement began, live, and the review would point at a product whose
// delete committed first.
func TestParentLiveWaitsForSoftDelete(t *testing.T) {
	t.Parallel()
	pool := parentDB(t)
	ctx := t.Context()
	product := newProduct(t, pool, false)

	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, "UPDATE products SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", product)
	require.NoError(t, err)

	created := make(chan error, 1)
	go func() {
		_, err := createReview(ctx, pool, &product)
		created <- err
	}()
	pgtest.WaitForLockWait(t, pool)
	select {
	case err := <-created:
		t.Fatalf("the create did not wait for the soft delete: %v", err)
	default:
	}
	require.NoError(t, tx.Commit(ctx))
	requireDeletedParent(t, <-created)
	var reviews int
	require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM reviews").Scan(&reviews))
	require.Zero(t, reviews)
}

// TestSoftDeleteWaitsForParentLive: a soft delete waits for a write that
// found the parent live to commit, so the review predates the delete.
func TestSoftDeleteWaitsForParentLive(t *testing.T) {
	t.Parallel()
	pool := parentDB(t)
	ctx := t.Context()
	product := newProduct(t, pool, false)

	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	_, err = createReview(ctx, tx, &product)
	require.NoError(t, err)

	deleted := make(chan error, 1)
	go func() {
		_, err := pool.Exec(ctx, "UPDATE products SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", product)
		deleted <- err
	}()
	pgtest.WaitForLockWait(t, pool)
	select {
	case err := <-deleted:
		t.Fatalf("the soft delete did not wait for the create: %v", err)
	default:
	}
	require.NoError(t, tx.Commit(ctx))
	require.NoError(t, <-deleted)
}

// TestParentRace runs creates and soft deletes of the same products
// concurrently. Each delete counts, in its transaction right after its
// UPDATE, the reviews of its product, and lingers a moment before it
// commits, while creates of reviews of that product go on; no review may
// appear after the count: every review of a deleted product was written
// before the delete. (Without Live's lock the creates that start while the
// delete lingers see the product live and commit after it.)
func TestParentRace(t *testing.T) {
	t.Parallel()
	pool := parentDB(t)
	ctx := t.Context()
	const products = 10
	ids := make([]uuid.UUID, products)
	seen := make([]int, products)
	for i := range ids {
		ids[i] = newProduct(t, pool, false)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*products)
	for i := range ids {
		done := make(chan struct{})
		wg.Add(2)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if _, err := createReview(ctx, pool, &ids[i]); err != nil {
					var invalid *dbx.ValidationError
					if !errors.As(err, &invalid) {
						errs <- fmt.Errorf("create: %w", err)
						return
					}
				}
			}
		}()
		go func() {
			defer wg.Done()
			defer close(done)
			errs <- pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, "UPDATE products SET deleted_at = now() WHERE id = $1", ids[i]); err != nil {
					return err
				}
				if err := tx.QueryRow(ctx, "SELECT count(*) FROM reviews WHERE product_id = $1", ids[i]).Scan(&seen[i]); err != nil {
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
		var reviews int
		require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM reviews WHERE product_id = $1", id).Scan(&reviews))
		require.Equal(t, seen[i], reviews, "reviews of product %d written after its delete", i)
	}
}
