// Package migrations holds the app's SQL migrations, written by
// "forge migrate diff" and committed with the app's source.
//
// FS embeds the NNNN_name.up.sql and NNNN_name.down.sql files into the
// binary: give it to the server (server.App.Migrations) to apply the
// pending ones at start, or run "forge migrate up". The
// NNNN_name.schema.json files are the schema snapshots that the next
// "forge migrate diff" compares with; they are not embedded.
//
// Do not edit a migration once it is applied anywhere: its checksum is
// recorded, and a changed file is an error. Make a new one.
package migrations

import "embed"

// FS holds the migrations, at its root.
//
//go:embed *.sql
var FS embed.FS
