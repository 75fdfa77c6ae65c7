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
// The tables, columns, constraints and indexes, with their types and
// names, are forge/sqlschema's, which the generated data layer also reads:
// the DDL declares what the data layer maps errors back to. Statements are ordered so that dependencies
// hold: foreign keys are dropped first and added last, so tables can be
// created and dropped in any order, and the down migration is the diff in
// the other direction.
//
// A field or resource renamed with a hint (RenamedFrom in the schema) is
// renamed, with whatever is named after it (renames.go); without a hint a
// rename is a drop and an add, which is destructive and says so.
//
// What this package is not for: applying migrations (runtime/migrate does,
// under an advisory lock, recording checksums), or migrating data: a change that needs existing rows filled in first gets a
// comment in the SQL saying so, and the user edits the migration.
package migration

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/sqlschema"
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
	rn, err := renamesOf(old, cur, to)
	if err != nil {
		return Plan{}, fmt.Errorf("migration: %w", err)
	}
	up := &steps{}
	up.diff(rn.apply(up, old, cur), cur)
	if len(up.destructive) > 0 && !opts.AllowDestructive {
		return Plan{}, &DestructiveError{Changes: up.destructive}
	}
	down := &steps{}
	down.diff(rn.inverse().apply(down, cur, old), old)
	return Plan{Up: up.sql(), Down: down.sql(), Destructive: up.destructive, Notes: up.notes}, nil
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

