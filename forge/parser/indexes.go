package parser

import (
	"go/token"
	"sort"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
)

// This file builds a resource's indexes.

// pagingParams are the names every List takes for paging: fields of
// List<Plural>Params in package db and query parameters of
// GET /api/<route> (forge/gen's templates). An indexed field becomes a
// filter in both, so it may take neither name.
var pagingParams = []struct{ field, query string }{{"Limit", "limit"}, {"Cursor", "cursor"}}

// checkFilterName reports an indexed field, indexed at pos, whose Go or
// JSON name is one the list uses for paging. A sensitive field is no query
// parameter (filtering by a value would tell whether some row holds it), so
// only its Go name can clash.
func (b *builder) checkFilterName(pos token.Pos, res *ir.Resource, f ir.Field) {
	for _, p := range pagingParams {
		if f.Name == p.field || (f.JSON == p.query && !f.Sensitive) {
			b.errorf(pos, "field %q is indexed, so List%s filters by it, but List%[2]sParams.%[3]s and ?%[4]s= page the list: rename the field", f.Name, res.Plural, p.field, p.query)
		}
	}
}

// indexes builds the resource's indexes: those declared with Index and
// UniqueIndex, one per Unique field, and one per foreign key not already
// covered.
func (b *builder) indexes(d *resourceDecl, res *ir.Resource, decls []*indexDecl) []ir.Index {
	byGoName := map[string]ir.Field{}
	for _, f := range res.Fields {
		byGoName[f.Name] = f
		if f.Relation != "" { // a BelongsTo is indexed by its target's name too
			byGoName[f.Relation] = f
		}
	}
	type entry struct {
		pos token.Pos
		idx ir.Index
	}
	fieldPos := map[string]token.Pos{}
	for _, m := range d.members {
		if f, ok := m.(*fieldDecl); ok {
			fieldPos[f.name] = f.namePos
		}
	}
	var entries []entry
	for _, f := range res.Fields {
		if f.Unique {
			b.checkFilterName(fieldPos[f.Name], res, f)
			entries = append(entries, entry{pos: fieldPos[f.Name], idx: ir.Index{Unique: true, Fields: []string{f.Name}, Columns: []string{f.Column}}})
		}
	}
	for _, decl := range decls {
		idx := ir.Index{Unique: decl.unique}
		ok := true
		seen := map[string]bool{}
		for _, name := range decl.fields {
			f, known := byGoName[name.value]
			switch {
			case !known:
				b.errorf(name.pos, "index names unknown field %q of %s", name.value, d.name)
				ok = false
			case seen[f.Name]:
				b.errorf(name.pos, "index names field %q twice", name.value)
				ok = false
			default:
				b.checkFilterName(name.pos, res, f)
				seen[f.Name] = true
				idx.Fields = append(idx.Fields, f.Name)
				idx.Columns = append(idx.Columns, f.Column)
			}
		}
		if ok {
			entries = append(entries, entry{pos: decl.pos, idx: idx})
		}
	}
	out := []ir.Index{}
	names := map[string]token.Pos{}
	for _, e := range entries {
		idx := e.idx
		idx.Name = ir.IndexName(res.Table, idx.Columns, idx.Unique)
		if res.Options.Tenant {
			idx.Columns = append([]string{ir.ColumnTenantID}, idx.Columns...)
		}
		if idx.Unique && res.Options.SoftDelete {
			idx.Where = ir.ColumnDeletedAt + " IS NULL"
		}
		if prev, dup := names[idx.Name]; dup {
			b.errorf(e.pos, "index %s over %s is declared twice in %s (also at %s)", idx.Name, strings.Join(idx.Fields, ", "), d.name, b.posOf(prev))
			continue
		}
		names[idx.Name] = e.pos
		out = append(out, idx)
	}
	out = append(out, foreignKeyIndexes(res, out)...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// foreignKeyIndexes returns an index for each BelongsTo column that no index
// in have leads with (after tenant_id). Postgres does not index foreign keys
// itself, and without one every HasMany load and every delete of a parent
// scans the child table.
func foreignKeyIndexes(res *ir.Resource, have []ir.Index) []ir.Index {
	lead := 0
	if res.Options.Tenant {
		lead = 1
	}
	led := map[string]bool{}
	for _, idx := range have {
		if len(idx.Columns) > lead {
			led[idx.Columns[lead]] = true
		}
	}
	var out []ir.Index
	for _, f := range res.Fields {
		if f.Relation == "" || led[f.Column] {
			continue
		}
		idx := ir.Index{Name: ir.IndexName(res.Table, []string{f.Column}, false), Fields: []string{f.Name}, Columns: []string{f.Column}}
		if res.Options.Tenant {
			idx.Columns = []string{ir.ColumnTenantID, f.Column}
		}
		out = append(out, idx)
	}
	return out
}
