package migration

import (
	"fmt"
	"maps"
	"slices"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/sqlschema"
)

// A renamed field or resource would otherwise be a drop and an add, losing
// its data. The schema's rename hints (ir.Rename) say which tables and
// columns are the same under a new name; this file turns them into
// ALTER TABLE … RENAME statements, and renames what is named after the
// old names too: the foreign-key columns that BelongsTo derives from a
// renamed resource's name, and the indexes and constraints whose names
// derive from the table's and columns' (forge/sqlschema names them; they
// are matched here by definition, never by rebuilding a name).

// renames are the tables and columns a migration renames.
type renames struct {
	// tables maps an old table name to its new one.
	tables map[string]string
	// columns maps an old table name (before any table rename) to its
	// renamed columns, old name to new.
	columns map[string]map[string]string
}

// renamesOf reads the hints of to against the tables of the previous
// schema, old. A hint that a migration already applied (the new name is
// in old, the old one is not) is ignored, so hints may stay in the schema.
// A hint naming nothing old has, or whose old and new names are both in
// old, is an error at the hint's position. The first migration, with no
// previous schema, has nothing to rename and ignores every hint.
func renamesOf(old, cur map[string]*sqlschema.Table, to *ir.Schema) (renames, error) {
	rn := renames{tables: map[string]string{}, columns: map[string]map[string]string{}}
	if len(old) == 0 {
		return rn, nil
	}
	oldName := map[string]string{} // new resource name → old one, for the resources renamed now
	for _, r := range to.Resources {
		h := r.RenamedFrom
		if h == nil || h.Table == r.Table {
			continue
		}
		switch {
		case old[h.Table] != nil && old[r.Table] != nil:
			return rn, fmt.Errorf("%s: RenamedFrom(%q) in %s: the previous schema has both tables %s and %s, so %s cannot take the other's name in one migration; "+
				"drop the old %s in a migration of its own first, or remove the hint", h.Pos, h.Name, r.Name, h.Table, r.Table, h.Table, r.Table)
		case old[r.Table] != nil:
			continue // applied by an earlier migration
		case old[h.Table] == nil || cur[h.Table] != nil:
			return rn, fmt.Errorf("%s: RenamedFrom(%q) in %s: the previous schema (the last migration's snapshot) has no resource %s with a table %s; "+
				"name the resource as it was, or remove the hint", h.Pos, h.Name, r.Name, h.Name, h.Table)
		}
		rn.tables[h.Table] = r.Table
		oldName[r.Name] = h.Name
	}
	for _, r := range to.Resources {
		from := r.Table
		if r.RenamedFrom != nil && rn.tables[r.RenamedFrom.Table] == r.Table {
			from = r.RenamedFrom.Table
		}
		o := old[from]
		cols := map[string]string{}
		for _, f := range r.Fields {
			h := f.RenamedFrom
			if h == nil {
				// A foreign key named after a resource renamed now follows
				// it: order_items.product_id becomes order_items.item_id.
				if was, ok := oldName[f.Relation]; ok && o != nil && o.Column(f.Column) == nil {
					if c := ir.ForeignKeyColumn(was); o.Column(c) != nil && cur[r.Table].Column(c) == nil {
						cols[c] = f.Column
					}
				}
				continue
			}
			switch {
			case o != nil && o.Column(h.Column) != nil && o.Column(f.Column) != nil:
				return rn, fmt.Errorf("%s: RenamedFrom(%q) of %s.%s: the previous schema's table %s has both columns %s and %s, so %s cannot take the other's name in one migration; "+
					"drop the old %s in a migration of its own first, or remove the hint", h.Pos, h.Name, r.Name, f.Name, from, h.Column, f.Column, h.Column, f.Column)
			case o != nil && o.Column(f.Column) != nil:
				continue // applied by an earlier migration
			case o == nil || o.Column(h.Column) == nil:
				return rn, fmt.Errorf("%s: RenamedFrom(%q) of %s.%s: the previous schema (the last migration's snapshot) has no field %s in %s (column %s); "+
					"name the field as it was, or remove the hint", h.Pos, h.Name, r.Name, f.Name, h.Name, r.Name, h.Column)
			}
			cols[h.Column] = f.Column
		}
		if len(cols) > 0 {
			rn.columns[from] = cols
		}
	}
	return rn, nil
}

// inverse returns the renames that undo rn, for the down migration.
func (rn renames) inverse() renames {
	inv := renames{tables: map[string]string{}, columns: map[string]map[string]string{}}
	for from, to := range rn.tables {
		inv.tables[to] = from
	}
	for table, cols := range rn.columns {
		renamed := table
		if to, ok := rn.tables[table]; ok {
			renamed = to
		}
		back := map[string]string{}
		for from, to := range cols {
			back[to] = from
		}
		inv.columns[renamed] = back
	}
	return inv
}

