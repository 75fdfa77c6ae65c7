package shopapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/handlers"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
)

// TestDecimalPrecision sends decimals at and past their columns'
// numeric(p,s) (weight_kg is numeric(8,3), tax_rate numeric(5,4)) to the
// API on a real database: those that fit are stored exactly; the others
// are a 422 naming the field, never Postgres's error as a 500, the
// 17,000-digit fraction of issue 11 included.
func TestDecimalPrecision(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPIWithBodyLimit(t, s, config.Default().HTTP.MaxBodyBytes)
	const weightLimit = "must have at most 5 digits before the decimal point and 3 after"

	product := a.do(t, "", "POST", "/api/products", `{"name": "Anvil", "price_cents": 1, "weight_kg": "99999.999"}`).ok(t, http.StatusCreated)
	require.Equal(t, "99999.999", product["weight_kg"], "the largest weight the column holds")
	path := "/api/products/" + product["id"].(string)
	patched := a.do(t, "", "PATCH", path, `{"weight_kg": "00.001"}`).ok(t, http.StatusOK)
	require.Equal(t, "0.001", patched["weight_kg"], "leading zeros do not count")
	for _, weight := range []string{
		"100000", // six digits before the point
		"0.0001", // four after
		"1.5000", // trailing zeros count, as Postgres keeps them
		"0." + strings.Repeat("1", 17000),
		"1." + strings.Repeat("0", 17000), // Postgres's numeric input refuses it, whatever the scale
	} {
		body := `{"name": "Feather", "price_cents": 1, "weight_kg": "` + weight + `"}`
		detail := a.do(t, "", "POST", "/api/products", body).fails(t, http.StatusUnprocessableEntity, "invalid")
		require.Equal(t, map[string]string{"weight_kg": weightLimit}, detail.Fields, "POST weight_kg %.20s", weight)
		detail = a.do(t, "", "PATCH", path, `{"weight_kg": "`+weight+`"}`).fails(t, http.StatusUnprocessableEntity, "invalid")
		require.Equal(t, map[string]string{"weight_kg": weightLimit}, detail.Fields, "PATCH weight_kg %.20s", weight)
	}
	require.Equal(t, "0.001", a.do(t, "", "GET", path, "").ok(t, http.StatusOK)["weight_kg"], "refused patches change nothing")

	customer := a.do(t, "acme", "POST", "/api/customers", `{"email": "ann@example.com", "name": "Ann"}`).ok(t, http.StatusCreated)
	order := func(taxRate string) response {
		return a.do(t, "acme", "POST", "/api/orders", `{"number": "A-`+taxRate+`", "customer_id": "`+customer["id"].(string)+`", "tax_rate": "`+taxRate+`"}`)
	}
	require.Equal(t, "0.0825", order("0.0825").ok(t, http.StatusCreated)["tax_rate"], "four decimal places fit")
	detail := order("0.08255").fails(t, http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, map[string]string{"tax_rate": "must have at most 1 digit before the decimal point and 4 after"}, detail.Fields)
}

// newAPIWithBodyLimit is newAPI with a body limit of its own: the
// 17,000-digit decimal needs more than newAPI's 4 KiB to reach validation.
func newAPIWithBodyLimit(t *testing.T, s *shop, limit int64) *api {
	t.Helper()
	mux := http.NewServeMux()
	handlers.New(s.actions, quietLogger()).Register(mux)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if tenant, ok := r.Header["X-Test-Tenant"]; ok {
			r = r.WithContext(auth.WithPrincipal(r.Context(), auth.Principal{UserID: "user-1", TenantID: tenant[0]}))
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return &api{url: srv.URL}
}
