package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.String("Name"),
	s.BigInt("Count"),
	s.String("Code"),
	s.Decimal("Amount").Precision(12, 4),
	s.Decimal("Total").Precision(12, 2),
	s.BigInt("Big"),
	s.Float("Score"),
)
