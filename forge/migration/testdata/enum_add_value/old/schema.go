package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.Enum("Status", "draft", "published").Required().Default("draft"),
)
