package shopapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/actions"
	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/handlers"
	runtimeapi "github.com/forge-framework/forge/runtime/api"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/dbx"
)

// The tests of this file send what Postgres would refuse although Go
// accepts it, and require the exact 4xx naming the field or parameter:
// never a 500, and no row written.

// deep is a JSON value nested n levels deep.
func deep(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

func TestTextFieldsRefuseWhatPostgresCannotStore(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	for _, tc := range []struct {
		name, path, body string
		fields           map[string]string
	}{
		{
			name: "NUL in a string with a pattern", path: "/api/customers", body: `{"email": "a\u0000@b.c", "name": "Ann"}`,
			fields: map[string]string{"email": dbx.MsgNUL},
		},
		{
			name: "NUL in a string with a pattern that needs none", path: "/api/categories", body: `{"name": "Tea", "slug": "tea\u0000"}`,
			fields: map[string]string{"slug": dbx.MsgNUL},
		},
		{
			name: "NUL in strings and texts without checks", path: "/api/products",
			body:   `{"name": "\u0000", "price_cents": 1, "description": "a\u0000", "internal_notes": "\u0000"}`,
			fields: map[string]string{"name": dbx.MsgNUL, "description": dbx.MsgNUL, "internal_notes": dbx.MsgNUL},
		},
		{
			name: "a sensitive string", path: "/api/customers", body: `{"email": "ann@example.com", "name": "Ann", "password_hash": "x\u0000"}`,
			fields: map[string]string{"password_hash": dbx.MsgNUL},
		},
		{
			name: "raw bytes that are not UTF-8", path: "/api/products", body: "{\"name\": \"Sen\xffcha\", \"price_cents\": 1, \"description\": \"\xc0\xaf\"}",
			fields: map[string]string{"name": dbx.MsgInvalidUTF8, "description": dbx.MsgInvalidUTF8},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			detail := a.do(t, "acme", "POST", tc.path, tc.body).fails(t, http.StatusUnprocessableEntity, "invalid")
			require.Equal(t, tc.fields, detail.Fields)
		})
	}
	require.Zero(t, s.count(t, "customers")+s.count(t, "categories")+s.count(t, "products"))

	// Updates are checked alike.
	product := a.do(t, "", "POST", "/api/products", `{"name": "Sencha", "price_cents": 1}`).ok(t, http.StatusCreated)
	path := "/api/products/" + product["id"].(string)
	detail := a.do(t, "", "PATCH", path, `{"name": "x\u0000", "description": "\u0000"}`).fails(t, http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, map[string]string{"name": dbx.MsgNUL, "description": dbx.MsgNUL}, detail.Fields)
	require.Equal(t, "Sencha", a.do(t, "", "GET", path, "").ok(t, http.StatusOK)["name"])
}

func TestJSONFieldsRefuseWhatJSONBCannotStore(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	for value, want := range map[string]string{
		`{"a": "\u0000"}`:                     dbx.MsgNUL,
		`{"\u0000": 1}`:                       dbx.MsgNUL,
		`["\ud800"]`:                          dbx.MsgLoneSurrogate,
		`"\udc00x"`:                           dbx.MsgLoneSurrogate,
		`{"weight": 1e200000}`:                dbx.MsgJSONNumber,
		`[0.0e-20000]`:                        dbx.MsgJSONNumber,
		"{\"origin\": \"Shizu\xffoka\"}":      dbx.MsgInvalidUTF8,
		deep(dbx.MaxJSONDepth + 1):            dbx.MsgJSONDepth,
		`{"a": ` + deep(1000) + `}`:           dbx.MsgJSONDepth, // Postgres would take it
		`{"origin": "Shizuoka \ud83c\udf75"}`: "",
		deep(dbx.MaxJSONDepth):                "",
	} {
		body := `{"name": "Sencha", "price_cents": 1, "attributes": ` + value + `}`
		resp := a.do(t, "", "POST", "/api/products", body)
		if want == "" {
			resp.ok(t, http.StatusCreated)
			continue
		}
		detail := resp.fails(t, http.StatusUnprocessableEntity, "invalid")
		require.Equal(t, map[string]string{"attributes": want}, detail.Fields, "%.60s", value)
	}
	require.Equal(t, 2, s.count(t, "products"), "only the valid documents")
}

func TestFiltersRefuseWhatNoTextColumnHolds(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	for _, tc := range []struct {
		path   string
		fields map[string]string
	}{
		{"/api/products?name=%00", map[string]string{"name": dbx.MsgNUL}},
		{"/api/customers?email=%FF", map[string]string{"email": dbx.MsgInvalidUTF8}},
		{"/api/orders?number=%C0%AF", map[string]string{"number": dbx.MsgInvalidUTF8}},
		{"/api/categories?slug=tea%00&limit=0", map[string]string{"slug": dbx.MsgNUL, "limit": "must be a positive integer"}},
		{"/api/orders?state=paid%00", map[string]string{"state": dbx.MsgNUL}},
	} {
		detail := a.do(t, "acme", "GET", tc.path, "").fails(t, http.StatusBadRequest, "bad_request")
		require.Equal(t, tc.fields, detail.Fields, tc.path)
	}
}

