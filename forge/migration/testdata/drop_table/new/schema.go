package schema

import s "github.com/forge-framework/forge/forge/schema"

var Author = s.Define("Author",
	s.String("Name").Required(),
)
