package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.String("Name").Required().Unique(),
	s.Enum("Status", "draft", "live").Default("draft"),
	s.HasMany("Line"),
	s.Index("Status"),
	s.WithTenant(),
	s.WithTimestamps(),
)

var Line = s.Define("Line",
	s.Int("Quantity").Required(),
	s.BelongsTo("Item").Required(),
	s.UniqueIndex("Item", "Quantity"),
	s.WithTenant(),
)
