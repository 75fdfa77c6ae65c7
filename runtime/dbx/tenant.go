package dbx

import (
	"context"

	"github.com/forge-framework/forge/runtime/auth"
)

// Tenant returns the tenant of the caller in ctx (auth.TenantFromContext),
// or ErrNoTenant. Tenant-scoped resources put it in every statement.
func Tenant(ctx context.Context) (string, error) {
	tenant, ok := auth.TenantFromContext(ctx)
	if !ok {
		return "", ErrNoTenant
	}
	return tenant, nil
}
