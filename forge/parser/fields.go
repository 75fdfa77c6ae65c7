package parser

import (
	"go/constant"
	"go/token"
	"math"
	"regexp"

	"github.com/forge-framework/forge/forge/ir"
)

// This file checks field declarations and builds their IR: names,
// modifiers and the bounds they set. Defaults are checked in defaults.go,
// numbers in numbers.go.

// field checks one field declaration and builds its IR.
func (b *builder) field(d *resourceDecl, m *fieldDecl) (ir.Field, bool) {
	f := ir.Field{Name: m.name, Column: ir.Snake(m.name), JSON: ir.Snake(m.name), Type: m.typ}
	if !goNameRE.MatchString(m.name) {
		b.errorf(m.namePos, "field name %q must be an exported Go identifier of letters and digits, such as \"PriceCents\"", m.name)
		return f, false
	}
	for _, reserved := range ir.ReservedColumns {
		if f.Column == reserved {
			b.errorf(m.namePos, "field name %q is reserved: Forge adds the %s column itself", m.name, reserved)
			return f, false
		}
	}
	if m.typ == ir.Enum {
		f.Enum = b.enum(d.name, m)
	}
	for name, mod := range m.mods {
		if !fieldTypes[m.ctor].modifiers[name] {
			b.errorf(mod.pos, "%s does not apply to %s field %q", name, m.ctor, m.name)
			delete(m.mods, name)
		}
	}
	_, f.Required = m.mods["Required"]
	_, f.Unique = m.mods["Unique"]
	_, f.Immutable = m.mods["Immutable"]
	_, f.Sensitive = m.mods["Sensitive"]
	if opt, ok := m.mods["Optional"]; ok && f.Required {
		b.errorf(opt.pos, "field %q is both Required and Optional", m.name)
	}
	if m.typ == ir.Decimal {
		f.Precision, f.Scale = b.precision(m)
	}
	if mod := m.mods["Min"]; mod != nil {
		f.Min = b.number(m, mod, "Min")
		if f.Min != nil {
			b.checkFits(m, &f, mod, "Min", f.Min.String())
		}
	}
	if mod := m.mods["Max"]; mod != nil {
		f.Max = b.number(m, mod, "Max")
		if f.Max != nil {
			b.checkFits(m, &f, mod, "Max", f.Max.String())
		}
	}
	if f.Min != nil && f.Max != nil && constant.Compare(m.mods["Min"].value, token.GTR, m.mods["Max"].value) {
		b.errorf(m.mods["Min"].pos, "field %q has Min %s greater than Max %s", m.name, *f.Min, *f.Max)
	}
	if mod := m.mods["MinLen"]; mod != nil {
		f.MinLen = b.length(m, mod, "MinLen")
	}
	if mod := m.mods["MaxLen"]; mod != nil {
		f.MaxLen = b.length(m, mod, "MaxLen")
		if f.MaxLen != nil && *f.MaxLen == 0 {
			b.errorf(mod.pos, "field %q has MaxLen 0: no value would fit", m.name)
		}
	}
	if f.MinLen != nil && f.MaxLen != nil && *f.MinLen > *f.MaxLen {
		b.errorf(m.mods["MinLen"].pos, "field %q has MinLen %d greater than MaxLen %d", m.name, *f.MinLen, *f.MaxLen)
	}
	var pattern *regexp.Regexp
	if mod := m.mods["Pattern"]; mod != nil {
		if mod.value.Kind() != constant.String {
			b.errorf(mod.arg.Pos(), "Pattern of field %q must be a string", m.name)
		} else {
			f.Pattern = constant.StringVal(mod.value)
			re, err := regexp.Compile(f.Pattern)
			if err != nil {
				b.errorf(mod.arg.Pos(), "Pattern of field %q is not a valid regular expression: %v", m.name, err)
			}
			pattern = re
		}
	}
	if mod := m.mods["Default"]; mod != nil {
		f.Default = b.defaultValue(m, mod, &f, pattern)
	}
	if mod := m.mods["RenamedFrom"]; mod != nil {
		f.RenamedFrom = b.fieldRename(m, mod)
	}
	return f, true
}

func (b *builder) enum(resource string, m *fieldDecl) *ir.EnumType {
	e := &ir.EnumType{Type: ir.EnumTypeName(resource, m.name), Values: []ir.EnumValue{}}
	for _, sfx := range ir.DeclSuffixes {
		if m.name == sfx {
			b.errorf(m.namePos, "enum field %q would make the type %s, which the data layer already declares for %s: rename the field", m.name, e.Type, resource)
		}
	}
	seen := map[string]bool{}
	for _, v := range m.enumValues {
		switch {
		case !snakeRE.MatchString(v.value):
			b.errorf(v.pos, "enum value %q must be lower_snake_case, such as \"in_stock\"", v.value)
		case seen[v.value]:
			b.errorf(v.pos, "enum value %q is given twice", v.value)
		default:
			seen[v.value] = true
			e.Values = append(e.Values, ir.EnumValue{Value: v.value, Name: ir.EnumValueName(e.Type, v.value)})
		}
	}
	return e
}

func (b *builder) length(m *fieldDecl, mod *modDecl, what string) *int {
	i := constant.ToInt(mod.value)
	n, exact := constant.Int64Val(i)
	if i.Kind() != constant.Int || !exact || n < 0 || n > math.MaxInt32 {
		b.errorf(mod.arg.Pos(), "%s of field %q must be a whole number from 0 to %d, not %s", what, m.name, math.MaxInt32, mod.value)
		return nil
	}
	l := int(n)
	return &l
}
