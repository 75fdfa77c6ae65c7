package migration

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/forge-framework/forge/forge/gen"
	"github.com/forge-framework/forge/forge/ir"
)

// table is what Forge declares in Postgres for one resource: the part of the
// IR that DDL can see. Two IRs that differ only elsewhere (a Pattern, a
// hook, a JSON name) give equal tables and so no migration.
type table struct {
	resource string // the resource's Name, for comments
	name     string
	columns  []column // in table order; the first is the primary key
	// constraints are the CHECK and UNIQUE table constraints (enum checks,
	// the tenant key), by name.
	constraints map[string]constraint
	indexes     map[string]index
	fkeys       map[string]constraint
}

type column struct {
	name    string
	typ     string // gen.SQLType
	notNull bool
	def     string   // the DEFAULT expression, or ""
	enum    []string // the values of an enum column, whose CHECK is in table.constraints
	primary bool
}

// constraint is a named table constraint; def is what follows
// "CONSTRAINT name".
type constraint struct {
	name, def string
}

type index struct {
	name    string
	unique  bool
	columns []string
	where   string
}

func (c column) sql() string {
	s := ir.QuoteIdent(c.name) + " " + c.typ
	if c.primary {
		return s + " PRIMARY KEY"
	}
	if c.notNull {
		s += " NOT NULL"
	}
	if c.def != "" {
		s += " DEFAULT " + c.def
	}
	return s
}

func (ix index) create(table string) string {
	s := "CREATE INDEX "
	if ix.unique {
		s = "CREATE UNIQUE INDEX "
	}
	s += ir.QuoteIdent(ix.name) + " ON " + ir.QuoteIdent(table) + " (" + idents(ix.columns) + ")"
	if ix.where != "" {
		s += " WHERE " + ix.where
	}
	return s
}

func (ix index) equal(o index) bool {
	return ix.unique == o.unique && ix.where == o.where && strings.Join(ix.columns, ",") == strings.Join(o.columns, ",")
}

// tablesOf returns the tables of s by name.
func tablesOf(s *ir.Schema) (map[string]*table, error) {
	tables := map[string]*table{}
	if s == nil {
		return tables, nil
	}
	for i := range s.Resources {
		r := &s.Resources[i]
		if tables[r.Table] != nil {
			return nil, fmt.Errorf("resources %s and %s both use table %s", tables[r.Table].resource, r.Name, r.Table)
		}
		t, err := tableOf(s, r)
		if err != nil {
			return nil, fmt.Errorf("resource %s: %w", r.Name, err)
		}
		tables[r.Table] = t
	}
	return tables, nil
}

// tableOf follows the contract's "SQL" section: id first, tenant_id next,
// the fields in order, then the timestamp and soft-delete columns.
func tableOf(s *ir.Schema, r *ir.Resource) (*table, error) {
	t := &table{
		resource:    r.Name,
		name:        r.Table,
		constraints: map[string]constraint{},
		indexes:     map[string]index{},
		fkeys:       map[string]constraint{},
	}
	t.columns = append(t.columns, column{name: ir.ColumnID, typ: "uuid", notNull: true, primary: true})
	if r.Options.Tenant {
		t.columns = append(t.columns, column{name: ir.ColumnTenantID, typ: "text", notNull: true})
		key := r.Table + "_tenant_id_id_key"
		t.constraints[key] = constraint{key, "UNIQUE (tenant_id, id)"}
	}
	for _, f := range r.Fields {
		def, err := defaultSQL(f)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f.Name, err)
		}
		c := column{name: f.Column, typ: gen.SQLType(f), notNull: f.Required, def: def}
		if f.Type == ir.Enum {
			if f.Enum == nil || len(f.Enum.Values) == 0 {
				return nil, fmt.Errorf("field %s: enum without values", f.Name)
			}
			quoted := make([]string, len(f.Enum.Values))
			for i, v := range f.Enum.Values {
				c.enum = append(c.enum, v.Value)
				quoted[i] = literal(v.Value)
			}
			check := r.Table + "_" + f.Column + "_check"
			t.constraints[check] = constraint{check, "CHECK (" + ir.QuoteIdent(f.Column) + " IN (" + strings.Join(quoted, ", ") + "))"}
		}
		t.columns = append(t.columns, c)
	}
	if r.Options.Timestamps {
		t.columns = append(t.columns,
			column{name: ir.ColumnCreatedAt, typ: "timestamptz", notNull: true, def: "now()"},
			column{name: ir.ColumnUpdatedAt, typ: "timestamptz", notNull: true, def: "now()"})
	}
	if r.Options.SoftDelete {
		t.columns = append(t.columns, column{name: ir.ColumnDeletedAt, typ: "timestamptz"})
	}
	for _, rel := range r.Relations {
		if rel.Kind != ir.BelongsTo {
			continue
		}
		target := s.Resource(rel.Target)
		if target == nil {
			return nil, fmt.Errorf("BelongsTo %s: no resource %s", rel.Name, rel.Target)
		}
		def := "FOREIGN KEY (" + ir.QuoteIdent(rel.Column) + ") REFERENCES " + ir.QuoteIdent(target.Table) + " (id)"
		if r.Options.Tenant && target.Options.Tenant {
			// A row can never point into another tenant: the target's
			// (tenant_id, id) key is what is referenced.
			def = "FOREIGN KEY (tenant_id, " + ir.QuoteIdent(rel.Column) + ") REFERENCES " + ir.QuoteIdent(target.Table) + " (tenant_id, id)"
		}
		fkey := r.Table + "_" + rel.Column + "_fkey"
		t.fkeys[fkey] = constraint{fkey, def}
	}
	for _, ix := range r.Indexes {
		if _, dup := t.indexes[ix.Name]; dup {
			return nil, fmt.Errorf("two indexes named %s", ix.Name)
		}
		t.indexes[ix.Name] = index{name: ix.Name, unique: ix.Unique, columns: ix.Columns, where: ix.Where}
	}
	return t, nil
}

func (t *table) column(name string) (column, bool) {
	for _, c := range t.columns {
		if c.name == name {
			return c, true
		}
	}
	return column{}, false
}

var decimalRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// defaultSQL is the DEFAULT expression of f, or "" when it has none.
func defaultSQL(f ir.Field) (string, error) {
	if len(f.Default) == 0 {
		return "", nil
	}
	switch f.Type {
	case ir.Bool, ir.Int, ir.BigInt, ir.Float:
		var n json.Number
		if err := json.Unmarshal(f.Default, &n); err != nil {
			var b bool
			if f.Type != ir.Bool || json.Unmarshal(f.Default, &b) != nil {
				return "", fmt.Errorf("default %s is not a %s", f.Default, f.Type)
			}
			return fmt.Sprint(b), nil
		}
		return n.String(), nil
	}
	var s string
	if err := json.Unmarshal(f.Default, &s); err != nil {
		return "", fmt.Errorf("default %s is not a string", f.Default)
	}
	switch {
	case f.Type == ir.Decimal && decimalRE.MatchString(s):
		return s, nil
	case f.Type == ir.Time && s == "now":
		return "now()", nil
	case f.Type == ir.Date && s == "now":
		return "CURRENT_DATE", nil
	}
	return literal(s), nil
}

// literal quotes s as an SQL string literal.
func literal(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// idents quotes each of names with ir.QuoteIdent and joins them with commas.
func idents(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = ir.QuoteIdent(n)
	}
	return strings.Join(quoted, ", ")
}
