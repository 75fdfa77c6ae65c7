package schema

import s "github.com/forge-framework/forge/forge/schema"

// The last snapshot, old.json, was written by IR version 1, when a Decimal
// was numeric without limits. Read now, the same decimals have a precision
// and scale, so the first diff after the upgrade narrows their columns,
// rounding stored values to the new scale: destructive, as any narrowing.
var Item = s.Define("Item",
	s.Decimal("Price").Default("9.99"),  // the default, numeric(18,2)
	s.Decimal("Weight").Precision(8, 3), // a Precision of its own
)
