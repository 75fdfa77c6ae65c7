package parser

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"strconv"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/schema"
)

// This file turns schema.Define calls into declarations that keep the
// position of everything they were read from. build.go, and the files it
// names, check them and build the IR.

// resourceDecl is one schema.Define call.
type resourceDecl struct {
	name    string
	namePos token.Pos
	// members are *fieldDecl, *belongsDecl, *hasManyDecl and *indexDecl in
	// declaration order (a BelongsTo's column takes its place among fields).
	members []any
	options map[string]token.Pos // "WithTenant" → position, for duplicate checks
	hooks   *hooksDecl
	// renamedFrom is the old name of schema.RenamedFrom, or nil.
	renamedFrom *stringArg
}

type fieldDecl struct {
	name       string
	namePos    token.Pos
	typ        ir.FieldType
	ctor       string // "String", "Enum", … for messages
	enumValues []stringArg
	mods       map[string]*modDecl
}

// modDecl is one modifier call: .MaxLen(200) or .Required().
type modDecl struct {
	pos    token.Pos // of the method name
	modArg           // the first argument; zero for modifiers without one
	more   []modArg  // the arguments after the first: Precision's scale
}

// modArg is one argument of a modifier: its value, and the expression it
// was read from, for positions.
type modArg struct {
	value constant.Value
	arg   ast.Expr
}

type belongsDecl struct {
	target stringArg
	mods   map[string]*modDecl
}

type hasManyDecl struct {
	target stringArg
}

type indexDecl struct {
	pos    token.Pos
	fields []stringArg
	unique bool
}

type hooksDecl struct {
	pos         token.Pos
	afterCreate []jobRefDecl
	afterUpdate []jobRefDecl
}

type jobRefDecl struct {
	pos             token.Pos
	kind, queue     string
	kindPos         token.Pos
	queuePos        token.Pos
	hasKind, hasQue bool
}

// stringArg is a string argument and where it was written.
type stringArg struct {
	value string
	pos   token.Pos
}

// fileScope knows how one file refers to the schema package: by one or more
// import names, or through a dot import.
type fileScope struct {
	names map[string]bool
	dot   bool
}

func newFileScope(f *ast.File) fileScope {
	s := fileScope{names: map[string]bool{}}
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil || path != schema.ImportPath {
			continue
		}
		switch {
		case imp.Name == nil:
			s.names["schema"] = true
		case imp.Name.Name == ".":
			s.dot = true
		case imp.Name.Name != "_":
			s.names[imp.Name.Name] = true
		}
	}
	return s
}

func (s fileScope) importsSchema() bool { return s.dot || len(s.names) > 0 }

// dslName returns the name of the schema-package identifier expr refers to:
// "Define" for schema.Define (or Define under a dot import).
func (s fileScope) dslName(expr ast.Expr) (string, bool) {
	switch e := expr.(type) {
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok && s.names[x.Name] {
			return e.Sel.Name, true
		}
	case *ast.Ident:
		if s.dot {
			return e.Name, true
		}
	}
	return "", false
}

