package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.String("Name").Min(1),
	schema.Int("Stock").MaxLen(3),
	schema.Bool("Active").Pattern("t"),
	schema.JSON("Meta").Unique(),
	schema.Bytes("Blob").Default("x"),
	schema.String("Code").Required().Optional(),
	schema.String("Twice").MaxLen(3).MaxLen(4),
	schema.String("Flags").Unique().Unique(),
	schema.String("Odd").Frobnicate(),
	schema.String("Regex").Pattern("(unclosed"),
	schema.BelongsTo("Product").Unique(),
	schema.HasMany("Product").Required(),
	schema.Index("Name").Unique(),
	schema.Frob("X"),
	schema.WithTenant(),
	schema.WithTenant(),
	schema.WithHooks(schema.Hooks{}),
	schema.WithHooks(schema.Hooks{}),
)
