package schema

import "github.com/forge-framework/forge/forge/schema"

var Note = schema.Define("Note", schema.Text("Body").Required())
