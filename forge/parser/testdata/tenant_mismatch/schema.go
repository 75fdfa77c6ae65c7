package schema

import "github.com/forge-framework/forge/forge/schema"

var Customer = schema.Define("Customer",
	schema.String("Name"),
	schema.WithTenant(),
)

// Review is shared by every tenant but points at one tenant's customer.
var Review = schema.Define("Review",
	schema.Int("Stars"),
	schema.BelongsTo("Customer"),
)

var Event = schema.Define("Event",
	schema.String("Name"),
)
