package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.String("Name"),
	schema.Enum("Status", "draft"),
	schema.Index("Status", "Colour"),
	schema.UniqueIndex("Name", "Name"),
	schema.Index(),
	schema.UniqueIndex("Name"),
	schema.String("Code").Unique(),
	schema.UniqueIndex("Code"),
)
