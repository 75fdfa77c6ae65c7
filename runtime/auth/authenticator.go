package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/forge-framework/forge/runtime/apierror"
)

// ErrNoToken means the request carries no credentials at all, as opposed to
// bad ones. Authenticators return it (wrapped or not) so that Middleware
// can tell the client to authenticate rather than that its token is bad.
var ErrNoToken = errors.New("no bearer token")

// Authenticator identifies the caller of a request. An error means the
// request is not authenticated: Middleware answers 401 and does not call
// the handler.
type Authenticator interface {
	Authenticate(r *http.Request) (Principal, error)
}

// BearerAuthenticator authenticates "Authorization: Bearer <token>" with an
// HS256 token checked by Verify. The principal is the token's sub as
// UserID and its tid as TenantID.
type BearerAuthenticator struct {
	// Secret verifies the tokens' signatures; see SecretFromConfig.
	Secret []byte
	// Issuer is the iss tokens must carry; "" accepts any issuer.
	// Defaults to "".
	Issuer string
	// Now returns the current time, for tests. Defaults to time.Now.
	Now func() time.Time
}

// Authenticate implements Authenticator.
func (a BearerAuthenticator) Authenticate(r *http.Request) (Principal, error) {
	// RFC 6750 §2.1: the scheme is case-insensitive (RFC 9110 §11.1); a
	// request with another scheme carries no bearer token.
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return Principal{}, ErrNoToken
	}
	// "Bearer " with nothing after it is usually an unset shell variable:
	// saying the token is missing helps more than saying it is malformed.
	token = strings.TrimSpace(token)
	if token == "" {
		return Principal{}, ErrNoToken
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	c, err := Verify(a.Secret, token, a.Issuer, now())
	if err != nil {
		return Principal{}, fmt.Errorf("bearer token: %w", err)
	}
	// Verify accepts the token until Leeway after its exp; so does whatever
	// the principal is used for.
	return Principal{UserID: c.Subject, TenantID: c.Tenant, ExpiresAt: c.ExpiresAt.Add(Leeway)}, nil
}

// Middleware authenticates each request with a and calls next with the
// principal in the request's context (see FromContext). When a fails it
// answers 401 with a JSON error and a WWW-Authenticate challenge instead:
// "Bearer" when no credentials were sent, `Bearer error="invalid_token"`
// when they were bad (RFC 6750 §3). The body says whether the token was
// missing, expired or invalid, and no more. A principal whose user or
// tenant id CheckID refuses is a bad token too, whichever Authenticator
// made it.
func Middleware(a Authenticator, next http.Handler) http.Handler {
	if a == nil {
		panic("auth.Middleware: nil Authenticator")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := a.Authenticate(r)
		if err == nil {
			// Whatever authenticated the request, its ids go into queries.
			err = checkIDs(p.UserID, p.TenantID)
		}
		switch {
		case errors.Is(err, ErrNoToken):
			w.Header().Set("WWW-Authenticate", "Bearer")
			apierror.Write(w, http.StatusUnauthorized, "unauthorized", "missing bearer token: send Authorization: Bearer <token>")
		case errors.Is(err, ErrExpired):
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			apierror.Write(w, http.StatusUnauthorized, "unauthorized", "the bearer token has expired")
		case err != nil:
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			apierror.Write(w, http.StatusUnauthorized, "unauthorized", "the bearer token is invalid")
		default:
			next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
		}
	})
}

// RequireTenant answers 403 when the request's principal has no tenant, and
// otherwise calls next. Wrap every route that serves tenant-scoped data in
// it, inside Middleware, so such data is never served without a tenant to
// scope it by.
func RequireTenant(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := TenantFromContext(r.Context()); !ok {
			apierror.Write(w, http.StatusForbidden, "forbidden", "this resource requires a tenant")
			return
		}
		next.ServeHTTP(w, r)
	})
}
