// Package ir is the intermediate representation between Forge's schema
// parser and its code generator.
//
// A Schema is plain data: it serialises to JSON (`forge generate --ir`) and
// holds every name the generator needs (tables, columns, Go names, routes,
// job argument types), derived once by the parser, so that the generator
// never re-derives a name and two generators can never disagree.
//
// The names themselves are derived in names.go, the one place a name is
// made from another, which the parser and the generator both call.
//
// What this package is not for: it does not read schema files (forge/parser
// does), decide the database's tables and types (forge/sqlschema does) or
// write Go code (forge/gen does). A change to the shape of these types
// bumps Version.
package ir

import "encoding/json"

// Version is the version of the IR's shape. It is written into every Schema
// and bumped whenever a field is added, removed or changes meaning.
//
// Version 2 added Field.Precision and Field.Scale, and rename hints
// (Resource.RenamedFrom, Field.RenamedFrom).
const Version = 2

// Schema is one schema package: all the resources of an app.
type Schema struct {
	// Version is the IR version the schema was built with (see Version).
	Version int `json:"version"`
	// Package is the Go package name of the schema package.
	Package string `json:"package"`
	// Resources are sorted by Name.
	Resources []Resource `json:"resources"`
	// Jobs are the River job kinds that hooks enqueue, sorted by Kind.
	Jobs []Job `json:"jobs"`
}

// Resource is one schema.Define: a table, its Go types, actions and routes.
type Resource struct {
	// Name is the Go name as written in schema.Define: "OrderItem".
	Name string `json:"name"`
	// Plural is the Go name of a collection: "OrderItems".
	Plural string `json:"plural"`
	// Table is the SQL table: "order_items".
	Table string `json:"table"`
	// Route is the plural URL segment: "order-items" (as in /api/order-items).
	Route string `json:"route"`
	// Fields are the resource's columns in declaration order, including the
	// foreign-key column of each BelongsTo (at the BelongsTo's place). The
	// columns that options add (id, tenant_id, created_at, updated_at,
	// deleted_at) are not listed; Options says which exist.
	Fields []Field `json:"fields"`
	// Relations are in declaration order.
	Relations []Relation `json:"relations"`
	// Indexes are sorted by Name. A field's Unique becomes one here too, and
	// so does each BelongsTo column that no declared index leads with.
	Indexes []Index `json:"indexes"`
	// Options are the resource-wide behaviours.
	Options Options `json:"options"`
	// RenamedFrom is set when the schema says the resource had another
	// name before (schema.RenamedFrom): Table is then its old table.
	RenamedFrom *Rename `json:"renamed_from,omitempty"`
}

// Rename is a hint that a field or resource had another name before, so
// that the migration differ (forge/migration) renames its column or table
// rather than dropping it and adding a new, empty one. It changes no
// generated code: names are the new ones everywhere else.
type Rename struct {
	// Name is the old Go name, as written in the hint: "Title", "Item".
	Name string `json:"name"`
	// Column is a field's old column (ir.Snake of Name): "title".
	Column string `json:"column,omitempty"`
	// Table is a resource's old table (TableName of Name): "items".
	Table string `json:"table,omitempty"`
	// Pos is where the hint is written, "schema/catalog.go:12:30", for
	// the differ's errors about it. It is not part of the JSON: a snapshot
	// does not change when the file around the hint does.
	Pos string `json:"-"`
}

// FieldType is the kind of value a field holds.
type FieldType string

// The field types. See forge/schema for what each becomes in SQL and Go.
const (
	String  FieldType = "string"
	Text    FieldType = "text"
	Int     FieldType = "int"
	BigInt  FieldType = "bigint"
	Float   FieldType = "float"
	Decimal FieldType = "decimal"
	Bool    FieldType = "bool"
	Time    FieldType = "time"
	Date    FieldType = "date"
	UUID    FieldType = "uuid"
	Enum    FieldType = "enum"
	JSON    FieldType = "json"
	Bytes   FieldType = "bytes"
)

// Field is a column.
type Field struct {
	// Name is the Go field name: "PriceCents", "CategoryID".
	Name string `json:"name"`
	// Column is the SQL column: "price_cents", "category_id".
	Column string `json:"column"`
	// JSON is the key in HTTP bodies: "price_cents".
	JSON string `json:"json"`
	// Type is the field type; a BelongsTo's column is UUID.
	Type FieldType `json:"type"`
	// Enum holds the Go type and values of an Enum field.
	Enum *EnumType `json:"enum,omitempty"`
	// Relation names the BelongsTo whose foreign key this field is.
	Relation string `json:"relation,omitempty"`
	// Required fields are NOT NULL and must be given on create.
	Required bool `json:"required,omitempty"`
	// Unique fields also have a unique entry in Resource.Indexes.
	Unique bool `json:"unique,omitempty"`
	// Immutable fields are set on create only.
	Immutable bool `json:"immutable,omitempty"`
	// Sensitive fields are never returned by HTTP handlers.
	Sensitive bool `json:"sensitive,omitempty"`
	// Default is the literal given to Default, as JSON: true, 0, 2.5,
	// "draft", "now". For Decimal it is always a JSON string.
	Default json.RawMessage `json:"default,omitempty"`
	// Min and Max bound numeric fields, inclusive.
	Min *json.Number `json:"min,omitempty"`
	Max *json.Number `json:"max,omitempty"`
	// MinLen and MaxLen bound the length of String, Text and Bytes fields:
	// characters for strings, bytes for Bytes.
	MinLen *int `json:"min_len,omitempty"`
	MaxLen *int `json:"max_len,omitempty"`
	// Pattern is a Go RE2 regular expression that string values must match.
	Pattern string `json:"pattern,omitempty"`
	// Precision and Scale make a Decimal field numeric(Precision, Scale):
	// at most Precision digits, Scale of them after the decimal point. The
	// parser sets them on every Decimal field, to DefaultDecimalPrecision
	// and DefaultDecimalScale when the schema gives no Precision. A
	// Precision of 0 is Postgres's numeric without limits: the decimals of
	// a snapshot written by IR version 1.
	Precision int `json:"precision,omitempty"`
	Scale     int `json:"scale,omitempty"`
	// RenamedFrom is set when the schema says the field had another name
	// before (RenamedFrom on the field): Column is then its old column.
	RenamedFrom *Rename `json:"renamed_from,omitempty"`
}

