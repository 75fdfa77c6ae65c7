package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.Int("Stock").Min(10).Max(5),
	schema.Float("Rating").Max(1.5).Min(2.5),
	schema.String("Code").MinLen(8).MaxLen(4),
	schema.String("Empty").MaxLen(0),
	schema.Int("Small").Max(3000000000),
	schema.Int("Whole").Min(1.5),
	schema.String("Neg").MinLen(-1),
)
