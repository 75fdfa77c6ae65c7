package parser

import (
	"encoding/json"
	"fmt"
	"go/constant"
	"go/token"
	"math/big"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/forge-framework/forge/forge/ir"
)

// This file checks a field's Default against its type and its own bounds.

var (
	uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// defaultValue checks a Default against the field's type and its own bounds
// and returns it as JSON.
func (b *builder) defaultValue(m *fieldDecl, mod *modDecl, f *ir.Field, pattern *regexp.Regexp) json.RawMessage {
	v := mod.value
	fail := func(format string, args ...any) json.RawMessage {
		b.errorf(mod.arg.Pos(), "Default of %s field %q %s", m.ctor, m.name, fmt.Sprintf(format, args...))
		return nil
	}
	quoted := func(s string) json.RawMessage {
		out, _ := json.Marshal(s)
		return out
	}
	switch m.typ {
	case ir.Bool:
		if v.Kind() != constant.Bool {
			return fail("must be true or false, not %s", v)
		}
		return json.RawMessage(strconv.FormatBool(constant.BoolVal(v)))
	case ir.Int, ir.BigInt, ir.Float, ir.Decimal:
		written := "" // a Decimal's default as written, whose trailing zeros count against its scale
		if m.typ == ir.Decimal && v.Kind() == constant.String {
			written = constant.StringVal(v)
			if !ir.IsDecimal(written) {
				return fail("must be a decimal number such as \"9.99\", not %q", written)
			}
			r, _ := new(big.Rat).SetString(written)
			v = constant.Make(r)
		}
		n, msg := numberFor(m.typ, v)
		if msg != "" {
			return fail("%s", msg)
		}
		if (f.Min != nil && constant.Compare(v, token.LSS, m.mods["Min"].value)) ||
			(f.Max != nil && constant.Compare(v, token.GTR, m.mods["Max"].value)) {
			return fail("%s is outside its own Min/Max", n)
		}
		if m.typ == ir.Decimal {
			if written == "" {
				written = string(n)
			}
			b.checkFits(m, f, mod, "Default", written)
			return quoted(string(n))
		}
		return json.RawMessage(n)
	}
	if v.Kind() != constant.String {
		return fail("must be a string, not %s", v)
	}
	s := constant.StringVal(v)
	switch m.typ {
	case ir.String, ir.Text:
		n := utf8.RuneCountInString(s)
		if (f.MinLen != nil && n < *f.MinLen) || (f.MaxLen != nil && n > *f.MaxLen) {
			return fail("%q has length %d, outside its own MinLen/MaxLen", s, n)
		}
		if pattern != nil && !pattern.MatchString(s) {
			return fail("%q does not match its own Pattern", s)
		}
	case ir.Enum:
		if !enumHas(f.Enum, s) {
			return fail("%q is not one of its values", s)
		}
	case ir.UUID:
		if !uuidRE.MatchString(s) {
			return fail("must be a UUID such as \"0190c3b2-7c4d-7a1e-8f00-5e2b9d1c4a77\", not %q", s)
		}
	case ir.Time:
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil && s != "now" {
			return fail("must be \"now\" or an RFC 3339 time such as \"2024-01-02T15:04:05Z\", not %q", s)
		}
	case ir.Date:
		if _, err := time.Parse(time.DateOnly, s); err != nil && s != "now" {
			return fail("must be \"now\" or a date such as \"2024-01-02\", not %q", s)
		}
	case ir.JSON:
		if !json.Valid([]byte(s)) {
			return fail("must be a string of valid JSON, such as \"{}\"")
		}
	}
	return quoted(s)
}

func enumHas(e *ir.EnumType, v string) bool {
	for _, ev := range e.Values {
		if ev.Value == v {
			return true
		}
	}
	return false
}
