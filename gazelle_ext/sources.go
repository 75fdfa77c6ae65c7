package forge

import (
	"bytes"
	"go/build"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bazelbuild/bazel-gazelle/config"
	"github.com/bazelbuild/bazel-gazelle/language"
	"github.com/bazelbuild/bazel-gazelle/rule"

	"github.com/forge-framework/forge/forge/parser"
)

// Finding schema packages is on the path of every directory Gazelle
// visits, and nearly all of them are not schema packages: a directory is
// ruled out before any of its files is opened when the Go language says
// what its library imports, and by a substring test of the files' bytes
// when it does not. Only a schema package's files are parsed, each read
// once.

// goFileNames are the directory's .go files that are not tests, from the
// listing Gazelle already holds, sorted.
func goFileNames(args language.GenerateArgs) []string {
	var names []string
	for _, name := range args.RegularFiles {
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// mayImportSchema reports whether the directory's Go package may import
// forge/schema: false only when the Go language generated its go_library
// and the imports it found there (on any platform) do not include it.
func mayImportSchema(args language.GenerateArgs) bool {
	for _, r := range args.OtherGen {
		if r.Kind() != "go_library" {
			continue
		}
		imports, ok := r.PrivateAttr(config.GazelleImportsKey).(rule.PlatformStrings)
		if !ok {
			return true // another Go language version: read the files
		}
		return anyImport(imports, func(imp string) bool { return imp == schemaImportpath })
	}
	return true
}

// anyImport reports whether f holds for an import of any platform. It reads
// the fields rather than calling Flat, which sorts a copy: this runs for
// every Go package Gazelle visits.
func anyImport(imports rule.PlatformStrings, f func(string) bool) bool {
	for _, imp := range imports.Generic {
		if f(imp) {
			return true
		}
	}
	for _, imps := range imports.OS {
		for _, imp := range imps {
			if f(imp) {
				return true
			}
		}
	}
	for _, imps := range imports.Arch {
		for _, imp := range imps {
			if f(imp) {
				return true
			}
		}
	}
	for _, imps := range imports.Platform {
		for _, imp := range imps {
			if f(imp) {
				return true
			}
		}
	}
	return false
}

// readGoFiles reads the named files and keeps those that go build would
// compile for the host, as forge generate and the forge_library action do.
// The build constraints are read from the bytes already in memory. Sources
// are named by their path from the repository root, so the parser's errors
// read app/schema/catalog.go:12:5: ….
func readGoFiles(args language.GenerateArgs, names []string) (kept []string, srcs []parser.File, err error) {
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(args.Dir, name))
		if err != nil {
			return nil, nil, err
		}
		if !unconstrained(name, src) {
			ctx := build.Default
			ctx.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(src)), nil }
			if ok, err := ctx.MatchFile(args.Dir, name); err != nil || !ok {
				continue // excluded, or constraints go build cannot read either
			}
		}
		kept = append(kept, name)
		srcs = append(srcs, parser.File{Name: path.Join(args.Rel, name), Src: src})
	}
	return kept, srcs, nil
}

// unconstrained reports whether go build compiles the file on every
// platform without asking go/build: no build constraint line, no cgo, and
// no underscore in its name (which a _GOOS or _GOARCH suffix, or a leading
// _ that hides the file, would need) nor a leading dot. For the rest,
// MatchFile decides; it parses the file's imports to do so, which for a
// typical schema file would be a second parse.
func unconstrained(name string, src []byte) bool {
	return !strings.Contains(name, "_") && !strings.HasPrefix(name, ".") &&
		!bytes.Contains(src, []byte("+build")) && !bytes.Contains(src, []byte("go:build")) &&
		!bytes.Contains(src, []byte(`"C"`))
}

// mentionsSchema reports whether any source holds forge/schema's import
// path: the test that rules a package out before it is parsed. A file
// that only mentions it (in a comment) is parsed, finds no resource, and
// the package is still not a schema package.
func mentionsSchema(srcs []parser.File) bool {
	for _, f := range srcs {
		if bytes.Contains(f.Src, []byte(schemaImportpath)) {
			return true
		}
	}
	return false
}
