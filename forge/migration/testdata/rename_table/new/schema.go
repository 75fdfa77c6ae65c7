package schema

import s "github.com/forge-framework/forge/forge/schema"

// Item is now Product: its table, its key and indexes, and the foreign-key
// column lines.item_id with its constraint and indexes follow. Its Name is
// renamed too, in the same migration.
var Product = s.Define("Product",
	s.RenamedFrom("Item"),
	s.String("Title").Required().Unique().RenamedFrom("Name"),
	s.Enum("Status", "draft", "live").Default("draft"),
	s.HasMany("Line"),
	s.Index("Status"),
	s.WithTenant(),
	s.WithTimestamps(),
)

var Line = s.Define("Line",
	s.Int("Quantity").Required(),
	s.BelongsTo("Product").Required(),
	s.UniqueIndex("Product", "Quantity"),
	s.WithTenant(),
)
