//go:build ignore

package main

// Excluded by its build constraint: not part of the schema package.
import "github.com/forge-framework/forge/forge/schema"

var Note = schema.Define("Note")
