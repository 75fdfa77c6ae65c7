package parser

import "github.com/forge-framework/forge/forge/ir"

// This file is the parser's copy of the schema DSL's vocabulary: the field
// constructors, the modifiers each one's builder has, and the other items
// Define takes. The parser never type-checks a schema file, so it needs the
// vocabulary as data; TestVocabularyMatchesSchema ties these tables to
// forge/schema's method sets, so neither can change alone.

// fieldKind is what a field constructor declares: an IR type, and the
// modifiers its builder type (schema.StringField, …) has.
type fieldKind struct {
	typ       ir.FieldType
	modifiers map[string]bool
}

// fieldTypes maps the field constructors of the DSL to what they declare.
var fieldTypes = map[string]fieldKind{
	"String":  {ir.String, stringModifiers},
	"Text":    {ir.Text, stringModifiers},
	"Int":     {ir.Int, numberModifiers},
	"BigInt":  {ir.BigInt, numberModifiers},
	"Float":   {ir.Float, numberModifiers},
	"Decimal": {ir.Decimal, decimalModifiers},
	"Bool":    {ir.Bool, scalarModifiers},
	"Time":    {ir.Time, scalarModifiers},
	"Date":    {ir.Date, scalarModifiers},
	"UUID":    {ir.UUID, scalarModifiers},
	"Enum":    {ir.Enum, scalarModifiers},
	// A JSON document has no equality a unique index could use.
	"JSON": {ir.JSON, modifierSet("Required", "Optional", "Immutable", "Sensitive", "Default")},
	// A Default for bytes would need an encoding to be written in; none is
	// offered.
	"Bytes": {ir.Bytes, modifierSet("Required", "Optional", "Unique", "Immutable", "Sensitive", "MinLen", "MaxLen")},
}

// The modifier sets that several field types share.
var (
	scalarModifiers  = modifierSet("Required", "Optional", "Unique", "Immutable", "Sensitive", "Default")
	numberModifiers  = modifierSet("Required", "Optional", "Unique", "Immutable", "Sensitive", "Default", "Min", "Max")
	decimalModifiers = modifierSet("Required", "Optional", "Unique", "Immutable", "Sensitive", "Default", "Min", "Max", "Precision")
	stringModifiers  = modifierSet("Required", "Optional", "Unique", "Immutable", "Sensitive", "Default", "MinLen", "MaxLen", "Pattern")
)

// modifierSet is a field type's modifiers: names, and RenamedFrom, which
// every field has (any field may have had another name).
func modifierSet(names ...string) map[string]bool {
	set := map[string]bool{"RenamedFrom": true}
	for _, n := range names {
		set[n] = true
	}
	return set
}

// fieldModifiers lists every field modifier and how many arguments it
// takes. A modifier a field type lacks is still read, so that the error
// names the field type rather than calling the modifier unknown: a user
// may write one in a file that does not compile.
var fieldModifiers = map[string]int{
	"Required": 0, "Optional": 0, "Unique": 0, "Immutable": 0, "Sensitive": 0,
	"Default": 1, "Min": 1, "Max": 1, "MinLen": 1, "MaxLen": 1, "Pattern": 1,
	"Precision": 2, "RenamedFrom": 1,
}

// belongsToModifiers are the methods of schema.BelongsToRelation.
var belongsToModifiers = map[string]bool{"Required": true, "Optional": true}

// otherItems are the constructors of Define's items that are not fields, in
// the order error messages list them.
var otherItems = []string{"BelongsTo", "HasMany", "Index", "UniqueIndex", "WithTenant", "WithTimestamps", "WithSoftDelete", "WithHooks", "RenamedFrom"}
