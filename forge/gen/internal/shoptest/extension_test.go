package shoptest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
	"github.com/forge-framework/forge/runtime/dbx"
)

// The extension points of the data layer: code in the app's own package
// composes generated statements with its own SQL in one transaction
// (Queries.WithTx), and reads its own queries into the generated row types
// (<Resource>Columns, Scan<Resource>).

// discount halves the price of a product in the caller's transaction: an
// app's own SQL, reusing the row type.
func discount(ctx context.Context, tx pgx.Tx, product db.Product) (db.Product, error) {
	return db.ScanProduct(tx.QueryRow(ctx,
		"UPDATE products SET price_cents = price_cents / 2 WHERE id = $1 AND deleted_at IS NULL RETURNING "+db.ProductColumns,
		product.ID))
}

func TestWithTxComposesWithTheCallersSQL(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := t.Context()

	// Rolled back: neither the generated INSERT nor the custom UPDATE stays.
	tx, err := s.pool.Begin(ctx)
	require.NoError(t, err)
	q := s.q.WithTx(tx)
	created, err := q.CreateProduct(ctx, db.ProductCreate{Name: "lamp", PriceCents: 1000})
	require.NoError(t, err)
	discounted, err := discount(ctx, tx, created)
	require.NoError(t, err)
	require.Equal(t, int32(500), discounted.PriceCents)
	got, err := q.GetProduct(ctx, created.ID)
	require.NoError(t, err)
	require.Equal(t, discounted, got, "the generated Get sees the custom UPDATE in the same transaction")
	_, err = s.q.GetProduct(ctx, created.ID)
	require.ErrorIs(t, err, db.ErrNotFound, "outside the transaction, nothing is visible before commit")
	require.NoError(t, tx.Rollback(ctx))
	_, err = s.q.GetProduct(ctx, created.ID)
	require.ErrorIs(t, err, db.ErrNotFound, "rolled back together")

	// Committed: both stay.
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		created, err = s.q.WithTx(tx).CreateProduct(ctx, db.ProductCreate{Name: "desk", PriceCents: 3000})
		if err != nil {
			return err
		}
		_, err = discount(ctx, tx, created)
		return err
	})
	require.NoError(t, err)
	got, err = s.q.GetProduct(ctx, created.ID)
	require.NoError(t, err)
	require.Equal(t, int32(1500), got.PriceCents)
}

func TestScannerReadsCustomQueries(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := t.Context()
	var want []db.Product
	for _, price := range []int32{300, 100, 200} {
		p, err := s.f.Product(ctx, func(in *db.ProductCreate) { in.PriceCents = price })
		require.NoError(t, err)
		want = append(want, p)
	}
	deleted, err := s.f.Product(ctx, func(in *db.ProductCreate) { in.PriceCents = 999 })
	require.NoError(t, err)
	require.NoError(t, s.q.DeleteProduct(ctx, deleted.ID))

	// The most expensive visible products: a query no generated method has.
	rows, err := s.pool.Query(ctx,
		"SELECT "+db.ProductColumns+" FROM products WHERE deleted_at IS NULL ORDER BY price_cents DESC LIMIT $1", 2)
	require.NoError(t, err)
	top, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (db.Product, error) { return db.ScanProduct(row) })
	require.NoError(t, err)
	require.Equal(t, []db.Product{want[0], want[2]}, top, "the same rows the generated Create returned")
}

func TestScannerOnATenantTable(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a, b := as(t.Context(), "tenant-a"), as(t.Context(), "tenant-b")
	mine, err := s.f.Review(a, func(in *db.ReviewCreate) { in.Stars = 5 })
	require.NoError(t, err)
	_, err = s.f.Review(b, func(in *db.ReviewCreate) { in.Stars = 5 })
	require.NoError(t, err)

	// Five-star reviews of the caller's tenant: a custom query on a
	// tenant-scoped table filters on the tenant itself.
	fiveStars := func(ctx context.Context) ([]db.Review, error) {
		tenant, err := dbx.Tenant(ctx)
		if err != nil {
			return nil, err
		}
		rows, err := s.pool.Query(ctx,
			"SELECT "+db.ReviewColumns+" FROM reviews WHERE tenant_id = $1 AND stars = 5 ORDER BY id", tenant)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(row pgx.CollectableRow) (db.Review, error) { return db.ScanReview(row) })
	}
	got, err := fiveStars(a)
	require.NoError(t, err)
	require.Equal(t, []db.Review{mine}, got)
	require.Equal(t, "tenant-a", got[0].TenantID, "ScanReview reads the tenant column")
	_, err = fiveStars(t.Context())
	require.ErrorIs(t, err, db.ErrNoTenant)
}
