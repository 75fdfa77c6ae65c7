package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product", schema.String("Name"))

func init() {
	_ = schema.Define("Hidden", schema.String("Name"))
}

var Wrapped = []*schema.Resource{schema.Define("Inner")}
