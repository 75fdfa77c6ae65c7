// Package dbx is the schema-independent part of Forge's generated data
// layer (gen/db): the errors its queries return, which callers such as
// runtime/api tell apart with errors.Is and errors.As.
//
// Generated code imports it; gen/db re-exports its names (db.ErrNotFound is
// dbx.ErrNotFound), so an app's code uses either.
//
// What this package is not for: a resource's rows, inputs and queries,
// which depend on the schema and are generated.
package dbx
