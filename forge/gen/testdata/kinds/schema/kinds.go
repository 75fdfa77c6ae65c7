// Package schema is the golden case of the data layer's corners: every
// field type required and without a default, length and pattern limits a
// factory's made-up value cannot meet, a unique number, a tenant resource
// with soft delete but no timestamps, and an optional foreign key between
// two tenant resources.
package schema

import "github.com/forge-framework/forge/forge/schema"

// Account is a tenant's billing account.
var Account = schema.Define("Account",
	schema.String("Code").Required().MinLen(3).MaxLen(3).Pattern(`^[A-Z]+$`).Unique(),
	schema.Text("Notes").MinLen(1),
	schema.BigInt("Number").Required().Min(1000).Unique(),
	schema.Float("Score").Required().Max(-1),
	schema.Decimal("Balance").Required().Min(0.5).Max(1e6),
	schema.Bool("Active").Required(),
	schema.Time("OpenedAt").Required(),
	schema.Date("RenewsOn").Required(),
	schema.UUID("ExternalRef").Required(),
	schema.Enum("Plan", "free", "pro").Required(),
	schema.JSON("Settings").Required(),
	schema.Bytes("Key").Required().MinLen(16).MaxLen(64),
	schema.String("ContactEmail").Required().MaxLen(20),
	schema.HasMany("Seat"),
	schema.Index("RenewsOn"),
	schema.WithTenant(),
	schema.WithSoftDelete(),
)

// Seat is a place on an account, or a free one.
var Seat = schema.Define("Seat",
	schema.String("Holder").Required(),
	schema.Index("Holder"), // no MaxLen: the data layer bounds it in bytes (sqlschema.IndexedLimit)
	schema.BelongsTo("Account"),
	schema.WithTenant(),
)
