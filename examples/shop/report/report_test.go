package report_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/examples/shop/gen/actions"
	"github.com/forge-framework/forge/examples/shop/gen/db"
	"github.com/forge-framework/forge/examples/shop/gen/handlers"
	"github.com/forge-framework/forge/examples/shop/migrations"
	"github.com/forge-framework/forge/examples/shop/report"
	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/apierror"
	"github.com/forge-framework/forge/runtime/app"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/jobs"
	"github.com/forge-framework/forge/runtime/migrate"
)

// secret signs the test's bearer tokens.
var secret = []byte("report-test-secret-of-32-bytes!!")

// shop is a migrated database, the generated actions on it, and the
// shop's public API (the generated routes and the reports, as main.go
// registers them) behind runtime/auth's bearer tokens, as runtime/server
// serves it.
type shop struct {
	pool    *pgxpool.Pool
	actions *actions.Actions
	url     string
}

func newShop(t *testing.T) *shop {
	t.Helper()
	ctx := t.Context()
	pool := pgtest.Pool(t)
	logger := slog.New(slog.DiscardHandler)
	_, err := migrate.Up(ctx, pool, migrations.FS)
	require.NoError(t, err)
	require.NoError(t, jobs.Migrate(ctx, pool, logger))
	// Never started: it only inserts the jobs of the products' hooks.
	client, err := jobs.NewClient(pool, config.Default().Jobs, nil, logger)
	require.NoError(t, err)

	deps := app.Deps{Logger: logger, Pool: pool, River: client}
	mux := http.NewServeMux()
	require.NoError(t, handlers.Routes(mux, deps))
	require.NoError(t, report.Routes(mux, deps))
	srv := httptest.NewServer(auth.Middleware(auth.BearerAuthenticator{Secret: secret}, mux))
	t.Cleanup(srv.Close)
	return &shop{pool: pool, actions: actions.New(pool, client), url: srv.URL}
}

// as returns ctx acting for a user of tenant.
func as(ctx context.Context, tenant string) context.Context {
	return auth.WithPrincipal(ctx, auth.Principal{UserID: "ann", TenantID: tenant})
}

// get sends GET path with a bearer token for a user of tenant ("" for a
// user of none) and returns the status and body.
func (s *shop) get(t *testing.T, tenant, path string) (int, []byte) {
	t.Helper()
	now := time.Now()
	token, err := auth.Mint(secret, auth.Claims{Subject: "ann", Tenant: tenant, IssuedAt: now, ExpiresAt: now.Add(time.Hour)})
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.url+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, body
}

// line is one row of the report as a client reads it.
type line struct {
	Name         string
	RevenueCents int64
	UnitsSold    int64
}

// topProducts requires GET /api/reports/top-products?query to answer 200
// and returns its lines.
func (s *shop) topProducts(t *testing.T, tenant, query string) []line {
	t.Helper()
	status, body := s.get(t, tenant, "/api/reports/top-products"+query)
	require.Equal(t, http.StatusOK, status, "body: %s", body)
	var page struct {
		Items []struct {
			Product      map[string]any `json:"product"`
			RevenueCents int64          `json:"revenue_cents"`
			UnitsSold    int64          `json:"units_sold"`
		} `json:"items"`
	}
	require.NoError(t, json.Unmarshal(body, &page), "body: %s", body)
	require.NotNil(t, page.Items, "no items is [], not null: %s", body)
	lines := make([]line, 0, len(page.Items))
	for _, it := range page.Items {
		require.NotContains(t, it.Product, "internal_notes", "sensitive fields stay out of the report")
		lines = append(lines, line{Name: it.Product["name"].(string), RevenueCents: it.RevenueCents, UnitsSold: it.UnitsSold})
	}
	return lines
}

// badQuery requires GET /api/reports/top-products?query to answer 400
// and returns the problem of each parameter.
func (s *shop) badQuery(t *testing.T, query string) map[string]string {
	t.Helper()
	status, body := s.get(t, "acme", "/api/reports/top-products"+query)
	require.Equal(t, http.StatusBadRequest, status, "body: %s", body)
	var answer apierror.Body
	require.NoError(t, json.Unmarshal(body, &answer), "body: %s", body)
	require.Equal(t, "bad_request", answer.Error.Code)
	return answer.Error.Fields
}

// product creates a product of the shared catalogue.
func (s *shop) product(t *testing.T, name string, priceCents int32) db.Product {
	t.Helper()
	notes := "cost price"
	p, err := s.actions.CreateProduct(t.Context(), db.ProductCreate{Name: name, PriceCents: priceCents, InternalNotes: &notes})
	require.NoError(t, err)
	return p
}

// item is an order line: quantity of product at unitCents each.
type item struct {
	product   db.Product
	quantity  int32
	unitCents int64
}

// order creates an order of ctx's tenant in state with items.
func (s *shop) order(t *testing.T, ctx context.Context, number string, state db.OrderState, items ...item) db.Order {
	t.Helper()
	customer, err := s.actions.CreateCustomer(ctx, db.CustomerCreate{Email: number + "@example.com", Name: "Ann"})
	require.NoError(t, err)
	o, err := s.actions.CreateOrder(ctx, db.OrderCreate{Number: number, State: &state, CustomerID: customer.ID})
	require.NoError(t, err)
	for _, it := range items {
		_, err := s.actions.CreateOrderItem(ctx, db.OrderItemCreate{Quantity: it.quantity, UnitPriceCents: it.unitCents, OrderID: o.ID, ProductID: it.product.ID})
		require.NoError(t, err)
	}
	return o
}

