package forge

import (
	"github.com/bazelbuild/bazel-gazelle/config"
	"github.com/bazelbuild/bazel-gazelle/resolve"
	"github.com/bazelbuild/bazel-gazelle/rule"
)

// Imports indexes each forge_library under the Go import path it compiles,
// so imports of generated packages resolve to it (bazel-gazelle#821). The
// index records these under the forge language; CrossResolve hands them to
// the Go language, whose own lookups see only Go rules.
func (*forgeLang) Imports(c *config.Config, r *rule.Rule, f *rule.File) []resolve.ImportSpec {
	if r.Kind() != libraryKind && !isMappedFrom(c, r.Kind(), libraryKind) {
		return nil
	}
	imp := r.AttrString("importpath")
	if imp == "" {
		return nil
	}
	return []resolve.ImportSpec{{Lang: "go", Imp: imp}}
}

// CrossResolve answers the Go language's lookups of Go import paths with
// the forge_library rules that compile them. Gazelle asks only when no Go
// rule provides the import.
func (*forgeLang) CrossResolve(c *config.Config, ix *resolve.RuleIndex, imp resolve.ImportSpec, lang string) []resolve.FindResult {
	if imp.Lang != "go" || lang != "go" {
		return nil
	}
	return ix.FindRulesByImport(imp, languageName)
}

// isMappedFrom reports whether kind is what a map_kind directive turns
// builtin into.
func isMappedFrom(c *config.Config, kind, builtin string) bool {
	m, ok := c.KindMap[builtin]
	return ok && m.KindName == kind
}
