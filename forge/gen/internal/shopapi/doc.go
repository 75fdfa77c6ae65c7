// Package shopapi tests the code Forge generates, as users run it: the
// golden shop app's actions and handlers (forge/gen/testdata/shop/gen,
// generated from examples/shop/schema) against a real PostgreSQL with
// River's tables, its tables created by the migration Forge would write for
// the shop's schema.
//
// Its tests need FORGE_TEST_DATABASE_URL (see internal/pgtest):
//
//	tools/postgres.sh run go test ./forge/gen/...
//
// What this package is not for: the generator's output text (the goldens
// in forge/gen are compared byte for byte) or the runtime packages, which
// test themselves.
package shopapi
