package schema

import "github.com/forge-framework/forge/forge/schema"

var Order = schema.Define("Order",
	schema.Enum("State"),
	schema.Bool("Paid").Default(1),
	schema.Index("Missing"),
)
