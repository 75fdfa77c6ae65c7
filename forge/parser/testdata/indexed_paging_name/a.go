package schema

import "github.com/forge-framework/forge/forge/schema"

// An indexed field is a filter of the list, beside its paging parameters
// Limit and Cursor; a field of either name can exist only unindexed.
var Quota = schema.Define("Quota",
	schema.Int("Limit").Unique(),
	schema.String("Cursor"),
	schema.String("Owner"),
	schema.Index("Owner", "Cursor"),
)

var Plan = schema.Define("Plan",
	schema.Int("Limit").Required(), // not indexed: no filter, no clash
	schema.String("Name").Unique(),
)
