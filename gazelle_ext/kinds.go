package forge

import "github.com/bazelbuild/bazel-gazelle/rule"

// The kinds the extension writes, all loaded from rulesFile.
const (
	libraryKind   = "forge_library"
	binaryKind    = "forge_binary"
	imageKind     = "forge_image"
	imagePushKind = "forge_image_push"
)

// rulesFile is the public front of Forge's rules. Apps depend on the
// "forge" module (bzlmod) or repository (WORKSPACE); inside the Forge
// repository itself @forge is the main repository.
const rulesFile = "@forge//rules:defs.bzl"

// forgeKinds says which attributes Forge owns (Mergeable: rewritten on
// every run, unless marked # keep) and which decide whether a rule is
// empty. Every other attribute is the user's: visibility, an image's ports
// or base, the tags an app pushes, and so on survive every run.
var forgeKinds = map[string]rule.KindInfo{
	libraryKind: {
		MatchAttrs:     []string{"importpath"},
		NonEmptyAttrs:  map[string]bool{"srcs": true, "importpath": true},
		MergeableAttrs: map[string]bool{"srcs": true, "importpath": true},
		ResolveAttrs:   map[string]bool{"deps": true, "jobs": true},
	},
	binaryKind: {
		NonEmptyAttrs:  map[string]bool{"embed": true},
		MergeableAttrs: map[string]bool{"embed": true},
	},
	imageKind: {
		NonEmptyAttrs:  map[string]bool{"binary": true},
		MergeableAttrs: map[string]bool{"binary": true},
	},
	imagePushKind: {
		NonEmptyAttrs:  map[string]bool{"image": true},
		MergeableAttrs: map[string]bool{"image": true, "repository": true},
	},
}

func (*forgeLang) Kinds() map[string]rule.KindInfo { return forgeKinds }

func (*forgeLang) Loads() []rule.LoadInfo { return loadsFrom(rulesFile) }

func loadsFrom(file string) []rule.LoadInfo {
	return []rule.LoadInfo{{
		Name:    file,
		Symbols: []string{binaryKind, imageKind, imagePushKind, libraryKind},
	}}
}

// ApparentLoads is Loads under bzlmod (newer gazelle asks for it when it
// exists): the load names the forge module by the apparent name the
// workspace gives it, "forge" unless a repo_name says otherwise.
func (*forgeLang) ApparentLoads(moduleToApparentName func(string) string) []rule.LoadInfo {
	name := moduleToApparentName("forge")
	if name == "" {
		name = "forge"
	}
	return loadsFrom("@" + name + "//rules:defs.bzl")
}
