package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.Int("Count"),
	s.String("Name").MaxLen(100),
	s.String("Title").MaxLen(50),
	s.Int("Price"),
	s.Decimal("Amount").Precision(10, 2),
	s.BigInt("Total"),
	s.Decimal("Fee"),
)
