// Package schema has mistakes.
package schema

import "github.com/forge-framework/forge/forge/schema"

var Task = schema.Define("Task",
	schema.String("Title").Required().MaxLen(200).Min(3),
	schema.BelongsTo("Project"),
)
