package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.BigInt("Count"),
	s.String("Name").MaxLen(200),
	s.String("Title"),
	s.Decimal("Price"),
)
