package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/forge-framework/forge/forge/gen"
	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/parser"
)

func init() {
	register(&command{
		name:    "generate",
		summary: "generate the app's gen/ directory from its schema package",
		usage:   "[-C DIR] [--schema DIR] [--importpath PATH] [--check | --ir]\n       forge generate --importpath PATH --out DIR [--package NAME] SCHEMA_FILE...",
		setup:   setupGenerate,
	})
	register(&command{
		name:    "scaffold",
		summary: "write the worker files under jobs/ that do not exist yet",
		usage:   "[-C DIR] [--schema DIR] [--importpath PATH]",
		setup:   setupScaffold,
	})
}

// appFlags are the flags every command that reads the schema shares.
type appFlags struct {
	dir, schema, importPath *string
}

func addAppFlags(fs *flag.FlagSet) appFlags {
	return appFlags{
		dir:        fs.String("C", ".", "run in `DIR`, the app's directory, as go -C does"),
		schema:     fs.String("schema", "schema", "the schema package `DIR`, relative to the app's directory"),
		importPath: fs.String("importpath", "", "the app directory's Go import `PATH` (default: from the enclosing go.mod)"),
	}
}

func setupGenerate(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	app := addAppFlags(fs)
	printIR := fs.Bool("ir", false, "print the schema's IR as JSON on stdout and write nothing")
	check := fs.Bool("check", false, "write nothing; exit 1 listing the files under gen/ that are stale")
	out := fs.String("out", "", "build-system mode: write the files under `DIR` (DIR/gen/…) from the schema files given as arguments, nothing else")
	only := fs.String("package", "", "with --out: write only the files of gen/`NAME` (db, actions, …)")
	return func(args []string, stdout, stderr io.Writer) int {
		if *out != "" {
			return generateInto(*out, *only, *app.importPath, args, stderr)
		}
		if *only != "" {
			fmt.Fprintln(stderr, "forge generate: --package needs --out")
			return exitUsage
		}
		if len(args) > 0 {
			fmt.Fprintf(stderr, "forge generate: unexpected argument %q (use -C for the app's directory)\n", args[0])
			return exitUsage
		}
		if *printIR && *check {
			fmt.Fprintln(stderr, "forge generate: --ir and --check do not go together")
			return exitUsage
		}
		s, ok := parseSchema("generate", filepath.Join(*app.dir, *app.schema), stderr)
		if !ok {
			return exitUser
		}
		if *printIR {
			return writeIR(s, stdout, stderr)
		}
		opts, err := app.options()
		if err != nil {
			fmt.Fprintf(stderr, "forge generate: %v\n", err)
			return exitUser
		}
		files, err := gen.Generate(s, opts)
		if err != nil {
			fmt.Fprintf(stderr, "forge generate: %v\n", err)
			return exitUser
		}
		if *check {
			return checkGenerated(*app.dir, files, stdout, stderr)
		}
		changed, err := writeGenerated(*app.dir, files)
		if err != nil {
			fmt.Fprintf(stderr, "forge generate: %v\n", err)
			return exitUser
		}
		fmt.Fprintf(stdout, "gen/: %d files, %d changed\n", len(files), changed)
		return scaffold(s, opts, *app.dir, "generate", stdout, stderr)
	}
}

func setupScaffold(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	app := addAppFlags(fs)
	return func(args []string, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			fmt.Fprintf(stderr, "forge scaffold: unexpected argument %q\n", args[0])
			return exitUsage
		}
		s, ok := parseSchema("scaffold", filepath.Join(*app.dir, *app.schema), stderr)
		if !ok {
			return exitUser
		}
		opts, err := app.options()
		if err != nil {
			fmt.Fprintf(stderr, "forge scaffold: %v\n", err)
			return exitUser
		}
		return scaffold(s, opts, *app.dir, "scaffold", stdout, stderr)
	}
}

func (a appFlags) options() (gen.Options, error) {
	if *a.importPath != "" {
		return gen.Options{ImportPath: *a.importPath}, nil
	}
	path, err := importPathOf(*a.dir)
	if err != nil {
		return gen.Options{}, fmt.Errorf("%w (or pass --importpath)", err)
	}
	return gen.Options{ImportPath: path}, nil
}

