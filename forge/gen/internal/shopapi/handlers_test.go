package shopapi

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/riverqueue/river/rivertest"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/actions"
	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/handlers"
	"github.com/forge-framework/forge/runtime/apierror"
	"github.com/forge-framework/forge/runtime/auth"
)

// maxBody is the body limit of the test server, as http.max_body_bytes is
// the real one's.
const maxBody = 4 << 10

// api is the shop's handlers over HTTP.
type api struct {
	url string
}

// newAPI serves the generated handlers the way runtime/server does: bodies
// limited by http.MaxBytesReader, and a principal in the context. The
// tenant comes from a test header instead of a bearer token.
func newAPI(t *testing.T, s *shop) *api {
	t.Helper()
	return newLoggingAPI(t, s, quietLogger())
}

// newLoggingAPI is newAPI with the handlers logging to logger.
func newLoggingAPI(t *testing.T, s *shop, logger *slog.Logger) *api {
	t.Helper()
	mux := http.NewServeMux()
	handlers.New(s.actions, logger).Register(mux)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if tenant, ok := r.Header["X-Test-Tenant"]; ok {
			r = r.WithContext(auth.WithPrincipal(r.Context(), auth.Principal{UserID: "user-1", TenantID: tenant[0]}))
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return &api{url: srv.URL}
}

// response is an answer of the API.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends method path with body (raw, so tests can send broken JSON) as
// a user of tenant ("" for none).
func (a *api) do(t *testing.T, tenant, method, path, body string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, a.url+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("X-Test-Tenant", tenant)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// ok requires status and decodes the JSON body into a map.
func (r response) ok(t *testing.T, status int) map[string]any {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.body)
	require.Equal(t, "application/json", r.header.Get("Content-Type"))
	var v map[string]any
	require.NoError(t, json.Unmarshal(r.body, &v))
	return v
}

// noContent requires an empty 204.
func (r response) noContent(t *testing.T) {
	t.Helper()
	require.Equal(t, http.StatusNoContent, r.status, "body: %s", r.body)
	require.Empty(t, r.body)
}

// fails requires an error of status and code, and returns its details.
func (r response) fails(t *testing.T, status int, code string) apierror.Detail {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.body)
	require.Equal(t, "application/json", r.header.Get("Content-Type"))
	var body apierror.Body
	require.NoError(t, json.Unmarshal(r.body, &body), "body: %s", r.body)
	require.Equal(t, code, body.Error.Code, "body: %s", r.body)
	require.NotEmpty(t, body.Error.Message)
	return body.Error
}

func TestCRUD(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)

	resp := a.do(t, "acme", "POST", "/api/categories", `{"name": "Tea", "slug": "tea"}`)
	category := resp.ok(t, http.StatusCreated)
	id := category["id"].(string)
	require.Equal(t, "/api/categories/"+id, resp.header.Get("Location"))
	require.Equal(t, "Tea", category["name"])
	require.EqualValues(t, 0, category["position"], "the default")

	got := a.do(t, "acme", "GET", "/api/categories/"+id, "").ok(t, http.StatusOK)
	require.Equal(t, category, got)

	updated := a.do(t, "acme", "PATCH", "/api/categories/"+id, `{"position": 3}`).ok(t, http.StatusOK)
	require.EqualValues(t, 3, updated["position"])
	require.Equal(t, "Tea", updated["name"], "fields the patch does not give are unchanged")

	resp = a.do(t, "acme", "DELETE", "/api/categories/"+id, "")
	require.Equal(t, http.StatusNoContent, resp.status)
	require.Empty(t, resp.body)
	a.do(t, "acme", "GET", "/api/categories/"+id, "").fails(t, http.StatusNotFound, "not_found")
	a.do(t, "acme", "PATCH", "/api/categories/"+id, `{"position": 4}`).fails(t, http.StatusNotFound, "not_found")
	a.do(t, "acme", "DELETE", "/api/categories/"+id, "").fails(t, http.StatusNotFound, "not_found")
}

