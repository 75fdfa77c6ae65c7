package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.String("Label").Default("new"),
	s.Int("Count"),
	s.Bool("Flag").Default(true),
	s.Int("Size").Default(0),
)
