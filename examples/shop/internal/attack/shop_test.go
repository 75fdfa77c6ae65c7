package attack

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/forge-framework/forge/examples/shop/gen/handlers"
	"github.com/forge-framework/forge/examples/shop/migrations"
	"github.com/forge-framework/forge/examples/shop/report"
	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/apierror"
	"github.com/forge-framework/forge/runtime/app"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/server"
)

// The tokens' secret and issuer; the server is configured with both.
const (
	secret = "attack-suite-secret-of-at-least-32-bytes"
	issuer = "shop"
)

// The tenants of the fixture: the tests act as acme; globex's rows are
// the ones acme must never reach.
const (
	tenant      = "acme"
	otherTenant = "globex"
)

// shopApp is the shop's server.App as main.go builds it, without the
// workers: the requests only insert jobs, and nothing here waits for one
// to run.
var shopApp = server.App{
	Migrations: migrations.FS,
	Routes: func(mux *http.ServeMux, d app.Deps) error {
		if err := handlers.Routes(mux, d); err != nil {
			return err
		}
		return report.Routes(mux, d)
	},
}

// shop is a running shop on its own database, and the rows of its fixture.
type shop struct {
	handler http.Handler
	// ids maps a placeholder's name ("product", "other.order") to the id
	// of the fixture's row; see fill.
	ids map[string]string
}

// newShop starts the shop on a fresh database and creates the fixture.
func newShop(tb testing.TB) *shop {
	tb.Helper()
	s := start(tb, pgtest.Database(tb))
	s.createFixture(tb)
	return s
}

// start serves the shop on dbURL until the test ends: server.New applies
// the migrations, and Serve runs the notify hub the event stream reads.
// Requests go to its handler in-process; the listeners it binds on
// loopback are not used.
func start(tb testing.TB, dbURL string) *shop {
	tb.Helper()
	cfg := config.Default()
	cfg.App.Name = issuer
	cfg.App.ShutdownTimeout = config.Duration{Duration: 10 * time.Second}
	cfg.Auth.Secret = secret
	cfg.Auth.Issuer = issuer // what config.Load derives from app.name
	cfg.Database.URL = dbURL
	cfg.Database.MaxConns = 4
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.Admin.Addr = "127.0.0.1:0"
	// Errors only: a 500's cause is logged at error, and is what a failing
	// case needs to show.
	cfg.Observe.LogLevel = "error"
	srv, err := server.New(context.Background(), cfg, shopApp)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			tb.Errorf("serve: %v", err)
		}
	})
	return &shop{handler: srv.Handler(), ids: map[string]string{}}
}

// createFixture creates, through the API, a row of every resource in
// tenant acme, the tenant-scoped ones again in tenant globex, and a
// product that is then deleted. Their ids fill the placeholders.
func (s *shop) createFixture(tb testing.TB) {
	tb.Helper()
	for _, tn := range []string{tenant, otherTenant} {
		prefix, token := "", bearer(tb, "ann", tenant)
		if tn == otherTenant {
			prefix, token = "other.", bearer(tb, "bob", otherTenant)
		}
		post := func(name, path, body string) {
			tb.Helper()
			rec := s.serve(tb, "POST", path, s.fill(body), token)
			var row struct{ ID string }
			if err := json.Unmarshal(rec.Body.Bytes(), &row); rec.Code != http.StatusCreated || err != nil || row.ID == "" {
				tb.Fatalf("fixture: POST %s as %s: %d %s", path, tn, rec.Code, rec.Body)
			}
			s.ids[prefix+name] = row.ID
		}
		post("category", "/api/categories", `{"name":"Tea of `+tn+`","slug":"tea-`+tn+`"}`)
		post("product", "/api/products", `{"name":"Sencha","price_cents":1200,"category_id":"{`+prefix+`category}","attributes":{"origin":"`+tn+`"}}`)
		post("customer", "/api/customers", `{"email":"ann@`+tn+`.test","name":"Customer of `+tn+`","birth_date":"1990-01-02"}`)
		post("order", "/api/orders", `{"number":"`+tn+`-1","customer_id":"{`+prefix+`customer}","tax_rate":"0.2"}`)
		post("order_item", "/api/order-items", `{"quantity":2,"unit_price_cents":1200,"order_id":"{`+prefix+`order}","product_id":"{`+prefix+`product}"}`)
		post("review", "/api/reviews", `{"stars":5,"body":"Fine tea, says `+tn+`","product_id":"{`+prefix+`product}","customer_id":"{`+prefix+`customer}"}`)
		post("notification", "/api/notifications", `{"kind":"order_placed","recipient":"ann@`+tn+`.test","subject":"Thanks from `+tn+`","order_id":"{`+prefix+`order}"}`)
		if tn == tenant {
			post("deleted.product", "/api/products", `{"name":"Discontinued","price_cents":1}`)
			if rec := s.serve(tb, "DELETE", "/api/products/"+s.ids["deleted.product"], "", token); rec.Code != http.StatusNoContent {
				tb.Fatalf("fixture: DELETE the product: %d %s", rec.Code, rec.Body)
			}
		}
	}
}