func TestCreateEnqueuesThroughTheAPI(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	product := a.do(t, "acme", "POST", "/api/products", `{"name": "Sencha", "price_cents": 1200}`).ok(t, http.StatusCreated)
	job := rivertest.RequireInserted(t.Context(), t, s.river, actions.ProductCreatedArgs{}, nil)
	require.Equal(t, product["id"], job.Args.ProductID.String())
	require.Equal(t, "acme", job.Args.TenantID)
}

func TestBadBodies(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		code                     string
		fields                   map[string]string
	}{
		{name: "malformed JSON", method: "POST", path: "/api/categories", body: `{"name": "Tea",`, status: 400, code: "bad_request"},
		{name: "empty body", method: "POST", path: "/api/categories", body: ``, status: 400, code: "bad_request"},
		{name: "not an object", method: "POST", path: "/api/categories", body: `["Tea"]`, status: 400, code: "bad_request"},
		{name: "null", method: "POST", path: "/api/categories", body: `null`, status: 400, code: "bad_request"},
		{name: "trailing data", method: "POST", path: "/api/categories", body: `{"name": "Tea", "slug": "tea"} {}`, status: 400, code: "bad_request"},
		{
			name: "too large", method: "POST", path: "/api/categories",
			body:   `{"name": "` + strings.Repeat("x", maxBody) + `", "slug": "tea"}`,
			status: 413, code: "too_large",
		},
		{
			name: "missing required", method: "POST", path: "/api/products", body: `{"description": "green"}`,
			status: 422, code: "invalid", fields: map[string]string{"name": "is required", "price_cents": "is required"},
		},
		{
			name: "required given as null", method: "POST", path: "/api/products", body: `{"name": null, "price_cents": 0}`,
			status: 422, code: "invalid", fields: map[string]string{"name": "is required"},
		},
		{
			name: "wrong JSON types", method: "POST", path: "/api/products",
			body:   `{"name": 7, "price_cents": "12", "active": "yes", "category_id": "tea", "published_at": "today", "thumbnail": "%%%"}`,
			status: 422, code: "invalid", fields: map[string]string{
				"name": "must be a string", "price_cents": "must be a 32-bit integer", "active": "must be true or false",
				"category_id": "must be a UUID", "published_at": "must be an RFC 3339 time", "thumbnail": "must be a base64 string",
			},
		},
		{
			name: "out of range", method: "POST", path: "/api/products", body: `{"name": "Sencha", "price_cents": 3000000000}`,
			status: 422, code: "invalid", fields: map[string]string{"price_cents": "must be a 32-bit integer"},
		},
		{
			name: "unknown and mis-cased keys", method: "POST", path: "/api/products", body: `{"name": "Sencha", "price_cents": 1, "colour": "green", "Name": "x"}`,
			status: 422, code: "invalid", fields: map[string]string{"colour": "unknown field", "Name": "unknown field"},
		},
		{
			name: "validation", method: "POST", path: "/api/products",
			body:   `{"name": "", "price_cents": -1, "status": "sold-out", "weight_kg": "heavy", "rating": 6}`,
			status: 422, code: "invalid", fields: map[string]string{
				"name": "is required", "price_cents": "must be at least 0", "status": "must be one of draft, published, archived",
				"weight_kg": "must be a decimal number", "rating": "must be at most 5",
			},
		},
		{
			name: "no such parent", method: "POST", path: "/api/products",
			body:   `{"name": "Sencha", "price_cents": 1, "category_id": "01920000-0000-7000-8000-000000000000"}`,
			status: 422, code: "invalid", fields: map[string]string{"category_id": "no such Category"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			detail := a.do(t, "acme", tc.method, tc.path, tc.body).fails(t, tc.status, tc.code)
			require.Equal(t, tc.fields, detail.Fields)
		})
	}
	require.Zero(t, s.count(t, "products"))
}

