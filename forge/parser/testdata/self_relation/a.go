package schema

import "github.com/forge-framework/forge/forge/schema"

// A category tree: a resource may belong to itself.
var Category = schema.Define("Category",
	schema.String("Name").Required(),
	schema.BelongsTo("Category"),
	schema.HasMany("Category"),
	schema.Index("Category", "Name"),
)
