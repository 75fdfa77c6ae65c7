// Package schema is the vocabulary of Forge schema files.
//
// An app describes its resources in ordinary Go files that import this
// package:
//
//	package schema
//
//	import "github.com/forge-framework/forge/forge/schema"
//
//	var Product = schema.Define("Product",
//		schema.String("Name").Required().MaxLen(200),
//		schema.Int("PriceCents").Required().Min(0),
//		schema.BelongsTo("Category"),
//		schema.WithTimestamps(),
//	)
//
// The files type-check with go vet like any Go code, but Forge never runs
// them: forge/parser reads them with go/ast into the IR (forge/ir), which is
// why every argument must be a literal or a constant declared in the same
// package. The values built here at run time exist only so that the files
// compile and can be inspected in tests; code generation does not use them.
//
// Each field constructor returns a builder type of its own (*StringField,
// *IntField, …) whose methods are the modifiers that fit that type, so
// schema.Int("Stock").MaxLen(3) is a compile error in the editor.
// forge/parser holds the same vocabulary in its tables, and a test there
// ties them to this package's method sets.
//
// What this package is not for: it holds no validation. The parser checks a
// schema (unknown relations, Min greater than Max, a Default of the wrong
// type, …) and reports every problem with its file:line:col.
package schema

// ImportPath is the import path that marks a Go file as a schema file.
//
//	import "github.com/forge-framework/forge/forge/schema"
const ImportPath = "github.com/forge-framework/forge/forge/schema"

// SchemaItem is anything Define accepts after the resource name: a field, a
// relation, an index or an option.
//
//	var items = []schema.SchemaItem{schema.String("Name"), schema.WithTenant()}
type SchemaItem interface {
	schemaItem()
}

// Resource is one resource of an app: a table, a data type, actions and HTTP
// routes. Define returns it.
//
//	var Product = schema.Define("Product", schema.String("Name"))
//	_ = Product.Name() // "Product"
type Resource struct {
	name  string
	items []SchemaItem
}

// Define declares a resource. The name is an exported Go identifier in
// singular form ("Product", "OrderItem"); Forge derives the table
// ("order_items"), columns and routes ("/api/order-items") from it. Define
// must be the value of a package-level variable.
//
//	var Product = schema.Define("Product",
//		schema.String("Name").Required(),
//	)
func Define(name string, items ...SchemaItem) *Resource {
	return &Resource{name: name, items: items}
}

// Name returns the name given to Define.
//
//	schema.Define("Product").Name() // "Product"
func (r *Resource) Name() string { return r.name }

// Items returns the items given to Define, in order.
//
//	len(schema.Define("Product", schema.String("Name")).Items()) // 1
func (r *Resource) Items() []SchemaItem { return r.items }

// FieldType names the kind of value a field holds.
//
//	schema.String("Name").Type() // schema.TypeString
type FieldType string

// The field types, with the Postgres column and Go type each becomes.
const (
	TypeString  FieldType = "string"  // varchar/text, string; MaxLen bounds it
	TypeText    FieldType = "text"    // text, string
	TypeInt     FieldType = "int"     // integer, int32
	TypeBigInt  FieldType = "bigint"  // bigint, int64
	TypeFloat   FieldType = "float"   // double precision, float64
	TypeDecimal FieldType = "decimal" // numeric(18,2) or its Precision, a decimal string
	TypeBool    FieldType = "bool"    // boolean, bool
	TypeTime    FieldType = "time"    // timestamptz, time.Time
	TypeDate    FieldType = "date"    // date, a calendar day
	TypeUUID    FieldType = "uuid"    // uuid
	TypeEnum    FieldType = "enum"    // text with a check, a Go string type with constants
	TypeJSON    FieldType = "json"    // jsonb, raw JSON
	TypeBytes   FieldType = "bytes"   // bytea, []byte
)

