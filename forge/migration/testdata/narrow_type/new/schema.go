package schema

import s "github.com/forge-framework/forge/forge/schema"

var Item = s.Define("Item",
	s.String("Name").MaxLen(100),
	s.Int("Count"),
	s.Int("Code"),
	s.Decimal("Amount").Precision(10, 2), // fewer fraction digits: rounds
	s.Decimal("Total").Precision(11, 2),  // fewer whole digits: fails on a value too large
	s.Decimal("Big"),                     // numeric(18,2) holds 16 whole digits, a bigint 19
	s.Decimal("Score").Precision(10, 4),  // a float's fraction rounds
)
