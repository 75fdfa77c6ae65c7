// Command godeps writes tools/bazel/go_deps.bzl: a macro forge_go_deps() with
// one go_repository per module of the main module's build list that go.sum
// holds a zip hash for (the modules a build can need; modules with only a
// /go.mod hash are never fetched).
//
// Repository names follow gazelle's convention (label.ImportPathToBazelRepoName:
// github.com/jackc/pgx/v5 -> com_github_jackc_pgx_v5), the names bzlmod users
// get from go_deps, so BUILD files written by gazelle resolve the same in the
// Bazel 4 harness (WORKSPACE) and under bzlmod.
//
// Modules in skipModules are left out: the harness takes them from its own
// rules_go/gazelle (WORKSPACE.tmpl, gazelle_dependencies()) instead of
// go.mod. Only gazelle_ext needs them; Generate fails when any other package
// of the main module (tests included) imports one of them.
//
// Usage (from anywhere in the module):
//
//	go run ./tools/bazel/godeps           # rewrite tools/bazel/go_deps.bzl
//	go run ./tools/bazel/godeps -check    # exit 1 when go_deps.bzl is stale vs go.mod/go.sum
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Output is the file godeps writes, relative to the main module's root.
const Output = "tools/bazel/go_deps.bzl"

func main() {
	check := flag.Bool("check", false, "do not write: exit 1 when "+Output+" differs from what would be generated")
	flag.Parse()
	root, err := moduleRoot(".")
	if err != nil {
		fatal(err)
	}
	want, err := Generate(root)
	if err != nil {
		fatal(err)
	}
	path := filepath.Join(root, Output)
	if *check {
		have, err := os.ReadFile(path)
		if err != nil {
			fatal(err)
		}
		if !bytes.Equal(have, want) {
			fatal(fmt.Errorf("%s is stale vs go.mod/go.sum: run go run ./tools/bazel/godeps", Output))
		}
		return
	}
	if err := os.WriteFile(path, want, 0o644); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "godeps:", err)
	os.Exit(1)
}

// moduleRoot returns the directory of the main module's go.mod.
func moduleRoot(dir string) (string, error) {
	out, err := goCmd(dir, "env", "GOMOD")
	if err != nil {
		return "", err
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside a Go module")
	}
	return filepath.Dir(gomod), nil
}

// skipModules are go.mod modules that forge_go_deps() does not declare, with
// the reason. go.mod requires github.com/bazelbuild/bazel-gazelle v0.54 for
// `go test ./gazelle_ext` (the extension's test runs the latest gazelle);
// under Bazel, gazelle_ext is compiled against the harness's gazelle v0.27
// (@bazel_gazelle, through the root BUILD's gazelle:resolve directives), and
// @bazel_gazelle//cmd/gazelle and //:gazelle_binary are built from it. Those
// must see dependency versions that gazelle v0.27 compiles with and that
// Bazel 4.2.3 can load, wherever go.mod's do not. Kept from go.mod because
// gazelle v0.27 builds with them: golang.org/x/mod v0.42.0,
// github.com/bmatcuk/doublestar/v4 v4.9.1 (checked with go build and under
// Bazel: tools/bazel/e2e.sh build //:gazelle_binary).
var skipModules = map[string]string{
	"github.com/bazelbuild/bazel-gazelle":       "gazelle itself: the harness's @bazel_gazelle (v0.27.0 + patches) provides the packages gazelle_ext imports",
	"github.com/bazel-contrib/bazel-gazelle/v2": "imported by gazelle v0.54 only",
	"github.com/bazelbuild/buildtools": "go.mod's (2025) compiles with gazelle v0.27, but its own BUILD files " +
		"(go_repository keeps them) load @rules_shell, which Bazel 4.2.3 does not have: gazelle_dependencies() declares gazelle v0.27's",
	"github.com/bazelbuild/rules_go": "imported by gazelle v0.54's tests only (go/tools/bazel); the harness has rules_go as @io_bazel_rules_go, " +
		"and gazelle_dependencies() declares its own com_github_bazelbuild_rules_go",
	"golang.org/x/tools": "gazelle v0.27 imports golang.org/x/tools/go/vcs (@org_golang_x_tools//go/vcs), which x/tools v0.2+ no longer has: " +
		"WORKSPACE.tmpl declares x/tools v0.1.11 instead",
	"golang.org/x/tools/go/vcs": "the separate go/vcs module that gazelle v0.54 imports; gazelle v0.27 finds go/vcs in @org_golang_x_tools",
}

type module struct {
	Path    string
	Version string
	Main    bool
	Replace *module
}

