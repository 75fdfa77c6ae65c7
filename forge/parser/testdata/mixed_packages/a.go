package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product", schema.String("Name"))
