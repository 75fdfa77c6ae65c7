package shoptest

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
)

// recording is a db.DBTX that keeps the last query it ran, with its
// arguments, so a test can EXPLAIN exactly what the data layer sent.
type recording struct {
	db.DBTX
	sql  string
	args []any
}

func (r *recording) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	r.sql, r.args = sql, args
	return r.DBTX.Query(ctx, sql, args...)
}

// TestListByAnIndexedFieldReadsItsIndexInKeysetOrder checks the plans of
// List pages filtered on an indexed field: the index sqlschema ends with id,
// (status, id) and in a tenant table (tenant_id, state, id), gives the
// matching rows already in the keyset's order, so the planner reads a page
// off it and stops, with no Sort. The tables hold enough rows, analysed,
// for the planner's choice to be its honest one.
func TestListByAnIndexedFieldReadsItsIndexInKeysetOrder(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := t.Context()
	_, err := s.pool.Exec(ctx, `
insert into customers (id, tenant_id, email, name)
	select gen_random_uuid(), 'tenant' || t, 'c@t' || t, 'C' from generate_series(1, 4) t;
insert into orders (id, tenant_id, number, state, customer_id)
	select gen_random_uuid(), c.tenant_id, c.tenant_id || '-' || i, (array['pending', 'paid', 'shipped', 'cancelled'])[1 + i % 4], c.id
	from customers c, generate_series(1, 5000) i;
insert into products (id, name, price_cents, status)
	select gen_random_uuid(), 'p' || i, 100, (array['draft', 'published', 'archived'])[1 + i % 3]
	from generate_series(1, 20000) i;
analyze customers, orders, products`)
	require.NoError(t, err)

	rec := &recording{DBTX: s.pool}
	q := db.New(rec)
	explain := func() string {
		t.Helper()
		rows, err := s.pool.Query(ctx, "EXPLAIN "+rec.sql, rec.args...)
		require.NoError(t, err)
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		return strings.Join(lines, "\n")
	}
	requireIndexOrder := func(plan, index string) {
		t.Helper()
		t.Logf("%s\n%s", rec.sql, plan)
		require.Contains(t, plan, "Index Scan using "+index+" on ", "the plan of\n%s\nwith %v:\n%s", rec.sql, rec.args, plan)
		require.NotContains(t, plan, "Sort", "the index gives the keyset order:\n%s", plan)
	}

	paid := db.OrderStatePaid
	orders, err := q.ListOrders(as(ctx, "tenant2"), db.ListOrdersParams{State: &paid, Limit: 20})
	require.NoError(t, err)
	require.Len(t, orders.Items, 20)
	requireIndexOrder(explain(), "orders_state_idx")
	_, err = q.ListOrders(as(ctx, "tenant2"), db.ListOrdersParams{State: &paid, Limit: 20, Cursor: orders.NextCursor})
	require.NoError(t, err)
	requireIndexOrder(explain(), "orders_state_idx")

	published := db.ProductStatusPublished
	products, err := q.ListProducts(ctx, db.ListProductsParams{Status: &published, Limit: 20})
	require.NoError(t, err)
	require.Len(t, products.Items, 20)
	requireIndexOrder(explain(), "products_status_idx")
	_, err = q.ListProducts(ctx, db.ListProductsParams{Status: &published, Limit: 20, Cursor: products.NextCursor})
	require.NoError(t, err)
	requireIndexOrder(explain(), "products_status_idx")
}
