package schema

import "github.com/forge-framework/forge/forge/schema"

var Sample = schema.Define("Sample",
	schema.String("Code").Required().MinLen(3).MaxLen(12).Pattern(`^[A-Z0-9]+$`).Default("ABC").Immutable(),
	schema.Text("Notes").Optional().MaxLen(5000).Sensitive(),
	schema.Int("Count").Min(-10).Max(10).Default(-3),
	schema.BigInt("Big").Min(-9223372036854775808).Max(9223372036854775807),
	schema.Float("Score").Min(-0.5).Max(99.25).Default(1.5e1),
	schema.Decimal("Price").Precision(10, 3).Min(0).Max(1000000).Default("19.990"),
	schema.Decimal("Rate").Default(0.25),
	schema.Bool("Flag").Default(false),
	schema.Time("SeenAt").Default("now"),
	schema.Time("StartsAt").Default("2024-02-29T12:00:00+01:00"),
	schema.Date("Birthday").Default("2000-01-31"),
	schema.Date("Today").Default("now"),
	schema.UUID("Token").Unique().Default("0190c3b2-7c4d-7a1e-8f00-5e2b9d1c4a77"),
	schema.Enum("Size", "small", "medium", "x_large", "api_v2").Required(),
	schema.JSON("Meta").Default(`{"tags": []}`),
	schema.Bytes("Blob").MinLen(1).MaxLen(1024),
)
