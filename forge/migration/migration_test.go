package migration_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/migration"
	"github.com/forge-framework/forge/forge/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/<case>/")

// diffCase is one directory of testdata: the schema package before (old/,
// absent for a first migration; or old.json, the snapshot an older forge
// wrote) and after (new/) a change, and the goldens up.sql, down.sql and
// destructive.txt (one reason a line).
type diffCase struct {
	name     string
	dir      string
	old, new *ir.Schema
}

func diffCases(t *testing.T) []diffCase {
	t.Helper()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	var cases []diffCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		c := diffCase{name: e.Name(), dir: filepath.Join("testdata", e.Name())}
		if _, err := os.Stat(filepath.Join(c.dir, "old")); err == nil {
			c.old = parse(t, filepath.Join(c.dir, "old"))
		}
		if b, err := os.ReadFile(filepath.Join(c.dir, "old.json")); err == nil {
			c.old = new(ir.Schema)
			if err := json.Unmarshal(b, c.old); err != nil {
				t.Fatalf("%s/old.json: %v", c.dir, err)
			}
		}
		c.new = parse(t, filepath.Join(c.dir, "new"))
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		t.Fatal("no cases in testdata")
	}
	return cases
}

func parse(t *testing.T, dir string) *ir.Schema {
	t.Helper()
	s, err := parser.ParseDir(dir)
	if err != nil {
		t.Fatalf("parse %s: %v", dir, err)
	}
	return s
}

