package forge

import (
	"errors"
	"log"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/bazelbuild/bazel-gazelle/config"
	"github.com/bazelbuild/bazel-gazelle/language"
	golang "github.com/bazelbuild/bazel-gazelle/language/go"
	"github.com/bazelbuild/bazel-gazelle/rule"

	"github.com/forge-framework/forge/forge/gen"
	"github.com/forge-framework/forge/forge/parser"
)

// schemaImportpath is the package schema files import.
const schemaImportpath = "github.com/forge-framework/forge/forge/schema"

// genPackages are the generated packages, from gen.Files ("gen/db/db.go"
// → "db"), sorted: the forge_library macro declares a go_library for each.
var genPackages = func() []string {
	seen := map[string]bool{}
	var pkgs []string
	for _, f := range gen.Files {
		p := strings.Split(f, "/")[1]
		if !seen[p] {
			seen[p] = true
			pkgs = append(pkgs, p)
		}
	}
	sort.Strings(pkgs)
	return pkgs
}()

// The names of the rules written for an app's main package.
const (
	binaryName    = "bin"
	imageName     = "image"
	imagePushName = "image_push"
)

// defaultTags are the tags a new image_push pushes; the list is the
// user's to edit afterwards.
var defaultTags = []string{"latest", "{STABLE_FORGE_VERSION}"}

// libraryName is the name of a schema package's forge_library. The macro
// names the go_library of each generated package <name>_<package>
// (gen_db, …): libraryLabel.
const libraryName = "gen"

func (l *forgeLang) GenerateRules(args language.GenerateArgs) language.GenerateResult {
	fc := getConfig(args.Config)
	var res language.GenerateResult
	lib, imports, failed := generateLibrary(args, fc)
	if lib != nil {
		res.Gen = append(res.Gen, lib)
		res.Imports = append(res.Imports, imports)
	}
	for _, r := range generateApp(args, fc) {
		res.Gen = append(res.Gen, r)
		res.Imports = append(res.Imports, nil)
	}
	if args.File != nil {
		res.Empty = emptyRules(args, res.Gen, failed)
	}
	return res
}

// libraryImports are what a schema package's generated code imports, for
// Resolve: deps the imports of any generated package outside the standard
// library and the app's gen/ and jobs/ (every generated go_library gets
// them), jobs the app's jobs package when gen/workers imports it. Imports
// of the app's own generated packages are left out: the forge_library
// macro links them.
type libraryImports struct {
	deps []string
	jobs string
}

// generateLibrary returns the forge_library of a schema package (nil for
// any other package). failed is true when the directory holds a schema
// package with errors: they are logged with file:line:col, and the rules
// already in its BUILD file stay as they are until it is fixed.
func generateLibrary(args language.GenerateArgs, fc *forgeConfig) (lib *rule.Rule, imports libraryImports, failed bool) {
	if fc.schema == schemaOff {
		return nil, imports, false
	}
	if fc.schema == schemaAuto && !mayImportSchema(args) {
		return nil, imports, false
	}
	names := goFileNames(args)
	if len(names) == 0 {
		return nil, imports, false
	}
	files, srcs, err := readGoFiles(args, names)
	if err != nil {
		log.Printf("%s: %v", dirName(args.Rel), err)
		return nil, imports, true
	}
	if len(srcs) == 0 || fc.schema == schemaAuto && !mentionsSchema(srcs) {
		return nil, imports, false
	}
	s, err := parser.Parse(srcs)
	if err != nil {
		// One line per problem, each file:line:col: message.
		var list parser.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				log.Print(e)
			}
		} else {
			log.Printf("%s: %v", dirName(args.Rel), err)
		}
		return nil, imports, true
	}
	if fc.schema == schemaAuto && len(s.Resources) == 0 {
		return nil, imports, false // imports forge/schema, defines nothing: a helper package
	}

	own := goImportpath(args)
	if own == "" && fc.genImportpath == "" {
		log.Printf("%s: schema package without a go_library: set # gazelle:%s to the app's import path", dirName(args.Rel), genImportpathDirective)
		return nil, imports, true
	}
	app := fc.appImportpath(args.Rel, own)

	byPackage, err := gen.Imports(s, gen.Options{ImportPath: app})
	if err != nil {
		log.Printf("%s: %v", dirName(args.Rel), err)
		return nil, imports, true
	}
	imports = splitImports(app, byPackage)
	r := rule.NewRule(libraryKind, libraryName)
	r.SetAttr("srcs", files)
	r.SetAttr("importpath", app)
	r.SetAttr("visibility", []string{"//visibility:public"})
	return r, imports, false
}

// splitImports sorts the imports of an app's generated packages
// (gen.Imports) into libraryImports.
func splitImports(app string, byPackage map[string][]string) libraryImports {
	var li libraryImports
	genPrefix, jobs := app+"/gen/", app+"/jobs"
	for _, imps := range byPackage {
		for _, imp := range imps {
			switch {
			case strings.HasPrefix(imp, genPrefix) || golang.IsStandard(imp):
				// The macro's; the standard library needs no dep.
			case imp == jobs:
				li.jobs = jobs
			default:
				li.deps = append(li.deps, imp)
			}
		}
	}
	// A few dozen paths, most in several packages: sorting and compacting
	// them costs less than a set.
	slices.Sort(li.deps)
	li.deps = slices.Compact(li.deps)
	return li
}

