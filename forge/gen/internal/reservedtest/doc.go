// Package reservedtest tests the generated data layer and factories of the
// reserved golden case (forge/gen/testdata/reserved) on a real PostgreSQL:
// columns named by reserved key words ("order", "user", "end", "check",
// "group", "table"), which every statement must quote as the migration's
// DDL does. See ../shoptest for the common paths.
//
// What this package is not for: anything but tests.
package reservedtest
