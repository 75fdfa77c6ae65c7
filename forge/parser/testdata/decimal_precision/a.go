package schema

import "github.com/forge-framework/forge/forge/schema"

const maxDigits = 1000

var Ledger = schema.Define("Ledger",
	schema.Decimal("Zero").Precision(0, 0),
	schema.Decimal("Huge").Precision(maxDigits+1, 2),
	schema.Decimal("Fraction").Precision(5.5, 2),
	schema.Decimal("ScaleAbove").Precision(5, 6),
	schema.Decimal("NegativeScale").Precision(5, -1),
	schema.Decimal("Twice").Precision(5, 2).Precision(6, 2),
	schema.Int("Count").Precision(5, 2),
	schema.Decimal("OneArg").Precision(5),
	schema.Decimal("MaxTooWide").Precision(6, 2).Max(1e5),
	schema.Decimal("MinTooFine").Precision(6, 2).Min(0.001),
	schema.Decimal("TrailingZeros").Precision(6, 2).Default("1.500"),
	schema.Decimal("DefaultScale").Default("0.125"),
	schema.Decimal("DefaultPrecision").Max(1e16),
	schema.Decimal("AtTheLimits").Precision(6, 2).Min(-9999.99).Max(9999.99).Default("0.00"),
	schema.Decimal("AllFraction").Precision(3, 3).Max(0.999).Default(".5"),
	schema.Decimal("Whole").Precision(maxDigits, 0).Min(-1e300),
)
