// Package sqlschema is what a Forge app's database looks like: the tables,
// columns, constraints and indexes its IR declares, each with its SQL name,
// its type as data and its definition.
//
// It is the one home of those facts. forge/migration diffs the tables of
// two schemas into DDL; forge/gen writes the data layer's column lists and
// maps Postgres's errors back to fields by the constraint names given here.
// So a column is read the way it is declared, and an error is recognised
// by the name Postgres reports: every index and constraint name is at most
// 63 bytes (ir.ObjectName), the limit past which Postgres would truncate
// it.
//
// Every table has one shape: id first (the primary key), tenant_id next,
// the fields in declaration order, then created_at, updated_at and
// deleted_at; an enum is text with a CHECK; a tenant table has a UNIQUE
// (tenant_id, id) key that the foreign keys of other tenant tables
// reference, so a row never points into another tenant. An index that is
// not unique ends with id, the keyset tie-breaker of List pages.
//
// Migrations snapshot the IR, not these tables, so a change to these rules
// gives no migration by itself: a database migrated before keeps the old
// form of an index or constraint until the schema next changes it.
//
// What this package is not for: SQL statements (forge/migration writes the
// DDL, forge/gen the queries), Go types (forge/gen), or names outside the
// database (forge/ir's names.go). It imports only forge/ir.
package sqlschema

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
)

// Table is one resource's table.
type Table struct {
	// Resource is the Name of the resource the table stores.
	Resource string
	// Name is the table's name: "order_items".
	Name string
	// QName is Name as SQL must write it (ir.QuoteIdent).
	QName string
	// Columns are in table order: id, tenant_id, the fields, created_at,
	// updated_at, deleted_at (those the resource has).
	Columns []*Column
	// Constraints are sorted by Name: the primary key, the tenant key,
	// enum CHECKs and foreign keys. Unique fields and unique indexes are
	// in Indexes, as unique indexes (their WHERE needs one).
	Constraints []*Constraint
	// Indexes are sorted by Name.
	Indexes []*Index
}

// Column is one column of a table.
type Column struct {
	// Name is the column's name: "price_cents".
	Name string
	// QName is Name as SQL must write it: a field named Order is the
	// column "order".
	QName string
	Type  Type
	// NotNull is set for required fields and the columns Forge adds,
	// deleted_at aside.
	NotNull bool
	// Default is the DEFAULT expression ("0", "'draft'", "now()"), or "".
	Default string
	// Field is the schema field the column holds; nil for the columns
	// Forge adds itself (ir.ReservedColumns).
	Field *ir.Field
}

// The base names of the column types, as Postgres spells them.
const (
	Text            = "text"
	Varchar         = "varchar"
	Integer         = "integer"
	BigInt          = "bigint"
	DoublePrecision = "double precision"
	Numeric         = "numeric"
	Boolean         = "boolean"
	Timestamptz     = "timestamptz"
	Date            = "date"
	UUID            = "uuid"
	JSONB           = "jsonb"
	Bytea           = "bytea"
)

// Type is a column type. Compare types as values; String is the spelling
// for DDL only.
type Type struct {
	// Name is one of the base names above: Varchar, Integer, ….
	Name string
	// Length bounds a Varchar, in characters; 0 for every other type.
	Length int
	// Precision and Scale are a Numeric's numeric(Precision, Scale): at
	// most Precision digits, Scale of them after the decimal point.
	// Precision is 0 for every other type, and for a numeric without
	// limits (a Decimal of a snapshot from IR version 1).
	Precision, Scale int
}

// String is the type as DDL writes it: "varchar(200)", "numeric(18,2)",
// "integer", spelled as Postgres's format_type prints it.
func (t Type) String() string {
	switch {
	case t.Length > 0:
		return t.Name + "(" + strconv.Itoa(t.Length) + ")"
	case t.Precision > 0:
		return t.Name + "(" + strconv.Itoa(t.Precision) + "," + strconv.Itoa(t.Scale) + ")"
	}
	return t.Name
}

// ConstraintKind is the kind of a table constraint.
type ConstraintKind string