// Field is a column of a resource: what String, Int and the other field
// constructors return. Each constructor returns a builder of its own type
// (*StringField, *IntField, …) whose methods are exactly the modifiers that
// fit the field, so a misplaced one, such as schema.Int("Stock").MaxLen(3),
// does not compile.
//
//	var f schema.Field = schema.String("Name").Required().MaxLen(200)
type Field interface {
	SchemaItem
	// Name returns the field's name as written.
	Name() string
	// Type returns the field's type.
	Type() FieldType
	// EnumValues returns the values of an Enum field, nil for other types.
	EnumValues() []string
	// Modifiers returns the modifiers applied to the field, in order.
	Modifiers() []Modifier
}

// Modifier records one modifier call on a field, such as MaxLen(200).
//
//	schema.String("Name").MaxLen(200).Modifiers()[0] // {Name: "MaxLen", Value: 200}
type Modifier struct {
	Name  string
	Value any
}

// field is what every field builder holds; it implements Field.
type field struct {
	name       string
	typ        FieldType
	enumValues []string
	modifiers  []Modifier
}

func (*field) schemaItem() {}

// Name returns the field's name as written.
//
//	schema.Int("PriceCents").Name() // "PriceCents"
func (f *field) Name() string { return f.name }

// Type returns the field's type.
//
//	schema.Int("PriceCents").Type() // schema.TypeInt
func (f *field) Type() FieldType { return f.typ }

// EnumValues returns the values of an Enum field, nil for other types.
//
//	schema.Enum("Status", "draft", "live").EnumValues() // ["draft" "live"]
func (f *field) EnumValues() []string { return f.enumValues }

// Modifiers returns the modifiers applied to the field, in order.
//
//	schema.Bool("Active").Default(true).Modifiers() // [{Default true}]
func (f *field) Modifiers() []Modifier { return f.modifiers }

func (f *field) add(name string, value any) {
	f.modifiers = append(f.modifiers, Modifier{Name: name, Value: value})
}

// String declares a short string field (varchar when MaxLen is set).
//
//	schema.String("Name").Required().MaxLen(200)
func String(name string) *StringField { return &StringField{field{name: name, typ: TypeString}} }

// Text declares an unbounded string field.
//
//	schema.Text("Description")
func Text(name string) *StringField { return &StringField{field{name: name, typ: TypeText}} }

// Int declares a 32-bit integer field.
//
//	schema.Int("Quantity").Required().Min(1)
func Int(name string) *IntField { return &IntField{field{name: name, typ: TypeInt}} }

// BigInt declares a 64-bit integer field.
//
//	schema.BigInt("ViewCount").Default(0)
func BigInt(name string) *BigIntField { return &BigIntField{field{name: name, typ: TypeBigInt}} }

// Float declares a double-precision floating-point field.
//
//	schema.Float("Rating").Min(0).Max(5)
func Float(name string) *FloatField { return &FloatField{field{name: name, typ: TypeFloat}} }

// Decimal declares an exact decimal field, for money and quantities that
// must not round: a numeric(18,2) column unless Precision says otherwise.
// Its values travel as JSON strings ("19.99").
//
//	schema.Decimal("Weight").Precision(8, 3).Min(0).Default("0.000")
func Decimal(name string) *DecimalField { return &DecimalField{field{name: name, typ: TypeDecimal}} }

// Bool declares a boolean field.
//
//	schema.Bool("Active").Default(true)
func Bool(name string) *BoolField { return &BoolField{field{name: name, typ: TypeBool}} }

// Time declares a timestamp-with-time-zone field. Its Default is an RFC 3339
// string or "now".
//
//	schema.Time("PublishedAt")
func Time(name string) *TimeField { return &TimeField{field{name: name, typ: TypeTime}} }

// Date declares a calendar-date field. Its Default is "YYYY-MM-DD" or "now".
//
//	schema.Date("BirthDate")
func Date(name string) *TimeField { return &TimeField{field{name: name, typ: TypeDate}} }

