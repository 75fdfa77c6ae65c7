package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
)

// mergeGoFiles joins formatted Go files of one package into one: the
// package clause, the union of their imports (grouped as gofmt'ed Forge
// code groups them: standard library, other modules, then local, which is
// Forge's own module and the app's), then each file's declarations in
// order.
//
// Per-resource templates stay small this way, while the generated packages
// have a fixed set of files whatever the schema holds: Bazel must declare
// a rule's outputs before it runs, so forge_generate can only know file
// names that do not depend on the resources.
func mergeGoFiles(srcs [][]byte, local []string) ([]byte, error) {
	type imp struct{ name, path string }
	seen := map[imp]bool{}
	var imports []imp
	var pkg string
	var bodies bytes.Buffer
	for i, src := range srcs {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("merge: part %d: %w", i, err)
		}
		if pkg == "" {
			pkg = f.Name.Name
		} else if f.Name.Name != pkg {
			return nil, fmt.Errorf("merge: part %d is package %s, not %s", i, f.Name.Name, pkg)
		}
		end := fset.Position(f.Name.End()).Offset
		for _, d := range f.Decls {
			end = max(end, fset.Position(d.End()).Offset)
		}
		for _, s := range f.Imports {
			path, _ := strconv.Unquote(s.Path.Value)
			im := imp{path: path}
			if s.Name != nil {
				im.name = s.Name.Name
			}
			if !seen[im] {
				seen[im] = true
				imports = append(imports, im)
			}
		}
		bodies.WriteString("\n")
		bodies.Write(bytes.TrimLeft(src[end:], "\n"))
	}

	group := func(path string) int { return importGroup(path, local) }
	sort.SliceStable(imports, func(i, j int) bool {
		gi, gj := group(imports[i].path), group(imports[j].path)
		if gi != gj {
			return gi < gj
		}
		return imports[i].path < imports[j].path
	})
	var out bytes.Buffer
	out.WriteString(Header + "\npackage " + pkg + "\n")
	if len(imports) > 0 {
		out.WriteString("\nimport (\n")
		for i, im := range imports {
			if i > 0 && group(im.path) != group(imports[i-1].path) {
				out.WriteString("\n")
			}
			if im.name != "" {
				out.WriteString("\t" + im.name + " ")
			} else {
				out.WriteString("\t")
			}
			out.WriteString(strconv.Quote(im.path) + "\n")
		}
		out.WriteString(")\n")
	}
	out.Write(bodies.Bytes())
	src, err := format.Source(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("merge: %w\n%s", err, numbered(out.Bytes()))
	}
	return src, nil
}