func TestDiffGoldens(t *testing.T) {
	for _, c := range diffCases(t) {
		t.Run(c.name, func(t *testing.T) {
			plan, err := migration.Diff(c.old, c.new, migration.Options{AllowDestructive: true})
			if err != nil {
				t.Fatalf("Diff: %v", err)
			}
			destructive := strings.Join(plan.Destructive, "\n")
			if destructive != "" {
				destructive += "\n"
			}
			golden(t, filepath.Join(c.dir, "up.sql"), plan.Up)
			golden(t, filepath.Join(c.dir, "down.sql"), plan.Down)
			golden(t, filepath.Join(c.dir, "destructive.txt"), destructive)

			// Without the option, a destructive plan is an error listing
			// every reason.
			_, err = migration.Diff(c.old, c.new, migration.Options{})
			var de *migration.DestructiveError
			switch {
			case len(plan.Destructive) == 0 && err != nil:
				t.Errorf("Diff without AllowDestructive: %v; want no error for a plan that loses nothing", err)
			case len(plan.Destructive) > 0 && !errors.As(err, &de):
				t.Errorf("Diff without AllowDestructive = %v, want a *DestructiveError", err)
			case len(plan.Destructive) > 0:
				for _, reason := range plan.Destructive {
					if !strings.Contains(err.Error(), reason) {
						t.Errorf("error %q lacks %q", err, reason)
					}
				}
				if !strings.Contains(err.Error(), "--allow-destructive") {
					t.Errorf("error %q does not say how to proceed", err)
				}
			}

			// Diffing a schema with itself changes nothing.
			if same, err := migration.Diff(c.new, c.new, migration.Options{}); err != nil || !same.Empty() || same.Down != "" {
				t.Errorf("Diff(new, new) = %+v, %v; want an empty plan", same, err)
			}
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestDiffIsDeterministic(t *testing.T) {
	s := parse(t, "../../examples/shop/schema")
	first, err := migration.Diff(nil, s, migration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := migration.Diff(&ir.Schema{}, s, migration.Options{})
		if err != nil || again.Up != first.Up || again.Down != first.Down {
			t.Fatalf("Diff differs between runs:\n%s\n---\n%s", first.Up, again.Up)
		}
	}
}

func TestDestructiveErrorMessage(t *testing.T) {
	old := parse(t, "testdata/drop_column/old")
	cur := parse(t, "testdata/drop_column/new")
	_, err := migration.Diff(old, cur, migration.Options{})
	want := "the migration would lose data:\n\tdrops column items.sku and its data\nif that is intended, pass --allow-destructive"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant %s", err, want)
	}
}

func TestDiffRejectsNewerIR(t *testing.T) {
	s := &ir.Schema{Version: ir.Version + 1}
	if _, err := migration.Diff(nil, s, migration.Options{}); err == nil || !strings.Contains(err.Error(), "upgrade forge") {
		t.Errorf("Diff of a newer IR: %v, want an error saying to upgrade forge", err)
	}
}

// parseSrc parses one schema file given as source, named schema.go.
func parseSrc(t *testing.T, src string) *ir.Schema {
	t.Helper()
	s, err := parser.Parse([]parser.File{{Name: "schema.go", Src: []byte(src)}})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return s
}

func TestRenameHints(t *testing.T) {
	t.Parallel()
	old := parseSrc(t, `package schema
import s "github.com/forge-framework/forge/forge/schema"
var Item = s.Define("Item", s.String("Name"), s.String("Title"))
var Shelf = s.Define("Shelf", s.String("Label"))
`)
	for _, c := range []struct{ name, src, err string }{{
		name: "a field renamed from a field the table never had",
		src: `package schema
import s "github.com/forge-framework/forge/forge/schema"
var Item = s.Define("Item", s.String("Name"), s.String("Title"), s.String("Heading").RenamedFrom("Caption"))
var Shelf = s.Define("Shelf", s.String("Label"))
`,
		err: `migration: schema.go:3:98: RenamedFrom("Caption") of Item.Heading: the previous schema (the last migration's snapshot) has no field Caption in Item (column caption); name the field as it was, or remove the hint`,
	}, {
		name: "a resource renamed from one that never existed",
		src: `package schema
import s "github.com/forge-framework/forge/forge/schema"
var Item = s.Define("Item", s.String("Name"), s.String("Title"))
var Rack = s.Define("Rack", s.RenamedFrom("Bin"), s.String("Label"))
`,
		err: `migration: schema.go:4:43: RenamedFrom("Bin") in Rack: the previous schema (the last migration's snapshot) has no resource Bin with a table bins; name the resource as it was, or remove the hint`,
	}, {
		name: "a field of a new table renamed",
		src: `package schema
import s "github.com/forge-framework/forge/forge/schema"
var Item = s.Define("Item", s.String("Name"), s.String("Title"))
var Shelf = s.Define("Shelf", s.String("Label"))
var Rack = s.Define("Rack", s.String("Label").RenamedFrom("Tag"))
`,
		err: `migration: schema.go:5:59: RenamedFrom("Tag") of Rack.Label: the previous schema (the last migration's snapshot) has no field Tag in Rack (column tag); name the field as it was, or remove the hint`,
	}} {
		t.Run(c.name, func(t *testing.T) {
			_, err := migration.Diff(old, parseSrc(t, c.src), migration.Options{AllowDestructive: true})
			if err == nil || err.Error() != c.err {
				t.Errorf("Diff: %v\nwant %s", err, c.err)
			}
		})
	}

	// A rename onto a name the old table still has cannot be one step. The
	// parser lets it through: Title may be a field dropped in this
	// migration.
	_, err := migration.Diff(parseSrc(t, `package schema
import s "github.com/forge-framework/forge/forge/schema"
var Item = s.Define("Item", s.String("Name"), s.String("Title"))
`), parseSrc(t, `package schema
import s "github.com/forge-framework/forge/forge/schema"
var Item = s.Define("Item", s.String("Title").RenamedFrom("Name"))
`), migration.Options{AllowDestructive: true})
	if err == nil || !strings.Contains(err.Error(), "has both columns name and title") {
		t.Errorf("Diff renaming onto a column still there: %v", err)
	}

	// Once a migration renamed, the hint left in the schema does nothing.
	renamed := parseSrc(t, `package schema
import s "github.com/forge-framework/forge/forge/schema"
var Item = s.Define("Item", s.String("Caption").RenamedFrom("Name"), s.String("Title"))
var Rack = s.Define("Rack", s.RenamedFrom("Shelf"), s.String("Label"))
`)
	plan, err := migration.Diff(old, renamed, migration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Destructive) > 0 || !strings.Contains(plan.Up, "ALTER TABLE shelves RENAME TO racks;") || !strings.Contains(plan.Up, "ALTER TABLE items RENAME COLUMN name TO caption;") {
		t.Errorf("the renames' plan:\n%s\ndestructive: %v", plan.Up, plan.Destructive)
	}
	snapshot := parseSrc(t, `package schema
import s "github.com/forge-framework/forge/forge/schema"
var Item = s.Define("Item", s.String("Caption").RenamedFrom("Name"), s.String("Title"))
var Rack = s.Define("Rack", s.RenamedFrom("Shelf"), s.String("Label"))
`)
	if again, err := migration.Diff(snapshot, renamed, migration.Options{}); err != nil || !again.Empty() {
		t.Errorf("Diff after the rename = %+v, %v; want an empty plan", again, err)
	}

	// The first migration has nothing to rename: it creates the tables.
	if first, err := migration.Diff(nil, renamed, migration.Options{}); err != nil || !strings.Contains(first.Up, "CREATE TABLE racks") {
		t.Errorf("Diff(nil, renamed) = %+v, %v", first, err)
	}
}