func TestPatch(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	product := a.do(t, "", "POST", "/api/products", `{"name": "Sencha", "price_cents": 1200, "description": "green", "attributes": {"origin": "Shizuoka"}}`).ok(t, http.StatusCreated)
	path := "/api/products/" + product["id"].(string)

	patched := a.do(t, "", "PATCH", path, `{"description": null, "price_cents": 1100}`).ok(t, http.StatusOK)
	require.Nil(t, patched["description"], "null clears a field")
	require.EqualValues(t, 1100, patched["price_cents"])
	require.Equal(t, map[string]any{"origin": "Shizuoka"}, patched["attributes"], "absent keys are unchanged")

	detail := a.do(t, "", "PATCH", path, `{"name": null, "price_cents": "cheap"}`).fails(t, http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, map[string]string{"price_cents": "must be a 32-bit integer", "name": "is required"}, detail.Fields, "type errors and validation in one answer")
	detail = a.do(t, "", "PATCH", path, `{"name": null}`).fails(t, http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, map[string]string{"name": "is required"}, detail.Fields, "a required field cannot be cleared")

	// Email is immutable.
	customer := a.do(t, "acme", "POST", "/api/customers", `{"email": "ann@example.com", "name": "Ann"}`).ok(t, http.StatusCreated)
	detail = a.do(t, "acme", "PATCH", "/api/customers/"+customer["id"].(string), `{"email": "bob@example.com"}`).fails(t, http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, map[string]string{"email": "cannot be changed"}, detail.Fields)
}

func TestBadIDs(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	for _, method := range []string{"GET", "PATCH", "DELETE"} {
		detail := a.do(t, "", method, "/api/products/42", `{}`).fails(t, http.StatusBadRequest, "bad_request")
		require.Equal(t, map[string]string{"id": "must be a UUID"}, detail.Fields)
	}
	a.do(t, "", "GET", "/api/products/01920000-0000-7000-8000-000000000000", "").fails(t, http.StatusNotFound, "not_found")
}

func TestConflicts(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	category := a.do(t, "", "POST", "/api/categories", `{"name": "Tea", "slug": "tea"}`).ok(t, http.StatusCreated)
	detail := a.do(t, "", "POST", "/api/categories", `{"name": "Tea again", "slug": "tea"}`).fails(t, http.StatusConflict, "conflict")
	require.Contains(t, detail.Fields, "slug")

	// A referenced row cannot be deleted.
	a.do(t, "", "POST", "/api/products", fmt.Sprintf(`{"name": "Sencha", "price_cents": 1, "category_id": %q}`, category["id"])).ok(t, http.StatusCreated)
	detail = a.do(t, "", "DELETE", "/api/categories/"+category["id"].(string), "").fails(t, http.StatusConflict, "conflict")
	require.Contains(t, detail.Message, "still referenced")
}

func TestTenants(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	a.do(t, "", "POST", "/api/customers", `{"email": "ann@example.com", "name": "Ann"}`).fails(t, http.StatusForbidden, "forbidden")
	a.do(t, "", "GET", "/api/customers", "").fails(t, http.StatusForbidden, "forbidden")

	customer := a.do(t, "acme", "POST", "/api/customers", `{"email": "ann@example.com", "name": "Ann", "password_hash": "secret"}`).ok(t, http.StatusCreated)
	require.NotContains(t, customer, "password_hash", "sensitive fields are never answered")
	path := "/api/customers/" + customer["id"].(string)
	a.do(t, "other", "GET", path, "").fails(t, http.StatusNotFound, "not_found")
	page := a.do(t, "other", "GET", "/api/customers", "").ok(t, http.StatusOK)
	require.Equal(t, []any{}, page["items"])
	// Uniqueness is per tenant.
	a.do(t, "other", "POST", "/api/customers", `{"email": "ann@example.com", "name": "Ann"}`).ok(t, http.StatusCreated)
}

