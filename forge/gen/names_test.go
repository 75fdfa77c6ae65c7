package gen

import (
	"path/filepath"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/parser"
)

// TestIRNamesAreNamesGo checks that the names the parser puts in the IR of
// each golden case are those forge/ir's names.go derives, which the
// generator also calls: the two cannot disagree on a name.
func TestIRNamesAreNamesGo(t *testing.T) {
	cases, err := filepath.Glob("testdata/*/schema")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range cases {
		s, err := parser.ParseDir(dir)
		if err != nil {
			t.Fatalf("parse %s: %v", dir, err)
		}
		for _, r := range s.Resources {
			if r.Table != ir.TableName(r.Name) || r.Plural != ir.Plural(r.Name) || r.Route != ir.RouteSegment(r.Name) {
				t.Errorf("%s: %s: table %s, plural %s, route %s", dir, r.Name, r.Table, r.Plural, r.Route)
			}
			for _, f := range r.Fields {
				if f.Relation == "" && f.Column != ir.Snake(f.Name) {
					t.Errorf("%s: %s.%s: column %s", dir, r.Name, f.Name, f.Column)
				}
				if f.Enum == nil {
					continue
				}
				if f.Enum.Type != ir.EnumTypeName(r.Name, f.Name) {
					t.Errorf("%s: %s.%s: enum type %s", dir, r.Name, f.Name, f.Enum.Type)
				}
				for _, v := range f.Enum.Values {
					if v.Name != ir.EnumValueName(f.Enum.Type, v.Value) {
						t.Errorf("%s: %s.%s: enum constant %s for %q", dir, r.Name, f.Name, v.Name, v.Value)
					}
				}
			}
			for _, rel := range r.Relations {
				fkOwner := rel.Target // a BelongsTo's key names its target
				if rel.Kind == ir.HasMany {
					fkOwner = r.Name // a HasMany's key, on the target, names this resource
				}
				if rel.Field != ir.ForeignKeyField(fkOwner) || rel.Column != ir.ForeignKeyColumn(fkOwner) {
					t.Errorf("%s: %s.%s: foreign key %s (%s)", dir, r.Name, rel.Name, rel.Field, rel.Column)
				}
			}
		}
		for _, j := range s.Jobs {
			if j.Args != ir.JobArgs(j.Kind) {
				t.Errorf("%s: job %s: args %s", dir, j.Kind, j.Args)
			}
		}
	}
}
