package gen

import (
	"bytes"
	"flag"
	goparser "go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/<case>/ from the generator's output")

// goldenImportPath is the import path of testdata/<case>: the goldens are
// packages of this module, so go vet can compile them where they are.
const goldenImportPath = "github.com/forge-framework/forge/forge/gen/testdata/"

// sharedSchemas are the golden cases whose schema is not under
// testdata/<case>/schema but is an example app's own, so that the fixture
// has one copy: the shop's goldens come from examples/shop/schema.
var sharedSchemas = map[string]string{
	"shop": "../../examples/shop/schema",
}

// goldenCases maps each golden case under testdata to its schema
// directory: testdata/<case>/schema, or the case's entry in sharedSchemas.
func goldenCases(t *testing.T) map[string]string {
	t.Helper()
	dirs, err := filepath.Glob("testdata/*/schema")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{}
	for _, d := range dirs {
		cases[filepath.Base(filepath.Dir(d))] = d
	}
	for name, d := range sharedSchemas {
		if _, dup := cases[name]; dup {
			t.Fatalf("testdata/%s/schema copies %s: delete the copy", name, d)
		}
		cases[name] = d
	}
	return cases
}

// TestGolden generates the schema of each golden case (see goldenCases) and
// compares the output with the files under testdata/<case>/gen and
// testdata/<case>/jobs, then compiles and vets them.
func TestGolden(t *testing.T) {
	cases := goldenCases(t)
	if len(cases) == 0 {
		t.Fatal("no golden cases under testdata/*/schema")
	}
	var pkgs []string
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		schemaDir := cases[name]
		dir := filepath.Join("testdata", name)
		pkgs = append(pkgs, "./"+filepath.ToSlash(dir)+"/...")
		t.Run(name, func(t *testing.T) {
			s, err := parser.ParseDir(schemaDir)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			opts := Options{ImportPath: goldenImportPath + name}
			got, err := Generate(s, opts)
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			if names := slices.Sorted(maps.Keys(got)); strings.Join(names, " ") != strings.Join(Files, " ") {
				t.Errorf("Generate wrote %v, want exactly gen.Files %v: build systems declare those", names, Files)
			}
			again, err := Generate(s, opts)
			if err != nil {
				t.Fatal(err)
			}
			for file, b := range got {
				if !bytes.Equal(b, again[file]) {
					t.Errorf("%s differs between two runs: the generator is not deterministic", file)
				}
				if !bytes.HasPrefix(b, []byte(Header)) {
					t.Errorf("%s does not start with %q", file, Header)
				}
			}
			checkImports(t, s, opts, got)
			scaffolds, err := Scaffolds(s, opts)
			if err != nil {
				t.Fatalf("Scaffolds: %v", err)
			}
			for file, b := range scaffolds {
				if _, dup := got[file]; dup {
					t.Fatalf("%s is both generated and scaffolded", file)
				}
				got[file] = b
			}
			compareTree(t, dir, got, "gen", "jobs")
		})
	}
	if *update || t.Failed() {
		return
	}
	// The goldens must compile: they are what users build.
	cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet over the goldens: %v\n%s", err, out)
	}
}

// compareTree compares want with the files under dir/<sub> for each sub,
// or with -update rewrites them (removing files no longer generated).
func compareTree(t *testing.T, dir string, want map[string][]byte, subs ...string) {
	t.Helper()
	have := map[string][]byte{}
	for _, sub := range subs {
		root := filepath.Join(dir, sub)
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if os.IsNotExist(err) {
				return nil
			}
			if err != nil || d.IsDir() {
				return err
			}
			if name := d.Name(); name == "BUILD.bazel" || name == "BUILD" {
				return nil // Bazel's, for the integration tests; not generated
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			have[filepath.ToSlash(rel)] = b
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if *update {
		for name := range have {
			if _, ok := want[name]; !ok {
				if err := os.Remove(filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, name := range slices.Sorted(maps.Keys(want)) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, want[name], 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		h, ok := have[name]
		switch {
		case !ok:
			t.Errorf("%s/%s is generated but has no golden (run go test ./forge/gen -update)", dir, name)
		case !bytes.Equal(h, want[name]):
			t.Errorf("%s/%s differs from its golden (run go test ./forge/gen -update and review the diff):\n%s", dir, name, firstDiff(h, want[name]))
		}
	}
	for name := range have {
		if _, ok := want[name]; !ok {
			t.Errorf("%s/%s is a golden of a file no longer generated", dir, name)
		}
	}
}

// firstDiff shows the first differing line of two texts, with its number.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  golden: " + wl + "\n  now:    " + gl
		}
	}
	return "(same lines, different bytes)"
}

// TestBazelRuleDeclaresFiles keeps forge_generate's declared outputs
// (rules/private/generate.bzl) equal to the files Generate writes.
func TestBazelRuleDeclaresFiles(t *testing.T) {
	src, err := os.ReadFile("../../rules/private/generate.bzl")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)GENERATED_FILES = \{(.*?)\n\}`).FindSubmatch(src)
	if block == nil {
		t.Fatal("generate.bzl has no GENERATED_FILES dict")
	}
	var declared []string
	for _, m := range regexp.MustCompile(`"(\w+)": \[([^\]]*)\]`).FindAllSubmatch(block[1], -1) {
		for _, f := range regexp.MustCompile(`"([^"]+)"`).FindAllSubmatch(m[2], -1) {
			declared = append(declared, "gen/"+string(m[1])+"/"+string(f[1]))
		}
	}
	sort.Strings(declared)
	if strings.Join(declared, " ") != strings.Join(Files, " ") {
		t.Errorf("generate.bzl declares %v;\ngen.Files is %v", declared, Files)
	}
}

// checkImports checks that Imports lists exactly what the generated files
// of each package import.
func checkImports(t *testing.T, s *ir.Schema, opts Options, files map[string][]byte) {
	t.Helper()
	got, err := Imports(s, opts)
	if err != nil {
		t.Fatalf("Imports: %v", err)
	}
	sets := map[string]map[string]bool{}
	fset := token.NewFileSet()
	for name, src := range files {
		f, err := goparser.ParseFile(fset, name, src, goparser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		pkg := strings.Split(name, "/")[1]
		if sets[pkg] == nil {
			sets[pkg] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			sets[pkg][p] = true
		}
	}
	if len(got) != len(sets) {
		t.Errorf("Imports has packages %v, the files %v", got, sets)
	}
	for pkg, set := range sets {
		want := make([]string, 0, len(set))
		for p := range set {
			want = append(want, p)
		}
		sort.Strings(want)
		if strings.Join(got[pkg], " ") != strings.Join(want, " ") {
			t.Errorf("Imports()[%q] = %v, the files import %v", pkg, got[pkg], want)
		}
	}
}
