// Package decimal is the one syntax of decimal values in Forge, and their
// exact comparison: a schema's Decimal defaults and bounds (forge/parser,
// through forge/ir), the DDL's defaults, the generated data layer's
// validation (runtime/dbx) and the API's query filters (runtime/api) all
// read decimals here.
//
// What it is not for: arithmetic. Decimals stay strings in row types, and
// Postgres's numeric does the arithmetic.
package decimal

import (
	"cmp"
	"strings"
)

// Value is the exact value of a decimal string, held as its digits, so
// that checking a value against a schema's bounds neither allocates nor
// does arithmetic. Decimals stay strings in row types ("19.99"); Decimal
// only exists to validate them.
type Value struct {
	neg   bool   // below zero; never set for zero
	whole string // the integer digits without leading zeros: "" for 0
	frac  string // the fraction digits without trailing zeros
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
