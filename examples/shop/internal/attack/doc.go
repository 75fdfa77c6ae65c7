// Package attack sends the shop what an attacker would, on a real
// PostgreSQL, and checks every answer: the exact status, the error's code
// and the fields it names, and never a 5xx. It holds only tests.
//
// Each test starts the shop in-process: runtime/server builds it exactly as
// the binary does (migrations, authentication, the body limit, the
// generated handlers and the app's reports), on a fresh database per test,
// and the requests go to its handler (server.Server.Handler) through
// httptest, so a request a client library would refuse can be sent, and a
// handler's panic fails the test that caused it.
//
// The cases are tables, one subtest per case, one table per class:
//
//   - text the database cannot store: NUL in string, text and pattern
//     fields, NUL and invalid UTF-8 in query filters (TestText, TestQuery);
//   - JSON values jsonb refuses though Go accepts them, and nesting depth
//     (TestJSON); decimals beyond what the column holds (TestDecimal);
//   - malformed bodies, wrong types, unknown fields, oversized bodies, and
//     a 422 that names every invalid field at once (TestBody);
//   - path ids, cursors, limits, SQL metacharacters in filters (TestPath,
//     TestQuery);
//   - every way a bearer token can fail, including validly signed tokens
//     whose ids the server must not take (TestAuth);
//   - another tenant's rows on every method (TestCrossTenant), a
//     soft-deleted parent (TestSoftDeletedParent), and a database that
//     cannot be reached (TestDatabaseUnreachable).
//
// FuzzHandlers feeds arbitrary ids, query strings and bodies to every
// route of the shop's schema and fails on a 5xx, a panic, or another
// tenant's row answered with anything but 404. Its seed corpus is the
// cases above, so plain go test runs them once more through it; make test
// fuzzes it for a short fixed time and make fuzz for longer:
//
//	tools/postgres.sh run go test ./examples/shop/internal/attack -run '^$' -fuzz FuzzHandlers -fuzztime 60s
//
// Tests skip without FORGE_TEST_DATABASE_URL (internal/pgtest).
//
// What this package is not for: the behaviour of one runtime package in
// isolation (each has its own tests), or the data layer's own API
// (forge/gen/internal/shoptest).
package attack
