package schema

import "github.com/forge-framework/forge/forge/schema"

var Note = schema.Define("Note",
	schema.String("Title").Required().MaxLen(200),
	schema.WithTimestamps(),
)
