// Package kindstest tests the generated data layer and factories of the
// kinds golden case (forge/gen/testdata/kinds) on a real PostgreSQL: every
// field type required, limits a factory cannot guess, and a tenant resource
// with soft delete but no timestamps. See ../shoptest for the common paths.
//
// What this package is not for: anything but tests.
package kindstest
