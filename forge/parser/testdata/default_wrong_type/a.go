package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.Bool("Active").Default("yes"),
	schema.Int("Count").Default(1.5),
	schema.Int("Stock").Default("10"),
	schema.Float("Rating").Default(true),
	schema.Decimal("Price").Default("9,99"),
	schema.String("Name").Default(42),
	schema.Enum("Status", "draft", "live").Default("deleted"),
	schema.Time("At").Default("yesterday"),
	schema.Date("On").Default("2024-13-01"),
	schema.UUID("Ref").Default("not-a-uuid"),
	schema.JSON("Meta").Default("{bad json"),
	schema.Int("Bounded").Min(0).Max(10).Default(11),
	schema.String("Short").MaxLen(3).Default("toolong"),
	schema.String("Upper").Pattern(`^[A-Z]+$`).Default("lower"),
	schema.Decimal("Third").Default(1.0 / 3),
)
