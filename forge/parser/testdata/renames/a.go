package schema

import "github.com/forge-framework/forge/forge/schema"

// Product was Item, and its Title was Name: the IR carries the old names
// for the migration differ.
var Product = schema.Define("Product",
	schema.RenamedFrom("Item"),
	schema.String("Title").Required().RenamedFrom("Name"),
	schema.Enum("State", "draft", "live").RenamedFrom("Status"),
	schema.Int("PriceCents"),
)
