package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.String("Name").MaxLen(100),
	s.Int("Count"),
	s.Int("Code"),
)
