// Package schema has no resources yet: parsing succeeds with none, and
// forge generate reports that there is nothing to generate.
package schema

const unused = 1
