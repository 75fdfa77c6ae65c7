package parser

import (
	"go/constant"
	"go/token"
	"slices"

	"github.com/forge-framework/forge/forge/ir"
)

// This file reads the rename hints, RenamedFrom on a field and
// schema.RenamedFrom in a Define, and checks what can be checked without
// the previous schema: the old name is a valid name that nothing in the
// schema uses any more. Whether it existed before is for the migration
// differ to say, which has the previous schema; it reports at the hint's
// position, which the IR carries for it.

// fieldRename returns the hint of a field's RenamedFrom modifier, or nil
// when it is invalid.
func (b *builder) fieldRename(m *fieldDecl, mod *modDecl) *ir.Rename {
	if mod.value.Kind() != constant.String {
		b.errorf(mod.arg.Pos(), "RenamedFrom of field %q takes the old field name, a string", m.name)
		return nil
	}
	old := constant.StringVal(mod.value)
	switch {
	case !goNameRE.MatchString(old):
		b.errorf(mod.arg.Pos(), "RenamedFrom(%q) of field %q: the old name must be an exported Go identifier, as field names are", old, m.name)
		return nil
	case old == m.name:
		b.errorf(mod.arg.Pos(), "field %q is RenamedFrom itself; remove the hint", m.name)
		return nil
	}
	return &ir.Rename{Name: old, Column: ir.Snake(old), Pos: b.posOf(mod.arg.Pos())}
}

// checkFieldRenames requires the old names of res's renamed fields to be
// free: no field, foreign key or column Forge adds has the old column now,
// and no two fields were renamed from the same one. Otherwise the old
// column would still be in use after the rename, and the differ could not
// tell a rename from a change of the field that kept the name.
func (b *builder) checkFieldRenames(d *resourceDecl, res *ir.Resource) {
	taken := map[string]string{} // column → field name
	for _, f := range res.Fields {
		taken[f.Column] = f.Name
	}
	renamed := map[string]string{} // old column → field renamed from it
	for i := range res.Fields {
		f := &res.Fields[i]
		if f.RenamedFrom == nil {
			continue
		}
		old := f.RenamedFrom.Column
		pos := b.renamePos(d, f.Name)
		switch {
		case taken[old] != "":
			b.errorf(pos, "RenamedFrom(%q) of field %q: field %q still has the column %s; a field can be renamed only from a name nothing uses any more", f.RenamedFrom.Name, f.Name, taken[old], old)
		case slices.Contains(ir.ReservedColumns, old):
			b.errorf(pos, "RenamedFrom(%q) of field %q: %s is a column Forge adds itself, never a field's", f.RenamedFrom.Name, f.Name, old)
		case renamed[old] != "":
			b.errorf(pos, "RenamedFrom(%q) of field %q: field %q is renamed from the same column %s", f.RenamedFrom.Name, f.Name, renamed[old], old)
		default:
			renamed[old] = f.Name
			continue
		}
		f.RenamedFrom = nil
	}
}

// renamePos is the position of the RenamedFrom argument of d's field.
func (b *builder) renamePos(d *resourceDecl, field string) token.Pos {
	for _, m := range d.members {
		if fd, ok := m.(*fieldDecl); ok && fd.name == field && fd.mods["RenamedFrom"] != nil {
			return fd.mods["RenamedFrom"].arg.Pos()
		}
	}
	return d.namePos
}

// resourceRenames sets the RenamedFrom of each resource of s whose
// declaration has a schema.RenamedFrom, once the old name is known to be
// a valid resource name that no resource has now, whose table no resource
// uses, and that no other resource was renamed from.
func (b *builder) resourceRenames(s *ir.Schema, byName map[string]*resourceDecl) {
	tables := map[string]string{} // table → resource
	for _, r := range s.Resources {
		tables[r.Table] = r.Name
	}
	renamed := map[string]string{} // old table → resource renamed from it
	for i := range s.Resources {
		r := &s.Resources[i]
		hint := byName[r.Name].renamedFrom
		if hint == nil {
			continue
		}
		old, table := hint.value, ir.TableName(hint.value)
		switch {
		case !goNameRE.MatchString(old):
			b.errorf(hint.pos, "RenamedFrom(%q) in %s: the old name must be an exported Go identifier, as resource names are", old, r.Name)
		case old == r.Name:
			b.errorf(hint.pos, "%s is RenamedFrom itself; remove the hint", r.Name)
		case byName[old] != nil:
			b.errorf(hint.pos, "RenamedFrom(%q) in %s: resource %q is still defined; a resource can be renamed only from a name nothing uses any more", old, r.Name, old)
		case tables[table] != "" && tables[table] != r.Name:
			b.errorf(hint.pos, "RenamedFrom(%q) in %s: resource %q still has the table %s", old, r.Name, tables[table], table)
		case renamed[table] != "":
			b.errorf(hint.pos, "RenamedFrom(%q) in %s: %s is renamed from the same table %s", old, r.Name, renamed[table], table)
		default:
			renamed[table] = r.Name
			r.RenamedFrom = &ir.Rename{Name: old, Table: table, Pos: b.posOf(hint.pos)}
		}
	}
}