// EnumType is the Go type and constants of an Enum field.
type EnumType struct {
	// Type is the Go type: resource name + field name, "ProductStatus"
	// (EnumTypeName).
	Type string `json:"type"`
	// Values are in declaration order.
	Values []EnumValue `json:"values"`
}

// EnumValue is one value of an enum and its Go constant.
type EnumValue struct {
	// Value is stored in the column and sent in JSON: "in_stock".
	Value string `json:"value"`
	// Name is the Go constant: "ProductStatusInStock" (EnumValueName).
	Name string `json:"name"`
}

// RelationKind says which side of a foreign key a relation is.
type RelationKind string

// The relation kinds.
const (
	// BelongsTo: this resource's table holds the foreign key.
	BelongsTo RelationKind = "belongs_to"
	// HasMany: the target's table holds the foreign key to this resource.
	HasMany RelationKind = "has_many"
)

// Relation is a BelongsTo or HasMany between two resources.
type Relation struct {
	Kind RelationKind `json:"kind"`
	// Name is the Go name of the loaded relation: "Category" for a
	// BelongsTo, the target's plural ("Reviews") for a HasMany.
	Name string `json:"name"`
	// Target is the other resource's Name.
	Target string `json:"target"`
	// TargetTable is the other resource's Table.
	TargetTable string `json:"target_table"`
	// Field is the Go name of the foreign-key field: on this resource for
	// BelongsTo ("CategoryID"), on the target for HasMany ("ProductID").
	Field string `json:"field"`
	// Column is the foreign-key column, on the same table as Field.
	Column string `json:"column"`
	// Required is set for a BelongsTo whose foreign key is NOT NULL.
	Required bool `json:"required,omitempty"`
}

// Index is an index or unique constraint.
type Index struct {
	// Name is the SQL name, at most 63 bytes: "products_status_published_at_idx",
	// "products_external_id_key" for unique ones.
	Name string `json:"name"`
	// Unique indexes reject duplicate values.
	Unique bool `json:"unique,omitempty"`
	// Fields are the Go names of the indexed fields, as declared.
	Fields []string `json:"fields"`
	// Columns are the indexed SQL columns in order. In a WithTenant resource
	// tenant_id comes first, so uniqueness is per tenant and every
	// tenant-scoped query can use the index. The index in the database
	// (forge/sqlschema) ends with id too when it is not unique.
	Columns []string `json:"columns"`
	// Where makes the index partial: unique indexes of a WithSoftDelete
	// resource ignore deleted rows ("deleted_at IS NULL").
	Where string `json:"where,omitempty"`
}

// Options are a resource's resource-wide behaviours.
type Options struct {
	// Tenant adds tenant_id; every query is scoped to the caller's tenant.
	Tenant bool `json:"tenant,omitempty"`
	// Timestamps adds created_at and updated_at.
	Timestamps bool `json:"timestamps,omitempty"`
	// SoftDelete adds deleted_at; deletes hide rows instead of removing them.
	SoftDelete bool `json:"soft_delete,omitempty"`
	// Hooks are the jobs enqueued after writes.
	Hooks Hooks `json:"hooks"`
}

// Hooks lists the jobs enqueued in the write's transaction.
type Hooks struct {
	AfterCreate []JobRef `json:"after_create,omitempty"`
	AfterUpdate []JobRef `json:"after_update,omitempty"`
}

// JobRef is one job enqueued by a hook.
type JobRef struct {
	// Kind is the River job kind: "product_created".
	Kind string `json:"kind"`
	// Queue is the River queue; "default" when the schema left it empty.
	Queue string `json:"queue"`
}

// Job is a River job kind that hooks enqueue, with its generated args type.
type Job struct {
	// Kind is the River job kind: "product_created".
	Kind string `json:"kind"`
	// Args is the Go name of the generated args type: "ProductCreatedArgs"
	// (JobArgs).
	Args string `json:"args"`
	// Resource is the Name of the resource whose hooks enqueue it.
	Resource string `json:"resource"`
}

// Columns that Forge adds itself. Schema fields may not use these names.
const (
	ColumnID        = "id"
	ColumnTenantID  = "tenant_id"
	ColumnCreatedAt = "created_at"
	ColumnUpdatedAt = "updated_at"
	ColumnDeletedAt = "deleted_at"
)

// ReservedColumns are the columns Forge adds itself, in table order.
var ReservedColumns = []string{ColumnID, ColumnTenantID, ColumnCreatedAt, ColumnUpdatedAt, ColumnDeletedAt}

// Resource returns the resource with the given name, or nil.
func (s *Schema) Resource(name string) *Resource {
	for i := range s.Resources {
		if s.Resources[i].Name == name {
			return &s.Resources[i]
		}
	}
	return nil
}
