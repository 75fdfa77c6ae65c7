package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.String("Name").Required(),
	s.String("Code").Required(),
	s.String("Kind").Required(),
	s.Index("Name"),
	s.UniqueIndex("Code"),
)
