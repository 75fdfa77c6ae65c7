package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
)

const shopDir = "../../../examples/shop"

func runForge(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestGenerateIR(t *testing.T) {
	code, stdout, stderr := runForge("generate", "-C", shopDir, "--ir")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var s ir.Schema
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatalf("stdout is not IR JSON: %v\n%s", err, stdout)
	}
	if s.Version != ir.Version || len(s.Resources) < 5 {
		t.Errorf("got IR version %d with %d resources, want version %d and the shop's resources", s.Version, len(s.Resources), ir.Version)
	}
	if s.Resource("Product") == nil || s.Resource("OrderItem").Table != "order_items" {
		t.Errorf("shop IR lacks Product or OrderItem's table: %+v", s.Resources)
	}
}

// writeApp creates an app directory whose schema package holds files.
func writeApp(t *testing.T, files map[string]string) string {
	t.Helper()
	app := t.TempDir()
	for name, src := range files {
		path := filepath.Join(app, "schema", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return app
}

// snapshot lists every file under dir with its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

const malformed = `package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.Int("Stock").Min(10).Max(5),
	schema.BelongsTo("Nope"),
)
`

func TestGenerateMalformedSchema(t *testing.T) {
	app := writeApp(t, map[string]string{"product.go": malformed})
	before := snapshot(t, app)
	code, stdout, stderr := runForge("generate", "-C", app, "--ir")
	if code != exitUser {
		t.Errorf("exit %d, want %d", code, exitUser)
	}
	if stdout != "" {
		t.Errorf("stdout is not empty on error:\n%s", stdout)
	}
	for _, want := range []string{
		filepath.Join(app, "schema", "product.go") + ":6:22: field \"Stock\" has Min 10 greater than Max 5",
		filepath.Join(app, "schema", "product.go") + ":7:19: BelongsTo names unknown resource \"Nope\"",
		"2 problem(s)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if after := snapshot(t, app); len(after) != len(before) {
		t.Errorf("generate wrote files on error: before %v, after %v", before, after)
	}
}

func TestGenerateUserErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no resources", map[string]string{"doc.go": "package schema\n"}, "defines no resources"},
		{"syntax error", map[string]string{"a.go": "package schema\nvar = \n"}, "a.go:2:5: expected 'IDENT', found '='"},
		{"no schema package", nil, "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := writeApp(t, tt.files)
			code, stdout, stderr := runForge("generate", "-C", app)
			if code != exitUser || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, no stdout, stderr containing %q", code, stdout, stderr, tt.want)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args       []string
		code       int
		wantOut    string
		wantStderr string
	}{
		{nil, exitUsage, "", "Usage:"},
		{[]string{"frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{[]string{"generate", "--bogus"}, exitUsage, "", "flag provided but not defined: -bogus"},
		{[]string{"generate", "extra"}, exitUsage, "", `unexpected argument "extra"`},
		{[]string{"version", "extra"}, exitUsage, "", "unexpected arguments"},
		{[]string{"help"}, exitOK, "generate", ""},
		{[]string{"--help"}, exitOK, "version", ""},
		{[]string{"help", "generate"}, exitOK, "-schema DIR", ""},
		{[]string{"help", "nope"}, exitUsage, "", `unknown command "nope"`},
		{[]string{"generate", "-h"}, exitOK, "", "-ir"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runForge(tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.wantOut) || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant stdout containing %q and stderr containing %q",
					code, tt.code, stdout, stderr, tt.wantOut, tt.wantStderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runForge("version")
	if code != exitOK || !regexp.MustCompile(`(?m)^forge \S+\ncommit \S+\ndate   \S+\ngo     go`).MatchString(stdout) {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
}

// TestBinary builds the real command and checks what a shell sees: exit
// codes, stamped version, and no stack trace on a user error.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the forge binary")
	}
	bin := filepath.Join(t.TempDir(), "forge")
	ldflags := "-X github.com/forge-framework/forge/runtime/buildinfo.Version=v9.8.7 " +
		"-X github.com/forge-framework/forge/runtime/buildinfo.Commit=0123abcd " +
		"-X github.com/forge-framework/forge/runtime/buildinfo.Date=2026-11-27T10:00:00Z"
	build := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	exitCode := func(cmd *exec.Cmd) (int, string) {
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), string(out)
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}

	code, out := exitCode(exec.Command(bin, "version"))
	if code != 0 || !strings.Contains(out, "forge v9.8.7\ncommit 0123abcd\ndate   2026-11-27T10:00:00Z") {
		t.Errorf("version: exit %d, output:\n%s", code, out)
	}
	app := writeApp(t, map[string]string{"product.go": malformed})
	code, out = exitCode(exec.Command(bin, "generate", "-C", app, "--ir"))
	if code != 1 || strings.Contains(out, "goroutine ") || !strings.Contains(out, "product.go:6:22: ") {
		t.Errorf("malformed schema: exit %d, output:\n%s", code, out)
	}
	if code, _ := exitCode(exec.Command(bin, "nope")); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

// Flags go before, between or after the arguments alike, for every
// command; "--" ends the flags.
func TestFlagsInAnyPosition(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "todo")
	if code, stdout, stderr := runForge("new", dir, "--module", "example.com/todo"); code != exitOK {
		t.Fatalf("forge new DIR --module M: exit %d\n%s%s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "go.mod")); !strings.HasPrefix(string(b), "module example.com/todo\n") {
		t.Errorf("go.mod:\n%s", b)
	}
	app := filepath.Join(dir, "app")
	for _, args := range [][]string{
		{"migrate", "diff", "again", "-C", app},
		{"migrate", "diff", "-C", app, "again"},
		{"generate", "--check", "-C", app},
	} {
		if code, stdout, stderr := runForge(args...); code != exitOK {
			t.Errorf("forge %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
		}
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"new", "--module", "example.com/x"}, "forge new: missing DIR, the workspace to create"},
		{[]string{"new", "a", "--module", "example.com/x", "b"}, "forge new: want one DIR, the workspace to create; got 2 arguments: a b"},
		{[]string{"new", "a", "--modul", "example.com/x"}, "flag provided but not defined: -modul"},
		{[]string{"migrate"}, "forge migrate: which one: diff, down, status, up?"},
		{[]string{"migrate", "sideways", "-C", "x"}, `forge migrate: unknown subcommand "sideways": want one of diff, down, status, up`},
		{[]string{"migrate", "up", "-C", app, "extra"}, `forge migrate up: unexpected argument "extra"`},
		{[]string{"token", "extra", "--user", "u1"}, `forge token: unexpected argument "extra"`},
	} {
		code, _, stderr := runForge(tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("forge %s: exit %d, stderr %q; want %d and %q", strings.Join(tt.args, " "), code, stderr, exitUsage, tt.want)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string // the arguments, then the flags
	}{
		{[]string{"a", "-v", "b", "-n", "3"}, "a b | v=true n=3"},
		{[]string{"-n=3", "a"}, "a | v=false n=3"},
		{[]string{"a", "--", "-v", "-n", "3"}, "a -v -n 3 | v=false n=0"},
		{[]string{"--", "-x"}, "-x | v=false n=0"},
		{[]string{"a", "--"}, "a | v=false n=0"},
		{[]string{"-", "b"}, "- b | v=false n=0"}, // "-" is an argument (stdin), as the flag package has it
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		v := fs.Bool("v", false, "")
		n := fs.Int("n", 0, "")
		args, err := parseInterspersed(fs, tt.args)
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if got := fmt.Sprintf("%s | v=%v n=%d", strings.Join(args, " "), *v, *n); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.args, got, tt.want)
		}
	}
}
