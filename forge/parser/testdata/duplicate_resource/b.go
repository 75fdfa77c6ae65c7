package schema

import "github.com/forge-framework/forge/forge/schema"

var Product2 = schema.Define("Product", schema.String("Title"))
