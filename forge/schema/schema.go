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
	TypeDecimal FieldType = "decimal" // numeric, exact decimal
	TypeBool    FieldType = "bool"    // boolean, bool
	TypeTime    FieldType = "time"    // timestamptz, time.Time
	TypeDate    FieldType = "date"    // date, a calendar day
	TypeUUID    FieldType = "uuid"    // uuid
	TypeEnum    FieldType = "enum"    // text with a check, a Go string type with constants
	TypeJSON    FieldType = "json"    // jsonb, raw JSON
	TypeBytes   FieldType = "bytes"   // bytea, []byte
)

// Field is a column of a resource. The constructors (String, Int, …) create
// one; its methods add modifiers and return the same field, so they chain.
//
//	schema.String("Name").Required().MaxLen(200)
type Field struct {
	name       string
	typ        FieldType
	enumValues []string
	modifiers  []Modifier
}

// Modifier records one modifier call on a field, such as MaxLen(200).
//
//	schema.String("Name").MaxLen(200).Modifiers()[0] // {Name: "MaxLen", Value: 200}
type Modifier struct {
	Name  string
	Value any
}

func (*Field) schemaItem() {}

// Name returns the field's name as written.
//
//	schema.Int("PriceCents").Name() // "PriceCents"
func (f *Field) Name() string { return f.name }

// Type returns the field's type.
//
//	schema.Int("PriceCents").Type() // schema.TypeInt
func (f *Field) Type() FieldType { return f.typ }

// EnumValues returns the values of an Enum field, nil for other types.
//
//	schema.Enum("Status", "draft", "live").EnumValues() // ["draft" "live"]
func (f *Field) EnumValues() []string { return f.enumValues }

// Modifiers returns the modifiers applied to the field, in order.
//
//	schema.Bool("Active").Default(true).Modifiers() // [{Default true}]
func (f *Field) Modifiers() []Modifier { return f.modifiers }

func (f *Field) with(name string, value any) *Field {
	f.modifiers = append(f.modifiers, Modifier{Name: name, Value: value})
	return f
}

// String declares a short string field (varchar when MaxLen is set).
//
//	schema.String("Name").Required().MaxLen(200)
func String(name string) *Field { return &Field{name: name, typ: TypeString} }

// Text declares an unbounded string field.
//
//	schema.Text("Description")
func Text(name string) *Field { return &Field{name: name, typ: TypeText} }

// Int declares a 32-bit integer field.
//
//	schema.Int("Quantity").Required().Min(1)
func Int(name string) *Field { return &Field{name: name, typ: TypeInt} }

// BigInt declares a 64-bit integer field.
//
//	schema.BigInt("ViewCount").Default(0)
func BigInt(name string) *Field { return &Field{name: name, typ: TypeBigInt} }

// Float declares a double-precision floating-point field.
//
//	schema.Float("Rating").Min(0).Max(5)
func Float(name string) *Field { return &Field{name: name, typ: TypeFloat} }

// Decimal declares an exact decimal field, for money and quantities that
// must not round.
//
//	schema.Decimal("Weight").Min(0).Default("0.000")
func Decimal(name string) *Field { return &Field{name: name, typ: TypeDecimal} }

// Bool declares a boolean field.
//
//	schema.Bool("Active").Default(true)
func Bool(name string) *Field { return &Field{name: name, typ: TypeBool} }

// Time declares a timestamp-with-time-zone field. Its Default is an RFC 3339
// string or "now".
//
//	schema.Time("PublishedAt")
func Time(name string) *Field { return &Field{name: name, typ: TypeTime} }

// Date declares a calendar-date field. Its Default is "YYYY-MM-DD" or "now".
//
//	schema.Date("BirthDate")
func Date(name string) *Field { return &Field{name: name, typ: TypeDate} }

// UUID declares a UUID field (not the primary key: Forge adds id itself).
//
//	schema.UUID("ExternalID").Unique()
func UUID(name string) *Field { return &Field{name: name, typ: TypeUUID} }

// Enum declares a field that holds one of the given values. Values are
// lower_snake_case; each becomes a Go constant.
//
//	schema.Enum("Status", "draft", "published", "archived").Default("draft")
func Enum(name string, values ...string) *Field {
	return &Field{name: name, typ: TypeEnum, enumValues: values}
}

// JSON declares a field holding arbitrary JSON (jsonb). Its Default is a
// string of valid JSON.
//
//	schema.JSON("Attributes").Default("{}")
func JSON(name string) *Field { return &Field{name: name, typ: TypeJSON} }

// Bytes declares a binary field.
//
//	schema.Bytes("Thumbnail").MaxLen(1 << 20)
func Bytes(name string) *Field { return &Field{name: name, typ: TypeBytes} }

// Required makes the field NOT NULL and mandatory on create.
//
//	schema.String("Name").Required()
func (f *Field) Required() *Field { return f.with("Required", true) }

// Optional states the default explicitly: the field may be null.
//
//	schema.Text("Notes").Optional()
func (f *Field) Optional() *Field { return f.with("Optional", true) }

// Unique adds a unique index on the field. In a WithTenant resource the
// value is unique per tenant; in a WithSoftDelete resource, among rows that
// are not deleted.
//
//	schema.String("Email").Unique()
func (f *Field) Unique() *Field { return f.with("Unique", true) }

// Default sets the value used when a create leaves the field out. Its type
// must match the field's: a bool for Bool, a number for Int/BigInt/Float, a
// string or number for Decimal, one of the values for Enum, a string for the
// others.
//
//	schema.Bool("Active").Default(true)
//	schema.Enum("Status", "draft", "live").Default("draft")
func (f *Field) Default(value any) *Field { return f.with("Default", value) }

// Min sets the smallest allowed value of a numeric field.
//
//	schema.Int("PriceCents").Min(0)
func (f *Field) Min(value float64) *Field { return f.with("Min", value) }

// Max sets the largest allowed value of a numeric field.
//
//	schema.Float("Rating").Max(5)
func (f *Field) Max(value float64) *Field { return f.with("Max", value) }

// MinLen sets the shortest allowed length of a String, Text or Bytes field
// (in characters for strings, bytes for Bytes).
//
//	schema.String("Code").MinLen(3)
func (f *Field) MinLen(n int) *Field { return f.with("MinLen", n) }

// MaxLen sets the longest allowed length of a String, Text or Bytes field.
//
//	schema.String("Name").MaxLen(200)
func (f *Field) MaxLen(n int) *Field { return f.with("MaxLen", n) }

// Pattern sets a regular expression (Go RE2 syntax) that a String or Text
// value must match.
//
//	schema.String("SKU").Pattern(`^[A-Z0-9-]+$`)
func (f *Field) Pattern(re string) *Field { return f.with("Pattern", re) }

// Immutable makes the field settable on create only; updates reject it.
//
//	schema.String("Code").Immutable()
func (f *Field) Immutable() *Field { return f.with("Immutable", true) }

// Sensitive keeps the field out of every HTTP response (it can still be
// written). Use it for secrets and internal notes.
//
//	schema.String("PasswordHash").Sensitive()
func (f *Field) Sensitive() *Field { return f.with("Sensitive", true) }

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
// such rows.
//
//	schema.Define("Product", schema.WithSoftDelete())
func WithSoftDelete() *OptionItem { return &OptionItem{option: "WithSoftDelete"} }

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
