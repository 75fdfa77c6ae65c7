package ir

import "regexp"

// DecimalPattern is the syntax of a decimal value everywhere Forge reads
// one: a Decimal field's Default, Min and Max in the schema, its DEFAULT in
// the DDL, and the values the generated data layer and handlers accept.
// There is no exponent, so a value cannot ask for a billion digits.
const DecimalPattern = `^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`

var decimalRE = regexp.MustCompile(DecimalPattern)

// IsDecimal reports whether s is a decimal in DecimalPattern's syntax:
// "19.99", "-1", "+.5", "2.".
func IsDecimal(s string) bool {
	return decimalRE.MatchString(s)
}