func TestTopProducts(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	acme, globex := as(t.Context(), "acme"), as(t.Context(), "globex")
	sencha := s.product(t, "Sencha", 1200)
	matcha := s.product(t, "Matcha", 3000)
	hojicha := s.product(t, "Hojicha", 800)
	gyokuro := s.product(t, "Gyokuro", 5000)
	s.product(t, "Genmaicha", 600) // never sold: not in the report

	s.order(t, acme, "A-1", db.OrderStatePaid,
		item{sencha, 3, 1200}, item{matcha, 1, 3000})
	// Revenue is what the items say, not today's price: Sencha sold at 1100.
	s.order(t, acme, "A-2", db.OrderStateShipped,
		item{hojicha, 10, 800}, item{sencha, 2, 1100}, item{gyokuro, 2, 5000})
	s.order(t, acme, "A-3", db.OrderStateCancelled, item{matcha, 100, 3000})
	s.order(t, globex, "G-1", db.OrderStatePending, item{matcha, 50, 3000})
	// A deleted product leaves the report, its sales with it.
	require.NoError(t, s.actions.DeleteProduct(acme, gyokuro.ID))

	acmeTop := []line{
		{"Hojicha", 8000, 10},
		{"Sencha", 3*1200 + 2*1100, 5},
		{"Matcha", 3000, 1}, // the cancelled order's 100 do not count
	}
	t.Run("ranks by revenue, best first", func(t *testing.T) {
		require.Equal(t, acmeTop, s.topProducts(t, "acme", ""))
		require.Equal(t, acmeTop, s.topProducts(t, "acme", "?limit=100"))
	})
	t.Run("counts the caller's tenant only", func(t *testing.T) {
		require.Equal(t, []line{{"Matcha", 150000, 50}}, s.topProducts(t, "globex", ""))
		require.Empty(t, s.topProducts(t, "initech", ""), "a tenant that sold nothing")
	})
	t.Run("keeps the first limit", func(t *testing.T) {
		require.Equal(t, acmeTop[:2], s.topProducts(t, "acme", "?limit=2"))
		require.Equal(t, acmeTop[:1], s.topProducts(t, "acme", "?limit=1"))
	})
	t.Run("names a bad limit with 400", func(t *testing.T) {
		for query, want := range map[string]string{
			"?limit=abc": "must be a positive integer",
			"?limit=0":   "must be a positive integer",
			"?limit=-3":  "must be a positive integer",
			"?limit=101": "must be at most 100",
		} {
			require.Equal(t, map[string]string{"limit": want}, s.badQuery(t, query), query)
		}
		require.Equal(t, map[string]string{"cursor": "unknown query parameter"}, s.badQuery(t, "?cursor=abc"))
		require.Equal(t, map[string]string{"limit": "must be given once"}, s.badQuery(t, "?limit=1&limit=2"))
	})
	t.Run("needs a token and a tenant", func(t *testing.T) {
		resp, err := http.Get(s.url + "/api/reports/top-products")
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		status, body := s.get(t, "", "/api/reports/top-products")
		require.Equal(t, http.StatusForbidden, status, "body: %s", body)
	})
	t.Run("runs in the caller's transaction", func(t *testing.T) {
		// The query and generated actions in one transaction: the report
		// sees the transaction's own uncommitted order, others do not.
		tx, err := s.pool.Begin(acme)
		require.NoError(t, err)
		defer tx.Rollback(acme)
		customer, err := s.actions.WithTx(tx).CreateCustomer(acme, db.CustomerCreate{Email: "bulk@example.com", Name: "Bulk"})
		require.NoError(t, err)
		o, err := s.actions.WithTx(tx).CreateOrder(acme, db.OrderCreate{Number: "A-4", CustomerID: customer.ID})
		require.NoError(t, err)
		_, err = s.actions.WithTx(tx).CreateOrderItem(acme, db.OrderItemCreate{Quantity: 10, UnitPriceCents: 3000, OrderID: o.ID, ProductID: matcha.ID})
		require.NoError(t, err)

		inTx, err := report.TopProductsByRevenue(acme, tx, 1)
		require.NoError(t, err)
		require.Len(t, inTx, 1)
		require.Equal(t, matcha.ID, inTx[0].Product.ID)
		require.Equal(t, int64(33000), inTx[0].RevenueCents)
		require.Equal(t, "cost price", *inTx[0].Product.InternalNotes, "db.ScanProduct read every column")
		require.Equal(t, acmeTop, s.topProducts(t, "acme", ""), "uncommitted")

		require.NoError(t, tx.Rollback(acme))
		require.Equal(t, acmeTop, s.topProducts(t, "acme", ""))
	})
}

func TestTopProductsByRevenueNeedsATenant(t *testing.T) {
	t.Parallel()
	_, err := report.TopProductsByRevenue(t.Context(), nil, 10)
	require.ErrorIs(t, err, db.ErrNoTenant)
}