// TestEveryInvalidFieldAtOnce sends bodies with problems of every kind:
// values that do not decode and values the data layer's validation
// refuses. One 422 names them all.
func TestEveryInvalidFieldAtOnce(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := newAPI(t, s)
	customer := a.do(t, "acme", "POST", "/api/customers", `{"email": "ann@example.com", "name": "Ann"}`).ok(t, http.StatusCreated)

	// A bad time, a bad enum and a negative decimal.
	body := fmt.Sprintf(`{"number": "A-1", "customer_id": %q, "placed_at": "yesterday", "state": "lost", "tax_rate": "-0.5"}`, customer["id"])
	detail := a.do(t, "acme", "POST", "/api/orders", body).fails(t, http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, map[string]string{
		"placed_at": "must be an RFC 3339 time",
		"state":     "must be one of pending, paid, shipped, cancelled",
		"tax_rate":  "must be at least 0",
	}, detail.Fields)

	// A bad date among a NUL, a missing required field and an unknown key.
	detail = a.do(t, "acme", "POST", "/api/customers", `{"email": "a\u0000@b.c", "name": "", "birth_date": "2024-02-30", "colour": "red"}`).
		fails(t, http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, map[string]string{
		"email":      dbx.MsgNUL,
		"name":       "is required",
		"birth_date": "must be a date (YYYY-MM-DD)",
		"colour":     "unknown field",
	}, detail.Fields)

	// And in an update.
	path := "/api/customers/" + customer["id"].(string)
	detail = a.do(t, "acme", "PATCH", path, `{"name": "Ann\u0000", "birth_date": 7, "email": "x@y.z"}`).fails(t, http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, map[string]string{
		"name":       dbx.MsgNUL,
		"birth_date": "must be a date (YYYY-MM-DD)",
		"email":      "cannot be changed",
	}, detail.Fields)
	require.Equal(t, 1, s.count(t, "customers"))
	require.Zero(t, s.count(t, "orders"))
}

// sign returns an HS256 token with payload, signed with secret, whatever
// it claims: auth.Mint refuses the ids these tests send.
func sign(secret []byte, payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	input := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(payload))
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(input))
	return input + "." + enc(mac.Sum(nil))
}

func TestTokensWithIDsNoRowCanHoldAre401(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	secret := []byte("0123456789abcdef0123456789abcdef")
	mux := http.NewServeMux()
	handlers.New(s.actions, quietLogger()).Register(mux)
	srv := httptest.NewServer(auth.Middleware(auth.BearerAuthenticator{Secret: secret}, mux))
	t.Cleanup(srv.Close)

	exp := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	get := func(payload string) int {
		req, err := http.NewRequestWithContext(t.Context(), "GET", srv.URL+"/api/customers", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+sign(secret, payload))
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusOK, get(`{"sub":"u1","tid":"acme","exp":`+exp+`}`))
	require.Equal(t, http.StatusOK, get(`{"sub":"u1","tid":"`+strings.Repeat("t", auth.MaxIDLen)+`","exp":`+exp+`}`))
	for name, payload := range map[string]string{
		"tenant id over MaxIDLen": `{"sub":"u1","tid":"` + strings.Repeat("t", auth.MaxIDLen+1) + `","exp":` + exp + `}`,
		"tenant id of 4 KB":       `{"sub":"u1","tid":"` + strings.Repeat("t", 4<<10) + `","exp":` + exp + `}`,
		"tenant id holding NUL":   `{"sub":"u1","tid":"acme\u0000","exp":` + exp + `}`,
		"tenant id not UTF-8":     "{\"sub\":\"u1\",\"tid\":\"acme\xff\",\"exp\":" + exp + "}",
		"user id holding NUL":     `{"sub":"u\u0000","tid":"acme","exp":` + exp + `}`,
		"user id over MaxIDLen":   `{"sub":"` + strings.Repeat("u", auth.MaxIDLen+1) + `","tid":"acme","exp":` + exp + `}`,
	} {
		require.Equal(t, http.StatusUnauthorized, get(payload), name)
	}
}

// TestUnreachableDatabaseIs503 serves the shop over a pool whose server
// hangs up on every connection.
func TestUnreachableDatabaseIs503(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	pool, err := pgxpool.New(t.Context(), "postgres://shop@"+ln.Addr().String()+"/shop?sslmode=disable")
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	var logs syncBuffer
	s := &shop{pool: pool, actions: actions.New(pool, nil)}
	a := newLoggingAPI(t, s, slog.New(slog.NewTextHandler(&logs, nil)))

	for _, req := range []struct{ method, path, body string }{
		{"GET", "/api/categories", ""},
		{"GET", "/api/categories/01920000-0000-7000-8000-000000000000", ""},
		{"POST", "/api/categories", `{"name": "Tea", "slug": "tea"}`},
		{"PATCH", "/api/categories/01920000-0000-7000-8000-000000000000", `{"name": "Tea"}`},
		{"DELETE", "/api/categories/01920000-0000-7000-8000-000000000000", ""},
	} {
		resp := a.do(t, "", req.method, req.path, req.body)
		detail := resp.fails(t, http.StatusServiceUnavailable, "unavailable")
		require.Equal(t, strconv.Itoa(int(runtimeapi.RetryAfter/time.Second)), resp.header.Get("Retry-After"), req.path)
		require.NotContains(t, detail.Message, ln.Addr().String(), "the client learns nothing of the database")
	}
	require.Contains(t, logs.String(), `msg="database unavailable"`, "the operator does")
}
