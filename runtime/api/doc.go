// Package api is the schema-independent half of Forge's generated JSON
// REST handlers (gen/handlers): strict decoding of request bodies, path
// ids, list query parameters and their value parsers, and the answers to
// errors and results. The generated handlers keep only what the schema
// decides (routes, body keys, filters) and call these.
//
// Bodies are decoded strictly: unknown keys, missing required keys and
// values of the wrong type are 422 with a message per key, as the data
// layer's validation errors (runtime/dbx) are. Every error has
// runtime/apierror's shape; 500 is kept for faults of the server, which
// are logged.
//
// An app's own handlers use it to answer as the generated ones do.
//
// What this package is not for: routing, authentication (runtime/server
// and runtime/auth), or the error body's shape (runtime/apierror).
package api