// defineName returns the call if expr is a call of schema.Define.
func (s fileScope) defineCall(expr ast.Expr) (*ast.CallExpr, bool) {
	call, ok := expr.(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	name, ok := s.dslName(call.Fun)
	return call, ok && name == "Define"
}

// reader reads the Define calls of a package, collecting errors.
type reader struct {
	ev   *evaluator
	errs []evalError
}

func (r *reader) errorf(pos token.Pos, format string, args ...any) {
	r.errs = append(r.errs, evalError{pos: pos, msg: fmt.Sprintf(format, args...)})
}

// readFile returns the resources a file defines. Define calls that are not
// the value of a package-level variable are errors.
func (r *reader) readFile(f *ast.File) []*resourceDecl {
	scope := newFileScope(f)
	if !scope.importsSchema() {
		return nil
	}
	var out []*resourceDecl
	accepted := map[*ast.CallExpr]bool{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs, ok := spec.(*ast.ValueSpec)
			if !ok {
				continue
			}
			for _, v := range vs.Values {
				if call, ok := scope.defineCall(v); ok {
					accepted[call] = true
					if res := r.readDefine(scope, call); res != nil {
						out = append(out, res)
					}
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !accepted[call] {
			if _, ok := scope.defineCall(call); ok {
				r.errorf(call.Pos(), "schema.Define must be the value of a package-level variable: var Name = schema.Define(\"Name\", …)")
			}
		}
		return true
	})
	return out
}

func (r *reader) readDefine(scope fileScope, call *ast.CallExpr) *resourceDecl {
	if len(call.Args) == 0 {
		r.errorf(call.Rparen, "schema.Define needs a resource name")
		return nil
	}
	if call.Ellipsis.IsValid() {
		r.errorf(call.Ellipsis, "schema.Define takes its items one by one, not a spread slice")
		return nil
	}
	name, nameOK := r.stringArg(call.Args[0], "resource name")
	res := &resourceDecl{name: name.value, namePos: name.pos, options: map[string]token.Pos{}}
	for _, arg := range call.Args[1:] {
		r.readItem(scope, res, arg) // read even when the name is bad, to report every error at once
	}
	if !nameOK {
		return nil
	}
	return res
}

// chainCall is one call in a chain like schema.String("Name").Required().
type chainCall struct {
	name    string
	namePos token.Pos
	call    *ast.CallExpr
}

// unchain splits schema.String("Name").Required().MaxLen(200) into its root
// call (String) and the method calls applied to it, in order.
func unchain(scope fileScope, expr ast.Expr) (root chainCall, methods []chainCall, ok bool) {
	for {
		call, isCall := expr.(*ast.CallExpr)
		if !isCall {
			return chainCall{}, nil, false
		}
		if name, isDSL := scope.dslName(call.Fun); isDSL {
			pos := call.Fun.Pos()
			if sel, isSel := call.Fun.(*ast.SelectorExpr); isSel {
				pos = sel.Sel.Pos()
			}
			for i, j := 0, len(methods)-1; i < j; i, j = i+1, j-1 {
				methods[i], methods[j] = methods[j], methods[i]
			}
			return chainCall{name: name, namePos: pos, call: call}, methods, true
		}
		sel, isSel := call.Fun.(*ast.SelectorExpr)
		if !isSel {
			return chainCall{}, nil, false
		}
		methods = append(methods, chainCall{name: sel.Sel.Name, namePos: sel.Sel.Pos(), call: call})
		expr = sel.X
	}
}

func (r *reader) readItem(scope fileScope, res *resourceDecl, arg ast.Expr) {
	root, methods, ok := unchain(scope, arg)
	if !ok {
		r.errorf(arg.Pos(), "schema.Define items must be calls such as schema.String(\"Name\") written in place")
		return
	}
	if kind, isField := fieldTypes[root.name]; isField {
		if f := r.readField(root, methods, kind.typ); f != nil {
			res.members = append(res.members, f)
		}
		return
	}
	switch root.name {
	case "BelongsTo":
		target, ok := r.oneString(root, "resource name")
		if !ok {
			return
		}
		b := &belongsDecl{target: target, mods: map[string]*modDecl{}}
		for _, m := range methods {
			if !belongsToModifiers[m.name] {
				r.errorf(m.namePos, "%s does not apply to BelongsTo (it takes Required or Optional)", m.name)
				continue
			}
			r.addFlag(b.mods, m)
		}
		res.members = append(res.members, b)
		return
	case "HasMany":
		target, ok := r.oneString(root, "resource name")
		if ok {
			res.members = append(res.members, &hasManyDecl{target: target})
		}
	case "Index", "UniqueIndex":
		idx := &indexDecl{pos: root.namePos, unique: root.name == "UniqueIndex"}
		if len(root.call.Args) == 0 {
			r.errorf(root.namePos, "%s needs at least one field", root.name)
			return
		}
		for _, a := range root.call.Args {
			if s, ok := r.stringArg(a, "field name"); ok {
				idx.fields = append(idx.fields, s)
			}
		}
		res.members = append(res.members, idx)
	case "WithTenant", "WithTimestamps", "WithSoftDelete":
		if len(root.call.Args) != 0 {
			r.errorf(root.namePos, "%s takes no arguments", root.name)
		}
		if prev, dup := res.options[root.name]; dup && prev.IsValid() {
			r.errorf(root.namePos, "%s is given twice in %s", root.name, res.name)
		}
		res.options[root.name] = root.namePos
	case "RenamedFrom":
		if res.renamedFrom != nil {
			r.errorf(root.namePos, "RenamedFrom is given twice in %s", res.name)
			return
		}
		if old, ok := r.oneString(root, "old resource name"); ok {
			res.renamedFrom = &old
		}
	case "WithHooks":
		if res.hooks != nil {
			r.errorf(root.namePos, "WithHooks is given twice in %s: list every job in one Hooks", res.name)
			return
		}
		res.hooks = r.readHooks(scope, root)
	default:
		r.errorf(root.namePos, "schema.%s is not a schema item (fields, %s)", root.name, strings.Join(otherItems, ", "))
		return
	}
	for _, m := range methods {
		r.errorf(m.namePos, "%s does not apply to schema.%s", m.name, root.name)
	}
}

func (r *reader) readField(root chainCall, methods []chainCall, typ ir.FieldType) *fieldDecl {
	args := root.call.Args
	if len(args) == 0 {
		r.errorf(root.namePos, "schema.%s needs a field name", root.name)
		return nil
	}
	if typ != ir.Enum && len(args) > 1 {
		r.errorf(args[1].Pos(), "schema.%s takes only a field name", root.name)
		return nil
	}
	if root.call.Ellipsis.IsValid() {
		r.errorf(root.call.Ellipsis, "schema.%s takes its values one by one, not a spread slice", root.name)
		return nil
	}
	name, ok := r.stringArg(args[0], "field name")
	if !ok {
		return nil
	}
	f := &fieldDecl{name: name.value, namePos: name.pos, typ: typ, ctor: root.name, mods: map[string]*modDecl{}}
	for _, a := range args[1:] {
		if v, ok := r.stringArg(a, "enum value"); ok {
			f.enumValues = append(f.enumValues, v)
		}
	}
	if typ == ir.Enum && len(args) == 1 {
		r.errorf(root.call.Rparen, "Enum %q needs at least one value", name.value)
	}
	for _, m := range methods {
		arity, known := fieldModifiers[m.name]
		switch {
		case !known:
			r.errorf(m.namePos, "%s is not a field modifier", m.name)
		case arity == 0:
			r.addFlag(f.mods, m)
		case len(m.call.Args) != arity:
			r.errorf(m.namePos, "%s takes %s", m.name, map[int]string{1: "one argument", 2: "two arguments"}[arity])
		default:
			if _, dup := f.mods[m.name]; dup {
				r.errorf(m.namePos, "%s is given twice on field %q", m.name, f.name)
				continue
			}
			var args []modArg
			for _, a := range m.call.Args {
				v, err := r.ev.eval(a, -1)
				if err != nil {
					r.errs = append(r.errs, *err)
					break
				}
				args = append(args, modArg{v, a})
			}
			if len(args) == arity {
				f.mods[m.name] = &modDecl{pos: m.namePos, modArg: args[0], more: args[1:]}
			}
		}
	}
	return f
}

// addFlag records a modifier without arguments, rejecting repeats.
func (r *reader) addFlag(mods map[string]*modDecl, m chainCall) {
	if len(m.call.Args) != 0 {
		r.errorf(m.namePos, "%s takes no arguments", m.name)
		return
	}
	if _, dup := mods[m.name]; dup {
		r.errorf(m.namePos, "%s is given twice", m.name)
		return
	}
	mods[m.name] = &modDecl{pos: m.namePos}
}

func (r *reader) oneString(c chainCall, what string) (stringArg, bool) {
	if len(c.call.Args) != 1 {
		r.errorf(c.namePos, "schema.%s takes one argument, the %s", c.name, what)
		return stringArg{}, false
	}
	return r.stringArg(c.call.Args[0], what)
}

// stringArg evaluates expr, which must be a constant string.
func (r *reader) stringArg(expr ast.Expr, what string) (stringArg, bool) {
	v, err := r.ev.eval(expr, -1)
	if err != nil {
		r.errs = append(r.errs, *err)
		return stringArg{}, false
	}
	if v.Kind() != constant.String {
		r.errorf(expr.Pos(), "the %s must be a string, not %s", what, v)
		return stringArg{}, false
	}
	return stringArg{value: constant.StringVal(v), pos: expr.Pos()}, true
}

// readHooks reads schema.WithHooks(schema.Hooks{AfterCreate: []schema.JobRef{{Kind: …}}}).
func (r *reader) readHooks(scope fileScope, root chainCall) *hooksDecl {
	h := &hooksDecl{pos: root.namePos}
	if len(root.call.Args) != 1 {
		r.errorf(root.namePos, "WithHooks takes one schema.Hooks{…} literal")
		return h
	}
	lit, ok := root.call.Args[0].(*ast.CompositeLit)
	if !ok {
		r.errorf(root.call.Args[0].Pos(), "WithHooks takes a schema.Hooks{…} literal written in place")
		return h
	}
	if name, ok := scope.dslName(lit.Type); !ok || name != "Hooks" {
		r.errorf(lit.Pos(), "WithHooks takes a schema.Hooks{…} literal")
		return h
	}
	seen := map[string]bool{}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		key, isIdent := kvKey(kv)
		if !ok || !isIdent || (key != "AfterCreate" && key != "AfterUpdate") {
			r.errorf(elt.Pos(), "schema.Hooks takes keyed fields AfterCreate and AfterUpdate")
			continue
		}
		if seen[key] {
			r.errorf(elt.Pos(), "%s is given twice", key)
			continue
		}
		seen[key] = true
		refs := r.readJobRefs(scope, kv.Value)
		if key == "AfterCreate" {
			h.afterCreate = refs
		} else {
			h.afterUpdate = refs
		}
	}
	return h
}

func kvKey(kv *ast.KeyValueExpr) (string, bool) {
	if kv == nil {
		return "", false
	}
	id, ok := kv.Key.(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, true
}

func (r *reader) readJobRefs(scope fileScope, expr ast.Expr) []jobRefDecl {
	lit, ok := expr.(*ast.CompositeLit)
	if !ok {
		r.errorf(expr.Pos(), "hooks take a []schema.JobRef{…} literal written in place")
		return nil
	}
	var refs []jobRefDecl
	for _, elt := range lit.Elts {
		ref, ok := elt.(*ast.CompositeLit)
		if ok && ref.Type != nil {
			name, isDSL := scope.dslName(ref.Type)
			ok = isDSL && name == "JobRef"
		}
		if !ok {
			r.errorf(elt.Pos(), "each hook is a schema.JobRef{Kind: …, Queue: …} literal")
			continue
		}
		j := jobRefDecl{pos: ref.Pos()}
		valid := true
		for _, f := range ref.Elts {
			kv, _ := f.(*ast.KeyValueExpr)
			key, isIdent := kvKey(kv)
			if kv == nil || !isIdent || (key != "Kind" && key != "Queue") {
				r.errorf(f.Pos(), "schema.JobRef takes keyed fields Kind and Queue")
				valid = false
				continue
			}
			s, ok := r.stringArg(kv.Value, "job "+key)
			if !ok {
				valid = false
				continue
			}
			if key == "Kind" {
				j.kind, j.kindPos, j.hasKind = s.value, s.pos, true
			} else {
				j.queue, j.queuePos, j.hasQue = s.value, s.pos, true
			}
		}
		if valid { // a malformed JobRef was reported; checking its Kind too would only add noise
			refs = append(refs, j)
		}
	}
	return refs
}
