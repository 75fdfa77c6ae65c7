package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.Int("Stock").Min(10).Max(5),
	schema.BelongsTo("Nope"),
)
