package main

import (
	"bytes"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"github.com/forge-framework/forge/forge/gen"
	"github.com/forge-framework/forge/forge/parser"
	"github.com/forge-framework/forge/runtime/buildinfo"
)

func init() {
	register(&command{
		name:    "new",
		summary: "create a new app workspace: go.mod, forge.toml, app/ with a schema, migrations and gen/, and Bazel files",
		usage:   "--module PATH [--replace DIR] DIR",
		setup:   setupNew,
	})
}

//go:embed newapp/*.tmpl
var newAppFS embed.FS

// newAppFiles maps each file of a new workspace to its template.
var newAppFiles = map[string]string{
	"go.mod":                    "go.mod.tmpl",
	"forge.toml":                "forge.toml.tmpl",
	".gitignore":                "gitignore.tmpl",
	".bazelrc":                  "bazelrc.tmpl",
	"MODULE.bazel":              "MODULE.bazel.tmpl",
	"BUILD.bazel":               "BUILD.bazel.tmpl",
	"README.md":                 "README.md.tmpl",
	"tools/workspace_status.sh": "workspace_status.sh.tmpl",
	"app/schema/schema.go":      "schema.go.tmpl",
	"app/main.go":               "main.go.tmpl",
}

// modulePathRE is a conservative module path: what go mod init accepts
// for the paths people use.
var modulePathRE = regexp.MustCompile(`^[a-z0-9.-]+(/[A-Za-z0-9._~-]+)*$`)

type newApp struct {
	Module       string
	Name         string // the last element of Module: the binary's and database's name
	ForgeVersion string // the forge module version go.mod requires
	BazelVersion string // the same, as a Bazel module version
	Replace      string // a local forge checkout for go.mod's replace, or ""
}

func setupNew(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	module := fs.String("module", "", "the new app's Go module `PATH`: example.com/shop")
	replace := fs.String("replace", "", "use the forge checkout in `DIR` instead of a released version (a go.mod replace)")
	return func(args []string, stdout, stderr io.Writer) int {
		switch {
		case len(args) == 0:
			fmt.Fprintln(stderr, "forge new: missing DIR, the workspace to create")
			return exitUsage
		case len(args) > 1:
			fmt.Fprintf(stderr, "forge new: want one DIR, the workspace to create; got %d arguments: %s\n", len(args), strings.Join(args, " "))
			return exitUsage
		}
		if !modulePathRE.MatchString(*module) {
			fmt.Fprintf(stderr, "forge new: --module %q is not a module path such as example.com/shop\n", *module)
			return exitUsage
		}
		app := newApp{Module: *module, Name: filepath.Base(*module), ForgeVersion: forgeVersion()}
		app.BazelVersion = strings.TrimPrefix(app.ForgeVersion, "v")
		if *replace != "" {
			abs, err := filepath.Abs(*replace)
			if err != nil {
				fmt.Fprintf(stderr, "forge new: --replace: %v\n", err)
				return exitUsage
			}
			if _, err := os.Stat(filepath.Join(abs, "go.mod")); err != nil {
				fmt.Fprintf(stderr, "forge new: --replace %s: no go.mod there: %v\n", *replace, err)
				return exitUsage
			}
			app.Replace = abs
		}
		if err := createApp(args[0], app, stdout); err != nil {
			fmt.Fprintf(stderr, "forge new: %v\n", err)
			return exitUser
		}
		return exitOK
	}
}

// forgeVersion is the version of forge a new app requires: this binary's
// own when it is a release, else the zero version, which needs --replace.
func forgeVersion() string {
	if v := buildinfo.Version; regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+`).MatchString(v) {
		return v
	}
	return "v0.0.0"
}

// createApp writes the workspace into a temporary directory beside dir and
// renames it into place, so a failure leaves no half-made app behind.
func createApp(dir string, app newApp, stdout io.Writer) error {
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s already exists; forge new creates a new directory", dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, ".forge-new-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // a no-op after the rename

	files, err := renderNewApp(app)
	if err != nil {
		return err
	}
	s, err := parser.Parse([]parser.File{{Name: "app/schema/schema.go", Src: files["app/schema/schema.go"]}})
	if err != nil {
		return fmt.Errorf("the new app's own schema: %w", err)
	}
	generated, err := gen.Generate(s, gen.Options{ImportPath: app.Module + "/app"})
	if err != nil {
		return err
	}
	for name, b := range generated {
		files["app/"+name] = b
	}
	migrations, err := initialMigration(s)
	if err != nil {
		return err
	}
	for name, b := range migrations {
		files["app/migrations/"+name] = b
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if strings.HasSuffix(name, ".sh") {
			mode = 0o755
		}
		if err := os.WriteFile(p, files[name], mode); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s (module %s)\n\nNext:\n\tcd %s\n\tgo mod tidy\n\tgo build -o %s ./app\n\tFORGE_DATABASE_URL=postgres://… ./%s\n", dir, app.Module, dir, app.Name, app.Name)
	return nil
}

func renderNewApp(app newApp) (map[string][]byte, error) {
	tmpl, err := template.ParseFS(newAppFS, "newapp/*.tmpl")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for name, t := range newAppFiles {
		var buf bytes.Buffer
		if err := tmpl.ExecuteTemplate(&buf, t, app); err != nil {
			return nil, fmt.Errorf("render %s: %w", name, err)
		}
		files[name] = buf.Bytes()
	}
	return files, nil
}
