// Package schema is the smallest golden case: one resource without
// tenants, timestamps, soft delete, relations or hooks.
package schema

import "github.com/forge-framework/forge/forge/schema"

// Note is a line of text.
var Note = schema.Define("Note",
	schema.String("Title").Required().MaxLen(100),
	schema.Text("Body"),
	schema.Bool("Pinned").Default(false),
)
