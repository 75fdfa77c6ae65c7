package parser

import (
	"fmt"
	"go/token"
	"maps"
	"slices"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/internal/spelling"
)

// This file builds BelongsTo and HasMany relations and checks that they
// name resources that exist and agree with each other.

// belongsTo adds a BelongsTo relation to res, with the foreign-key field
// that holds it.
func (b *builder) belongsTo(d *resourceDecl, res *ir.Resource, m *belongsDecl, byName map[string]*resourceDecl, names *claims) {
	target := m.target.value
	if _, ok := byName[target]; !ok {
		b.errorf(m.target.pos, "BelongsTo names unknown resource %q%s", target, suggest(target, byName))
		return
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
		Field: ir.ForeignKeyField(target), Column: ir.ForeignKeyColumn(target), Required: required,
	}
	what := fmt.Sprintf("BelongsTo(%q)", target)
	if !names.take(m.target.pos, what, rel.Name, "") || !names.take(m.target.pos, what+"'s foreign key", rel.Field, rel.Column) {
		return
	}
	res.Relations = append(res.Relations, rel)
	res.Fields = append(res.Fields, ir.Field{
		Name: rel.Field, Column: rel.Column, JSON: rel.Column, Type: ir.UUID,
		Relation: rel.Name, Required: required,
	})
}

// hasMany adds a HasMany relation to res; checkHasMany checks its target's
// side once every resource is built.
func (b *builder) hasMany(d *resourceDecl, res *ir.Resource, m *hasManyDecl, byName map[string]*resourceDecl, names *claims) {
	target := m.target.value
	if _, ok := byName[target]; !ok {
		b.errorf(m.target.pos, "HasMany names unknown resource %q%s", target, suggest(target, byName))
		return
	}
	rel := ir.Relation{
		Kind: ir.HasMany, Name: ir.Plural(target), Target: target, TargetTable: ir.TableName(target),
		Field: ir.ForeignKeyField(d.name), Column: ir.ForeignKeyColumn(d.name),
	}
	if names.take(m.target.pos, fmt.Sprintf("HasMany(%q)", target), rel.Name, "") {
		res.Relations = append(res.Relations, rel)
	}
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

// suggest offers the closest resource name for a misspelt one.
func suggest(name string, byName map[string]*resourceDecl) string {
	best := spelling.Closest(name, slices.Collect(maps.Keys(byName)))
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// requiredEdge is a required BelongsTo from one resource to another.
type requiredEdge struct {
	to  string
	pos token.Pos // of the BelongsTo's target
}

// checkRequiredCycles rejects a cycle of required BelongsTo relations
// (Order requires a Customer, which requires an Order; or a Category that
// requires a parent Category): each row on it needs a row of the next
// resource to exist already, so no first row can ever be created, and the
// factories, which create required parents first, would never stop. Each
// cycle is reported once, at the BelongsTo leaving its alphabetically
// first resource.
func (b *builder) checkRequiredCycles(decls []*resourceDecl, byName map[string]*resourceDecl) {
	edges := map[string][]requiredEdge{}
	for _, d := range decls {
		if byName[d.name] != d {
			continue
		}
		for _, m := range d.members {
			bd, ok := m.(*belongsDecl)
			if !ok || byName[bd.target.value] == nil {
				continue
			}
			if _, required := bd.mods["Required"]; required {
				edges[d.name] = append(edges[d.name], requiredEdge{to: bd.target.value, pos: bd.target.pos})
			}
		}
	}
	for _, scc := range stronglyConnected(edges) {
		start := slices.Min(scc)
		in := map[string]bool{}
		for _, n := range scc {
			in[n] = true
		}
		path, first := cyclePath(start, edges, in)
		if path == nil {
			continue // a single resource without a required BelongsTo to itself
		}
		if len(path) == 2 {
			b.errorf(first, "%s has a required BelongsTo to itself: its first row could never be created, as it would need another to exist already; make it Optional", start)
			continue
		}
		b.errorf(first, "required BelongsTo relations form a cycle, %s: every row needs a row of the next resource to exist first, so none can ever be created; make one of these BelongsTo Optional",
			strings.Join(path, " → "))
	}
}

// cyclePath returns a cycle through start within the resources in, as
// names from start back to start, and the position of its first
// BelongsTo; nil if start is on no cycle. Edges are followed in
// declaration order, so the cycle reported is the same on every run.
func cyclePath(start string, edges map[string][]requiredEdge, in map[string]bool) ([]string, token.Pos) {
	seen := map[string]bool{}
	var path []string
	var first token.Pos
	var visit func(n string) bool
	visit = func(n string) bool {
		path = append(path, n)
		for _, e := range edges[n] {
			if !in[e.to] {
				continue
			}
			if n == start {
				first = e.pos
			}
			if e.to == start {
				path = append(path, start)
				return true
			}
			if !seen[e.to] {
				seen[e.to] = true
				if visit(e.to) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if !visit(start) {
		return nil, token.NoPos
	}
	return path, first
}

// stronglyConnected returns the strongly connected components of the
// graph (Tarjan's algorithm), visiting nodes in name order so the result
// is deterministic.
func stronglyConnected(edges map[string][]requiredEdge) [][]string {
	index, low := map[string]int{}, map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var out [][]string
	var connect func(n string)
	connect = func(n string) {
		index[n], low[n] = len(index), len(index)
		stack = append(stack, n)
		onStack[n] = true
		for _, e := range edges[n] {
			if _, visited := index[e.to]; !visited {
				connect(e.to)
				low[n] = min(low[n], low[e.to])
			} else if onStack[e.to] {
				low[n] = min(low[n], index[e.to])
			}
		}
		if low[n] != index[n] {
			return
		}
		var scc []string
		for {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[top] = false
			scc = append(scc, top)
			if top == n {
				break
			}
		}
		out = append(out, scc)
	}
	for _, n := range slices.Sorted(maps.Keys(edges)) {
		if _, visited := index[n]; !visited {
			connect(n)
		}
	}
	return out
}
