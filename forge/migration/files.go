package migration

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/runtime/migrate"
)

// EmbedFile is the Go file in the migrations directory that embeds the SQL
// files into the app's binary. Write creates it once; after that it is the
// user's.
const EmbedFile = "migrations.go"

// EmbedSource is the content of EmbedFile.
const EmbedSource = `// Package migrations holds the app's SQL migrations, written by
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
`

// CheckName reports whether name can name a migration that diff writes:
// one that runtime/migrate's file-name rule accepts, in lower case, as in
// 0002_add_sku.up.sql.
func CheckName(name string) error {
	if _, _, ok := migrate.ParseStem(migrate.Stem(1, name)); !ok || strings.ToLower(name) != name {
		return fmt.Errorf("migration name %q: use lower-case letters, digits and underscores only, such as add_sku", name)
	}
	return nil
}

// Files returns the files of migration version named name, keyed by file
// name: NNNN_name.up.sql and NNNN_name.down.sql with p's SQL under a
// header, and NNNN_name.schema.json, the snapshot of the schema the
// migration leads to, which the next diff compares with.
func Files(version int64, name string, p Plan, snapshot *ir.Schema) (map[string][]byte, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	if version < 1 {
		return nil, fmt.Errorf("migration version %d: versions start at 1", version)
	}
	snap, err := json.MarshalIndent(snapshot, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode schema snapshot: %w", err)
	}
	stem := migrate.Stem(version, name)
	header := "-- " + stem + ": written by forge migrate diff. Review it before applying;\n" +
		"-- once applied anywhere, do not edit it: put further changes in a new migration.\n\n"
	return map[string][]byte{
		stem + ".up.sql":      []byte(header + p.Up),
		stem + ".down.sql":    []byte(header + p.Down),
		stem + snapshotSuffix: append(snap, '\n'),
	}, nil
}
