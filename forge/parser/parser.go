// Package parser reads a Forge schema package into the IR.
//
// It uses go/parser and go/ast only: it never executes or type-checks the
// schema files and needs no Go toolchain, so it runs the same inside a
// sandboxed Bazel action as in `forge generate`. A schema file imports
// github.com/forge-framework/forge/forge/schema under any name (or with a
// dot import) and assigns schema.Define calls to package-level variables.
// Arguments must be literals or constants declared in the same package.
//
// Every problem in a package is reported at once, as an ErrorList sorted by
// position, each line "file.go:line:col: message".
//
// What this package is not for: it produces no code (forge/gen does) and
// reads no go.mod (callers know the app's import path).
package parser

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	goparser "go/parser"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
)

// File is one schema source file. Name is used in error positions.
type File struct {
	Name string
	Src  []byte
}

// ParseDir parses the schema package in dir: its .go files that are not
// tests and that the default build context would compile. Error positions
// name files as dir/file.go.
func ParseDir(dir string) (*ir.Schema, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read schema package: %w", err)
	}
	var paths []string
	for _, e := range entries {
		if !e.IsDir() {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	s, err := ParseFiles(paths)
	if errors.Is(err, errNoFiles) {
		return nil, fmt.Errorf("%s: no Go files in the schema package", dir)
	}
	return s, err
}

var errNoFiles = errors.New("no Go files in the schema package")

// ParseFiles parses the schema package made of the files at paths, keeping
// what go build would compile: .go files that are not tests and whose
// build constraints the default build context satisfies. It is ParseDir
// for callers that list the files, such as a Bazel action, which must read
// its declared inputs and nothing else. Error positions name files by the
// paths given.
func ParseFiles(paths []string) (*ir.Schema, error) {
	var files []File
	for _, path := range paths {
		dir, name := filepath.Split(path)
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		ok, err := build.Default.MatchFile(filepath.Clean(dir), name)
		if err != nil {
			return nil, fmt.Errorf("read schema file: %w", err)
		}
		if !ok {
			continue // excluded by a build constraint, as go build would
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read schema file: %w", err)
		}
		files = append(files, File{Name: path, Src: src})
	}
	if len(files) == 0 {
		return nil, errNoFiles
	}
	return Parse(files)
}

// Parse parses the files of one schema package. It returns the schema, or
// an ErrorList with every problem found. A package without schema.Define
// calls gives a schema with no resources.
func Parse(files []File) (*ir.Schema, error) {
	if len(files) == 0 {
		return nil, errors.New("no schema files given")
	}
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })

	fset := token.NewFileSet()
	var errs ErrorList
	var asts []*ast.File
	for _, f := range sorted {
		file, err := goparser.ParseFile(fset, f.Name, f.Src, goparser.SkipObjectResolution)
		if err != nil {
			var list scanner.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					errs = append(errs, &Error{Pos: e.Pos, Msg: e.Msg})
				}
			} else {
				errs = append(errs, &Error{Pos: token.Position{Filename: f.Name}, Msg: err.Error()})
			}
			continue
		}
		asts = append(asts, file)
	}
	syntaxOK := len(errs) == 0

	pkg := ""
	for _, f := range asts {
		switch {
		case pkg == "":
			pkg = f.Name.Name
		case f.Name.Name != pkg:
			errs = append(errs, &Error{Pos: fset.Position(f.Name.Pos()), Msg: fmt.Sprintf("package %s, but the other schema files are package %s", f.Name.Name, pkg)})
		}
	}

	r := &reader{ev: &evaluator{consts: collectConsts(asts)}}
	var decls []*resourceDecl
	for _, f := range asts {
		decls = append(decls, r.readFile(f)...)
	}
	for _, e := range r.errs {
		errs = append(errs, &Error{Pos: fset.Position(e.pos), Msg: e.msg})
	}

	// Cross-resource checks would misreport resources in a file that did
	// not parse (as unknown), so they wait until the syntax is right.
	var s *ir.Schema
	if syntaxOK {
		b := &builder{fset: fset}
		s = b.build(pkg, decls)
		for _, e := range b.errs {
			errs = append(errs, &Error{Pos: fset.Position(e.pos), Msg: e.msg})
		}
	}
	if len(errs) > 0 {
		return nil, errs.sortAndDedupe()
	}
	return s, nil
}