// The constraint kinds, as DDL writes them.
const (
	PrimaryKey ConstraintKind = "PRIMARY KEY"
	Unique     ConstraintKind = "UNIQUE"
	Check      ConstraintKind = "CHECK"
	ForeignKey ConstraintKind = "FOREIGN KEY"
)

// Constraint is a named table constraint.
type Constraint struct {
	// Name is what Postgres stores and reports in errors:
	// "products_status_check".
	Name string
	Kind ConstraintKind
	// Columns are the constrained columns: the key of a PrimaryKey, Unique
	// or ForeignKey; for a Check, the one column whose values it limits.
	Columns []string
	// Values are the values a Check allows: an enum's, in declaration
	// order.
	Values []string
	// RefTable and RefColumns are what a ForeignKey references.
	RefTable   string
	RefColumns []string
}

// SQL is the constraint's definition, what follows "CONSTRAINT name" in
// DDL: "CHECK (status IN ('draft', 'published'))". Two constraints with
// the same name and SQL are the same constraint.
func (c *Constraint) SQL() string {
	switch c.Kind {
	case Check:
		quoted := make([]string, len(c.Values))
		for i, v := range c.Values {
			quoted[i] = Literal(v)
		}
		return "CHECK (" + ir.QuoteIdent(c.Columns[0]) + " IN (" + strings.Join(quoted, ", ") + "))"
	case ForeignKey:
		return "FOREIGN KEY (" + QuoteIdents(c.Columns) + ") REFERENCES " + ir.QuoteIdent(c.RefTable) + " (" + QuoteIdents(c.RefColumns) + ")"
	}
	return string(c.Kind) + " (" + QuoteIdents(c.Columns) + ")"
}

// Index is an index of a table; a unique one is how a unique field or
// UniqueIndex is enforced.
type Index struct {
	// Name is ir.Index.Name: at most 63 bytes, "_key" for unique, "_idx"
	// otherwise.
	Name   string
	Unique bool
	// Columns are ir.Index.Columns (tenant_id first in a tenant table),
	// and for an index that is not unique, the keyset tie-breaker id last:
	// List pages are ordered by id, so a list filtered on the index's
	// columns reads the index in order and needs no sort.
	Columns []string
	// Where makes the index partial ("deleted_at IS NULL"), or is "".
	Where string
	// Fields are the Go names of the indexed schema fields, as declared.
	Fields []string
}