// apply writes the statements that rename tables and columns of old as rn
// says, and the indexes and constraints whose names then differ from
// those of the same definition in cur, table by table. It returns old as
// the database is after them, as new copies: the rest of the migration is
// the diff from there to cur.
func (rn renames) apply(s *steps, old, cur map[string]*sqlschema.Table) map[string]*sqlschema.Table {
	if len(rn.tables) == 0 && len(rn.columns) == 0 {
		return old
	}
	renamed := map[string]*sqlschema.Table{}
	was := map[string]string{} // a renamed table's new name → its old one
	for name, t := range old {
		renamed[name] = cloneTable(t)
	}
	for from, to := range rn.tables {
		renamed[to] = renamed[from]
		delete(renamed, from)
		was[to] = from
	}
	for _, t := range renamed {
		for _, c := range t.Constraints {
			if to, ok := rn.tables[c.RefTable]; ok {
				c.RefTable = to
			}
		}
	}
	// First every table and column takes its new name, so that each
	// table's constraints read as cur's do; then each table's statements
	// are written, its constraints and indexes renamed after them.
	stmts := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(renamed)) {
		t, from := renamed[name], name
		if n := cur[name]; n != nil {
			t.Resource = n.Resource // the heading of its statements
		}
		if old, ok := was[name]; ok {
			from = old
			stmts[name] = append(stmts[name], "ALTER TABLE "+t.QName+" RENAME TO "+ir.QuoteIdent(name))
			t.Name, t.QName = name, ir.QuoteIdent(name)
		}
		cols := rn.columns[from]
		for _, oc := range slices.Sorted(maps.Keys(cols)) {
			c := t.Column(oc)
			c.Name, c.QName = cols[oc], ir.QuoteIdent(cols[oc])
			stmts[name] = append(stmts[name], "ALTER TABLE "+t.QName+" RENAME COLUMN "+ir.QuoteIdent(oc)+" TO "+c.QName)
		}
		for _, c := range t.Constraints {
			renameIn(c.Columns, cols)
		}
		for _, ix := range t.Indexes {
			renameIn(ix.Columns, cols)
		}
		for _, other := range renamed {
			for _, c := range other.Constraints {
				if c.RefTable == name {
					renameIn(c.RefColumns, cols)
				}
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(renamed)) {
		for _, sql := range stmts[name] {
			s.add(renamed[name].Resource, sql)
		}
		if n := cur[name]; n != nil {
			renameObjects(s, renamed[name], n)
		}
	}
	return renamed
}

// renameIn replaces the names in names that cols renames.
func renameIn(names []string, cols map[string]string) {
	for i, n := range names {
		if to, ok := cols[n]; ok {
			names[i] = to
		}
	}
}

// renameObjects renames each constraint and index of t that n has under
// another name with the same definition (its table and columns renamed,
// its name derived from theirs). The rest are left to the diff, which
// drops and adds what changed.
func renameObjects(s *steps, t, n *sqlschema.Table) {
	for _, c := range t.Constraints {
		if constraintNamed(n, c.Name) != nil {
			continue
		}
		for _, nc := range n.Constraints {
			if nc.Kind == c.Kind && nc.SQL() == c.SQL() && constraintNamed(t, nc.Name) == nil {
				s.add(t.Resource, "ALTER TABLE "+t.QName+" RENAME CONSTRAINT "+ir.QuoteIdent(c.Name)+" TO "+ir.QuoteIdent(nc.Name))
				c.Name = nc.Name
				break
			}
		}
	}
	for _, ix := range t.Indexes {
		if index(n, ix.Name) != nil {
			continue
		}
		for _, nix := range n.Indexes {
			if sameIndex(nix, ix) && index(t, nix.Name) == nil {
				s.add(t.Resource, "ALTER INDEX "+ir.QuoteIdent(ix.Name)+" RENAME TO "+ir.QuoteIdent(nix.Name))
				ix.Name = nix.Name
				break
			}
		}
	}
}

// constraintNamed returns the constraint of t with the given name, or nil.
func constraintNamed(t *sqlschema.Table, name string) *sqlschema.Constraint {
	for _, c := range t.Constraints {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// cloneTable copies t deeply enough for apply to rename its parts.
func cloneTable(t *sqlschema.Table) *sqlschema.Table {
	c := *t
	c.Columns = make([]*sqlschema.Column, len(t.Columns))
	for i, col := range t.Columns {
		cc := *col
		c.Columns[i] = &cc
	}
	c.Constraints = make([]*sqlschema.Constraint, len(t.Constraints))
	for i, con := range t.Constraints {
		cc := *con
		cc.Columns, cc.RefColumns = slices.Clone(con.Columns), slices.Clone(con.RefColumns)
		c.Constraints[i] = &cc
	}
	c.Indexes = make([]*sqlschema.Index, len(t.Indexes))
	for i, ix := range t.Indexes {
		cc := *ix
		cc.Columns = slices.Clone(ix.Columns)
		c.Indexes[i] = &cc
	}
	return &c
}
