// Package notes is not a schema package: it only names
// github.com/forge-framework/forge/forge/schema in this comment.
package notes

// Title is a note's title.
type Title string
