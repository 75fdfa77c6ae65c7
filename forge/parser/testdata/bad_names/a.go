package schema

import "github.com/forge-framework/forge/forge/schema"

var product = schema.Define("product",
	schema.String("name"),
)

var Order = schema.Define("Order",
	schema.String("Order_Number"),
	schema.String(""),
	schema.Enum("State", "Paid", "in stock", "ok", "ok"),
)