// Of returns the tables of s, in the order of s.Resources (sorted by
// Name).
func Of(s *ir.Schema) ([]*Table, error) {
	var tables []*Table
	byName := map[string]string{}
	for i := range s.Resources {
		r := &s.Resources[i]
		if other, dup := byName[r.Table]; dup {
			return nil, fmt.Errorf("sqlschema: resources %s and %s both use table %s", other, r.Name, r.Table)
		}
		byName[r.Table] = r.Name
		t, err := TableOf(s, r)
		if err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, nil
}

// TableOf returns the table of r, one of the resources of s (which its
// foreign keys reference).
func TableOf(s *ir.Schema, r *ir.Resource) (*Table, error) {
	t := &Table{Resource: r.Name, Name: r.Table, QName: ir.QuoteIdent(r.Table)}
	reserved := func(name string, typ Type, notNull bool, def string) {
		t.Columns = append(t.Columns, &Column{Name: name, QName: ir.QuoteIdent(name), Type: typ, NotNull: notNull, Default: def})
	}
	reserved(ir.ColumnID, Type{Name: UUID}, true, "")
	t.Constraints = append(t.Constraints, &Constraint{Name: ir.ObjectName(r.Table, nil, "pkey"), Kind: PrimaryKey, Columns: []string{ir.ColumnID}})
	if r.Options.Tenant {
		reserved(ir.ColumnTenantID, Type{Name: Text}, true, "")
		key := []string{ir.ColumnTenantID, ir.ColumnID}
		t.Constraints = append(t.Constraints, &Constraint{Name: ir.ObjectName(r.Table, key, "key"), Kind: Unique, Columns: key})
	}
	for i := range r.Fields {
		f := &r.Fields[i]
		c, err := fieldColumn(f)
		if err != nil {
			return nil, fmt.Errorf("sqlschema: %s.%s: %w", r.Name, f.Name, err)
		}
		t.Columns = append(t.Columns, c)
		if f.Type == ir.Enum {
			values := make([]string, len(f.Enum.Values))
			for i, v := range f.Enum.Values {
				values[i] = v.Value
			}
			t.Constraints = append(t.Constraints, &Constraint{
				Name: ir.ObjectName(r.Table, []string{f.Column}, "check"), Kind: Check, Columns: []string{f.Column}, Values: values,
			})
		}
	}
	if r.Options.Timestamps {
		reserved(ir.ColumnCreatedAt, Type{Name: Timestamptz}, true, "now()")
		reserved(ir.ColumnUpdatedAt, Type{Name: Timestamptz}, true, "now()")
	}
	if r.Options.SoftDelete {
		reserved(ir.ColumnDeletedAt, Type{Name: Timestamptz}, false, "")
	}
	for _, rel := range r.Relations {
		if rel.Kind != ir.BelongsTo {
			continue
		}
		target := s.Resource(rel.Target)
		if target == nil {
			return nil, fmt.Errorf("sqlschema: %s: BelongsTo %s: no resource %s", r.Name, rel.Name, rel.Target)
		}
		fk := &Constraint{
			Name: ir.ObjectName(r.Table, []string{rel.Column}, "fkey"), Kind: ForeignKey,
			Columns: []string{rel.Column}, RefTable: target.Table, RefColumns: []string{ir.ColumnID},
		}
		if r.Options.Tenant && target.Options.Tenant {
			// A row can never point into another tenant: the target's
			// (tenant_id, id) key is what is referenced.
			fk.Columns = []string{ir.ColumnTenantID, rel.Column}
			fk.RefColumns = []string{ir.ColumnTenantID, ir.ColumnID}
		}
		t.Constraints = append(t.Constraints, fk)
	}
	for _, ix := range r.Indexes {
		columns := slices.Clone(ix.Columns)
		if !ix.Unique && len(columns) > 0 && columns[len(columns)-1] != ir.ColumnID {
			columns = append(columns, ir.ColumnID)
		}
		t.Indexes = append(t.Indexes, &Index{Name: ix.Name, Unique: ix.Unique, Columns: columns, Where: ix.Where, Fields: ix.Fields})
	}
	slices.SortFunc(t.Constraints, func(a, b *Constraint) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(t.Indexes, func(a, b *Index) int { return strings.Compare(a.Name, b.Name) })
	seen := map[string]bool{}
	for _, c := range t.Constraints {
		seen[c.Name] = true
	}
	for _, ix := range t.Indexes {
		if seen[ix.Name] {
			return nil, fmt.Errorf("sqlschema: %s: two indexes or constraints named %s", r.Name, ix.Name)
		}
		seen[ix.Name] = true
	}
	return t, nil
}

// fieldColumn returns the column of a schema field.
func fieldColumn(f *ir.Field) (*Column, error) {
	typ, err := TypeOf(f)
	if err != nil {
		return nil, err
	}
	if f.Type == ir.Enum && (f.Enum == nil || len(f.Enum.Values) == 0) {
		return nil, fmt.Errorf("enum without values")
	}
	def, err := defaultSQL(f)
	if err != nil {
		return nil, err
	}
	return &Column{Name: f.Column, QName: ir.QuoteIdent(f.Column), Type: typ, NotNull: f.Required, Default: def, Field: f}, nil
}

// TypeOf is the column type of a schema field.
func TypeOf(f *ir.Field) (Type, error) {
	switch f.Type {
	case ir.String:
		if f.MaxLen != nil {
			return Type{Name: Varchar, Length: *f.MaxLen}, nil
		}
		return Type{Name: Text}, nil
	case ir.Text, ir.Enum:
		// An enum is text with a CHECK (col IN (…)), so values can be
		// added and dropped in a transaction.
		return Type{Name: Text}, nil
	case ir.Int:
		return Type{Name: Integer}, nil
	case ir.BigInt:
		return Type{Name: BigInt}, nil
	case ir.Float:
		return Type{Name: DoublePrecision}, nil
	case ir.Decimal:
		return Type{Name: Numeric, Precision: f.Precision, Scale: f.Scale}, nil
	case ir.Bool:
		return Type{Name: Boolean}, nil
	case ir.Time:
		return Type{Name: Timestamptz}, nil
	case ir.Date:
		return Type{Name: Date}, nil
	case ir.UUID:
		return Type{Name: UUID}, nil
	case ir.JSON:
		return Type{Name: JSONB}, nil
	case ir.Bytes:
		return Type{Name: Bytea}, nil
	}
	return Type{}, fmt.Errorf("unknown field type %q", f.Type)
}

// defaultSQL is the DEFAULT expression of f, or "" when it has none.
func defaultSQL(f *ir.Field) (string, error) {
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
			return strconv.FormatBool(b), nil
		}
		return n.String(), nil
	}
	var s string
	if err := json.Unmarshal(f.Default, &s); err != nil {
		return "", fmt.Errorf("default %s is not a string", f.Default)
	}
	switch {
	case f.Type == ir.Decimal:
		if !ir.IsDecimal(s) {
			return "", fmt.Errorf("default %q is not a decimal", s)
		}
		return s, nil
	case f.Type == ir.Time && s == "now":
		return "now()", nil
	case f.Type == ir.Date && s == "now":
		return "CURRENT_DATE", nil
	}
	return Literal(s), nil
}