// Generate returns the content of go_deps.bzl for the module rooted at root.
func Generate(root string) ([]byte, error) {
	out, err := goCmd(root, "list", "-mod=readonly", "-m", "-json", "all")
	if err != nil {
		return nil, err
	}
	sums, err := readSums(filepath.Join(root, "go.sum"))
	if err != nil {
		return nil, err
	}
	if err := checkSkipped(root); err != nil {
		return nil, err
	}
	type repo struct{ name, importpath, replace, version, sum string }
	var repos []repo
	seen := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var m module
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list -m -json all: %v", err)
		}
		if _, skip := skipModules[m.Path]; m.Main || skip {
			continue
		}
		src := m // the module whose zip is fetched
		if m.Replace != nil {
			if m.Replace.Version == "" {
				return nil, fmt.Errorf("%s is replaced by the directory %s: not supported", m.Path, m.Replace.Path)
			}
			src = *m.Replace
		}
		sum, ok := sums[src.Path+" "+src.Version]
		if !ok {
			continue // only a /go.mod hash: never built
		}
		r := repo{name: RepoName(m.Path), importpath: m.Path, version: src.Version, sum: sum}
		if src.Path != m.Path {
			r.replace = src.Path
		}
		if other, dup := seen[r.name]; dup {
			return nil, fmt.Errorf("%s and %s both map to the repository name %s", other, m.Path, r.name)
		}
		seen[r.name] = m.Path
		repos = append(repos, r)
	}
	sort.Slice(repos, func(i, j int) bool { return repos[i].name < repos[j].name })

	var b bytes.Buffer
	b.WriteString(`"""go_repository rules for forge's Go module dependencies (Bazel 4 / WORKSPACE harness).

Generated by tools/bazel/godeps from go.mod and go.sum. DO NOT EDIT.
Regenerate with: go run ./tools/bazel/godeps
Check with:      go run ./tools/bazel/godeps -check

Repository names are gazelle's (the names bzlmod's go_deps gives), so the
checked-in BUILD files resolve the same under WORKSPACE and bzlmod.
build_file_proto_mode = "disable_global": go_repository's gazelle (v0.27) then
builds the checked-in .pb.go files and resolves imports to Go repositories, so
neither rules_proto nor @go_googleapis / rules_go's proto/wkt is needed.
"""

load("@bazel_gazelle//:deps.bzl", "go_repository")

def forge_go_deps():
    """Declares one go_repository per module of the build list that go.sum has a zip hash for.

    Left out (the harness's rules_go/gazelle provide them; see skipModules in
    tools/bazel/godeps):
`)
	for _, m := range slices.Sorted(maps.Keys(skipModules)) {
		fmt.Fprintf(&b, "      %s\n", m)
	}
	b.WriteString(`    """
`)
	for _, r := range repos {
		fmt.Fprintf(&b, "    go_repository(\n")
		fmt.Fprintf(&b, "        name = %q,\n", r.name)
		fmt.Fprintf(&b, "        build_file_proto_mode = \"disable_global\",\n")
		fmt.Fprintf(&b, "        build_naming_convention = \"import_alias\",\n")
		fmt.Fprintf(&b, "        importpath = %q,\n", r.importpath)
		if r.replace != "" {
			fmt.Fprintf(&b, "        replace = %q,\n", r.replace)
		}
		fmt.Fprintf(&b, "        sum = %q,\n", r.sum)
		fmt.Fprintf(&b, "        version = %q,\n", r.version)
		fmt.Fprintf(&b, "    )\n")
	}
	if len(repos) == 0 {
		b.WriteString("    pass\n")
	}
	return b.Bytes(), nil
}

// skippedImporter is the one package of the main module that may import
// packages of skipModules: the Gazelle extension.
const skippedImporter = "gazelle_ext"

// checkSkipped fails when a package of the main module other than
// gazelle_ext (or one of its tests) needs a package of a skipped module:
// Bazel would then build it against versions go.mod does not name.
func checkSkipped(root string) error {
	out, err := goCmd(root, "list", "-mod=readonly", "-e", "-f", "{{.ImportPath}} {{.Module.Path}}", "./...")
	if err != nil {
		return err
	}
	var pkgs []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, mod, _ := strings.Cut(line, " ")
		if rel := strings.TrimPrefix(pkg, mod+"/"); rel == skippedImporter || strings.HasPrefix(rel, skippedImporter+"/") {
			continue
		}
		pkgs = append(pkgs, pkg)
	}
	if len(pkgs) == 0 {
		return nil
	}
	args := append([]string{"list", "-mod=readonly", "-e", "-deps", "-test", "-f", "{{if .Module}}{{.Module.Path}}{{end}}"}, pkgs...)
	out, err = goCmd(root, args...)
	if err != nil {
		return err
	}
	for _, mod := range strings.Fields(string(out)) {
		if why, skip := skipModules[mod]; skip {
			return fmt.Errorf("a package outside %s needs %s, which go_deps.bzl leaves out (%s): see go mod why -m %s", skippedImporter, mod, why, mod)
		}
	}
	return nil
}

// RepoName is gazelle's label.ImportPathToBazelRepoName: the host's labels
// reversed, then the path, with "-" and "." turned into "_", lowercased.
func RepoName(importpath string) string {
	importpath = strings.ToLower(importpath)
	components := strings.Split(importpath, "/")
	labels := strings.Split(components[0], ".")
	var reversed []string
	for i := range labels {
		reversed = append(reversed, labels[len(labels)-i-1])
	}
	repo := strings.Join(append(reversed, components[1:]...), ".")
	return strings.NewReplacer("-", "_", ".", "_").Replace(repo)
}

// readSums maps "path version" to the module zip's h1: hash.
func readSums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 || strings.HasSuffix(fields[1], "/go.mod") {
			continue
		}
		sums[fields[0]+" "+fields[1]] = fields[2]
	}
	return sums, sc.Err()
}

func goCmd(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out, nil
}
