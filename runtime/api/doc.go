// Package api is the schema-independent half of Forge's generated JSON
// REST handlers (gen/handlers): strict decoding of request bodies, path
// ids, list query parameters and their value parsers, and the answers to
// errors and results. The generated handlers keep only what the schema
// decides (routes, body keys, filters) and call these.
//
// Bodies are decoded strictly: unknown keys, missing required keys, values
// of the wrong type and bytes that are not UTF-8 are 422 with a message per
// key, in one answer with the data layer's validation errors (runtime/dbx)
// of the other fields, so a client sees every problem at once. Query
// values that no text column stores (NUL, not UTF-8) are 400 naming the
// parameter. Every error has runtime/apierror's shape; a database that
// cannot be reached is 503 "unavailable" with Retry-After; 500 is kept for
// faults of the server, which are logged.
//
// An app's own handlers use it to answer as the generated ones do.
//
// What this package is not for: routing, authentication (runtime/server
// and runtime/auth), or the error body's shape (runtime/apierror).
package api
