package schema

import "github.com/forge-framework/forge/forge/schema"

var Category = schema.Define("Category",
	schema.String("Name").Required(),
	schema.WithTenant(),
)

var Review = schema.Define("Review",
	schema.Int("Stars").Required().Min(1).Max(5),
	schema.BelongsTo("Product").Required(),
	schema.WithTenant(),
)
