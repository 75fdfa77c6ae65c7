package report

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/forge-framework/forge/examples/shop/gen/db"
	"github.com/forge-framework/forge/runtime/dbx"
)

// ProductRevenue is a product and what the caller's tenant has sold of it.
type ProductRevenue struct {
	Product db.Product `json:"product"`
	// RevenueCents is the sum of quantity × unit price over the product's
	// order items.
	RevenueCents int64 `json:"revenue_cents"`
	// UnitsSold is the sum of their quantities.
	UnitsSold int64 `json:"units_sold"`
}

// topProductsSQL ranks the products by the revenue of the tenant's ($1)
// order items, leaving out cancelled orders and deleted products, and keeps
// the first $2. Revenue is summed in a CTE so that the outer select list is
// db.ProductColumns as it is: those columns are not qualified, and
// order_items and orders have an id too. Products are shared by every
// tenant; order items and orders belong to one, so the tenant filters
// them. Ties are broken by id, so the ranking is stable.
const topProductsSQL = `WITH sold AS (
	SELECT oi.product_id,
		sum(oi.quantity::bigint * oi.unit_price_cents)::bigint AS revenue_cents,
		sum(oi.quantity)::bigint AS units_sold
	FROM order_items oi
	JOIN orders o ON o.tenant_id = oi.tenant_id AND o.id = oi.order_id
	WHERE oi.tenant_id = $1 AND o.state <> 'cancelled'
	GROUP BY oi.product_id
)
SELECT ` + db.ProductColumns + `, sold.revenue_cents, sold.units_sold
FROM products JOIN sold ON sold.product_id = products.id
WHERE products.deleted_at IS NULL
ORDER BY sold.revenue_cents DESC, products.id
LIMIT $2`

// TopProductsByRevenue returns the limit products that earned the
// caller's tenant (in ctx) the most, best first. It runs on conn: the pool,
// or a transaction of the caller's, as gen/db's Queries do. Without a
// tenant it returns db.ErrNoTenant.
func TopProductsByRevenue(ctx context.Context, conn db.DBTX, limit int) ([]ProductRevenue, error) {
	tenant, err := dbx.Tenant(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := conn.Query(ctx, topProductsSQL, tenant, limit)
	if err != nil {
		return nil, fmt.Errorf("top products by revenue: %w", err)
	}
	top, err := dbx.Collect(rows, scanProductRevenue, limit)
	if err != nil {
		return nil, fmt.Errorf("top products by revenue: %w", err)
	}
	return top, nil
}

// scanProductRevenue reads a row of topProductsSQL: db.ScanProduct reads
// the product's columns, and the report's own follow them.
func scanProductRevenue(row pgx.Row) (ProductRevenue, error) {
	var r ProductRevenue
	var err error
	r.Product, err = db.ScanProduct(trailing{row, []any{&r.RevenueCents, &r.UnitsSold}})
	return r, err
}

// trailing is a row whose last columns, after those its scanner reads, go
// into dest: it lets a generated Scan<Resource> read a row that selects
// more than <Resource>Columns.
type trailing struct {
	row  pgx.Row
	dest []any
}

// Scan implements pgx.Row.
func (t trailing) Scan(dest ...any) error {
	return t.row.Scan(append(dest, t.dest...)...)
}
