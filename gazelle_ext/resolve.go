package forge

import (
	"path"

	"github.com/bazelbuild/bazel-gazelle/config"
	"github.com/bazelbuild/bazel-gazelle/label"
	"github.com/bazelbuild/bazel-gazelle/resolve"
	"github.com/bazelbuild/bazel-gazelle/rule"
)

// Imports indexes each forge_library under the Go import paths of the
// packages it generates, so imports of generated packages resolve to it
// (bazel-gazelle#821). The index records these under the forge language;
// CrossResolve hands them to the Go language, whose own lookups see only
// Go rules.
func (*forgeLang) Imports(c *config.Config, r *rule.Rule, f *rule.File) []resolve.ImportSpec {
	if r.Kind() != libraryKind && !isMappedFrom(c, r.Kind(), libraryKind) {
		return nil
	}
	app := r.AttrString("importpath")
	if app == "" {
		return nil
	}
	specs := make([]resolve.ImportSpec, len(genPackages))
	for i, pkg := range genPackages {
		specs[i] = resolve.ImportSpec{Lang: "go", Imp: app + "/gen/" + pkg}
	}
	return specs
}

// CrossResolve answers the Go language's lookups of Go import paths with
// the go_library that compiles the generated package: <app>/gen/db
// resolves to the forge_library gen's go_library gen_db. Gazelle asks only
// when no Go rule provides the import, which includes every import of an
// external module: a path not shaped like a generated package's is
// answered without a lookup.
func (*forgeLang) CrossResolve(c *config.Config, ix *resolve.RuleIndex, imp resolve.ImportSpec, lang string) []resolve.FindResult {
	if imp.Lang != "go" || lang != "go" || !isGenerated(imp.Imp) {
		return nil
	}
	found := ix.FindRulesByImport(imp, languageName)
	for i := range found { // a fresh slice of copies: the index is untouched
		found[i].Label = libraryLabel(found[i].Label, path.Base(imp.Imp))
	}
	return found
}

// libraryLabel is the label of the go_library that the forge_library lib
// declares for the generated package pkg (library.bzl names it).
func libraryLabel(lib label.Label, pkg string) label.Label {
	lib.Name += "_" + pkg
	return lib
}

// isMappedFrom reports whether kind is what a map_kind directive turns
// builtin into.
func isMappedFrom(c *config.Config, kind, builtin string) bool {
	m, ok := c.KindMap[builtin]
	return ok && m.KindName == kind
}
