package parser

import (
	"fmt"
	"maps"
	"slices"

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
