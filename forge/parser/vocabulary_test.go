package parser

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/schema"
)

// schemaDir holds forge/schema's sources. Under Bazel the test's data puts
// them at the same place relative to this package.
const schemaDir = "../schema"

// TestVocabularyMatchesSchema ties the parser's tables (vocabulary.go) to
// forge/schema's API: every constructor of a field is in fieldTypes with the
// builder's methods as its modifiers, each taking an argument exactly when
// fieldModifiers says so; every other item constructor is in otherItems;
// BelongsTo's methods are belongsToModifiers; and the parser knows no name
// the schema package lacks.
func TestVocabularyMatchesSchema(t *testing.T) {
	pkg := typeCheckSchema(t)
	scope := pkg.Scope()
	fieldIface := scope.Lookup("Field").Type().Underlying().(*types.Interface)
	itemIface := scope.Lookup("SchemaItem").Type().Underlying().(*types.Interface)

	fieldCtors := map[string]bool{}
	itemCtors := map[string]bool{}
	for _, name := range scope.Names() {
		fn, ok := scope.Lookup(name).(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Results().Len() != 1 {
			continue
		}
		result := sig.Results().At(0).Type()
		switch {
		case types.Implements(result, fieldIface):
			fieldCtors[name] = true
			kind, known := fieldTypes[name]
			if !known {
				t.Errorf("schema.%s declares a field, but the parser's fieldTypes lacks it", name)
				continue
			}
			if got := string(kind.typ); got != schemaFieldType(t, pkg, name) {
				t.Errorf("fieldTypes[%q] is %s, but schema.%s declares a %s field", name, got, name, schemaFieldType(t, pkg, name))
			}
			checkModifiers(t, name, result, kind.modifiers, true)
		case types.Implements(result, itemIface):
			itemCtors[name] = true
		}
	}
	for name := range fieldTypes {
		if !fieldCtors[name] {
			t.Errorf("fieldTypes has %s, which forge/schema does not declare as a field constructor", name)
		}
	}
	if got, want := sortedKeys(itemCtors), sorted(otherItems); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("forge/schema's item constructors other than fields are %v; the parser's otherItems are %v", got, want)
	}
	belongsTo := scope.Lookup("BelongsTo").(*types.Func).Type().(*types.Signature).Results().At(0).Type()
	checkModifiers(t, "BelongsTo", belongsTo, belongsToModifiers, false)

	// Every modifier the parser reads is some builder's method.
	used := map[string]bool{}
	for _, kind := range fieldTypes {
		for m := range kind.modifiers {
			used[m] = true
		}
	}
	for m := range fieldModifiers {
		if !used[m] {
			t.Errorf("fieldModifiers has %s, which no field type has", m)
		}
	}
}

// checkModifiers compares the chaining methods of the builder type typ
// (those returning typ) with the parser's modifier set for ctor.
func checkModifiers(t *testing.T, ctor string, typ types.Type, want map[string]bool, checkArgs bool) {
	t.Helper()
	got := map[string]bool{}
	methods := types.NewMethodSet(typ)
	for i := 0; i < methods.Len(); i++ {
		fn := methods.At(i).Obj().(*types.Func)
		sig := fn.Type().(*types.Signature)
		if !fn.Exported() || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), typ) {
			continue // an accessor such as Name, not a modifier
		}
		got[fn.Name()] = true
		if !checkArgs {
			continue
		}
		arity, known := fieldModifiers[fn.Name()]
		switch {
		case !known:
			t.Errorf("schema.%s(…).%s is not in the parser's fieldModifiers", ctor, fn.Name())
		case arity != sig.Params().Len():
			t.Errorf("schema.%s(…).%s takes %d arguments, but fieldModifiers says %d", ctor, fn.Name(), sig.Params().Len(), arity)
		}
	}
	if g, w := sortedKeys(got), sortedKeys(want); strings.Join(g, " ") != strings.Join(w, " ") {
		t.Errorf("schema.%s's builder has modifiers %v; the parser accepts %v", ctor, g, w)
	}
}

// schemaFieldType returns the schema.Type… constant the constructor name
// sets, read from its body: &XField{field{name: name, typ: TypeX}}.
func schemaFieldType(t *testing.T, pkg *types.Package, ctor string) string {
	t.Helper()
	for _, f := range schemaFiles(t) {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Name.Name != ctor {
				continue
			}
			var typ string
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if kv, ok := n.(*ast.KeyValueExpr); ok {
					if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "typ" {
						if id, ok := kv.Value.(*ast.Ident); ok {
							c, _ := pkg.Scope().Lookup(id.Name).(*types.Const)
							if c != nil {
								typ = strings.Trim(c.Val().ExactString(), `"`)
							}
						}
					}
				}
				return typ == ""
			})
			return typ
		}
	}
	t.Fatalf("no func %s in %s", ctor, schemaDir)
	return ""
}

var (
	schemaFset   = token.NewFileSet()
	parsedSchema []*ast.File
)

func schemaFiles(t *testing.T) []*ast.File {
	t.Helper()
	if parsedSchema != nil {
		return parsedSchema
	}
	paths, err := filepath.Glob(filepath.Join(schemaDir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := goparser.ParseFile(schemaFset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsedSchema = append(parsedSchema, f)
	}
	if len(parsedSchema) == 0 {
		t.Fatalf("no Go files in %s", schemaDir)
	}
	return parsedSchema
}

// typeCheckSchema type-checks forge/schema from source. The package imports
// nothing (schema files must build without Forge's dependencies), so the
// check needs no importer.
func typeCheckSchema(t *testing.T) *types.Package {
	t.Helper()
	files := schemaFiles(t)
	pkg, err := new(types.Config).Check(schema.ImportPath, schemaFset, files, nil)
	if err != nil {
		t.Fatalf("type-check %s: %v", schemaDir, err)
	}
	return pkg
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
