package gen

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
)

// The test-data factories, gen/factories: one method per resource that
// creates a valid row through gen/db, making up every required value the
// caller does not override and creating required parents first.

// factoryData is what templates/factories.tmpl reads.
type factoryData struct {
	*model
	Imports   []importSpec
	Resources []*factoryResource
	Text      bool // some factory makes up a string
	Email     bool // some factory makes up an email address
}

// factoryResource is one resource's factory method.
type factoryResource struct {
	R       *resource
	Fills   []factoryFill // made-up values, in field order
	Parents []*relation   // required BelongsTo whose parent is created when the FK is zero
	Checked []factoryFill // made-up values that a Pattern may reject
	UsesN   bool          // some made-up value uses the sequence number n
}

// factoryFill is a made-up value of a required field without a default.
type factoryFill struct {
	Field *field
	Expr  string // Go expression; n is the factory's sequence number
}

func factoryFiles(m *model) ([]file, error) {
	d := &factoryData{model: m}
	imports := importSet{}.add("context", "fmt", "sync/atomic", m.ImportPath+"/gen/db")
	for _, r := range m.Resources {
		fr := &factoryResource{R: r}
		for _, rel := range r.BelongsTo {
			if rel.FK.MustGive() {
				fr.Parents = append(fr.Parents, rel)
				imports.add("github.com/google/uuid")
			}
		}
		for _, f := range r.Creatable {
			if !f.MustGive() || f.Relation != "" {
				continue
			}
			expr, usesN := factoryValue(f)
			fill := factoryFill{Field: f, Expr: expr}
			fr.UsesN = fr.UsesN || usesN
			switch f.Type {
			case ir.String, ir.Text:
				if strings.Contains(f.Name, "Email") {
					d.Email = true
				} else {
					d.Text = true
				}
				if f.Pattern != "" {
					fr.Checked = append(fr.Checked, fill)
					imports.add("errors")
				}
			case ir.Time, ir.Date:
				imports.add("time")
			case ir.JSON:
				imports.add("encoding/json")
			case ir.UUID:
				imports.add("github.com/google/uuid")
			}
			fr.Fills = append(fr.Fills, fill)
		}
		d.Resources = append(d.Resources, fr)
	}
	if d.Email || d.Text {
		imports.add("strconv", "strings")
	}
	data := func() any {
		d.Imports = m.importList(imports)
		return d
	}
	return []file{{name: "gen/factories/factories.go", template: "factories.go.tmpl", data: data, imports: imports}}, nil
}

// factoryValue returns the Go expression of a valid made-up value of f, a
// required field without a default, in package factories, and whether it
// uses n (an int64), the factory's sequence number, which makes strings and
// unique numbers differ from row to row.
func factoryValue(f *field) (string, bool) {
	minLen, maxLen := 0, 0
	if f.MinLen != nil {
		minLen = *f.MinLen
	}
	if f.MaxLen != nil {
		maxLen = *f.MaxLen
	}
	switch f.Type {
	case ir.String, ir.Text:
		if strings.Contains(f.Name, "Email") {
			return fmt.Sprintf("email(%q, n, %d, %d)", f.JSON, minLen, maxLen), true
		}
		return fmt.Sprintf("text(%q, n, %d, %d)", f.JSON, minLen, maxLen), true
	case ir.Int, ir.BigInt, ir.Float:
		v := factoryNumber(f)
		if f.Unique {
			return fmt.Sprintf("%s + %s(n)", v, f.BaseType), true
		}
		return v, false
	case ir.Decimal:
		return fmt.Sprintf("%q", factoryNumber(f)), false
	case ir.Bool:
		return "false", false
	case ir.Time:
		return "time.Now()", false
	case ir.Date:
		return "db.DateOf(time.Now())", false
	case ir.UUID:
		return "uuid.New()", false
	case ir.Enum:
		return "db." + f.Enum.Values[0].Name, false
	case ir.JSON:
		return "json.RawMessage(`{}`)", false
	case ir.Bytes:
		return fmt.Sprintf("make([]byte, %d)", minLen), false
	}
	panic("gen: unknown field type " + string(f.Type))
}

// factoryNumber returns a number within f's bounds: Min, else 0 when the
// bounds allow it, else Max.
func factoryNumber(f *field) string {
	if f.Min != nil {
		return decimalString(*f.Min)
	}
	if f.Max != nil {
		if r, ok := new(big.Rat).SetString(f.Max.String()); ok && r.Sign() < 0 {
			return decimalString(*f.Max)
		}
	}
	return "0"
}
