package schema

import "github.com/forge-framework/forge/forge/schema"

// An enum field's type is the resource's name and the field's: these would
// be the data layer's ProductColumns and ProductCreate.
var Product = schema.Define("Product",
	schema.Enum("Columns", "wide", "narrow"),
	schema.Enum("Create", "now", "later"),
	schema.Enum("Status", "draft", "live"),
)
