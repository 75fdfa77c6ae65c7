package parser

import (
	"fmt"
	"go/token"
	"regexp"
	"sort"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
)

// This file checks the declarations read by define.go and builds the IR:
// the schema and its resources. Each kind of member has a file of its own:
// fields.go (with numbers.go and defaults.go), relations.go, indexes.go and
// hooks.go.

var (
	goNameRE = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	snakeRE  = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
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
	b.checkRequiredCycles(decls, byName)
	b.resourceRenames(s, byName)
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

	names := &claims{b: b, goNames: map[string]claim{}, columns: map[string]claim{}}
	var indexes []*indexDecl
	for _, m := range d.members {
		switch m := m.(type) {
		case *fieldDecl:
			f, ok := b.field(d, m)
			if ok && names.take(m.namePos, fmt.Sprintf("field %q", f.Name), f.Name, f.Column) {
				res.Fields = append(res.Fields, f)
			}
		case *belongsDecl:
			b.belongsTo(d, &res, m, byName, names)
		case *hasManyDecl:
			b.hasMany(d, &res, m, byName, names)
		case *indexDecl:
			indexes = append(indexes, m)
		}
	}
	b.checkFieldRenames(d, &res)
	res.Indexes = b.indexes(d, &res, indexes)
	res.Options.Hooks = b.hooks(d.hooks)
	return res
}

// claims remembers who took each Go name on a resource's struct (fields and
// loaded relations) and each column, so that each is used once.
type claims struct {
	b       *builder
	goNames map[string]claim
	columns map[string]claim
}

type claim struct {
	pos  token.Pos
	what string
}

// take claims goName and column (if not "") for what, declared at pos, or
// reports who has them.
func (c *claims) take(pos token.Pos, what, goName, column string) bool {
	if prev, dup := c.goNames[goName]; dup {
		c.b.errorf(pos, "%s: the name %s is already used by %s (at %s)", what, goName, prev.what, c.b.posOf(prev.pos))
		return false
	}
	if prev, dup := c.columns[column]; column != "" && dup {
		c.b.errorf(pos, "%s: the column %s is already used by %s (at %s)", what, column, prev.what, c.b.posOf(prev.pos))
		return false
	}
	c.goNames[goName] = claim{pos, what}
	if column != "" {
		c.columns[column] = claim{pos, what}
	}
	return true
}
