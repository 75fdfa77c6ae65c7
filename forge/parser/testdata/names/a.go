package schema

import "github.com/forge-framework/forge/forge/schema"

// Plurals, initialisms and multi-word names, as tables, routes and columns.
var Person = schema.Define("Person", schema.String("FullName"), schema.String("HTTPHomePage"))
var APIKey = schema.Define("APIKey", schema.String("KeyHash"), schema.BelongsTo("Person"))
var OrderItem = schema.Define("OrderItem", schema.Int("Line2Qty"))
var Address = schema.Define("Address", schema.String("Line1"), schema.String("PostCode"))
var Category = schema.Define("Category", schema.String("Name"))
var Day = schema.Define("Day", schema.Date("On"))
var Box = schema.Define("Box", schema.Int("Size"))
var Status = schema.Define("Status", schema.String("Text"))
var Leaf = schema.Define("Leaf", schema.String("Color"))
var SKU = schema.Define("SKU", schema.String("Code"))
var Metadata = schema.Define("Metadata", schema.JSON("Value"))
