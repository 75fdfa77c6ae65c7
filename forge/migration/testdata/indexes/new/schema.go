package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.String("Name").Required().Unique(),
	s.String("Code").Required(),
	s.String("Kind").Required(),
	s.Index("Kind"),
	s.UniqueIndex("Code", "Kind"),
)
