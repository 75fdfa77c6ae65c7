package schema

import "github.com/forge-framework/forge/forge/schema"

var Category = schema.Define("Category", schema.String("Name"))

var Product = schema.Define("Product",
	schema.UUID("CategoryID"),
	schema.BelongsTo("Category"),
	schema.String("Category"),
)



// "Statuse" pluralises to the table of "Status".
var Status = schema.Define("Status", schema.String("Name"))

var Statuse = schema.Define("Statuse", schema.String("Name"))
