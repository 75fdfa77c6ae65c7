package schema

import "github.com/forge-framework/forge/forge/schema"

var Category = schema.Define("Category", schema.String("Name"))

var Product = schema.Define("Product",
	schema.BelongsTo("Categry"),
	schema.HasMany("Review"),
)
