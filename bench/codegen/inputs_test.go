package main

import (
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/gen"
	"github.com/forge-framework/forge/forge/parser"
)

// TestSchemasAgree keeps the benchmark's two renderings of its schema
// describing the same tables: every table, column and index of the parsed
// Forge schema is in sqlc's schema.sql, and sqlc gets five queries a table.
func TestSchemasAgree(t *testing.T) {
	const n = 4
	s, err := parser.Parse([]parser.File{{Name: "schema.go", Src: forgeSchema(n)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Resources) != n {
		t.Fatalf("%d resources, want %d", len(s.Resources), n)
	}
	ddl := string(sqlcSchema(n))
	tables := strings.Split(ddl, "CREATE TABLE ")[1:]
	if len(tables) != n {
		t.Fatalf("schema.sql has %d tables, want %d", len(tables), n)
	}
	for i := range n {
		table := tables[i]
		want := tableName(i) + " ("
		if !strings.HasPrefix(table, want) {
			t.Fatalf("table %d of schema.sql is %.20q, want %q…", i, table, want)
		}
		r := s.Resource(resourceName(i))
		if r == nil {
			t.Fatalf("no resource %s", resourceName(i))
		}
		if r.Table != tableName(i) {
			t.Errorf("%s's table is %s, want %s", r.Name, r.Table, tableName(i))
		}
		columns := 3 // id, created_at, updated_at
		for _, f := range r.Fields {
			if !strings.Contains(table, "\n  "+f.Column+" ") {
				t.Errorf("schema.sql's %s lacks column %s", r.Table, f.Column)
			}
			columns++
		}
		if got := strings.Count(table, "\n  ") - 1; got != columns { // the CHECK is on a line of its own
			t.Errorf("schema.sql's %s has %d columns, Forge's %d", r.Table, got, columns)
		}
		for _, ix := range r.Indexes {
			if !strings.Contains(table, "CREATE INDEX "+ix.Name+" ON "+r.Table+" ("+strings.Join(ix.Columns, ", ")+");") {
				t.Errorf("schema.sql lacks index %s on %s (%v)", ix.Name, r.Table, ix.Columns)
			}
		}
		if got := strings.Count(table, "CREATE INDEX"); got != len(r.Indexes) {
			t.Errorf("schema.sql indexes %s %d times, Forge %d", r.Table, got, len(r.Indexes))
		}
	}
	if q := strings.Count(string(sqlcQueries(n)), "-- name: "); q != 5*n {
		t.Errorf("query.sql has %d queries, want %d", q, 5*n)
	}
}

// BenchmarkForgeGenerate is forge generate's work on the benchmark's
// 200-table schema in process (parse and generate, no writing): the one to
// profile when the whole-process numbers move.
//
//	go test ./bench/codegen -run '^$' -bench ForgeGenerate -cpuprofile cpu.out
func BenchmarkForgeGenerate(b *testing.B) {
	src := forgeSchema(200)
	b.ReportAllocs()
	for b.Loop() {
		s, err := parser.Parse([]parser.File{{Name: "schema.go", Src: src}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := gen.Generate(s, gen.Options{ImportPath: appImportpath}); err != nil {
			b.Fatal(err)
		}
	}
}
