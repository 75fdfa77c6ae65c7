package schema

import "github.com/forge-framework/forge/forge/schema"

// Parses fine, but its relation to Product is not checked while a.go has
// syntax errors: reporting Product as unknown would only mislead.
var Review = schema.Define("Review", schema.BelongsTo("Product"))
