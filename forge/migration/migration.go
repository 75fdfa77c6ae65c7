// Package migration writes a Forge app's SQL migrations: it compares two
// versions of the app's schema (as IR) and returns the DDL that turns the
// database of one into the database of the other, and back.
//
// The database is never consulted: the old schema is the snapshot stored
// beside the last migration (NNNN_name.schema.json), so a diff is hermetic
// and the same on every machine. [Diff] is a pure function; the two
// functions that touch the file system, [ReadDir] and [Write], are in
// dir.go.
//
// The DDL follows the "SQL" section of Forge's contract (column types are
// [gen.SQLType]'s; constraint names are those the generated data layer maps
// errors back to fields by). Statements are ordered so that dependencies
// hold: foreign keys are dropped first and added last, so tables can be
// created and dropped in any order, and the down migration is the diff in
// the other direction.
//
// What this package is not for: applying migrations (runtime/migrate does,
// under an advisory lock, recording checksums), renaming (a renamed field or
// resource is a drop and an add, which is destructive and says so), or
// migrating data: a change that needs existing rows filled in first gets a
// comment in the SQL saying so, and the user edits the migration.
package migration

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
)

// Options control Diff.
type Options struct {
	// AllowDestructive lets Diff return a plan that drops data: a dropped
	// table or column, a narrowed column type, a dropped enum value.
	// Defaults to false: such a plan is a *DestructiveError.
	AllowDestructive bool
}

// Plan is one migration.
type Plan struct {
	// Up is the SQL that turns the old schema's database into the new
	// one's; empty when nothing in the database changes.
	Up string
	// Down is the SQL that undoes Up.
	Down string
	// Destructive says why Up may lose data, one reason per change, such
	// as "drops column products.sku and its data".
	Destructive []string
	// Notes are the changes in Up that fail on some existing data (a NOT
	// NULL column added to a table with rows, say); each is also a comment
	// above its statement in Up.
	Notes []string
}

// Empty reports whether the plan changes nothing.
func (p Plan) Empty() bool { return p.Up == "" }

// DestructiveError is Diff's error for a plan that would lose data when
// Options.AllowDestructive is not set.
type DestructiveError struct {
	// Changes are the reasons, as in Plan.Destructive.
	Changes []string
}

func (e *DestructiveError) Error() string {
	var b strings.Builder
	b.WriteString("the migration would lose data:\n")
	for _, c := range e.Changes {
		b.WriteString("\t" + c + "\n")
	}
	b.WriteString("if that is intended, pass --allow-destructive")
	return b.String()
}

// Diff returns the migration from the database of schema from to that of
// schema to. from is nil (or has no resources) for the first migration.
func Diff(from, to *ir.Schema, opts Options) (Plan, error) {
	if to == nil {
		return Plan{}, errors.New("migration: no schema to migrate to")
	}
	for _, s := range []*ir.Schema{from, to} {
		if s != nil && s.Version > ir.Version {
			return Plan{}, fmt.Errorf("migration: schema has IR version %d, newer than this forge's %d: upgrade forge", s.Version, ir.Version)
		}
	}
	old, err := tablesOf(from)
	if err != nil {
		return Plan{}, fmt.Errorf("migration: old schema: %w", err)
	}
	cur, err := tablesOf(to)
	if err != nil {
		return Plan{}, fmt.Errorf("migration: new schema: %w", err)
	}
	up := diff(old, cur)
	if len(up.destructive) > 0 && !opts.AllowDestructive {
		return Plan{}, &DestructiveError{Changes: up.destructive}
	}
	return Plan{Up: up.sql(), Down: diff(cur, old).sql(), Destructive: up.destructive, Notes: up.notes}, nil
}

// statement is one SQL statement, with the heading of its group (the
// resource it concerns) and a note on when it fails.
type statement struct {
	heading, sql, note string
}

// steps is a migration in the making.
type steps struct {
	stmts       []statement
	destructive []string
	notes       []string
}

func (s *steps) add(heading, sql string) {
	s.stmts = append(s.stmts, statement{heading: heading, sql: sql})
}

func (s *steps) addNoted(heading, sql, note string) {
	s.stmts = append(s.stmts, statement{heading: heading, sql: sql, note: note})
	s.notes = append(s.notes, note)
}

// sql renders the statements in groups, each under its heading.
func (s *steps) sql() string {
	var b strings.Builder
	for i, st := range s.stmts {
		if i == 0 || st.heading != s.stmts[i-1].heading {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString("-- " + st.heading + "\n")
		}
		if st.note != "" {
			b.WriteString("-- Note: " + st.note + "\n")
		}
		b.WriteString(st.sql + ";\n")
	}
	return b.String()
}