// scaffold writes the worker scaffolds that do not exist yet.
func scaffold(s *ir.Schema, opts gen.Options, dir, cmd string, stdout, stderr io.Writer) int {
	files, err := gen.Scaffolds(s, opts)
	if err != nil {
		fmt.Fprintf(stderr, "forge %s: %v\n", cmd, err)
		return exitUser
	}
	written, err := writeMissing(dir, files)
	for _, name := range written {
		fmt.Fprintf(stdout, "wrote %s: a worker for you to fill in\n", name)
	}
	if err != nil {
		fmt.Fprintf(stderr, "forge %s: %v\n", cmd, err)
		return exitUser
	}
	return exitOK
}

// parseSchema parses the schema package in dir, reporting problems as
// file:line:col on stderr. Paths are joined rather than changed into, so
// that positions are relative to where forge was run and an editor can
// open them.
func parseSchema(cmd, dir string, stderr io.Writer) (*ir.Schema, bool) {
	s, err := parser.ParseDir(dir)
	if err != nil {
		var list parser.ErrorList
		if errors.As(err, &list) {
			fmt.Fprintln(stderr, list.Error())
			fmt.Fprintf(stderr, "forge %s: %d problem(s) in %s\n", cmd, len(list), dir)
		} else {
			fmt.Fprintf(stderr, "forge %s: %v\n", cmd, err)
		}
		return nil, false
	}
	if len(s.Resources) == 0 {
		fmt.Fprintf(stderr, "forge %s: %s defines no resources: declare one with var X = schema.Define(\"X\", …)\n", cmd, dir)
		return nil, false
	}
	return s, true
}

func writeIR(s *ir.Schema, stdout, stderr io.Writer) int {
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "forge generate: encode IR: %v\n", err)
		return exitUser
	}
	if _, err := stdout.Write(append(out, '\n')); err != nil {
		fmt.Fprintf(stderr, "forge generate: %v\n", err)
		return exitUser
	}
	return exitOK
}

func checkGenerated(dir string, files map[string][]byte, stdout, stderr io.Writer) int {
	stale, err := staleFiles(dir, files)
	if err != nil {
		fmt.Fprintf(stderr, "forge generate --check: %v\n", err)
		return exitUser
	}
	if len(stale) == 0 {
		fmt.Fprintf(stdout, "gen/ is up to date (%d files)\n", len(files))
		return exitOK
	}
	for _, s := range stale {
		fmt.Fprintln(stdout, s)
	}
	fmt.Fprintf(stderr, "forge generate --check: %d stale file(s) under %s; run forge generate\n", len(stale), filepath.Join(dir, "gen"))
	return exitUser
}

// generateInto is forge generate for a build system such as Bazel: the
// schema's files are listed (and nothing else is read), the import path is
// given, and the files go to a fresh output directory, which the build
// system owns, so there is nothing to swap or scaffold. With pkg, only the
// files of gen/pkg are written: one action per generated package.
func generateInto(out, pkg, importPath string, schemaFiles []string, stderr io.Writer) int {
	if importPath == "" {
		fmt.Fprintln(stderr, "forge generate: --out needs --importpath")
		return exitUsage
	}
	if len(schemaFiles) == 0 {
		fmt.Fprintln(stderr, "forge generate: --out needs the schema package's files as arguments")
		return exitUsage
	}
	s, err := parser.ParseFiles(schemaFiles)
	if err != nil {
		var list parser.ErrorList
		if errors.As(err, &list) {
			fmt.Fprintln(stderr, list.Error())
			fmt.Fprintf(stderr, "forge generate: %d problem(s) in the schema\n", len(list))
		} else {
			fmt.Fprintf(stderr, "forge generate: %v\n", err)
		}
		return exitUser
	}
	files, err := gen.Generate(s, gen.Options{ImportPath: importPath})
	if err != nil {
		fmt.Fprintf(stderr, "forge generate: %v\n", err)
		return exitUser
	}
	prefix := genDir + "/"
	if pkg != "" {
		prefix += pkg + "/"
	}
	wrote := 0
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(stderr, "forge generate: %v\n", err)
			return exitUser
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			fmt.Fprintf(stderr, "forge generate: %v\n", err)
			return exitUser
		}
		wrote++
	}
	if wrote == 0 {
		fmt.Fprintf(stderr, "forge generate: --package %q names no generated package (gen.Files lists them)\n", pkg)
		return exitUsage
	}
	return exitOK
}
