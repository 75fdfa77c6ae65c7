// Package schematest gives the generator's integration tests a database
// with a golden case's tables, created by the DDL the migration differ
// writes for the case's schema: so the generated data layer is tested
// against the tables an app's first migration would create.
//
// What this package is not for: apps' tests (they apply their own
// migrations, or use gen/factories on a migrated database).
package schematest

import (
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/forge/migration"
	"github.com/forge-framework/forge/forge/parser"
	"github.com/forge-framework/forge/internal/pgtest"
)

// DDL returns the SQL that creates the tables of the schema package in
// schemaDir, as its first migration would.
func DDL(schemaDir string) (string, error) {
	s, err := parser.ParseDir(schemaDir)
	if err != nil {
		return "", err
	}
	plan, err := migration.Diff(nil, s, migration.Options{})
	return plan.Up, err
}

// Pool returns a pool on a fresh database (internal/pgtest) holding the
// tables of the schema package in schemaDir.
func Pool(t testing.TB, schemaDir string) *pgxpool.Pool {
	t.Helper()
	ddl, err := DDL(schemaDir)
	if err != nil {
		t.Fatalf("the tables of %s: %v", schemaDir, err)
	}
	pool := pgtest.Pool(t)
	// No arguments: pgx sends it with the simple protocol, which runs
	// several statements.
	if _, err := pool.Exec(t.Context(), ddl); err != nil {
		t.Fatalf("create the tables of %s: %v", schemaDir, err)
	}
	return pool
}
