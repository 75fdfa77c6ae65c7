// Package longnamestest tests the longnames golden case
// (forge/gen/testdata/longnames) on a real PostgreSQL: its index and
// constraint names would pass Postgres's 63-byte limit if written out
// whole, so forge/sqlschema shortens them. The tests check that the names
// Postgres stores are sqlschema's and that the generated data layer still
// maps a violation back to its field by the name Postgres reports.
//
// What this package is not for: anything but tests.
package longnamestest
