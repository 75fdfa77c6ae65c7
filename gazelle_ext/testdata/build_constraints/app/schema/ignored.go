//go:build ignore

// A file go build never compiles: were it parsed, its mistake would be
// reported and the package's rules left alone.
package schema

import "github.com/forge-framework/forge/forge/schema"

var Project = schema.Define("Project",
	schema.BelongsTo("Nowhere"),
)
