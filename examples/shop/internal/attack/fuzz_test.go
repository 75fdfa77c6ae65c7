package attack

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/parser"
)

// schemaDir is the shop's schema, whose resources the generated handlers
// serve.
const schemaDir = "../../schema"

// route is one route of the shop that FuzzHandlers calls.
type route struct {
	method string
	// base is the path without the id: "/api/order-items".
	base string
	// row names the fixture's row of the resource ("order_item"); "" for
	// a route without {id}.
	row string
	// tenant says the resource belongs to tenants.
	tenant bool
}

// shopRoutes are the five routes of each resource in the shop's schema, in
// its order, and the app's report.
func shopRoutes(tb testing.TB) []route {
	tb.Helper()
	schema, err := parser.ParseDir(schemaDir)
	if err != nil {
		tb.Fatal(err)
	}
	var routes []route
	for _, r := range schema.Resources {
		base, row, tenant := "/api/"+r.Route, ir.Snake(r.Name), r.Options.Tenant
		routes = append(routes,
			route{"POST", base, "", tenant},
			route{"GET", base, "", tenant},
			route{"GET", base, row, tenant},
			route{"PATCH", base, row, tenant},
			route{"DELETE", base, row, tenant},
		)
	}
	return append(routes, route{"GET", "/api/reports/top-products", "", true})
}

// The ids FuzzHandlers puts in a route's path for its id argument.
const (
	// ownRow is the fixture's row of acme (or the shared row).
	ownRow = ""
	// otherRow is globex's row: of a tenant's resource, acme's requests
	// must never succeed on it.
	otherRow = "~"
)

// maxSeed bounds the seed bodies, so that the 17,000-digit decimals and
// the 9,000-deep JSON are seeds but the bodies over the server's limit
// (which the suite sends) are not: the fuzzer mutates and minimizes small
// inputs quickly.
const maxSeed = 32 << 10

// FuzzHandlers calls a route of the shop (an index into shopRoutes) with
// an id in its path (see ownRow, otherRow; anything else is the path
// segment), a raw query string and a body, as acme's user, on a real
// PostgreSQL. It fails on a 5xx, on a panic, and on a request on
// another tenant's row that succeeds or answers with the row.
func FuzzHandlers(f *testing.F) {
	s := newShop(f)
	routes := shopRoutes(f)
	for _, a := range append(cases(), crossTenantCases()...) {
		if i, id, ok := seedRoute(s, routes, a); ok && len(a.body) <= maxSeed {
			f.Add(uint8(i), id, s.fill(a.query), []byte(s.fill(a.body)))
		}
	}
	// A day: fuzzing longer is no use on one database anyway.
	c := claims("ann", tenant)
	c.ExpiresAt = time.Now().Add(24 * time.Hour)
	token := "Bearer " + mint(f, []byte(secret), c)

	f.Fuzz(func(t *testing.T, index uint8, id, query string, body []byte) {
		r := routes[int(index)%len(routes)]
		target, other := r.base, ""
		if r.row != "" {
			switch id {
			case ownRow:
				target += "/" + s.ids[r.row]
			case otherRow:
				other = s.ids["other."+r.row]
				target += "/" + other
			default:
				target += "/" + url.PathEscape(id)
			}
		}
		if query != "" {
			target += "?" + query
		}
		req, err := newRequest(r.method, target, body)
		if err != nil {
			return // not a request line a server reads: net/http answers 400 itself
		}
		req.Header.Set("Authorization", token)
		rec := s.do(req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q with body %q: %d\n%s", r.method, target, short(string(body)), rec.Code, short(rec.Body.String()))
		}
		if other != "" && r.tenant && (rec.Code < 300 || strings.Contains(rec.Body.String(), other)) {
			t.Fatalf("%s %q of another tenant's row with body %q: %d\n%s", r.method, target, short(string(body)), rec.Code, short(rec.Body.String()))
		}
	})
}

// seedRoute finds the route and id argument of a case, or reports false
// when its request is not one of the routes' (a path without a route, a
// method without one).
func seedRoute(s *shop, routes []route, a attack) (int, string, bool) {
	for i, r := range routes {
		if r.method != a.method {
			continue
		}
		if r.row == "" {
			if a.path == r.base {
				return i, "", true
			}
			continue
		}
		id, ok := strings.CutPrefix(a.path, r.base+"/")
		if !ok || id == "" || strings.Contains(id, "/") {
			continue
		}
		switch id {
		case "{" + r.row + "}":
			return i, ownRow, true
		case "{other." + r.row + "}":
			return i, otherRow, true
		}
		// FuzzHandlers escapes the id it is given.
		if unescaped, err := url.PathUnescape(s.fill(id)); err == nil {
			return i, unescaped, true
		}
		return i, s.fill(id), true
	}
	return 0, "", false
}
