// Package schema is the golden case of columns named by Postgres's
// reserved key words: a field named Order has the column "order", which
// every statement of the data layer must quote as the migration does. It
// has a unique and a plain index on such columns, an enum whose CHECK names
// one, timestamps, soft delete, and a BelongsTo with its HasMany back. Its
// Tabs soft-delete and require a guest: deleting a guest takes its deleted
// tabs with it, and sets the guest of its deleted bookings NULL.
package schema

import "github.com/forge-framework/forge/forge/schema"

// Guest makes bookings.
var Guest = schema.Define("Guest",
	schema.String("Name").Required(),
	schema.String("Table"),
	schema.HasMany("Booking"),
)

// Booking is a guest's booking: its columns are "order", "user", "end",
// "check" and "group".
var Booking = schema.Define("Booking",
	schema.Int("Order").Required().Unique(),
	schema.String("User").Required(),
	schema.Time("End"),
	schema.Bool("Check").Required().Default(false),
	schema.Enum("Group", "small", "large"),
	schema.BelongsTo("Guest"),
	schema.Index("User"),
	schema.WithTimestamps(),
	schema.WithSoftDelete(),
)

// Tab is a guest's bill, with the column "limit": it cannot exist without
// its guest, and may name one of the guest's bookings, which soft-delete.
var Tab = schema.Define("Tab",
	schema.Int("Limit").Required(),
	schema.BelongsTo("Guest").Required(),
	schema.BelongsTo("Booking"),
	schema.WithSoftDelete(),
)