// fill replaces each placeholder "{name}" in s with the id of the
// fixture's row of that name: "{order}" is acme's order, "{other.order}"
// globex's, "{deleted.product}" the deleted product.
func (s *shop) fill(text string) string {
	for name, id := range s.ids {
		text = strings.ReplaceAll(text, "{"+name+"}", id)
	}
	return text
}

// serve sends one request to the shop in-process and returns the answer.
// target is the path and query as they appear in the request line;
// authorization is the Authorization header ("" sends none).
func (s *shop) serve(tb testing.TB, method, target, body, authorization string) *httptest.ResponseRecorder {
	tb.Helper()
	req, err := newRequest(method, target, []byte(body))
	if err != nil {
		tb.Fatalf("%s %s: %v", method, target, err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	return s.do(req)
}

// do serves req. The request's context ends once the handler has written
// (and is waiting to stream more, as the event stream does), so every
// request returns; handlers that answer at once are not affected.
func (s *shop) do(req *http.Request) *httptest.ResponseRecorder {
	ctx, cancel := context.WithTimeout(req.Context(), 2*time.Minute)
	defer cancel()
	w := &answered{ResponseRecorder: httptest.NewRecorder(), done: cancel}
	s.handler.ServeHTTP(w, req.WithContext(ctx))
	return w.ResponseRecorder
}

// answered is a recorder that calls done once the handler has written
// anything.
type answered struct {
	*httptest.ResponseRecorder
	done func()
}

func (a *answered) WriteHeader(code int) { a.ResponseRecorder.WriteHeader(code); a.done() }
func (a *answered) Flush()               { a.ResponseRecorder.Flush(); a.done() }
func (a *answered) Write(b []byte) (int, error) {
	defer a.done()
	return a.ResponseRecorder.Write(b)
}

// newRequest builds the request that a server reads from the request line
// "method target HTTP/1.1", so a target the server would refuse is an
// error here too. body may be anything.
func newRequest(method, target string, body []byte) (*http.Request, error) {
	head := method + " " + target + " HTTP/1.1\r\nHost: shop.test\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	req, err := http.ReadRequest(bufio.NewReader(io.MultiReader(strings.NewReader(head), bytes.NewReader(body))))
	if err != nil {
		return nil, err
	}
	if len(body) > 0 {
		req.Header.Set("Content-Type", "application/json")
	}
	req.RemoteAddr = "192.0.2.1:1234"
	return req, nil
}

// claims are those of user in tenant tn, valid for an hour.
func claims(user, tn string) auth.Claims {
	now := time.Now()
	return auth.Claims{Subject: user, Tenant: tn, Issuer: issuer, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
}

// bearer returns the Authorization header of a valid token for user in
// tenant tn.
func bearer(tb testing.TB, user, tn string) string {
	tb.Helper()
	return "Bearer " + mint(tb, []byte(secret), claims(user, tn))
}

func mint(tb testing.TB, key []byte, c auth.Claims) string {
	tb.Helper()
	token, err := auth.Mint(key, c)
	if err != nil {
		tb.Fatal(err)
	}
	return token
}

// attack is one request and the answer it must get.
type attack struct {
	name   string
	method string
	// path and body may hold placeholders (see shop.fill).
	path string
	// query is the raw query, without the "?".
	query string
	body  string
	want  answer
}

// answer is the status of a response and, for an error, the code and the
// fields its body must name (exactly: none when fields is nil).
type answer struct {
	status int
	code   string
	fields []string
	// items, when not nil, is how many items a page of a list must hold.
	items *int
}

// page is a 200 with a page of n items.
func page(n int) answer { return answer{status: http.StatusOK, items: &n} }

// The answers the API defines (runtime/api, runtime/auth).
func invalid(fields ...string) answer {
	return answer{status: http.StatusUnprocessableEntity, code: "invalid", fields: fields}
}

func badRequest(fields ...string) answer {
	return answer{status: http.StatusBadRequest, code: "bad_request", fields: fields}
}

var (
	ok           = answer{status: http.StatusOK}
	created      = answer{status: http.StatusCreated}
	noContent    = answer{status: http.StatusNoContent}
	notFound     = answer{status: http.StatusNotFound, code: "not_found"}
	forbidden    = answer{status: http.StatusForbidden, code: "forbidden"}
	tooLarge     = answer{status: http.StatusRequestEntityTooLarge, code: "too_large"}
	unauthorized = answer{status: http.StatusUnauthorized, code: "unauthorized"}
	unavailable  = answer{status: http.StatusServiceUnavailable, code: "unavailable"}
	// noRoute is the mux's own 404 for a path no route has: plain text.
	noRoute = answer{status: http.StatusNotFound}
	// noMethod is the mux's 405 for a method the path has no route for.
	noMethod = answer{status: http.StatusMethodNotAllowed}
)

// target is the request line's target of a: its path and query, filled.
func (s *shop) target(a attack) string {
	t := s.fill(a.path)
	if a.query != "" {
		t += "?" + s.fill(a.query)
	}
	return t
}

// run runs each case as a parallel subtest, as acme's user.
func (s *shop) run(t *testing.T, cases []attack) {
	t.Helper()
	token := bearer(t, "ann", tenant)
	for _, a := range cases {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			s.check(t, a, token)
		})
	}
}

// check sends a with the Authorization header authorization and checks
// the answer. It returns the response.
func (s *shop) check(t *testing.T, a attack, authorization string) *httptest.ResponseRecorder {
	t.Helper()
	rec := s.serve(t, a.method, s.target(a), s.fill(a.body), authorization)
	expect(t, a.method+" "+short(a.path), rec, a.want)
	return rec
}

// expect checks that rec is the answer want, and never a 5xx but the one
// wanted (503 when the database is down).
func expect(t *testing.T, what string, rec *httptest.ResponseRecorder, want answer) {
	t.Helper()
	if rec.Code >= 500 && rec.Code != want.status {
		t.Errorf("%s: %d (a 5xx for a client's request), want %d\n%s", what, rec.Code, want.status, short(rec.Body.String()))
		return
	}
	if rec.Code != want.status {
		t.Errorf("%s: %d, want %d\n%s", what, rec.Code, want.status, short(rec.Body.String()))
		return
	}
	if want.items != nil {
		var page struct{ Items []json.RawMessage }
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || len(page.Items) != *want.items {
			t.Errorf("%s: %d items (%v), want %d\n%s", what, len(page.Items), err, *want.items, short(rec.Body.String()))
		}
	}
	if want.code == "" {
		return
	}
	var body apierror.Body
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		t.Errorf("%s: the body is not an API error: %v\n%s", what, err, short(rec.Body.String()))
		return
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type %q, want application/json", what, ct)
	}
	got := make([]string, 0, len(body.Error.Fields))
	for f := range body.Error.Fields {
		got = append(got, f)
	}
	slices.Sort(got)
	fields := slices.Sorted(slices.Values(want.fields))
	if body.Error.Code != want.code || !slices.Equal(got, fields) {
		t.Errorf("%s: error %q naming %q (%v), want %q naming %q", what, body.Error.Code, got, body.Error.Fields, want.code, fields)
	}
}

// short cuts s to a length a failure message can show.
func short(s string) string {
	const max = 300
	if len(s) <= max {
		return s
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:max], len(s))
}

// cases gathers every table of the suite, for FuzzHandlers' seed corpus.
var cases = sync.OnceValue(func() []attack {
	return slices.Concat(textCases, queryCases, jsonCases, decimalCases, bodyCases, pathCases, softDeleteCases)
})