// diff adds the statements that turn the tables old into the tables
// cur: first the foreign keys that go or change are dropped, then each
// table is dropped, created or altered, then the foreign keys that are new
// or changed are added. Foreign keys are the only dependencies between
// tables, so with them out of the way each table's changes stand alone,
// and a composite foreign key finds the (tenant_id, id) key it references.
// A changed constraint or index is dropped and created again.
func (s *steps) diff(old, cur map[string]*sqlschema.Table) {
	for _, name := range slices.Sorted(maps.Keys(old)) {
		o, n := old[name], cur[name]
		for _, fk := range foreignKeys(o) {
			if !has(n, fk) {
				s.add(o.Resource+": foreign keys", "ALTER TABLE "+o.QName+" DROP CONSTRAINT "+ir.QuoteIdent(fk.Name))
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
			s.add(o.Resource, "DROP TABLE "+o.QName) // with its indexes and constraints
			s.destructive = append(s.destructive, "drops table "+name+" and its data")
		case o == nil:
			s.add(n.Resource, createTable(n))
			for _, ix := range n.Indexes {
				s.add(n.Resource, createIndex(n, ix))
			}
		default:
			s.alterTable(o, n)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(cur)) {
		o, n := old[name], cur[name]
		for _, fk := range foreignKeys(n) {
			if !has(o, fk) {
				s.add(n.Resource+": foreign keys", "ALTER TABLE "+n.QName+" ADD CONSTRAINT "+ir.QuoteIdent(fk.Name)+" "+fk.SQL())
			}
		}
	}
}

// alterTable turns table o into n, foreign keys aside: it drops the
// indexes and constraints that go or change (they may name a column about
// to change), changes the columns, then adds the indexes and constraints
// that are new or changed.
func (s *steps) alterTable(o, n *sqlschema.Table) {
	for _, ix := range o.Indexes {
		if nix := index(n, ix.Name); nix == nil || !sameIndex(nix, ix) {
			s.add(o.Resource, "DROP INDEX "+ir.QuoteIdent(ix.Name))
		}
	}
	for _, c := range ownConstraints(o) {
		if !has(n, c) {
			s.add(o.Resource, "ALTER TABLE "+o.QName+" DROP CONSTRAINT "+ir.QuoteIdent(c.Name))
		}
	}
	s.alterColumns(o, n)
	for _, c := range ownConstraints(n) {
		if has(o, c) {
			continue
		}
		sql := "ALTER TABLE " + n.QName + " ADD CONSTRAINT " + ir.QuoteIdent(c.Name) + " " + c.SQL()
		if note := checkNote(o, n, c); note != "" {
			s.addNoted(n.Resource, sql, note)
		} else {
			s.add(n.Resource, sql)
		}
	}
	for _, ix := range n.Indexes {
		if oix := index(o, ix.Name); oix != nil && sameIndex(oix, ix) {
			continue
		}
		if ix.Unique && allExisted(o, ix.Columns) && !wasUnique(o, ix) {
			s.addNoted(n.Resource, createIndex(n, ix), fmt.Sprintf("fails if rows of %s repeat (%s); remove the duplicates first", n.Name, strings.Join(ix.Columns, ", ")))
		} else {
			s.add(n.Resource, createIndex(n, ix))
		}
	}
}

func createTable(t *sqlschema.Table) string {
	var lines []string
	for _, c := range t.Columns {
		lines = append(lines, columnSQL(c))
	}
	for _, c := range ownConstraints(t) {
		lines = append(lines, "CONSTRAINT "+ir.QuoteIdent(c.Name)+" "+c.SQL())
	}
	return "CREATE TABLE " + t.QName + " (\n  " + strings.Join(lines, ",\n  ") + "\n)"
}

// alterColumns drops the columns of o that n lacks, changes those that
// differ and adds those that are new, in n's order.
func (s *steps) alterColumns(o, n *sqlschema.Table) {
	alter := "ALTER TABLE " + n.QName + " "
	for _, oc := range o.Columns {
		if n.Column(oc.Name) == nil {
			s.add(o.Resource, alter+"DROP COLUMN "+oc.QName)
			s.destructive = append(s.destructive, "drops column "+o.Name+"."+oc.Name+" and its data")
		}
	}
	for _, nc := range n.Columns {
		oc := o.Column(nc.Name)
		if oc == nil {
			sql := alter + "ADD COLUMN " + columnSQL(nc)
			if nc.NotNull && nc.Default == "" {
				s.addNoted(n.Resource, sql, fmt.Sprintf("fails if %s has rows, since %s is NOT NULL without a default; "+
					"to fill it, add it without NOT NULL, UPDATE the rows, then SET NOT NULL", n.Name, nc.Name))
			} else {
				s.add(n.Resource, sql)
			}
			continue
		}
		s.alterColumn(o, n, oc, nc)
	}
}

func (s *steps) alterColumn(o, n *sqlschema.Table, oc, nc *sqlschema.Column) {
	alter := "ALTER TABLE " + n.QName + " ALTER COLUMN " + nc.QName + " "
	qualified := n.Name + "." + nc.Name
	retype := oc.Type != nc.Type
	if retype && oc.Default != "" {
		// The old default may not convert to the new type; it is set
		// again below.
		s.add(n.Resource, alter+"DROP DEFAULT")
	}
	if retype {
		from, to := oc.Type.String(), nc.Type.String()
		sql := alter + "TYPE " + to
		switch {
		case widens(oc.Type, nc.Type):
		case family(oc.Type) == family(nc.Type):
			// No USING: the assignment cast fails on a value that does not
			// fit (a string too long) instead of truncating it; but a
			// numeric's extra fraction digits round, which the reason says.
			reason := "narrows " + qualified + " from " + from + " to " + to
			if rounds(oc.Type, nc.Type) {
				reason += fmt.Sprintf(", rounding values to %d decimal places", nc.Type.Scale)
			}
			s.destructive = append(s.destructive, reason)
		default:
			sql += " USING " + nc.QName + "::" + to
			s.destructive = append(s.destructive, "converts "+qualified+" from "+from+" to "+to+", which can fail or lose data")
		}
		s.add(n.Resource, sql)
	}
	switch {
	case nc.Default != "" && (retype || nc.Default != oc.Default):
		s.add(n.Resource, alter+"SET DEFAULT "+nc.Default)
	case nc.Default == "" && oc.Default != "" && !retype:
		s.add(n.Resource, alter+"DROP DEFAULT")
	}
	switch {
	case nc.NotNull && !oc.NotNull:
		s.addNoted(n.Resource, alter+"SET NOT NULL", fmt.Sprintf("fails if %s holds NULLs; UPDATE them first", qualified))
	case !nc.NotNull && oc.NotNull:
		s.add(n.Resource, alter+"DROP NOT NULL")
	}
	if oldCheck, newCheck := o.Check(oc.Name), n.Check(nc.Name); oldCheck != nil && newCheck != nil {
		for _, v := range oldCheck.Values {
			if !slices.Contains(newCheck.Values, v) {
				s.destructive = append(s.destructive, "drops enum value "+v+" from "+qualified)
			}
		}
	}
}

// checkNote is the note for adding constraint c to a kept table: an enum
// check on a column that held other values before fails on them.
func checkNote(o, n *sqlschema.Table, c *sqlschema.Constraint) string {
	if c.Kind != sqlschema.Check {
		return ""
	}
	column := c.Columns[0]
	qualified := n.Name + "." + column
	if o.Column(column) == nil {
		return ""
	}
	old := o.Check(column)
	if old == nil {
		return fmt.Sprintf("fails if %s holds a value other than %s", qualified, strings.Join(c.Values, ", "))
	}
	for _, v := range old.Values {
		if !slices.Contains(c.Values, v) {
			return fmt.Sprintf("fails if %s holds %s; UPDATE those rows first", qualified, sqlschema.Literal(v))
		}
	}
	return ""
}

// wasUnique reports whether o already kept ix's columns unique across all
// rows (a unique index on some of them), so ix cannot fail.
func wasUnique(o *sqlschema.Table, ix *sqlschema.Index) bool {
	for _, oix := range o.Indexes {
		if oix.Unique && oix.Where == "" && !slices.ContainsFunc(oix.Columns, func(c string) bool { return !slices.Contains(ix.Columns, c) }) {
			return true
		}
	}
	return false
}

func allExisted(o *sqlschema.Table, columns []string) bool {
	for _, c := range columns {
		if o.Column(c) == nil {
			return false
		}
	}
	return true
}

// widens reports whether every value of type from fits type to unchanged.
func widens(from, to sqlschema.Type) bool {
	switch from.Name {
	case sqlschema.Varchar:
		return to.Name == sqlschema.Text || to.Name == sqlschema.Varchar && to.Length >= from.Length
	case sqlschema.Integer:
		// An integer has up to 10 digits, a bigint up to 19.
		return to.Name == sqlschema.BigInt || to.Name == sqlschema.DoublePrecision || holdsWhole(to, 10)
	case sqlschema.BigInt:
		return holdsWhole(to, 19)
	case sqlschema.Numeric:
		// numeric(p,s) into numeric(p2,s2): no fewer digits on either side
		// of the decimal point. Into a numeric without limits, always.
		return to.Name == sqlschema.Numeric && (to.Precision == 0 ||
			from.Precision > 0 && to.Scale >= from.Scale && to.Precision-to.Scale >= from.Precision-from.Scale)
	}
	return false
}

// holdsWhole reports whether t is a numeric that holds every whole number
// of up to digits digits.
func holdsWhole(t sqlschema.Type, digits int) bool {
	return t.Name == sqlschema.Numeric && (t.Precision == 0 || t.Precision-t.Scale >= digits)
}

// rounds reports whether converting from to a numeric(p,s) to rounds some
// values to its scale rather than refusing them, as Postgres does with
// fraction digits beyond the scale.
func rounds(from, to sqlschema.Type) bool {
	if to.Name != sqlschema.Numeric || to.Precision == 0 {
		return false
	}
	return from.Name == sqlschema.DoublePrecision || from.Name == sqlschema.Numeric && (from.Precision == 0 || from.Scale > to.Scale)
}

// family groups the types between which Postgres converts by assignment.
func family(t sqlschema.Type) string {
	switch t.Name {
	case sqlschema.Text, sqlschema.Varchar:
		return "string"
	case sqlschema.Integer, sqlschema.BigInt, sqlschema.Numeric, sqlschema.DoublePrecision:
		return "number"
	}
	return t.Name
}
