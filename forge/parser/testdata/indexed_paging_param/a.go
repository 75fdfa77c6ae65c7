package schema

import "github.com/forge-framework/forge/forge/schema"

// LIMIT and CURSOR are free Go names, but their JSON names are the list's
// ?limit= and ?cursor= query parameters. A sensitive field is no query
// parameter, so Secret's CURSOR does not clash.
var Report = schema.Define("Report",
	schema.Int("LIMIT"),
	schema.String("CURSOR"),
	schema.UniqueIndex("LIMIT", "CURSOR"),
)

var Secret = schema.Define("Secret",
	schema.String("CURSOR").Sensitive().Unique(),
	schema.String("LIMIT").Sensitive(),
	schema.Index("LIMIT"),
	schema.String("Cursorx").Unique(),
)
