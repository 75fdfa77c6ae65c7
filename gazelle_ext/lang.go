// Package forge is Forge's Gazelle language extension: it finds schema
// packages and writes the rules that generate and compile their gen/
// packages, resolves imports of those packages for every other Go rule, and
// writes a stamped binary with its image and push targets for each app.
//
// Link it into a gazelle_binary after the Go language, which it builds on:
//
//	gazelle_binary(
//	    name = "gazelle_binary",
//	    languages = [
//	        "@bazel_gazelle//language/go",
//	        "@forge//gazelle_ext",
//	    ],
//	)
//
// A schema package is found with forge/parser, never by running code: a Go
// package whose files import github.com/forge-framework/forge/forge/schema
// and define at least one resource. For it, the extension writes one
// forge_library, "gen", in the schema package's BUILD file, with the app's
// import path (<app>, the schema package's parent unless
// forge_gen_importpath says otherwise) and deps and jobs resolved from what
// the generated code imports (gen.Imports). The macro declares a go_library
// per generated package (gen_actions, gen_db, gen_factories, gen_handlers,
// gen_workers) with the import paths `forge generate` uses (<app>/gen/db,
// …), and imports of those paths resolve to them. One rule rather than one
// per package cuts by a third what the extension adds to Gazelle's time, a
// third of which is formatting the BUILD content it adds
// (bench/README.md).
//
// For a main package that imports a generated package it writes
// forge_binary "bin" and, unless forge_image is off, forge_image "image"
// and forge_image_push "image_push". The Go extension's own rules (the schema package's go_library, the main
// package's go_library and go_binary) stay as it writes them.
//
// The extension keeps to the language.Language interface that gazelle v0.27
// (the Bazel 4 harness) and the latest gazelle share. It is not a general Go
// extension: Go sources are the Go language's.
package forge

import (
	"flag"
	"log"

	"github.com/bazelbuild/bazel-gazelle/config"
	"github.com/bazelbuild/bazel-gazelle/label"
	"github.com/bazelbuild/bazel-gazelle/language"
	golang "github.com/bazelbuild/bazel-gazelle/language/go"
	"github.com/bazelbuild/bazel-gazelle/repo"
	"github.com/bazelbuild/bazel-gazelle/resolve"
	"github.com/bazelbuild/bazel-gazelle/rule"
)

// languageName is the extension's name: the key of its configuration and
// the language its rules are indexed under.
const languageName = "forge"

// forgeLang is stateless: every decision comes from the configuration and
// the files of the directory being visited.
type forgeLang struct {
	// goResolver resolves the generated libraries' imports exactly as the
	// Go language resolves a go_library's.
	goResolver resolve.Resolver
}

// NewLanguage returns the Forge extension. gazelle_binary calls it.
func NewLanguage() language.Language {
	return &forgeLang{goResolver: golang.NewLanguage()}
}

func (*forgeLang) Name() string { return languageName }

func (*forgeLang) RegisterFlags(fs *flag.FlagSet, cmd string, c *config.Config) {}

func (*forgeLang) CheckFlags(fs *flag.FlagSet, c *config.Config) error { return nil }

// Fix has nothing to migrate: rules that are no longer wanted are removed
// through GenerateResult.Empty.
func (*forgeLang) Fix(c *config.Config, f *rule.File) {}

// Embeds: forge rules embed nothing.
func (*forgeLang) Embeds(r *rule.Rule, from label.Label) []label.Label { return nil }

var _ resolve.CrossResolver = (*forgeLang)(nil)

// Resolve sets deps and jobs of a forge_library. The Go language does the
// work, so a dependency on an external module resolves as it would for any
// go_library (go_repository, bzlmod go_deps, vendor/, resolve directives).
func (l *forgeLang) Resolve(c *config.Config, ix *resolve.RuleIndex, rc *repo.RemoteCache, r *rule.Rule, imports interface{}, from label.Label) {
	imps, ok := imports.(libraryImports)
	if !ok {
		return
	}
	l.goResolver.Resolve(c, ix, rc, r, rule.PlatformStrings{Generic: imps.deps}, from)
	r.DelAttr("jobs")
	if imps.jobs == "" {
		return
	}
	// The one label, as the Go language's Resolve makes each of deps.
	lbl, err := golang.ResolveGo(c, ix, rc, imps.jobs, from)
	if err != nil {
		log.Print(err)
		return
	}
	if lbl.Repo == "" {
		lbl.Repo = c.RepoName
	}
	r.SetAttr("jobs", lbl.Rel(from.Repo, from.Pkg).String())
}
