package ir

import "github.com/forge-framework/forge/runtime/decimal"

// IsDecimal reports whether s is a decimal in runtime/decimal's syntax, the
// one everywhere Forge reads a decimal: a Decimal field's Default, Min and
// Max in the schema, its DEFAULT in the DDL, and the values the generated
// data layer and handlers accept ("19.99", "-1", "+.5", "2."). There is no
// exponent, so a value cannot ask for a billion digits.
func IsDecimal(s string) bool {
	return decimal.Valid(s)
}

// The numeric(precision, scale) of a Decimal field without a Precision:
// money up to ten quadrillion in cents, a count of cents that still fits
// an int64, with the two fraction digits of most currencies (and of how
// Postgres then prints the value: "19.90"). Fields that need more, such as
// weights or rates, say so with Precision.
const (
	DefaultDecimalPrecision = 18
	DefaultDecimalScale     = 2
)
