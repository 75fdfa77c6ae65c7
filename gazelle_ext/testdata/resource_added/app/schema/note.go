package schema

import "github.com/forge-framework/forge/forge/schema"

// Note is a remark on a task; creating one enqueues a job.
var Note = schema.Define("Note",
	schema.Text("Body").Required(),
	schema.BelongsTo("Task").Required(),
	schema.WithHooks(schema.Hooks{
		AfterCreate: []schema.JobRef{{Kind: "note_created", Queue: "default"}},
	}),
)
