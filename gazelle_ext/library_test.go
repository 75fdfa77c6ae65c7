package forge_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/gen"
	"github.com/forge-framework/forge/forge/parser"
)

// TestGeneratedDeps ties the forge_library macro to what the generated
// packages import. The extension writes one deps list for all of an app's
// generated go_libraries and leaves out their imports of each other, which
// the macro adds from GENERATED_DEPS (rules/private/library.bzl), and of
// the app's jobs/ package, which goes to gen/workers alone (jobs). So, for
// every schema the generator's tests use and the shop's: each import of a
// generated package by another must be in GENERATED_DEPS, and the only
// other import under the app is <app>/jobs, by gen/workers. A schema that
// broke this would build on go build and not on Bazel.
func TestGeneratedDeps(t *testing.T) {
	src, err := os.ReadFile("../rules/private/library.bzl")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)\nGENERATED_DEPS = \{(.*?)\n\}`).FindSubmatch(src)
	if block == nil {
		t.Fatal("library.bzl has no GENERATED_DEPS dict")
	}
	declared := map[string][]string{}
	var packages []string
	for _, m := range regexp.MustCompile(`"(\w+)": \[([^\]]*)\]`).FindAllSubmatch(block[1], -1) {
		pkg := string(m[1])
		packages = append(packages, pkg)
		declared[pkg] = []string{}
		for _, d := range regexp.MustCompile(`"(\w+)"`).FindAllSubmatch(m[2], -1) {
			declared[pkg] = append(declared[pkg], string(d[1]))
		}
	}
	var want []string
	for _, f := range gen.Files {
		if p := strings.Split(f, "/")[1]; !slices.Contains(want, p) {
			want = append(want, p)
		}
	}
	slices.Sort(packages)
	if !slices.Equal(packages, want) {
		t.Errorf("GENERATED_DEPS has packages %v; gen.Files has %v", packages, want)
	}

	dirs, err := filepath.Glob("../forge/gen/testdata/*/schema")
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, "../examples/shop/schema", "testdata/resource_added/app/schema")
	const app = "example.com/app"
	for _, dir := range dirs {
		s, err := parser.ParseDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		imports, err := gen.Imports(s, gen.Options{ImportPath: app})
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		for pkg, imps := range imports {
			for _, imp := range imps {
				local, ok := strings.CutPrefix(imp, app+"/")
				switch {
				case !ok:
				case strings.HasPrefix(local, "gen/"):
					if !slices.Contains(declared[pkg], strings.TrimPrefix(local, "gen/")) {
						t.Errorf("%s: gen/%s imports %s, which GENERATED_DEPS[%q] does not list", dir, pkg, imp, pkg)
					}
				case local == "jobs" && pkg == "workers":
				default:
					t.Errorf("%s: gen/%s imports %s: forge_library links the app's packages other than gen/ only as jobs, for gen/workers", dir, pkg, imp)
				}
			}
		}
	}
}
