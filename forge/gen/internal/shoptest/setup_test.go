package shoptest

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/internal/schematest"
	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/factories"
	"github.com/forge-framework/forge/runtime/auth"
)

// schemaDir is the schema the golden gen/db and gen/factories come from.
const schemaDir = "../../../../examples/shop/schema"

// shop is a fresh database with the shop's tables.
type shop struct {
	pool *pgxpool.Pool
	q    *db.Queries
	f    *factories.Factory
}

func newShop(t *testing.T) *shop {
	t.Helper()
	pool := schematest.Pool(t, schemaDir)
	return &shop{pool: pool, q: db.New(pool), f: factories.New(pool)}
}

// as returns ctx acting for tenant.
func as(ctx context.Context, tenant string) context.Context {
	return auth.WithPrincipal(ctx, auth.Principal{UserID: "user-of-" + tenant, TenantID: tenant})
}

// counting is a db.DBTX that counts the statements it runs.
type counting struct {
	db.DBTX
	n atomic.Int64
}

func (c *counting) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	c.n.Add(1)
	return c.DBTX.Exec(ctx, sql, args...)
}

func (c *counting) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	c.n.Add(1)
	return c.DBTX.Query(ctx, sql, args...)
}

func (c *counting) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	c.n.Add(1)
	return c.DBTX.QueryRow(ctx, sql, args...)
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// requireValidation requires err to be a *db.ValidationError with exactly
// the given fields and messages.
func requireValidation(t *testing.T, err error, fields map[string]string) {
	t.Helper()
	var invalid *db.ValidationError
	require.ErrorAs(t, err, &invalid)
	require.Equal(t, fields, invalid.Fields)
}

// requireConflict requires err to be a *db.ConflictError on constraint
// with the given fields, and returns it.
func requireConflict(t *testing.T, err error, constraint string, fields ...string) *db.ConflictError {
	t.Helper()
	var conflict *db.ConflictError
	require.ErrorAs(t, err, &conflict)
	require.Equal(t, constraint, conflict.Constraint)
	if len(fields) == 0 {
		fields = nil
	}
	require.Equal(t, fields, conflict.Fields)
	return conflict
}
