package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.String("Label").Default("it's open"),
	s.Int("Count").Default(1),
	s.Bool("Flag"),
	s.BigInt("Size").Default(0),
)