func TestSensitiveFieldsAreNeverAnswered(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	product := a.do(t, "", "POST", "/api/products", `{"name": "Sencha", "price_cents": 1, "internal_notes": "supplier: K. Tanaka"}`).ok(t, http.StatusCreated)
	path := "/api/products/" + product["id"].(string)
	for _, resp := range []response{
		{status: http.StatusCreated, body: mustJSON(t, product)},
		a.do(t, "", "GET", path, ""),
		a.do(t, "", "PATCH", path, `{"internal_notes": "supplier: Y. Sato"}`),
		a.do(t, "", "GET", "/api/products", ""),
	} {
		require.NotContains(t, string(resp.body), "internal_notes")
		require.NotContains(t, string(resp.body), "supplier")
	}
	var notes string
	require.NoError(t, s.pool.QueryRow(t.Context(), "SELECT internal_notes FROM products").Scan(&notes))
	require.Equal(t, "supplier: Y. Sato", notes, "sensitive fields are written")
	a.do(t, "", "GET", "/api/products?internal_notes=x", "").fails(t, http.StatusBadRequest, "bad_request")
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestListPagesAndFilters(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	var ids []string
	for i := range 5 {
		status := "draft"
		if i%2 == 0 {
			status = "published"
		}
		p := a.do(t, "", "POST", "/api/products", fmt.Sprintf(`{"name": "P%d", "price_cents": %d, "status": %q}`, i, i, status)).ok(t, http.StatusCreated)
		ids = append(ids, p["id"].(string))
	}

	var seen []string
	path := "/api/products?limit=2"
	for pages := 0; ; pages++ {
		require.Less(t, pages, 3, "5 products in pages of 2 are 3 pages")
		page := a.do(t, "", "GET", path, "").ok(t, http.StatusOK)
		items := page["items"].([]any)
		require.LessOrEqual(t, len(items), 2)
		for _, item := range items {
			seen = append(seen, item.(map[string]any)["id"].(string))
		}
		cursor, more := page["next_cursor"].(string)
		if !more {
			break
		}
		path = "/api/products?limit=2&cursor=" + cursor
	}
	require.Equal(t, ids, seen, "every product once, in creation order")

	page := a.do(t, "", "GET", "/api/products?status=published", "").ok(t, http.StatusOK)
	require.Len(t, page["items"], 3)
	page = a.do(t, "", "GET", "/api/products?status=published&name=P2", "").ok(t, http.StatusOK)
	require.Len(t, page["items"], 1)

	for query, fields := range map[string]map[string]string{
		"limit=0":                      {"limit": "must be a positive integer"},
		"limit=ten":                    {"limit": "must be a positive integer"},
		"cursor=nonsense":              {"cursor": "is not a cursor of this list"},
		"status=sold-out":              {"status": "must be one of draft, published, archived"},
		"category_id=tea":              {"category_id": "must be a UUID"},
		"published_at=yesterday":       {"published_at": "must be an RFC 3339 time"},
		"colour=green":                 {"colour": "unknown query parameter"},
		"status=draft&status=archived": {"status": "must be given once"},
	} {
		detail := a.do(t, "", "GET", "/api/products?"+query, "").fails(t, http.StatusBadRequest, "bad_request")
		require.Equal(t, fields, detail.Fields, query)
	}
	a.do(t, "", "GET", "/api/products?%zz", "").fails(t, http.StatusBadRequest, "bad_request")
}

func TestServerFaultsAreLogged500s(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	var logs syncBuffer
	a := newLoggingAPI(t, s, slog.New(slog.NewTextHandler(&logs, nil)))
	_, err := s.pool.Exec(t.Context(), "DROP TABLE categories CASCADE")
	require.NoError(t, err)

	detail := a.do(t, "", "GET", "/api/categories", "").fails(t, http.StatusInternalServerError, "internal")
	require.NotContains(t, detail.Message, "categories", "the client learns nothing of the fault")
	require.Contains(t, logs.String(), "request failed")
	require.Contains(t, logs.String(), `relation \"categories\" does not exist`)
}

// TestReplaceOneRoute registers the products' create route of the app's
// own, wrapping the generated one, and every other route as generated.
func TestReplaceOneRoute(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	h := handlers.New(s.actions, quietLogger())
	mux := http.NewServeMux()
	// The app's create refuses free products, then creates as generated.
	mux.HandleFunc("POST /api/products", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("free") != "" {
			apierror.Write(w, http.StatusForbidden, "forbidden", "no free products")
			return
		}
		h.CreateProduct(w, r)
	})
	mux.HandleFunc("GET /api/products", h.ListProducts)
	mux.HandleFunc("GET /api/products/{id}", h.GetProduct)
	mux.HandleFunc("PATCH /api/products/{id}", h.UpdateProduct)
	mux.HandleFunc("DELETE /api/products/{id}", h.DeleteProduct)
	h.RegisterCategories(mux)
	h.RegisterCustomers(mux)
	h.RegisterOrders(mux)
	h.RegisterOrderItems(mux)
	h.RegisterNotifications(mux)
	h.RegisterReviews(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	a := &api{url: srv.URL}

	a.do(t, "", "POST", "/api/products?free=1", `{"name": "Sencha", "price_cents": 0}`).fails(t, http.StatusForbidden, "forbidden")
	product := a.do(t, "", "POST", "/api/products", `{"name": "Sencha", "price_cents": 1200}`).ok(t, http.StatusCreated)
	require.Equal(t, product, a.do(t, "", "GET", "/api/products/"+product["id"].(string), "").ok(t, http.StatusOK))
	a.do(t, "", "POST", "/api/categories", `{"name": "Tea", "slug": "tea"}`).ok(t, http.StatusCreated)
	page := a.do(t, "", "GET", "/api/categories", "").ok(t, http.StatusOK)
	require.Len(t, page["items"], 1)
}

func TestDeletedParents(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	product := a.do(t, "", "POST", "/api/products", `{"name": "Sencha", "price_cents": 1200}`).ok(t, http.StatusCreated)
	customer := a.do(t, "acme", "POST", "/api/customers", `{"email": "ann@example.com", "name": "Ann"}`).ok(t, http.StatusCreated)
	review := fmt.Sprintf(`{"stars": 5, "product_id": %q, "customer_id": %q}`, product["id"], customer["id"])
	a.do(t, "acme", "POST", "/api/reviews", review).ok(t, http.StatusCreated)
	a.do(t, "", "DELETE", "/api/products/"+product["id"].(string), "").noContent(t)

	// A row may not point at a deleted product: 422 naming the field, as
	// for a product that never existed.
	other := a.do(t, "acme", "POST", "/api/customers", `{"email": "bob@example.com", "name": "Bob"}`).ok(t, http.StatusCreated)
	detail := a.do(t, "acme", "POST", "/api/reviews", fmt.Sprintf(`{"stars": 5, "product_id": %q, "customer_id": %q}`, product["id"], other["id"])).
		fails(t, http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, map[string]string{"product_id": "no such Product"}, detail.Fields)

	// A category whose products are all deleted can go.
	category := a.do(t, "", "POST", "/api/categories", `{"name": "Tea", "slug": "tea"}`).ok(t, http.StatusCreated)
	tea := a.do(t, "", "POST", "/api/products", fmt.Sprintf(`{"name": "Gyokuro", "price_cents": 1, "category_id": %q}`, category["id"])).ok(t, http.StatusCreated)
	a.do(t, "", "DELETE", "/api/categories/"+category["id"].(string), "").fails(t, http.StatusConflict, "conflict")
	a.do(t, "", "DELETE", "/api/products/"+tea["id"].(string), "").noContent(t)
	a.do(t, "", "DELETE", "/api/categories/"+category["id"].(string), "").noContent(t)
}
