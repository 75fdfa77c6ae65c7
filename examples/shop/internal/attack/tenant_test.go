package attack

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/forge-framework/forge/runtime/dbx"
)

// tenantResources are the shop's tenant-scoped resources: the route, the
// fixture's name for its row, a change a patch could make, and a filter
// by another tenant's parent row.
var tenantResources = []struct{ route, row, patch, byParent string }{
	{"customers", "customer", `{"name":"Mallory"}`, "email=ann@globex.test"},
	{"orders", "order", `{"state":"cancelled"}`, "customer_id={other.customer}"},
	{"order-items", "order_item", `{"quantity":99}`, "order_id={other.order}"},
	{"reviews", "review", `{"stars":1}`, "customer_id={other.customer}"},
	{"notifications", "notification", `{"subject":"Phished"}`, "order_id={other.order}"},
}

// crossTenantCases are acme's requests for globex's rows: every method on
// each row is 404 as if it did not exist (PUT has no route, for any row),
// lists hold only acme's rows, and a row may not point at another
// tenant's.
func crossTenantCases() []attack {
	var cases []attack
	for _, r := range tenantResources {
		row, list := "/api/"+r.route+"/{other."+r.row+"}", "/api/"+r.route
		cases = append(cases,
			attack{r.route + ": GET another tenant's row", "GET", row, "", "", notFound},
			attack{r.route + ": PATCH another tenant's row", "PATCH", row, "", r.patch, notFound},
			attack{r.route + ": PATCH another tenant's row with nothing", "PATCH", row, "", `{}`, notFound},
			attack{r.route + ": PUT another tenant's row", "PUT", row, "", r.patch, noMethod},
			attack{r.route + ": DELETE another tenant's row", "DELETE", row, "", "", notFound},
			attack{r.route + ": list", "GET", list, "", "", page(1)},
			attack{r.route + ": list by another tenant's parent", "GET", list, r.byParent, "", page(0)},
			attack{r.route + ": list from another tenant's row", "GET", list, "cursor={cursor.other." + r.row + "}", "", page(0)},
		)
	}
	return append(cases,
		attack{"an order of another tenant's customer", "POST", "/api/orders", "", `{"number":"X-1","customer_id":"{other.customer}"}`, invalid("customer_id")},
		attack{"an order moved to another tenant's customer", "PATCH", "/api/orders/{order}", "", `{"customer_id":"{other.customer}"}`, invalid("customer_id")},
		attack{"an item of another tenant's order", "POST", "/api/order-items", "", `{"quantity":1,"unit_price_cents":1,"order_id":"{other.order}","product_id":"{product}"}`, invalid("order_id")},
		attack{"an item moved to another tenant's order", "PATCH", "/api/order-items/{order_item}", "", `{"order_id":"{other.order}"}`, invalid("order_id")},
		attack{"a review by another tenant's customer", "POST", "/api/reviews", "", `{"stars":1,"product_id":"{other.product}","customer_id":"{other.customer}"}`, invalid("customer_id")},
		attack{"a notification of another tenant's order", "POST", "/api/notifications", "", `{"kind":"order_shipped","recipient":"x@acme.test","subject":"S","order_id":"{other.order}"}`, invalid("order_id")},
		// Products and categories are shared by every tenant.
		attack{"another tenant's product is shared", "GET", "/api/products/{other.product}", "", "", ok},
	)
}

// TestCrossTenant sends crossTenantCases as acme, checks that no answer
// holds anything of globex's rows, and that globex's rows are as they
// were. A token without a tenant gets 403 from every tenant's route.
func TestCrossTenant(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	globex := bearer(t, "bob", otherTenant)
	before := map[string]string{}
	for _, r := range tenantResources {
		id := s.ids["other."+r.row]
		s.ids["cursor.other."+r.row] = cursor(t, id)
		rec := s.check(t, attack{method: "GET", path: "/api/" + r.route + "/" + id, want: ok}, globex)
		before[r.route] = rec.Body.String()
	}
	// What of globex's rows an answer to acme must not hold.
	var secrets []string
	for name, id := range s.ids {
		if strings.HasPrefix(name, "other.") && name != "other.product" && name != "other.category" {
			secrets = append(secrets, id)
		}
	}
	secrets = append(secrets, "globex")

	acme := bearer(t, "ann", tenant)
	t.Run("cases", func(t *testing.T) {
		for _, a := range crossTenantCases() {
			t.Run(a.name, func(t *testing.T) {
				t.Parallel()
				rec := s.check(t, a, acme)
				for _, secret := range secrets {
					if a.want.status != ok.status && strings.Contains(rec.Body.String(), secret) {
						t.Errorf("the answer holds %q of another tenant:\n%s", secret, short(rec.Body.String()))
					}
				}
			})
		}
	})
	// A value unique within a tenant is free in another: a 409 would tell
	// acme what globex has.
	t.Run("another tenant's unique values", func(t *testing.T) {
		s.check(t, attack{"", "POST", "/api/customers", "", `{"email":"ann@globex.test","name":"Ann"}`, created}, acme)
		s.check(t, attack{"", "POST", "/api/orders", "", `{"number":"globex-1","customer_id":"{customer}"}`, created}, acme)
	})
	t.Run("another tenant's rows are unchanged", func(t *testing.T) {
		for _, r := range tenantResources {
			rec := s.check(t, attack{method: "GET", path: "/api/" + r.route + "/{other." + r.row + "}", want: ok}, globex)
			if got := rec.Body.String(); got != before[r.route] {
				t.Errorf("%s: globex's row changed:\nbefore %s\nafter  %s", r.route, before[r.route], got)
			}
		}
	})
	t.Run("no tenant", func(t *testing.T) {
		noTenant := bearer(t, "ann", "")
		for _, a := range []attack{
			{"", "GET", "/api/orders", "", "", forbidden},
			{"", "GET", "/api/orders/{order}", "", "", forbidden},
			{"", "POST", "/api/orders", "", `{"number":"NT-1","customer_id":"{customer}"}`, forbidden},
			{"", "PATCH", "/api/orders/{order}", "", `{"state":"cancelled"}`, forbidden},
			{"", "DELETE", "/api/orders/{order}", "", "", forbidden},
			{"", "GET", "/api/reports/top-products", "", "", forbidden},
			{"", "GET", "/api/products", "", "", page(2)}, // shared: acme's and globex's, the deleted one hidden
		} {
			s.check(t, a, noTenant)
		}
	})
}

// cursor is the cursor of a list's page after the row with id.
func cursor(t *testing.T, id string) string {
	t.Helper()
	u, err := uuid.Parse(id)
	if err != nil {
		t.Fatal(err)
	}
	return dbx.EncodeCursor(u)
}
