package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.HasMany("Review"),
	schema.HasMany("Review"),
)

var Review = schema.Define("Review", schema.Int("Stars"))
