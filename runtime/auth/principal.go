package auth

import (
	"context"
	"time"
)

// Principal is who a request (or a job) acts for.
type Principal struct {
	// UserID identifies the user; empty for a job acting for a tenant only.
	UserID string
	// TenantID scopes every tenant-scoped query; empty when the app has no
	// tenants or the caller belongs to none.
	TenantID string
	// ExpiresAt is when the credentials that authenticated the request
	// stop being accepted: for a bearer token, its exp plus Leeway. Zero
	// means they do not expire. Requests that outlive their start, such
	// as event streams (runtime/sse), end then.
	ExpiresAt time.Time
}

type principalKey struct{}

// WithPrincipal returns a context carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal in ctx, if any.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// TenantFromContext returns the tenant of the principal in ctx. It reports
// false when there is no principal or it has no tenant: tenant-scoped data
// must then not be read or written.
func TenantFromContext(ctx context.Context) (string, bool) {
	p, ok := FromContext(ctx)
	if !ok || p.TenantID == "" {
		return "", false
	}
	return p.TenantID, true
}
