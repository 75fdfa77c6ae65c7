package schema

import "github.com/forge-framework/forge/forge/schema"

// Order, Customer and Account require each other in a ring: none of them
// could ever be created first.
var Order = schema.Define("Order",
	schema.BelongsTo("Customer").Required(),
)

var Customer = schema.Define("Customer",
	schema.BelongsTo("Account").Required(),
	schema.BelongsTo("Region"), // optional: breaks no cycle, makes none
)

var Account = schema.Define("Account",
	schema.BelongsTo("Order").Required(),
)

// A Region may belong to a parent Region: optional, so it is fine.
var Region = schema.Define("Region",
	schema.BelongsTo("Region"),
)

// A Folder that requires a parent Folder can have no first folder.
var Folder = schema.Define("Folder",
	schema.BelongsTo("Folder").Required(),
)

// Line requires an Order, which is on a cycle, but is on none itself.
var Line = schema.Define("Line",
	schema.BelongsTo("Order").Required(),
)