// Column returns the column of t with the given name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Check returns the CHECK of t on the given column, or nil.
func (t *Table) Check(column string) *Constraint {
	for _, c := range t.Constraints {
		if c.Kind == Check && c.Columns[0] == column {
			return c
		}
	}
	return nil
}

// QuoteIdents quotes each of names with ir.QuoteIdent and joins them with
// commas: an SQL column list.
func QuoteIdents(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = ir.QuoteIdent(n)
	}
	return strings.Join(quoted, ", ")
}

// Literal quotes s as an SQL string literal, doubling its single quotes.
func Literal(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// MaxIndexEntry is the largest entry, in bytes, a B-tree index takes on
// Postgres's 8 KiB pages (btree version 4): inserting a longer one fails
// with "index row size exceeds maximum" (54000), an error no field maps
// to.
const MaxIndexEntry = 2704

// IndexReserve is the part of an index entry IndexedLimit leaves to what
// is not a field: the tuple header and alignment, the id tie-breaker and a
// tenant_id, which holds at most 255 bytes (auth.MaxIDLen; a test ties the
// two).
const IndexReserve = 64 + 16 + 4 + 255

// IndexedLimit returns the most bytes a value of the named column may
// hold so that every index holding the column takes it, or 0 when none
// needs a limit: the column is in no index, or its field's MaxLen bounds
// it already. The entry's room (MaxIndexEntry − IndexReserve) is shared
// equally among the index's text and bytes columns, so a composite index
// of several long strings fits too.
func (t *Table) IndexedLimit(column string) int {
	c := t.Column(column)
	if c == nil || c.Field == nil || !variableWidth(c.Field) {
		return 0
	}
	limit := 0
	for _, ix := range t.Indexes {
		if !slices.Contains(ix.Columns, column) {
			continue
		}
		n := 0
		for _, name := range ix.Columns {
			if other := t.Column(name); other != nil && other.Field != nil && variableWidth(other.Field) {
				n++
			}
		}
		if share := (MaxIndexEntry - IndexReserve) / n; limit == 0 || share < limit {
			limit = share
		}
	}
	if f := c.Field; limit == 0 || f.MaxLen != nil && maxBytes(f) <= limit {
		return 0
	}
	return limit
}

// variableWidth reports whether a field's values have no size bound of
// their type: text and bytes. (A decimal is bounded by its precision, an
// enum by its values.)
func variableWidth(f *ir.Field) bool {
	return f.Type == ir.String || f.Type == ir.Text || f.Type == ir.Bytes
}

// maxBytes is the most bytes a value within f's MaxLen holds: MaxLen
// characters of up to 4 bytes each in UTF-8, or MaxLen bytes.
func maxBytes(f *ir.Field) int {
	if f.Type == ir.Bytes {
		return *f.MaxLen
	}
	return 4 * *f.MaxLen
}