// goImportpath is the import path the Go language gave this directory's
// library, which follows go_prefix and go_importpath directives.
func goImportpath(args language.GenerateArgs) string {
	for _, r := range args.OtherGen {
		if r.Kind() == "go_library" && r.AttrString("importpath") != "" {
			return r.AttrString("importpath")
		}
	}
	return ""
}

// generateApp returns forge_binary, and unless forge_image is off
// forge_image and forge_image_push, for a main package that imports a
// generated package. It builds on the Go language's go_binary and
// go_library for the directory, which stay.
func generateApp(args language.GenerateArgs, fc *forgeConfig) []*rule.Rule {
	var bin *rule.Rule
	for _, r := range args.OtherGen {
		if r.Kind() == "go_binary" {
			bin = r
			break
		}
	}
	if bin == nil {
		return nil
	}
	embed := bin.AttrStrings("embed")
	if len(embed) != 1 || !importsGenerated(args.OtherGen, strings.TrimPrefix(embed[0], ":")) {
		return nil
	}

	b := rule.NewRule(binaryKind, binaryName)
	b.SetAttr("embed", embed)
	b.SetAttr("visibility", []string{"//visibility:public"})
	rules := []*rule.Rule{b}
	if !fc.image {
		return rules
	}
	img := rule.NewRule(imageKind, imageName)
	img.SetAttr("binary", ":"+binaryName)
	push := rule.NewRule(imagePushKind, imagePushName)
	push.SetAttr("image", ":"+imageName)
	push.SetAttr("repository", imageRepository(fc, args))
	push.SetAttr("tags_to_push", defaultTags)
	return append(rules, img, push)
}

// importsGenerated reports whether the go_library named lib imports a
// generated package (<app>/gen/db, …).
func importsGenerated(rules []*rule.Rule, lib string) bool {
	for _, r := range rules {
		if r.Kind() != "go_library" || r.Name() != lib {
			continue
		}
		imports, _ := r.PrivateAttr(config.GazelleImportsKey).(rule.PlatformStrings)
		if anyImport(imports, isGenerated) {
			return true
		}
	}
	return false
}

// isGenerated reports whether imp has the shape of a generated package's
// import path.
func isGenerated(imp string) bool {
	dir, pkg := path.Split(imp)
	if !strings.HasSuffix(dir, "/gen/") {
		return false
	}
	i := sort.SearchStrings(genPackages, pkg)
	return i < len(genPackages) && genPackages[i] == pkg
}

// imageRepository is where image_push pushes an app: the directory's name
// under forge_image_repository. An app in forge new's layout lives in
// <module>/app, so "app" gives way to the name of the directory above it.
func imageRepository(fc *forgeConfig, args language.GenerateArgs) string {
	name := path.Base(args.Rel)
	if args.Rel == "" {
		name = filepath.Base(args.Config.RepoRoot)
	}
	if name == "app" {
		if parent := path.Dir(args.Rel); parent != "." {
			name = path.Base(parent)
		} else if imp := goImportpath(args); imp != "" {
			name = path.Base(path.Dir(imp))
		} else {
			name = filepath.Base(args.Config.RepoRoot)
		}
	}
	if fc.imageRepository == "" {
		return name
	}
	return fc.imageRepository + "/" + name
}

// emptyRules names the forge rules in the BUILD file that this run did not
// write, so that Gazelle deletes them: the library of a package that is no
// longer a schema package (its last schema file deleted), the app rules of
// a package that no longer imports generated code. After a schema error
// (failed) the libraries are left alone.
func emptyRules(args language.GenerateArgs, written []*rule.Rule, failed bool) []*rule.Rule {
	var empty []*rule.Rule
	for _, r := range args.File.Rules {
		kind := builtinKind(args.Config, r.Kind())
		if _, ours := forgeKinds[kind]; !ours || failed && kind == libraryKind || wrote(written, r.Name()) {
			continue
		}
		// The builtin kind: Gazelle maps it (map_kind) as it maps generated
		// rules, and then knows the mapped kind's attributes. (Gazelle
		// v0.27 maps only generated rules, so there a mapped rule stays.)
		empty = append(empty, rule.NewRule(kind, r.Name()))
	}
	return empty
}

func wrote(rules []*rule.Rule, name string) bool {
	for _, r := range rules {
		if r.Name() == name {
			return true
		}
	}
	return false
}

// builtinKind undoes a map_kind directive: the kind the extension wrote.
func builtinKind(c *config.Config, kind string) string {
	for from, m := range c.KindMap {
		if m.KindName == kind {
			return from
		}
	}
	return kind
}

func dirName(rel string) string {
	if rel == "" {
		return "."
	}
	return rel
}
