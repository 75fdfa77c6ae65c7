package shopapi

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/forge-framework/forge/forge/gen/internal/schematest"
	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/actions"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/jobs"
)

// schemaDir is the golden shop's schema, whose generated code is tested.
const schemaDir = "../../../../examples/shop/schema"

// shop is a fresh database holding the shop's tables and River's, and the
// generated actions on it.
type shop struct {
	pool    *pgxpool.Pool
	actions *actions.Actions
	// river is what rivertest reads jobs through.
	river *riverpgxv5.Driver
	// inserter is the actions' River client, which only inserts jobs.
	inserter *river.Client[pgx.Tx]
}

// newShop creates the shop's tables, with the first migration Forge writes
// for its schema, and River's, in a database of the test's own. Its River
// client only inserts jobs, so they stay in river_job to be checked.
func newShop(t *testing.T) *shop {
	t.Helper()
	ctx := t.Context()
	pool := schematest.Pool(t, schemaDir)
	logger := quietLogger()
	if err := jobs.Migrate(ctx, pool, logger); err != nil {
		t.Fatal(err)
	}
	client, err := jobs.NewClient(pool, config.Jobs{}, nil, logger)
	if err != nil {
		t.Fatal(err)
	}
	return &shop{pool: pool, actions: actions.New(pool, client), river: riverpgxv5.New(pool), inserter: client}
}

// quietLogger drops everything below errors: River reports its migrations.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError}))
}

// as returns ctx acting for a user of tenant; "" means a user of none.
func as(ctx context.Context, tenant string) context.Context {
	return auth.WithPrincipal(ctx, auth.Principal{UserID: "user-1", TenantID: tenant})
}

// count returns the number of rows of table.
func (s *shop) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := s.pool.QueryRow(t.Context(), "SELECT count(*) FROM "+pgx.Identifier{table}.Sanitize()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
