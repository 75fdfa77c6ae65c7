package parser

import (
	"encoding/json"
	"fmt"
	"go/constant"
	"math"
	"math/big"
	"strconv"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/runtime/decimal"
)

// This file turns numeric constants into the JSON numbers of the IR,
// checking that each fits its field's type: a whole number in range for
// Int and BigInt, a finite float, an exact decimal that fits the field's
// Precision.

// intRange gives the bounds of the integer field types.
func intRange(t ir.FieldType) (lo, hi int64, ok bool) {
	switch t {
	case ir.Int:
		return math.MinInt32, math.MaxInt32, true
	case ir.BigInt:
		return math.MinInt64, math.MaxInt64, true
	}
	return 0, 0, false
}

// number converts a Min or Max argument to a JSON number that fits the field.
func (b *builder) number(m *fieldDecl, mod *modDecl, what string) *json.Number {
	n, msg := numberFor(m.typ, mod.value)
	if msg != "" {
		b.errorf(mod.arg.Pos(), "%s of %s field %q %s", what, m.ctor, m.name, msg)
		return nil
	}
	return &n
}

// precision returns a Decimal field's numeric(precision, scale): its
// Precision's, or the default without one. After an error it returns 0, 0,
// which checkFits skips, so that a bad Precision is reported once.
func (b *builder) precision(m *fieldDecl) (int, int) {
	mod := m.mods["Precision"]
	if mod == nil {
		return ir.DefaultDecimalPrecision, ir.DefaultDecimalScale
	}
	p, ok := wholeIn(mod.value, 1, decimal.MaxPrecision)
	if !ok {
		b.errorf(mod.arg.Pos(), "precision of Decimal field %q must be a whole number from 1 to %d, not %s", m.name, decimal.MaxPrecision, mod.value)
		return 0, 0
	}
	scale := mod.more[0]
	s, ok := wholeIn(scale.value, 0, p)
	if !ok {
		b.errorf(scale.arg.Pos(), "scale of Decimal field %q must be a whole number from 0 to its precision %d, not %s", m.name, p, scale.value)
		return 0, 0
	}
	return p, s
}

// wholeIn returns v as an int if it is a whole number in [lo, hi].
func wholeIn(v constant.Value, lo, hi int) (int, bool) {
	i := constant.ToInt(v)
	n, exact := constant.Int64Val(i)
	if i.Kind() != constant.Int || !exact || n < int64(lo) || n > int64(hi) {
		return 0, false
	}
	return int(n), true
}

// checkFits reports a Decimal field's Min, Max or Default (mod, read as
// the decimal s) that its column could not hold: a bound no value can
// reach, or a default every insert would fail on.
func (b *builder) checkFits(m *fieldDecl, f *ir.Field, mod *modDecl, what, s string) {
	d, ok := decimal.Parse(s)
	if !ok || f.Precision == 0 || d.Fits(f.Precision, f.Scale) {
		return
	}
	limit := decimal.Limit(f.Precision, f.Scale)
	if m.mods["Precision"] == nil {
		b.errorf(mod.arg.Pos(), "%s of Decimal field %q, %s, does not fit the default numeric(%d,%d): %s; give the field a Precision",
			what, m.name, s, f.Precision, f.Scale, limit)
		return
	}
	b.errorf(mod.arg.Pos(), "%s of Decimal field %q, %s, does not fit its Precision(%d, %d): %s", what, m.name, s, f.Precision, f.Scale, limit)
}

// numberFor formats v as a JSON number for a field of type t, or says why it
// cannot be one.
func numberFor(t ir.FieldType, v constant.Value) (json.Number, string) {
	if !isNumeric(v) {
		return "", fmt.Sprintf("must be a number, not %s", v)
	}
	if lo, hi, isInt := intRange(t); isInt {
		i := constant.ToInt(v)
		if i.Kind() != constant.Int {
			return "", fmt.Sprintf("must be a whole number, not %s", v)
		}
		n, exact := constant.Int64Val(i)
		if !exact || n < lo || n > hi {
			return "", fmt.Sprintf("is out of range [%d, %d]", lo, hi)
		}
		return json.Number(strconv.FormatInt(n, 10)), ""
	}
	if t == ir.Decimal {
		s, ok := exactDecimal(v)
		if !ok {
			return "", fmt.Sprintf("has no exact decimal form: %s", v)
		}
		return json.Number(s), ""
	}
	f, _ := constant.Float64Val(constant.ToFloat(v))
	if math.IsInf(f, 0) {
		return "", "is out of range for a float"
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), ""
}

// exactDecimal formats a numeric constant as a plain decimal ("9.99"), if it
// has a finite one.
func exactDecimal(v constant.Value) (string, bool) {
	if i := constant.ToInt(v); i.Kind() == constant.Int {
		return i.ExactString(), true
	}
	var r *big.Rat
	switch x := constant.Val(constant.ToFloat(v)).(type) {
	case *big.Rat:
		r = x
	case *big.Float:
		r, _ = x.Rat(nil)
	default:
		return "", false
	}
	if r == nil {
		return "", false
	}
	// A fraction has a finite decimal form when its denominator is 2^a·5^b;
	// it then needs max(a, b) digits. Postgres's numeric keeps at most
	// 16383 of them, which bounds the work here too.
	const maxDigits = 16383
	den := new(big.Int).Set(r.Denom())
	twos := int(den.TrailingZeroBits())
	den.Rsh(den, uint(twos))
	fives, five, rem := 0, big.NewInt(5), new(big.Int)
	for fives <= maxDigits {
		q, m := new(big.Int).QuoRem(den, five, rem)
		if m.Sign() != 0 {
			break
		}
		den, fives = q, fives+1
	}
	digits := max(twos, fives)
	if den.Cmp(big.NewInt(1)) != 0 || digits > maxDigits {
		return "", false
	}
	return r.FloatString(digits), true
}