// UUID declares a UUID field (not the primary key: Forge adds id itself).
//
//	schema.UUID("ExternalID").Unique()
func UUID(name string) *UUIDField { return &UUIDField{field{name: name, typ: TypeUUID}} }

// Enum declares a field that holds one of the given values. Values are
// lower_snake_case; each becomes a Go constant.
//
//	schema.Enum("Status", "draft", "published", "archived").Default("draft")
func Enum(name string, values ...string) *EnumField {
	return &EnumField{field{name: name, typ: TypeEnum, enumValues: values}}
}

// JSON declares a field holding arbitrary JSON (jsonb). Its Default is a
// string of valid JSON.
//
//	schema.JSON("Attributes").Default("{}")
func JSON(name string) *JSONField { return &JSONField{field{name: name, typ: TypeJSON}} }

// Bytes declares a binary field.
//
//	schema.Bytes("Thumbnail").MaxLen(1 << 20)
func Bytes(name string) *BytesField { return &BytesField{field{name: name, typ: TypeBytes}} }

// StringField holds a String or Text field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.String("Name").Required()
type StringField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.String("Name").Required()
func (f *StringField) Required() *StringField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.String("Name").Optional()
func (f *StringField) Optional() *StringField { f.add("Optional", true); return f }

// Unique adds a unique index on the field (per tenant in a WithTenant
// resource, among rows not deleted in a WithSoftDelete one).
//
//	schema.String("Name").Unique()
func (f *StringField) Unique() *StringField { f.add("Unique", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.String("Name").Immutable()
func (f *StringField) Immutable() *StringField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.String("Name").Sensitive()
func (f *StringField) Sensitive() *StringField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.String("Name").RenamedFrom("Old")
func (f *StringField) RenamedFrom(old string) *StringField { f.add("RenamedFrom", old); return f }

// Default sets the value used when a create leaves the field out. It
// must fit the field's own MinLen, MaxLen and Pattern.
//
//	schema.String("Name").Default("unnamed")
func (f *StringField) Default(value string) *StringField { f.add("Default", value); return f }

// MinLen sets the shortest allowed length, in characters.
//
//	schema.String("Name").MinLen(3)
func (f *StringField) MinLen(n int) *StringField { f.add("MinLen", n); return f }

// MaxLen sets the longest allowed length, in characters.
//
//	schema.String("Name").MaxLen(200)
func (f *StringField) MaxLen(n int) *StringField { f.add("MaxLen", n); return f }

// Pattern sets a regular expression (Go RE2 syntax) that the value must
// match.
//
//	schema.String("SKU").Pattern(`^[A-Z0-9-]+$`)
func (f *StringField) Pattern(re string) *StringField { f.add("Pattern", re); return f }

// IntField holds an Int field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.Int("Quantity").Required()
type IntField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.Int("Quantity").Required()
func (f *IntField) Required() *IntField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.Int("Quantity").Optional()
func (f *IntField) Optional() *IntField { f.add("Optional", true); return f }

// Unique adds a unique index on the field (per tenant in a WithTenant
// resource, among rows not deleted in a WithSoftDelete one).
//
//	schema.Int("Quantity").Unique()
func (f *IntField) Unique() *IntField { f.add("Unique", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.Int("Quantity").Immutable()
func (f *IntField) Immutable() *IntField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.Int("Quantity").Sensitive()
func (f *IntField) Sensitive() *IntField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.Int("Quantity").RenamedFrom("Old")
func (f *IntField) RenamedFrom(old string) *IntField { f.add("RenamedFrom", old); return f }

// Default sets the value used when a create leaves the field out. It
// must lie within the field's own Min and Max.
//
//	schema.Int("Quantity").Default(1)
func (f *IntField) Default(value int32) *IntField { f.add("Default", value); return f }

// Min sets the smallest allowed value.
//
//	schema.Int("Quantity").Min(1)
func (f *IntField) Min(value int32) *IntField { f.add("Min", value); return f }

// Max sets the largest allowed value.
//
//	schema.Int("Quantity").Max(100)
func (f *IntField) Max(value int32) *IntField { f.add("Max", value); return f }

// BigIntField holds a BigInt field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.BigInt("ViewCount").Required()
type BigIntField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.BigInt("ViewCount").Required()
func (f *BigIntField) Required() *BigIntField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.BigInt("ViewCount").Optional()
func (f *BigIntField) Optional() *BigIntField { f.add("Optional", true); return f }

// Unique adds a unique index on the field (per tenant in a WithTenant
// resource, among rows not deleted in a WithSoftDelete one).
//
//	schema.BigInt("ViewCount").Unique()
func (f *BigIntField) Unique() *BigIntField { f.add("Unique", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.BigInt("ViewCount").Immutable()
func (f *BigIntField) Immutable() *BigIntField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.BigInt("ViewCount").Sensitive()
func (f *BigIntField) Sensitive() *BigIntField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.BigInt("ViewCount").RenamedFrom("Old")
func (f *BigIntField) RenamedFrom(old string) *BigIntField { f.add("RenamedFrom", old); return f }

// Default sets the value used when a create leaves the field out. It
// must lie within the field's own Min and Max.
//
//	schema.BigInt("ViewCount").Default(0)
func (f *BigIntField) Default(value int64) *BigIntField { f.add("Default", value); return f }

// Min sets the smallest allowed value.
//
//	schema.BigInt("ViewCount").Min(0)
func (f *BigIntField) Min(value int64) *BigIntField { f.add("Min", value); return f }

// Max sets the largest allowed value.
//
//	schema.BigInt("ViewCount").Max(1 << 40)
func (f *BigIntField) Max(value int64) *BigIntField { f.add("Max", value); return f }

// FloatField holds a Float field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.Float("Rating").Required()
type FloatField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.Float("Rating").Required()
func (f *FloatField) Required() *FloatField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.Float("Rating").Optional()
func (f *FloatField) Optional() *FloatField { f.add("Optional", true); return f }

// Unique adds a unique index on the field (per tenant in a WithTenant
// resource, among rows not deleted in a WithSoftDelete one).
//
//	schema.Float("Rating").Unique()
func (f *FloatField) Unique() *FloatField { f.add("Unique", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.Float("Rating").Immutable()
func (f *FloatField) Immutable() *FloatField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.Float("Rating").Sensitive()
func (f *FloatField) Sensitive() *FloatField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.Float("Rating").RenamedFrom("Old")
func (f *FloatField) RenamedFrom(old string) *FloatField { f.add("RenamedFrom", old); return f }

// Default sets the value used when a create leaves the field out. It
// must lie within the field's own Min and Max.
//
//	schema.Float("Rating").Default(2.5)
func (f *FloatField) Default(value float64) *FloatField { f.add("Default", value); return f }

// Min sets the smallest allowed value.
//
//	schema.Float("Rating").Min(0)
func (f *FloatField) Min(value float64) *FloatField { f.add("Min", value); return f }

// Max sets the largest allowed value.
//
//	schema.Float("Rating").Max(5)
func (f *FloatField) Max(value float64) *FloatField { f.add("Max", value); return f }

// DecimalField holds a Decimal field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.Decimal("Weight").Required()
type DecimalField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.Decimal("Weight").Required()
func (f *DecimalField) Required() *DecimalField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.Decimal("Weight").Optional()
func (f *DecimalField) Optional() *DecimalField { f.add("Optional", true); return f }

// Unique adds a unique index on the field (per tenant in a WithTenant
// resource, among rows not deleted in a WithSoftDelete one).
//
//	schema.Decimal("Weight").Unique()
func (f *DecimalField) Unique() *DecimalField { f.add("Unique", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.Decimal("Weight").Immutable()
func (f *DecimalField) Immutable() *DecimalField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.Decimal("Weight").Sensitive()
func (f *DecimalField) Sensitive() *DecimalField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.Decimal("Weight").RenamedFrom("Old")
func (f *DecimalField) RenamedFrom(old string) *DecimalField { f.add("RenamedFrom", old); return f }

// Default sets the value used when a create leaves the field out: a
// decimal string such as "9.99" or a number with an exact decimal form. It
// must lie within the field's own Min and Max and fit its Precision.
//
//	schema.Decimal("Price").Default("0.00")
func (f *DecimalField) Default(value any) *DecimalField { f.add("Default", value); return f }

// Min sets the smallest allowed value.
//
//	schema.Decimal("Weight").Min(0)
func (f *DecimalField) Min(value float64) *DecimalField { f.add("Min", value); return f }

// Max sets the largest allowed value.
//
//	schema.Decimal("Weight").Max(1000.5)
func (f *DecimalField) Max(value float64) *DecimalField { f.add("Max", value); return f }

// Precision sets the column to numeric(precision, scale), as Rails's
// precision and scale options do: at most precision digits, scale of them
// after the decimal point. precision is 1 to 1000 and scale 0 to
// precision. Without it a Decimal is numeric(18,2): money up to ten
// quadrillion in cents, which as a count of cents still fits an int64.
// A value with more digits is refused (422), never rounded.
//
//	schema.Decimal("Weight").Precision(8, 3) // up to 99999.999
func (f *DecimalField) Precision(precision, scale int) *DecimalField {
	f.add("Precision", [2]int{precision, scale})
	return f
}

// BoolField holds a Bool field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.Bool("Active").Required()
type BoolField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.Bool("Active").Required()
func (f *BoolField) Required() *BoolField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.Bool("Active").Optional()
func (f *BoolField) Optional() *BoolField { f.add("Optional", true); return f }

// Unique adds a unique index on the field (per tenant in a WithTenant
// resource, among rows not deleted in a WithSoftDelete one).
//
//	schema.Bool("Active").Unique()
func (f *BoolField) Unique() *BoolField { f.add("Unique", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.Bool("Active").Immutable()
func (f *BoolField) Immutable() *BoolField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.Bool("Active").Sensitive()
func (f *BoolField) Sensitive() *BoolField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.Bool("Active").RenamedFrom("Old")
func (f *BoolField) RenamedFrom(old string) *BoolField { f.add("RenamedFrom", old); return f }

// Default sets the value used when a create leaves the field out.
//
//	schema.Bool("Active").Default(true)
func (f *BoolField) Default(value bool) *BoolField { f.add("Default", value); return f }

// TimeField holds a Time or Date field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.Time("PublishedAt").Required()
type TimeField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.Time("PublishedAt").Required()
func (f *TimeField) Required() *TimeField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.Time("PublishedAt").Optional()
func (f *TimeField) Optional() *TimeField { f.add("Optional", true); return f }

// Unique adds a unique index on the field (per tenant in a WithTenant
// resource, among rows not deleted in a WithSoftDelete one).
//
//	schema.Time("PublishedAt").Unique()
func (f *TimeField) Unique() *TimeField { f.add("Unique", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.Time("PublishedAt").Immutable()
func (f *TimeField) Immutable() *TimeField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.Time("PublishedAt").Sensitive()
func (f *TimeField) Sensitive() *TimeField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.Time("PublishedAt").RenamedFrom("Old")
func (f *TimeField) RenamedFrom(old string) *TimeField { f.add("RenamedFrom", old); return f }

// Default sets the value used when a create leaves the field out: "now",
// or an RFC 3339 time ("2024-01-02T15:04:05Z") for Time, a date
// ("2024-01-02") for Date.
//
//	schema.Time("PublishedAt").Default("now")
func (f *TimeField) Default(value string) *TimeField { f.add("Default", value); return f }

// UUIDField holds a UUID field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.UUID("ExternalID").Required()
type UUIDField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.UUID("ExternalID").Required()
func (f *UUIDField) Required() *UUIDField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.UUID("ExternalID").Optional()
func (f *UUIDField) Optional() *UUIDField { f.add("Optional", true); return f }

// Unique adds a unique index on the field (per tenant in a WithTenant
// resource, among rows not deleted in a WithSoftDelete one).
//
//	schema.UUID("ExternalID").Unique()
func (f *UUIDField) Unique() *UUIDField { f.add("Unique", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.UUID("ExternalID").Immutable()
func (f *UUIDField) Immutable() *UUIDField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.UUID("ExternalID").Sensitive()
func (f *UUIDField) Sensitive() *UUIDField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.UUID("ExternalID").RenamedFrom("Old")
func (f *UUIDField) RenamedFrom(old string) *UUIDField { f.add("RenamedFrom", old); return f }

// Default sets the value used when a create leaves the field out, a UUID
// in its usual text form.
//
//	schema.UUID("ExternalID").Default("0190c3b2-7c4d-7a1e-8f00-5e2b9d1c4a77")
func (f *UUIDField) Default(value string) *UUIDField { f.add("Default", value); return f }

// EnumField holds an Enum field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.Enum("Status", "draft", "live").Required()
type EnumField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.Enum("Status", "draft", "live").Required()
func (f *EnumField) Required() *EnumField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.Enum("Status", "draft", "live").Optional()
func (f *EnumField) Optional() *EnumField { f.add("Optional", true); return f }

// Unique adds a unique index on the field (per tenant in a WithTenant
// resource, among rows not deleted in a WithSoftDelete one).
//
//	schema.Enum("Status", "draft", "live").Unique()
func (f *EnumField) Unique() *EnumField { f.add("Unique", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.Enum("Status", "draft", "live").Immutable()
func (f *EnumField) Immutable() *EnumField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.Enum("Status", "draft", "live").Sensitive()
func (f *EnumField) Sensitive() *EnumField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.Enum("Status", "draft", "live").RenamedFrom("Old")
func (f *EnumField) RenamedFrom(old string) *EnumField { f.add("RenamedFrom", old); return f }

// Default sets the value used when a create leaves the field out, one of
// the enum's values.
//
//	schema.Enum("Status", "draft", "live").Default("draft")
func (f *EnumField) Default(value string) *EnumField { f.add("Default", value); return f }

// JSONField holds a JSON field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.JSON("Attributes").Required()
type JSONField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.JSON("Attributes").Required()
func (f *JSONField) Required() *JSONField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.JSON("Attributes").Optional()
func (f *JSONField) Optional() *JSONField { f.add("Optional", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.JSON("Attributes").Immutable()
func (f *JSONField) Immutable() *JSONField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.JSON("Attributes").Sensitive()
func (f *JSONField) Sensitive() *JSONField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.JSON("Attributes").RenamedFrom("Old")
func (f *JSONField) RenamedFrom(old string) *JSONField { f.add("RenamedFrom", old); return f }

// Default sets the value used when a create leaves the field out, a
// string of valid JSON.
//
//	schema.JSON("Attributes").Default("{}")
func (f *JSONField) Default(value string) *JSONField { f.add("Default", value); return f }

// BytesField holds a Bytes field. Its methods are the modifiers that
// fit it; each returns the same field, so they chain.
//
//	schema.Bytes("Thumbnail").Required()
type BytesField struct{ field }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.Bytes("Thumbnail").Required()
func (f *BytesField) Required() *BytesField { f.add("Required", true); return f }

// Optional states the default explicitly: the field may be null.
//
//	schema.Bytes("Thumbnail").Optional()
func (f *BytesField) Optional() *BytesField { f.add("Optional", true); return f }

// Unique adds a unique index on the field (per tenant in a WithTenant
// resource, among rows not deleted in a WithSoftDelete one).
//
//	schema.Bytes("Thumbnail").Unique()
func (f *BytesField) Unique() *BytesField { f.add("Unique", true); return f }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.Bytes("Thumbnail").Immutable()
func (f *BytesField) Immutable() *BytesField { f.add("Immutable", true); return f }

// Sensitive keeps the field out of every HTTP response; it can still be
// written. Use it for secrets and internal notes.
//
//	schema.Bytes("Thumbnail").Sensitive()
func (f *BytesField) Sensitive() *BytesField { f.add("Sensitive", true); return f }

// RenamedFrom says the field was named old before, so that the next
// "forge migrate diff" renames its column instead of dropping the old
// column, with its data, and adding an empty one. The hint is ignored once
// a migration has done the rename; remove it at leisure.
//
//	schema.Bytes("Thumbnail").RenamedFrom("Old")
func (f *BytesField) RenamedFrom(old string) *BytesField { f.add("RenamedFrom", old); return f }

// MinLen sets the shortest allowed length, in bytes.
//
//	schema.Bytes("Thumbnail").MinLen(1)
func (f *BytesField) MinLen(n int) *BytesField { f.add("MinLen", n); return f }

// MaxLen sets the longest allowed length, in bytes.
//
//	schema.Bytes("Thumbnail").MaxLen(1 << 20)
func (f *BytesField) MaxLen(n int) *BytesField { f.add("MaxLen", n); return f }

// BelongsToRelation is a foreign key from this resource to another one.
// BelongsTo creates it.
//
//	schema.BelongsTo("Category").Required()
type BelongsToRelation struct {
	target   string
	required bool
}

func (*BelongsToRelation) schemaItem() {}

// BelongsTo adds a foreign key to the named resource: a column
// <target>_id referencing its id. It is optional unless Required is called.
//
//	schema.BelongsTo("Category")
func BelongsTo(resource string) *BelongsToRelation {
	return &BelongsToRelation{target: resource}
}

// Required makes the foreign key NOT NULL.
//
//	schema.BelongsTo("Customer").Required()
func (r *BelongsToRelation) Required() *BelongsToRelation { r.required = true; return r }

// Optional states the default explicitly: the foreign key may be null.
//
//	schema.BelongsTo("Category").Optional()
func (r *BelongsToRelation) Optional() *BelongsToRelation { r.required = false; return r }

// Target returns the name of the resource the relation points to.
//
//	schema.BelongsTo("Category").Target() // "Category"
func (r *BelongsToRelation) Target() string { return r.target }

// HasManyRelation is the inverse of a BelongsTo: the named resource holds
// the foreign key. HasMany creates it.
//
//	schema.HasMany("Review")
type HasManyRelation struct {
	target string
}

func (*HasManyRelation) schemaItem() {}

// HasMany declares that the named resource belongs to this one; the target
// must declare the matching BelongsTo. It adds a loader, not a column.
//
//	schema.HasMany("Review") // Review has schema.BelongsTo("Product")
func HasMany(resource string) *HasManyRelation { return &HasManyRelation{target: resource} }

// Target returns the name of the resource that holds the foreign key.
//
//	schema.HasMany("Review").Target() // "Review"
func (r *HasManyRelation) Target() string { return r.target }

// IndexItem is an index over one or more fields. Index and UniqueIndex
// create it.
//
//	schema.Index("Status", "PublishedAt")
type IndexItem struct {
	fields []string
	unique bool
}

func (*IndexItem) schemaItem() {}

// Index adds an index over the named fields, in order. A BelongsTo is named
// by its target ("Category" for category_id).
//
//	schema.Index("Status", "PublishedAt")
func Index(fields ...string) *IndexItem { return &IndexItem{fields: fields} }

// UniqueIndex adds a unique index over the named fields.
//
//	schema.UniqueIndex("Name", "Category")
func UniqueIndex(fields ...string) *IndexItem { return &IndexItem{fields: fields, unique: true} }

// Fields returns the indexed field names.
//
//	schema.Index("Status").Fields() // ["Status"]
func (i *IndexItem) Fields() []string { return i.fields }

// Unique reports whether the index is unique.
//
//	schema.UniqueIndex("Email").Unique() // true
func (i *IndexItem) Unique() bool { return i.unique }

// OptionItem switches on a resource-wide behaviour. WithTenant,
// WithTimestamps and WithSoftDelete create it.
//
//	schema.WithTimestamps()
type OptionItem struct {
	option string
}

func (*OptionItem) schemaItem() {}

// Option returns the option's name, such as "WithTenant".
//
//	schema.WithTenant().Option() // "WithTenant"
func (o *OptionItem) Option() string { return o.option }

// WithTenant adds a tenant_id column and scopes every query to the
// caller's tenant; queries without a tenant in context are refused.
//
//	schema.Define("Order", schema.WithTenant())
func WithTenant() *OptionItem { return &OptionItem{option: "WithTenant"} }

// WithTimestamps adds created_at and updated_at columns that Forge
// maintains.
//
//	schema.Define("Product", schema.WithTimestamps())
func WithTimestamps() *OptionItem { return &OptionItem{option: "WithTimestamps"} }

// WithSoftDelete adds a deleted_at column; deletes set it and queries hide
// such rows. Rows of other resources that point at a deleted row keep
// doing so, but no create or update may point one at it.
//
//	schema.Define("Product", schema.WithSoftDelete())
func WithSoftDelete() *OptionItem { return &OptionItem{option: "WithSoftDelete"} }

// RenameItem says a resource was named otherwise before. RenamedFrom
// creates it.
//
//	schema.RenamedFrom("Item")
type RenameItem struct {
	from string
}

func (*RenameItem) schemaItem() {}

// From returns the resource's old name.
//
//	schema.RenamedFrom("Item").From() // "Item"
func (r *RenameItem) From() string { return r.from }

// RenamedFrom says the resource was named old before, so that the next
// "forge migrate diff" renames its table (and the foreign-key columns
// that other resources' BelongsTo derive from its name, and the indexes
// and constraints named after them) instead of dropping the old table,
// with its rows, and creating an empty one. The hint is ignored once a
// migration has done the rename; remove it at leisure.
//
//	schema.Define("Product", schema.RenamedFrom("Item"))
func RenamedFrom(old string) *RenameItem { return &RenameItem{from: old} }

// JobRef names a River job to enqueue. Kind is the job kind (lower
// snake_case, unique across the app); Queue defaults to "default".
//
//	schema.JobRef{Kind: "order_placed", Queue: "mail"}
type JobRef struct {
	Kind  string
	Queue string
}

// Hooks lists the jobs enqueued, in the same transaction as the write, after
// a resource is created or updated.
//
//	schema.Hooks{AfterCreate: []schema.JobRef{{Kind: "product_created"}}}
type Hooks struct {
	AfterCreate []JobRef
	AfterUpdate []JobRef
}

// HooksItem carries a resource's Hooks. WithHooks creates it.
//
//	schema.WithHooks(schema.Hooks{})
type HooksItem struct {
	Hooks Hooks
}

func (*HooksItem) schemaItem() {}

// WithHooks enqueues River jobs when a resource is written. The job is
// inserted in the write's transaction: if the write rolls back, no job
// exists.
//
//	schema.WithHooks(schema.Hooks{
//		AfterCreate: []schema.JobRef{{Kind: "product_created", Queue: "default"}},
//		AfterUpdate: []schema.JobRef{{Kind: "product_updated", Queue: "mail"}},
//	})
func WithHooks(h Hooks) *HooksItem { return &HooksItem{Hooks: h} }
