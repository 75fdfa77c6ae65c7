// go build ignores files whose names start with _ (and so does the
// extension): this resource is not part of the schema.
package schema

import "github.com/forge-framework/forge/forge/schema"

var Hidden = schema.Define("Hidden",
	schema.BelongsTo("Nowhere"),
)
