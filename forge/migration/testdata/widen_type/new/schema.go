package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.BigInt("Count"),
	s.String("Name").MaxLen(200),
	s.String("Title"),
	s.Decimal("Price"),                   // numeric(18,2): 16 whole digits hold any integer
	s.Decimal("Amount").Precision(12, 4), // two more digits on either side of the point
	s.Decimal("Total").Precision(19, 0),  // any bigint
	s.Decimal("Fee").Precision(20, 2),
)
