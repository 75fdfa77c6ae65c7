// Package dbx is the runtime of the data layer Forge generates (an app's
// gen/db): the schema-independent code that every generated data layer
// shares, versioned and tested here once instead of being copied into each
// app. It holds update patches (Patch, Set, Null), calendar dates (Date),
// exact decimal checks (Decimal), what Postgres refuses in text and JSON
// values (TextProblem, JSONProblem, MaxJSONDepth), the errors a data layer
// returns (ValidationError, ConflictError, ErrNotFound, ...), the mapping
// of Postgres constraint violations onto them (Constraints) and of an
// unreachable database (Unavailable), tenant lookup
// (Tenant), keyset pages (PageLimit, EncodeCursor, Collect) and the
// statement builders (Stmt, Insert) and the guard that keeps writes from
// pointing at soft-deleted rows (Parent).
//
// Generated code imports it; app code rarely needs to, because gen/db
// re-exports the few names callers use (db.Patch, db.Set, db.Date,
// db.ValidationError, db.ErrNotFound, ...) as aliases.
//
// What this package is not for: anything a schema decides (row types,
// columns, constraint names, validation rules: those are generated), HTTP
// (gen/handlers, runtime/apierror) or transactions with jobs and events
// (gen/actions). Its exported names exist for generated code; they follow
// the generator's needs and may change with it.
package dbx
