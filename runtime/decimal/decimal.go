// Package decimal is the one syntax of decimal values in Forge, their
// exact comparison, and the rule of what fits a numeric(precision, scale)
// column: a schema's Decimal defaults and bounds (forge/parser, through
// forge/ir), the DDL's defaults, the generated data layer's validation
// (runtime/dbx) and the API's query filters (runtime/api) all read
// decimals here.
//
// What it is not for: arithmetic. Decimals stay strings in row types, and
// Postgres's numeric does the arithmetic.
package decimal

import (
	"cmp"
	"strconv"
	"strings"
)

// MaxPrecision is the most digits a numeric(precision, scale) column can
// declare: Postgres's limit (its NUMERIC_MAX_PRECISION).
const MaxPrecision = 1000

// Value is the exact value of a decimal string, held as its digits, so
// that checking a value against a schema's bounds neither allocates nor
// does arithmetic. Decimals stay strings in row types ("19.99"); Decimal
// only exists to validate them.
type Value struct {
	neg   bool   // below zero; never set for zero
	whole string // the integer digits without leading zeros: "" for 0
	frac  string // the fraction digits without trailing zeros
	// places is the number of fraction digits as written, trailing zeros
	// included: Postgres keeps them too ('1.50'::numeric has scale 2), so
	// they count against a column's scale (Fits).
	places int
}

// Parse returns the value of s, and whether s is a decimal: an
// optional sign, then digits with an optional decimal point ("12", "-0.5",
// "3.", ".25"). Exponents are refused, so that a value cannot ask for a
// billion digits; Postgres's numeric input accepts every string this does.
func Parse(s string) (Value, bool) {
	var d Value
	if s != "" && (s[0] == '+' || s[0] == '-') {
		d.neg = s[0] == '-'
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || !digits(whole) || !digits(frac) {
		return Value{}, false
	}
	d.whole = strings.TrimLeft(whole, "0")
	d.frac = strings.TrimRight(frac, "0")
	d.places = len(frac)
	if d.whole == "" && d.frac == "" {
		d.neg = false // -0 is 0
	}
	return d, true
}

// Must returns the value of s, a decimal constant of a schema (a
// field's Min or Max), and panics if it is not one.
func Must(s string) Value {
	d, ok := Parse(s)
	if !ok {
		panic("decimal: bad decimal constant " + s)
	}
	return d
}

// digits reports whether s is only ASCII digits ("" is).
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Cmp returns -1, 0 or +1 as d is less than, equal to or greater than e.
func (d Value) Cmp(e Value) int {
	if d.neg != e.neg {
		if d.neg {
			return -1
		}
		return 1
	}
	c := cmpMagnitude(d, e)
	if d.neg {
		return -c
	}
	return c
}

// cmpMagnitude compares |d| and |e|: more integer digits is larger, then
// digit by digit. Without leading or trailing zeros, the digit strings
// compare as strings.
func cmpMagnitude(d, e Value) int {
	if c := cmp.Compare(len(d.whole), len(e.whole)); c != 0 {
		return c
	}
	if c := strings.Compare(d.whole, e.whole); c != 0 {
		return c
	}
	return strings.Compare(d.frac, e.frac)
}

// Fits reports whether d, as written, fits a numeric(precision, scale)
// column: at most precision−scale digits before the decimal point, not
// counting leading zeros, and at most scale after it, counting trailing
// zeros ("1.50" has two, as it does in Postgres). Such a value is stored
// exactly; any other is refused rather than rounded, so that a client
// never reads back a different number than it wrote. The counts also bound
// what reaches Postgres, whose numeric input fails (a 500, not a 422) on
// more than 16,383 fraction digits even where a column's scale would round
// them away.
//
//	decimal.Must("12345.67").Fits(7, 2) // true
//	decimal.Must("0.125").Fits(7, 2)    // false: three digits after the point
func (d Value) Fits(precision, scale int) bool {
	return len(d.whole) <= precision-scale && d.places <= scale
}

// Limit says what fits a numeric(precision, scale) column, completing
// "must have …": "at most 10 digits before the decimal point and 2 after".
// The generated validation's messages and the parser's errors both use it.
func Limit(precision, scale int) string {
	switch whole := precision - scale; {
	case scale == 0:
		return "at most " + digitCount(precision) + " and none after the decimal point"
	case whole == 0:
		return "at most " + digitCount(scale) + ", all after the decimal point"
	default:
		return "at most " + digitCount(whole) + " before the decimal point and " + strconv.Itoa(scale) + " after"
	}
}

// digitCount writes n digits in words: "1 digit", "10 digits".
func digitCount(n int) string {
	if n == 1 {
		return "1 digit"
	}
	return strconv.Itoa(n) + " digits"
}

// String returns d in plain decimal syntax: "-12.5", "0".
func (d Value) String() string {
	s := d.whole
	if s == "" {
		s = "0"
	}
	if d.frac != "" {
		s += "." + d.frac
	}
	if d.neg {
		s = "-" + s
	}
	return s
}

// Valid reports whether s is a decimal in Parse's syntax: "19.99", "-1",
// "+.5", "2.".
func Valid(s string) bool {
	_, ok := Parse(s)
	return ok
}
