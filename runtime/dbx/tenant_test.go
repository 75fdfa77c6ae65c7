package dbx_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/dbx"
)

func TestTenant(t *testing.T) {
	_, err := dbx.Tenant(context.Background())
	require.ErrorIs(t, err, dbx.ErrNoTenant)

	ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "u1", TenantID: "acme"})
	tenant, err := dbx.Tenant(ctx)
	require.NoError(t, err)
	require.Equal(t, "acme", tenant)
}

func TestTenantEmpty(t *testing.T) {
	ctx := auth.WithPrincipal(context.Background(), auth.Principal{UserID: "u1"})
	_, err := dbx.Tenant(ctx)
	require.ErrorIs(t, err, dbx.ErrNoTenant, "a principal without a tenant")
}
