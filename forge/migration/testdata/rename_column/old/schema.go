package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.String("Name").Required().MaxLen(80).Unique(),
	s.Enum("Status", "draft", "live").Default("draft"),
	s.Int("Count"),
	s.Index("Status", "Count"),
	s.WithTenant(),
	s.WithSoftDelete(),
)
