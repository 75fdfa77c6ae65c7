package dbx

import "github.com/forge-framework/forge/runtime/decimal"

// Decimal is a decimal's exact value, for the bounds checks of generated
// validation; runtime/decimal holds the one decimal syntax.
type Decimal = decimal.Value

// ParseDecimal returns the value of s, and whether s is a decimal.
func ParseDecimal(s string) (Decimal, bool) { return decimal.Parse(s) }

// MustDecimal returns the value of s, a decimal constant of a schema (a
// field's Min or Max), and panics if it is not one.
func MustDecimal(s string) Decimal { return decimal.Must(s) }