// diff returns the statements that turn the tables old into the tables
// cur: first the foreign keys that go or change are dropped, then each
// table is dropped, created or altered, then the foreign keys that are new
// or changed are added. Foreign keys are the only dependencies between
// tables, so with them out of the way each table's changes stand alone,
// and a composite foreign key finds the (tenant_id, id) key it references.
// A changed constraint or index is dropped and created again.
func diff(old, cur map[string]*table) *steps {
	s := &steps{}
	for _, name := range slices.Sorted(maps.Keys(old)) {
		o, n := old[name], cur[name]
		for _, fk := range sortedConstraints(o.fkeys) {
			if n == nil || n.fkeys[fk.name] != fk {
				s.add(o.resource+": foreign keys", "ALTER TABLE "+ir.QuoteIdent(name)+" DROP CONSTRAINT "+ir.QuoteIdent(fk.name))
			}
		}
	}
	names := slices.Sorted(maps.Keys(old))
	for name := range cur {
		if old[name] == nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		switch o, n := old[name], cur[name]; {
		case n == nil:
			s.add(o.resource, "DROP TABLE "+ir.QuoteIdent(name)) // with its indexes and constraints
			s.destructive = append(s.destructive, "drops table "+name+" and its data")
		case o == nil:
			s.add(n.resource, createTable(n))
			for _, ix := range sortedIndexes(n.indexes) {
				s.add(n.resource, ix.create(name))
			}
		default:
			s.alterTable(o, n)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(cur)) {
		o, n := old[name], cur[name]
		for _, fk := range sortedConstraints(n.fkeys) {
			if o == nil || o.fkeys[fk.name] != fk {
				s.add(n.resource+": foreign keys", "ALTER TABLE "+ir.QuoteIdent(name)+" ADD CONSTRAINT "+ir.QuoteIdent(fk.name)+" "+fk.def)
			}
		}
	}
	return s
}

// alterTable turns table o into n, foreign keys aside: it drops the
// indexes and constraints that go or change (they may name a column about
// to change), changes the columns, then adds the indexes and constraints
// that are new or changed.
func (s *steps) alterTable(o, n *table) {
	for _, ix := range sortedIndexes(o.indexes) {
		if nix, ok := n.indexes[ix.name]; !ok || !nix.equal(ix) {
			s.add(o.resource, "DROP INDEX "+ir.QuoteIdent(ix.name))
		}
	}
	for _, c := range sortedConstraints(o.constraints) {
		if n.constraints[c.name] != c {
			s.add(o.resource, "ALTER TABLE "+ir.QuoteIdent(o.name)+" DROP CONSTRAINT "+ir.QuoteIdent(c.name))
		}
	}
	s.alterColumns(o, n)
	for _, c := range sortedConstraints(n.constraints) {
		if o.constraints[c.name] == c {
			continue
		}
		sql := "ALTER TABLE " + ir.QuoteIdent(n.name) + " ADD CONSTRAINT " + ir.QuoteIdent(c.name) + " " + c.def
		if note := checkNote(o, n, c); note != "" {
			s.addNoted(n.resource, sql, note)
		} else {
			s.add(n.resource, sql)
		}
	}
	for _, ix := range sortedIndexes(n.indexes) {
		if oix, ok := o.indexes[ix.name]; ok && oix.equal(ix) {
			continue
		}
		if ix.unique && allExisted(o, ix.columns) && !wasUnique(o, ix) {
			s.addNoted(n.resource, ix.create(n.name), fmt.Sprintf("fails if rows of %s repeat (%s); remove the duplicates first", n.name, strings.Join(ix.columns, ", ")))
		} else {
			s.add(n.resource, ix.create(n.name))
		}
	}
}

func createTable(t *table) string {
	var lines []string
	for _, c := range t.columns {
		lines = append(lines, c.sql())
	}
	for _, c := range sortedConstraints(t.constraints) {
		lines = append(lines, "CONSTRAINT "+ir.QuoteIdent(c.name)+" "+c.def)
	}
	return "CREATE TABLE " + ir.QuoteIdent(t.name) + " (\n  " + strings.Join(lines, ",\n  ") + "\n)"
}

// alterColumns drops the columns of o that n lacks, changes those that
// differ and adds those that are new, in n's order.
func (s *steps) alterColumns(o, n *table) {
	alter := "ALTER TABLE " + ir.QuoteIdent(n.name) + " "
	for _, oc := range o.columns {
		if _, ok := n.column(oc.name); !ok {
			s.add(o.resource, alter+"DROP COLUMN "+ir.QuoteIdent(oc.name))
			s.destructive = append(s.destructive, "drops column "+o.name+"."+oc.name+" and its data")
		}
	}
	for _, nc := range n.columns {
		oc, ok := o.column(nc.name)
		if !ok {
			sql := alter + "ADD COLUMN " + nc.sql()
			if nc.notNull && nc.def == "" {
				s.addNoted(n.resource, sql, fmt.Sprintf("fails if %s has rows, since %s is NOT NULL without a default; "+
					"to fill it, add it without NOT NULL, UPDATE the rows, then SET NOT NULL", n.name, nc.name))
			} else {
				s.add(n.resource, sql)
			}
			continue
		}
		s.alterColumn(n, oc, nc)
	}
}

func (s *steps) alterColumn(n *table, oc, nc column) {
	alter := "ALTER TABLE " + ir.QuoteIdent(n.name) + " ALTER COLUMN " + ir.QuoteIdent(nc.name) + " "
	qualified := n.name + "." + nc.name
	retype := oc.typ != nc.typ
	if retype && oc.def != "" {
		// The old default may not convert to the new type; it is set
		// again below.
		s.add(n.resource, alter+"DROP DEFAULT")
	}
	if retype {
		sql := alter + "TYPE " + nc.typ
		switch {
		case widens(oc.typ, nc.typ):
		case family(oc.typ) == family(nc.typ):
			// No USING: the assignment cast fails on a value that does not
			// fit (a string too long) instead of truncating it.
			s.destructive = append(s.destructive, "narrows "+qualified+" from "+oc.typ+" to "+nc.typ)
		default:
			sql += " USING " + ir.QuoteIdent(nc.name) + "::" + nc.typ
			s.destructive = append(s.destructive, "converts "+qualified+" from "+oc.typ+" to "+nc.typ+", which can fail or lose data")
		}
		s.add(n.resource, sql)
	}
	switch {
	case nc.def != "" && (retype || nc.def != oc.def):
		s.add(n.resource, alter+"SET DEFAULT "+nc.def)
	case nc.def == "" && oc.def != "" && !retype:
		s.add(n.resource, alter+"DROP DEFAULT")
	}
	switch {
	case nc.notNull && !oc.notNull:
		s.addNoted(n.resource, alter+"SET NOT NULL", fmt.Sprintf("fails if %s holds NULLs; UPDATE them first", qualified))
	case !nc.notNull && oc.notNull:
		s.add(n.resource, alter+"DROP NOT NULL")
	}
	for _, v := range oc.enum {
		if nc.enum != nil && !slices.Contains(nc.enum, v) {
			s.destructive = append(s.destructive, "drops enum value "+v+" from "+qualified)
		}
	}
}

// checkNote is the note for adding constraint c to a kept table: an enum
// check on a column that held other values before fails on them.
func checkNote(o, n *table, c constraint) string {
	for _, nc := range n.columns {
		if nc.enum == nil || c.name != n.name+"_"+nc.name+"_check" {
			continue
		}
		oc, ok := o.column(nc.name)
		if !ok {
			return ""
		}
		for _, v := range oc.enum {
			if !slices.Contains(nc.enum, v) {
				return fmt.Sprintf("fails if %s holds %s; UPDATE those rows first", n.name+"."+nc.name, literal(v))
			}
		}
		if oc.enum == nil {
			return fmt.Sprintf("fails if %s holds a value other than %s", n.name+"."+nc.name, strings.Join(nc.enum, ", "))
		}
	}
	return ""
}

// wasUnique reports whether o already kept ix's columns unique across all
// rows (a unique index on some of them), so ix cannot fail.
func wasUnique(o *table, ix index) bool {
	for _, oix := range o.indexes {
		if oix.unique && oix.where == "" && !slices.ContainsFunc(oix.columns, func(c string) bool { return !slices.Contains(ix.columns, c) }) {
			return true
		}
	}
	return false
}

func allExisted(o *table, columns []string) bool {
	for _, c := range columns {
		if _, ok := o.column(c); !ok {
			return false
		}
	}
	return true
}

// widens reports whether every value of type from fits type to unchanged.
func widens(from, to string) bool {
	switch {
	case strings.HasPrefix(from, "varchar("):
		if to == "text" {
			return true
		}
		var n, m int
		_, err1 := fmt.Sscanf(from, "varchar(%d)", &n)
		_, err2 := fmt.Sscanf(to, "varchar(%d)", &m)
		return err1 == nil && err2 == nil && m >= n
	case from == "integer":
		return to == "bigint" || to == "numeric" || to == "double precision"
	case from == "bigint":
		return to == "numeric"
	}
	return false
}

// family groups the types between which Postgres converts by assignment.
func family(typ string) string {
	switch {
	case typ == "text" || strings.HasPrefix(typ, "varchar("):
		return "string"
	case typ == "integer" || typ == "bigint" || typ == "numeric" || typ == "double precision":
		return "number"
	}
	return typ
}

func sortedConstraints(m map[string]constraint) []constraint {
	var cs []constraint
	for _, name := range slices.Sorted(maps.Keys(m)) {
		cs = append(cs, m[name])
	}
	return cs
}

func sortedIndexes(m map[string]index) []index {
	var ixs []index
	for _, name := range slices.Sorted(maps.Keys(m)) {
		ixs = append(ixs, m[name])
	}
	return ixs
}
