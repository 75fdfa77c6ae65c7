package migration

import (
	"slices"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/sqlschema"
)

// The tables a diff compares are forge/sqlschema's: the part of the IR
// that DDL can see. Two IRs that differ only elsewhere (a Pattern, a hook,
// a JSON name) give equal tables and so no migration. This file renders
// their parts as DDL and compares them.

// tablesOf returns the tables of s by name.
func tablesOf(s *ir.Schema) (map[string]*sqlschema.Table, error) {
	tables := map[string]*sqlschema.Table{}
	if s == nil {
		return tables, nil
	}
	ts, err := sqlschema.Of(s)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		tables[t.Name] = t
	}
	return tables, nil
}

// columnSQL is c as CREATE TABLE and ADD COLUMN declare it.
func columnSQL(c *sqlschema.Column) string {
	s := c.QName + " " + c.Type.String()
	if c.NotNull {
		s += " NOT NULL"
	}
	if c.Default != "" {
		s += " DEFAULT " + c.Default
	}
	return s
}

func createIndex(t *sqlschema.Table, ix *sqlschema.Index) string {
	s := "CREATE INDEX "
	if ix.Unique {
		s = "CREATE UNIQUE INDEX "
	}
	s += ir.QuoteIdent(ix.Name) + " ON " + t.QName + " (" + sqlschema.QuoteIdents(ix.Columns) + ")"
	if ix.Where != "" {
		s += " WHERE " + ix.Where
	}
	return s
}

func sameIndex(a, b *sqlschema.Index) bool {
	return a.Unique == b.Unique && a.Where == b.Where && slices.Equal(a.Columns, b.Columns)
}

// index returns the index of t with the given name, or nil.
func index(t *sqlschema.Table, name string) *sqlschema.Index {
	for _, ix := range t.Indexes {
		if ix.Name == name {
			return ix
		}
	}
	return nil
}

// foreignKeys returns t's foreign keys, sorted by name. They are added
// after every table exists and dropped before any table goes.
func foreignKeys(t *sqlschema.Table) []*sqlschema.Constraint {
	return slices.DeleteFunc(slices.Clone(t.Constraints), func(c *sqlschema.Constraint) bool { return c.Kind != sqlschema.ForeignKey })
}

// ownConstraints returns the constraints of t that are not foreign keys,
// sorted by name: they are created with the table.
func ownConstraints(t *sqlschema.Table) []*sqlschema.Constraint {
	return slices.DeleteFunc(slices.Clone(t.Constraints), func(c *sqlschema.Constraint) bool { return c.Kind == sqlschema.ForeignKey })
}

// has reports whether t has a constraint equal to c: the same name and
// definition. A nil t has none.
func has(t *sqlschema.Table, c *sqlschema.Constraint) bool {
	if t == nil {
		return false
	}
	for _, o := range t.Constraints {
		if o.Name == c.Name {
			return o.SQL() == c.SQL()
		}
	}
	return false
}
