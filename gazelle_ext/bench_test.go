package forge_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"testing"

	"github.com/bazel-contrib/bazel-gazelle/v2/cmd/gazelle/update"
	"github.com/bazelbuild/bazel-gazelle/language"
	golang "github.com/bazelbuild/bazel-gazelle/language/go"
	"github.com/bazelbuild/bazel-gazelle/language/proto"
)

// BenchmarkGazelle runs gazelle over a generated repository of 1,000 Go
// packages, 100 of them schema packages (100 apps of 10 packages: schema/,
// jobs/, the main package and 7 packages importing generated code and each
// other),
// from no BUILD files, with the Go language alone and with the forge
// extension after it:
//
//	go test ./gazelle_ext -run '^$' -bench Gazelle -benchtime 5x
func BenchmarkGazelle(b *testing.B) {
	dir := b.TempDir()
	writeBigRepo(b, dir, 100, 7)
	for _, bc := range []struct {
		name  string
		langs func() []language.Language
	}{
		{"go", func() []language.Language { return []language.Language{proto.NewLanguage(), golang.NewLanguage()} }},
		{"go+forge", languages},
	} {
		b.Run(bc.name, func(b *testing.B) {
			log.SetOutput(io.Discard)
			defer log.SetOutput(os.Stderr)
			for b.Loop() {
				b.StopTimer()
				removeBuildFiles(b, dir)
				b.StartTimer()
				args := []string{"-repo_root=" + dir, "-external=static", dir}
				if err := update.Run(context.Background(), bc.langs(), dir, args); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// writeBigRepo writes apps × (3 + libs) packages: schema, jobs, main and
// libs ordinary ones per app, and the root's BUILD file (BUILD.in, copied
// before each run).
func writeBigRepo(b *testing.B, dir string, apps, libs int) {
	write := func(rel, content string) {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("WORKSPACE", workspace)
	write("BUILD.in", "# gazelle:prefix example.com/big\n# gazelle:go_naming_convention import\n")
	for a := range apps {
		app := fmt.Sprintf("app%03d", a)
		imp := "example.com/big/" + app
		write(app+"/schema/schema.go", fmt.Sprintf(`package schema

import "github.com/forge-framework/forge/forge/schema"

var Item = schema.Define("Item",
	schema.String("Name").Required().MaxLen(200),
	schema.Int("Count").Default(0).Min(0),
	schema.BelongsTo("Group").Required(),
	schema.WithTimestamps(),
)

var Group = schema.Define("Group",
	schema.String("Title").Required(),
	schema.HasMany("Item"),
	schema.WithHooks(schema.Hooks{AfterCreate: []schema.JobRef{{Kind: "group_created_%[1]d", Queue: "default"}}}),
)
`, a))
		write(app+"/jobs/jobs.go", "package jobs\n")
		write(app+"/main.go", fmt.Sprintf(`package main

import (
	"%[1]s/gen/handlers"
	"%[1]s/gen/workers"
	"%[1]s/lib0"
	"github.com/forge-framework/forge/runtime/server"
)

func main() { lib0.Use(); server.Main(server.App{Routes: handlers.Routes, Workers: workers.Register}) }
`, imp))
		for l := range libs {
			next := ""
			if l+1 < libs {
				next = fmt.Sprintf("\t_ \"%s/lib%d\"\n", imp, l+1)
			}
			write(fmt.Sprintf("%s/lib%d/lib.go", app, l), fmt.Sprintf(`package lib%d

import (
	_ "%s/gen/actions"
	_ "%s/gen/db"
%s)

func Use() {}
`, l, imp, imp, next))
		}
	}
}

// removeBuildFiles deletes every BUILD.bazel and puts the root's back.
func removeBuildFiles(b *testing.B, dir string) {
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || info.Name() != "BUILD.bazel" {
			return err
		}
		return os.Remove(path)
	})
	if err != nil {
		b.Fatal(err)
	}
	root, err := os.ReadFile(filepath.Join(dir, "BUILD.in"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "BUILD.bazel"), root, 0o644); err != nil {
		b.Fatal(err)
	}
}
