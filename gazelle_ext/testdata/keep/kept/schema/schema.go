// Package schema describes the app's resources.
package schema

import "github.com/forge-framework/forge/forge/schema"

// Task is something to do.
var Task = schema.Define("Task",
	schema.String("Title").Required().MaxLen(200),
	schema.Bool("Done").Default(false),
	schema.WithTimestamps(),
)
