package parser

import (
	"encoding/json"
	"fmt"
	"go/constant"
	"go/token"
	"math"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/runtime/config"
)

// This file checks the declarations read by define.go and builds the IR.

var (
	goNameRE  = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	snakeRE   = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	decimalRE = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
	uuidRE    = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// reservedTablePrefixes belong to the libraries whose tables share the app's
// database.
var reservedTablePrefixes = []string{"river_", "forge_"}

// eventsRoute is the route segment of the SSE stream, GET /api/events
// (runtime/server.EventsPath), which no resource may take.
const eventsRoute = "events"

// builder builds the IR, collecting errors.
type builder struct {
	fset *token.FileSet
	errs []evalError
}

// posOf formats a position for messages that point at another declaration.
func (b *builder) posOf(pos token.Pos) string { return b.fset.Position(pos).String() }

func (b *builder) errorf(pos token.Pos, format string, args ...any) {
	b.errs = append(b.errs, evalError{pos: pos, msg: fmt.Sprintf(format, args...)})
}

// build checks decls and returns the schema. Resources and jobs are sorted;
// fields, relations and enum values keep their declaration order.
func (b *builder) build(pkg string, decls []*resourceDecl) *ir.Schema {
	s := &ir.Schema{Version: ir.Version, Package: pkg, Resources: []ir.Resource{}, Jobs: []ir.Job{}}
	byName := map[string]*resourceDecl{}
	for _, d := range decls {
		if !goNameRE.MatchString(d.name) {
			b.errorf(d.namePos, "resource name %q must be an exported Go identifier of letters and digits, such as \"OrderItem\"", d.name)
			continue
		}
		if prev, dup := byName[d.name]; dup {
			b.errorf(d.namePos, "resource %q is defined twice (also at %s)", d.name, b.posOf(prev.namePos))
			continue
		}
		byName[d.name] = d
	}
	tables := map[string]string{}
	for _, d := range decls {
		if byName[d.name] != d {
			continue
		}
		res := b.resource(d, byName)
		if other, dup := tables[res.Table]; dup {
			b.errorf(d.namePos, "resource %q has the same table %s as %q", d.name, res.Table, other)
		}
		tables[res.Table] = d.name
		s.Resources = append(s.Resources, res)
	}
	sort.Slice(s.Resources, func(i, j int) bool { return s.Resources[i].Name < s.Resources[j].Name })
	b.checkHasMany(s, byName)
	s.Jobs = b.jobs(decls, byName)
	return s
}

func (b *builder) resource(d *resourceDecl, byName map[string]*resourceDecl) ir.Resource {
	res := ir.Resource{
		Name:      d.name,
		Plural:    ir.Plural(d.name),
		Table:     ir.TableName(d.name),
		Route:     ir.RouteSegment(d.name),
		Fields:    []ir.Field{},
		Relations: []ir.Relation{},
		Indexes:   []ir.Index{},
	}
	for _, prefix := range reservedTablePrefixes {
		if strings.HasPrefix(res.Table, prefix) {
			b.errorf(d.namePos, "resource %q would use table %s; tables starting with %s belong to River and Forge", d.name, res.Table, prefix)
		}
	}
	if res.Route == eventsRoute {
		b.errorf(d.namePos, "resource %q would be served at /api/%s, the route of the event stream; choose another name", d.name, res.Route)
	}
	_, res.Options.Tenant = d.options["WithTenant"]
	_, res.Options.Timestamps = d.options["WithTimestamps"]
	_, res.Options.SoftDelete = d.options["WithSoftDelete"]

	// Every Go name on the resource's struct (fields and loaded relations)
	// and every column may be used once; claims remember who took each.
	type claim struct {
		pos  token.Pos
		what string
	}
	goNames := map[string]claim{}
	columns := map[string]claim{}
	take := func(pos token.Pos, what, goName, column string) bool {
		if prev, dup := goNames[goName]; dup {
			b.errorf(pos, "%s: the name %s is already used by %s (at %s)", what, goName, prev.what, b.posOf(prev.pos))
			return false
		}
		if prev, dup := columns[column]; column != "" && dup {
			b.errorf(pos, "%s: the column %s is already used by %s (at %s)", what, column, prev.what, b.posOf(prev.pos))
			return false
		}
		goNames[goName] = claim{pos, what}
		if column != "" {
			columns[column] = claim{pos, what}
		}
		return true
	}
	var indexes []*indexDecl
	for _, m := range d.members {
		switch m := m.(type) {
		case *fieldDecl:
			f, ok := b.field(d, m)
			if ok && take(m.namePos, fmt.Sprintf("field %q", f.Name), f.Name, f.Column) {
				res.Fields = append(res.Fields, f)
			}
		case *belongsDecl:
			target := m.target.value
			if _, ok := byName[target]; !ok {
				b.errorf(m.target.pos, "BelongsTo names unknown resource %q%s", target, suggest(target, byName))
				continue
			}
			if _, targetTenant := byName[target].options["WithTenant"]; targetTenant && !res.Options.Tenant {
				b.errorf(m.target.pos, "%s belongs to %s, which is WithTenant(), but is not itself: its rows could point into any tenant; add schema.WithTenant() to %s", d.name, target, d.name)
			}
			_, required := m.mods["Required"]
			if _, optional := m.mods["Optional"]; optional && required {
				b.errorf(m.mods["Optional"].pos, "BelongsTo(%q) is both Required and Optional", target)
			}
			rel := ir.Relation{
				Kind: ir.BelongsTo, Name: target, Target: target, TargetTable: ir.TableName(target),
				Field: target + "ID", Column: ir.Snake(target) + "_id", Required: required,
			}
			what := fmt.Sprintf("BelongsTo(%q)", target)
			if !take(m.target.pos, what, rel.Name, "") || !take(m.target.pos, what+"'s foreign key", rel.Field, rel.Column) {
				continue
			}
			res.Relations = append(res.Relations, rel)
			res.Fields = append(res.Fields, ir.Field{
				Name: rel.Field, Column: rel.Column, JSON: rel.Column, Type: ir.UUID,
				Relation: rel.Name, Required: required,
			})
		case *hasManyDecl:
			target := m.target.value
			if _, ok := byName[target]; !ok {
				b.errorf(m.target.pos, "HasMany names unknown resource %q%s", target, suggest(target, byName))
				continue
			}
			rel := ir.Relation{
				Kind: ir.HasMany, Name: ir.Plural(target), Target: target, TargetTable: ir.TableName(target),
				Field: d.name + "ID", Column: ir.Snake(d.name) + "_id",
			}
			if take(m.target.pos, fmt.Sprintf("HasMany(%q)", target), rel.Name, "") {
				res.Relations = append(res.Relations, rel)
			}
		case *indexDecl:
			indexes = append(indexes, m)
		}
	}
	res.Indexes = b.indexes(d, &res, indexes)
	res.Options.Hooks = b.hooks(d.hooks)
	return res
}

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
	_, f.Required = m.mods["Required"]
	_, f.Unique = m.mods["Unique"]
	_, f.Immutable = m.mods["Immutable"]
	_, f.Sensitive = m.mods["Sensitive"]
	if opt, ok := m.mods["Optional"]; ok && f.Required {
		b.errorf(opt.pos, "field %q is both Required and Optional", m.name)
	}
	numeric := m.typ == ir.Int || m.typ == ir.BigInt || m.typ == ir.Float || m.typ == ir.Decimal
	sized := m.typ == ir.String || m.typ == ir.Text || m.typ == ir.Bytes
	applies := map[string]bool{
		"Min": numeric, "Max": numeric, "MinLen": sized, "MaxLen": sized,
		"Pattern": m.typ == ir.String || m.typ == ir.Text,
		"Unique":  m.typ != ir.JSON, "Default": m.typ != ir.Bytes,
	}
	for name, ok := range applies {
		if mod, set := m.mods[name]; set && !ok {
			b.errorf(mod.pos, "%s does not apply to %s field %q", name, m.ctor, m.name)
			delete(m.mods, name)
		}
	}
	if mod := m.mods["Min"]; mod != nil {
		f.Min = b.number(m, mod, "Min")
	}
	if mod := m.mods["Max"]; mod != nil {
		f.Max = b.number(m, mod, "Max")
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
	return f, true
}

func (b *builder) enum(resource string, m *fieldDecl) *ir.EnumType {
	e := &ir.EnumType{Type: resource + m.name, Values: []ir.EnumValue{}}
	seen := map[string]bool{}
	for _, v := range m.enumValues {
		switch {
		case !snakeRE.MatchString(v.value):
			b.errorf(v.pos, "enum value %q must be lower_snake_case, such as \"in_stock\"", v.value)
		case seen[v.value]:
			b.errorf(v.pos, "enum value %q is given twice", v.value)
		default:
			seen[v.value] = true
			e.Values = append(e.Values, ir.EnumValue{Value: v.value, Name: e.Type + ir.Camel(v.value)})
		}
	}
	return e
}

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
		if m.typ == ir.Decimal && v.Kind() == constant.String {
			s := constant.StringVal(v)
			if !decimalRE.MatchString(s) {
				return fail("must be a decimal number such as \"9.99\", not %q", s)
			}
			r, _ := new(big.Rat).SetString(s)
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

// indexes builds the resource's indexes: those declared with Index and
// UniqueIndex, one per Unique field, and one per foreign key not already
// covered.
func (b *builder) indexes(d *resourceDecl, res *ir.Resource, decls []*indexDecl) []ir.Index {
	byGoName := map[string]ir.Field{}
	for _, f := range res.Fields {
		byGoName[f.Name] = f
		if f.Relation != "" { // a BelongsTo is indexed by its target's name too
			byGoName[f.Relation] = f
		}
	}
	type entry struct {
		pos token.Pos
		idx ir.Index
	}
	fieldPos := map[string]token.Pos{}
	for _, m := range d.members {
		if f, ok := m.(*fieldDecl); ok {
			fieldPos[f.name] = f.namePos
		}
	}
	var entries []entry
	for _, f := range res.Fields {
		if f.Unique {
			entries = append(entries, entry{pos: fieldPos[f.Name], idx: ir.Index{Unique: true, Fields: []string{f.Name}, Columns: []string{f.Column}}})
		}
	}
	for _, decl := range decls {
		idx := ir.Index{Unique: decl.unique}
		ok := true
		seen := map[string]bool{}
		for _, name := range decl.fields {
			f, known := byGoName[name.value]
			switch {
			case !known:
				b.errorf(name.pos, "index names unknown field %q of %s", name.value, d.name)
				ok = false
			case seen[f.Name]:
				b.errorf(name.pos, "index names field %q twice", name.value)
				ok = false
			default:
				seen[f.Name] = true
				idx.Fields = append(idx.Fields, f.Name)
				idx.Columns = append(idx.Columns, f.Column)
			}
		}
		if ok {
			entries = append(entries, entry{pos: decl.pos, idx: idx})
		}
	}
	out := []ir.Index{}
	names := map[string]token.Pos{}
	for _, e := range entries {
		idx := e.idx
		idx.Name = ir.IndexName(res.Table, idx.Columns, idx.Unique)
		if res.Options.Tenant {
			idx.Columns = append([]string{ir.ColumnTenantID}, idx.Columns...)
		}
		if idx.Unique && res.Options.SoftDelete {
			idx.Where = ir.ColumnDeletedAt + " IS NULL"
		}
		if prev, dup := names[idx.Name]; dup {
			b.errorf(e.pos, "index %s over %s is declared twice in %s (also at %s)", idx.Name, strings.Join(idx.Fields, ", "), d.name, b.posOf(prev))
			continue
		}
		names[idx.Name] = e.pos
		out = append(out, idx)
	}
	out = append(out, foreignKeyIndexes(res, out)...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// foreignKeyIndexes returns an index for each BelongsTo column that no index
// in have leads with (after tenant_id). Postgres does not index foreign keys
// itself, and without one every HasMany load and every delete of a parent
// scans the child table.
func foreignKeyIndexes(res *ir.Resource, have []ir.Index) []ir.Index {
	lead := 0
	if res.Options.Tenant {
		lead = 1
	}
	led := map[string]bool{}
	for _, idx := range have {
		if len(idx.Columns) > lead {
			led[idx.Columns[lead]] = true
		}
	}
	var out []ir.Index
	for _, f := range res.Fields {
		if f.Relation == "" || led[f.Column] {
			continue
		}
		idx := ir.Index{Name: ir.IndexName(res.Table, []string{f.Column}, false), Fields: []string{f.Name}, Columns: []string{f.Column}}
		if res.Options.Tenant {
			idx.Columns = []string{ir.ColumnTenantID, f.Column}
		}
		out = append(out, idx)
	}
	return out
}

func (b *builder) hooks(h *hooksDecl) ir.Hooks {
	var out ir.Hooks
	if h == nil {
		return out
	}
	out.AfterCreate = b.jobRefs(h.afterCreate)
	out.AfterUpdate = b.jobRefs(h.afterUpdate)
	return out
}

func (b *builder) jobRefs(refs []jobRefDecl) []ir.JobRef {
	var out []ir.JobRef
	for _, r := range refs {
		ok := true
		switch {
		case !r.hasKind || r.kind == "":
			b.errorf(r.pos, "JobRef needs a Kind, such as Kind: \"order_placed\"")
			ok = false
		case !snakeRE.MatchString(r.kind):
			b.errorf(r.kindPos, "job kind %q must be lower_snake_case, such as \"order_placed\"", r.kind)
			ok = false
		}
		queue := r.queue
		if !r.hasQue || queue == "" {
			queue = config.DefaultQueue
		} else if err := config.CheckQueueName(queue); err != nil {
			b.errorf(r.queuePos, "%v", err)
			ok = false
		}
		if ok {
			out = append(out, ir.JobRef{Kind: r.kind, Queue: queue})
		}
	}
	return out
}

// jobs lists each job kind once with its args type. A kind belongs to one
// resource: River routes jobs by kind, and each kind has one args type.
func (b *builder) jobs(decls []*resourceDecl, byName map[string]*resourceDecl) []ir.Job {
	owner := map[string]string{}
	out := []ir.Job{}
	for _, d := range decls {
		if byName[d.name] != d || d.hooks == nil {
			continue
		}
		for _, r := range append(append([]jobRefDecl{}, d.hooks.afterCreate...), d.hooks.afterUpdate...) {
			if !r.hasKind || !snakeRE.MatchString(r.kind) {
				continue
			}
			if prev, ok := owner[r.kind]; ok {
				if prev != d.name {
					b.errorf(r.kindPos, "job kind %q is already enqueued by %s: a kind names one args type, so give %s its own kind", r.kind, prev, d.name)
				}
				continue
			}
			owner[r.kind] = d.name
			out = append(out, ir.Job{Kind: r.kind, Args: ir.Camel(r.kind) + "Args", Resource: d.name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	args := map[string]string{}
	for _, j := range out {
		if other, dup := args[j.Args]; dup {
			b.errorf(byName[j.Resource].hooks.pos, "job kinds %q and %q would both generate %s", other, j.Kind, j.Args)
		}
		args[j.Args] = j.Kind
	}
	return out
}

// checkHasMany requires the target of each HasMany to declare the
// BelongsTo that holds its foreign key.
func (b *builder) checkHasMany(s *ir.Schema, byName map[string]*resourceDecl) {
	for _, res := range s.Resources {
		for _, m := range byName[res.Name].members {
			hm, ok := m.(*hasManyDecl)
			if !ok {
				continue
			}
			target := s.Resource(hm.target.value)
			if target == nil {
				continue // reported as an unknown resource
			}
			found := false
			for _, r := range target.Relations {
				found = found || (r.Kind == ir.BelongsTo && r.Target == res.Name)
			}
			if !found {
				b.errorf(hm.target.pos, "HasMany(%q) needs %s to declare schema.BelongsTo(%q)", hm.target.value, hm.target.value, res.Name)
			}
		}
	}
}

// suggest offers the closest resource name for a misspelt one. Long names
// are not compared: real names are short, and the comparison is quadratic.
func suggest(name string, byName map[string]*resourceDecl) string {
	const maxLen = 64
	best, bestDist := "", 3
	if len(name) > maxLen {
		return ""
	}
	for candidate := range byName {
		if len(candidate) > maxLen {
			continue
		}
		if d := editDistance(strings.ToLower(name), strings.ToLower(candidate)); d < bestDist || (d == bestDist && candidate < best) {
			best, bestDist = candidate, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
