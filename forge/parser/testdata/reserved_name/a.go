package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.UUID("ID"),
	schema.String("TenantID"),
	schema.Time("CreatedAt"),
	schema.Time("UpdatedAt"),
	schema.Time("DeletedAt"),
	schema.String("Name"),
)

var RiverJob = schema.Define("RiverJob", schema.String("Name"))
