package attack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
)

// authRoutes are requests that every failed authentication must stop
// before the handler: the generated routes of a tenant's resource and of
// a shared one, the app's own report, and the event stream.
var authRoutes = []struct{ method, path, body string }{
	{"GET", "/api/orders", ""},
	{"GET", "/api/orders/{order}", ""},
	{"POST", "/api/orders", `{"number":"AUTH-1","customer_id":"{customer}"}`},
	{"PATCH", "/api/orders/{order}", `{"state":"cancelled"}`},
	{"DELETE", "/api/orders/{order}", ""},
	{"GET", "/api/products", ""},
	{"POST", "/api/products", `{"name":"Auth","price_cents":1}`},
	{"GET", "/api/reports/top-products", ""},
	{"GET", "/api/events", ""},
}

// The WWW-Authenticate challenges of a 401 (RFC 6750 §3).
const (
	challengeNoToken  = "Bearer"
	challengeBadToken = `Bearer error="invalid_token"`
)

// An oversized id: over any limit on tenant and user ids, under the
// server's limit on a request's header.
var oversizedID = strings.Repeat("a", 10_000)

// TestAuth sends every kind of failed authentication to every kind of
// route: each is 401 with the challenge that says whether a token was
// missing or bad, and nothing the request asked for happens.
func TestAuth(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	now := time.Now()
	valid := claims("ann", tenant)
	with := func(change func(*auth.Claims)) string {
		c := valid
		change(&c)
		return "Bearer " + mint(t, []byte(secret), c)
	}
	good := mint(t, []byte(secret), valid)
	goodHeader, goodPayload, _ := strings.Cut(good, ".")
	goodPayload, _, _ = strings.Cut(goodPayload, ".")
	otherPayload := strings.Split(mint(t, []byte(secret), claims("ann", otherTenant)), ".")[1]
	payload := `{"sub":"ann","tid":"acme","iss":"shop","exp":` + unix(now.Add(time.Hour)) + `}`

	cases := []struct {
		name          string
		authorization string // "" sends no Authorization header
		challenge     string
	}{
		{"no Authorization header", "", challengeNoToken},
		{"another scheme", "Basic YW5uOnNlY3JldA==", challengeNoToken},
		{"an empty bearer token", "Bearer ", challengeNoToken},
		{"not a token", "Bearer not-a-token", challengeBadToken},
		{"three empty parts", "Bearer ..", challengeBadToken},
		{"two parts", "Bearer " + goodHeader + "." + goodPayload, challengeBadToken},
		{"four parts", "Bearer " + good + ".x", challengeBadToken},
		{"two tokens", "Bearer " + good + " " + good, challengeBadToken},
		{"a signature that is not base64url", "Bearer " + goodHeader + "." + goodPayload + ".%%%", challengeBadToken},
		{"a payload that is not JSON, validly signed", "Bearer " + forge(`{"alg":"HS256"}`, `not json`, []byte(secret)), challengeBadToken},
		{"claims of the wrong type, validly signed", "Bearer " + forge(`{"alg":"HS256"}`, `{"sub":1,"exp":"tomorrow"}`, []byte(secret)), challengeBadToken},
		{"signed with another secret", "Bearer " + mint(t, []byte("another-secret-of-at-least-32-bytes!!"), valid), challengeBadToken},
		{"signed with the development secret", "Bearer " + mint(t, []byte(config.DevelopmentSecret), valid), challengeBadToken},
		{"another tenant's payload under this signature", "Bearer " + goodHeader + "." + otherPayload + "." + strings.Split(good, ".")[2], challengeBadToken},
		{"alg none without a signature", "Bearer " + forge(`{"alg":"none","typ":"JWT"}`, payload, nil), challengeBadToken},
		{"alg none with a valid HS256 signature", "Bearer " + forge(`{"alg":"none","typ":"JWT"}`, payload, []byte(secret)), challengeBadToken},
		{"alg None", "Bearer " + forge(`{"alg":"None"}`, payload, nil), challengeBadToken},
		{"alg HS512", "Bearer " + forge(`{"alg":"HS512"}`, payload, []byte(secret)), challengeBadToken},
		{"alg in lower case", "Bearer " + forge(`{"alg":"hs256"}`, payload, []byte(secret)), challengeBadToken},
		{"no alg", "Bearer " + forge(`{"typ":"JWT"}`, payload, []byte(secret)), challengeBadToken},
		{"expired", with(func(c *auth.Claims) { c.ExpiresAt = now.Add(-time.Hour) }), challengeBadToken},
		{"expired by twice the leeway", with(func(c *auth.Claims) { c.ExpiresAt = now.Add(-2 * auth.Leeway) }), challengeBadToken},
		{"not valid before an hour from now", with(func(c *auth.Claims) { c.NotBefore = now.Add(time.Hour); c.ExpiresAt = now.Add(2 * time.Hour) }), challengeBadToken},
		{"not valid before twice the leeway from now", with(func(c *auth.Claims) { c.NotBefore = now.Add(2 * auth.Leeway) }), challengeBadToken},
		{"another issuer", with(func(c *auth.Claims) { c.Issuer = "blog" }), challengeBadToken},
		{"no issuer", with(func(c *auth.Claims) { c.Issuer = "" }), challengeBadToken},
		{"no subject", "Bearer " + forge(`{"alg":"HS256"}`, `{"tid":"acme","iss":"shop","exp":`+unix(now.Add(time.Hour))+`}`, []byte(secret)), challengeBadToken},
		{"no expiry", "Bearer " + forge(`{"alg":"HS256"}`, `{"sub":"ann","tid":"acme","iss":"shop"}`, []byte(secret)), challengeBadToken},
		{"an expiry past year 9999", "Bearer " + forge(`{"alg":"HS256"}`, `{"sub":"ann","tid":"acme","iss":"shop","exp":1e300}`, []byte(secret)), challengeBadToken},
		// Validly signed, but with ids the server cannot take.
		{"an oversized tenant id", "Bearer " + signed(t, "ann", oversizedID), challengeBadToken},
		{"NUL in the tenant id", "Bearer " + signed(t, "ann", "acme\x00"), challengeBadToken},
		{"only NUL as the tenant id", "Bearer " + signed(t, "ann", "\x00"), challengeBadToken},
		{"an oversized user id", "Bearer " + signed(t, oversizedID, tenant), challengeBadToken},
		{"NUL in the user id", "Bearer " + signed(t, "ann\x00", tenant), challengeBadToken},
	}
	t.Run("cases", func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				for _, r := range authRoutes {
					a := attack{method: r.method, path: r.path, body: r.body, want: unauthorized}
					rec := s.check(t, a, tc.authorization)
					if rec.Code == unauthorized.status {
						if got := rec.Header().Get("WWW-Authenticate"); got != tc.challenge {
							t.Errorf("%s %s: WWW-Authenticate %q, want %q", r.method, r.path, got, tc.challenge)
						}
					}
				}
			})
		}
	})
	// Nothing the refused requests asked for was done.
	s.check(t, attack{method: "GET", path: "/api/orders/{order}", want: ok}, bearer(t, "ann", tenant))
	s.check(t, attack{method: "GET", path: "/api/orders", query: "state=cancelled", want: page(0)}, bearer(t, "ann", tenant))
	s.check(t, attack{method: "GET", path: "/api/products", query: "name=Auth", want: page(0)}, bearer(t, "ann", tenant))
}

// forge returns a token of the given header and payload JSON, signed with
// key by HS256 whatever the header says, or with no signature when key is
// nil.
func forge(header, payload string, key []byte) string {
	input := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(payload))
	if key == nil {
		return input + "."
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(input))
	return input + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// signed returns a validly signed token for user in tenant tn, valid for
// an hour. It is made without auth.Mint, which may refuse ids that the
// server refuses: whoever else signs with the secret need not.
func signed(t *testing.T, user, tn string) string {
	t.Helper()
	payload, err := json.Marshal(map[string]any{"sub": user, "tid": tn, "iss": issuer, "exp": time.Now().Add(time.Hour).Unix()})
	if err != nil {
		t.Fatal(err)
	}
	return forge(`{"alg":"HS256","typ":"JWT"}`, string(payload), []byte(secret))
}

// unix is t as a JWT NumericDate.
func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
