// Package shoptest tests the data layer and factories that forge generates
// (gen/db, gen/factories) on a real PostgreSQL, through the shop golden
// case under forge/gen/testdata/shop, generated from examples/shop/schema.
//
// The tests live here, in a normal package directory, because go test
// ./... skips directories named testdata. The tables come from the
// migration differ's DDL for the same schema, so these tests also check
// that the data layer reads and writes the tables the migrations create.
//
// What this package is not for: anything but tests (it has no code of its
// own), or the generated actions and handlers (see ../shopapi).
package shoptest
