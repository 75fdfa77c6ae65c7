package gen

import (
	"sort"
	"strconv"
	"strings"
)

// Each generated file's imports are computed once, from the model, before
// its template runs, as sqlc's imports.go computes them: the generator of
// a file fills an importSet, its template prints the list (template
// "imports" in imports.tmpl) and Imports reads the sets without rendering
// anything. No template decides an import.

// importSet is the imports of one file: import path → name, "" for the
// imported package's own name.
type importSet map[string]string

// add imports paths under their own names.
func (s importSet) add(paths ...string) importSet {
	for _, p := range paths {
		s[p] = ""
	}
	return s
}

// named imports path as name.
func (s importSet) named(name, path string) importSet {
	s[path] = name
	return s
}

// importSpec is one line of an import block; the zero spec is the blank
// line between two groups.
type importSpec struct {
	Name string // "" for the package's own name
	Path string
	// QPath is Path quoted, as the import block prints it: quoting here
	// saves a template func call per import line.
	QPath string
}

// importList returns s as the import block prints it: grouped as gofmt'ed
// Forge code groups imports (importGroup), sorted by path within a group,
// and a blank spec between groups.
func (m *model) importList(s importSet) []importSpec {
	local := m.localImports()
	paths := make([]string, 0, len(s))
	for p := range s {
		paths = append(paths, p)
	}
	sortImports(paths, local)
	var list []importSpec
	for i, p := range paths {
		if i > 0 && importGroup(p, local) != importGroup(paths[i-1], local) {
			list = append(list, importSpec{})
		}
		list = append(list, importSpec{Name: s[p], Path: p, QPath: strconv.Quote(p)})
	}
	return list
}

// localImports are the import path prefixes of the last group: Forge's
// module and the app's.
func (m *model) localImports() []string {
	return []string{forgeModule, m.ImportPath}
}

// importGroup is the group of an import path: 0 for the standard library,
// 1 for other modules, 2 for local (a path under one of local).
func importGroup(path string, local []string) int {
	for _, l := range local {
		if path == l || strings.HasPrefix(path, l+"/") {
			return 2
		}
	}
	if first, _, _ := strings.Cut(path, "/"); !strings.Contains(first, ".") {
		return 0
	}
	return 1
}

// sortImports sorts paths by group, then path.
func sortImports(paths []string, local []string) {
	sort.Slice(paths, func(i, j int) bool {
		gi, gj := importGroup(paths[i], local), importGroup(paths[j], local)
		if gi != gj {
			return gi < gj
		}
		return paths[i] < paths[j]
	})
}
