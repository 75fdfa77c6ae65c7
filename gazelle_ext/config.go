package forge

import (
	"log"
	"path"
	"strings"

	"github.com/bazelbuild/bazel-gazelle/config"
	"github.com/bazelbuild/bazel-gazelle/rule"
)

// Directives. Each applies to the directory of the BUILD file that holds
// it and to its subdirectories, until a subdirectory sets it again.
const (
	// forge_schema on|off|auto: on treats every Go package here as a
	// schema package, off none, auto (the default) those that import
	// forge/schema and define a resource.
	schemaDirective = "forge_schema"
	// forge_gen_importpath PATH: the import path of the app whose gen/ a
	// schema package in this directory generates (packages PATH/gen/db, …).
	// In subdirectories PATH is extended by their path, as go_prefix is.
	// Defaults to the import path of the schema package's parent directory,
	// which is what `forge generate` uses for <app>/schema.
	genImportpathDirective = "forge_gen_importpath"
	// forge_image on|off: whether an app's main package also gets
	// forge_image "image" and forge_image_push "image_push". Defaults to on.
	imageDirective = "forge_image"
	// forge_image_repository REPO: the repository image_push pushes an app
	// to is REPO/<app name> (see imageRepository). Without it, <app name>
	// alone, which registries resolve as Docker Hub's library/<name>.
	imageRepositoryDirective = "forge_image_repository"
)

type schemaMode int

const (
	schemaAuto schemaMode = iota
	schemaOn
	schemaOff
)

// forgeConfig is the extension's configuration for one directory.
type forgeConfig struct {
	schema schemaMode
	// genImportpath and genImportpathRel: the forge_gen_importpath value
	// and the directory that set it; genImportpath is "" when unset.
	genImportpath, genImportpathRel string
	image                           bool
	imageRepository                 string
}

func getConfig(c *config.Config) *forgeConfig {
	if fc, ok := c.Exts[languageName].(*forgeConfig); ok {
		return fc
	}
	return &forgeConfig{image: true}
}

// appImportpath is the import path of the app generated from the schema
// package in directory rel whose own import path is schemaImportpath.
func (fc *forgeConfig) appImportpath(rel, schemaImportpath string) string {
	if fc.genImportpath == "" {
		return path.Dir(schemaImportpath)
	}
	// Configure hands a directive to its own subtree only: rel is
	// genImportpathRel or below it.
	sub := rel
	if fc.genImportpathRel != "" {
		sub = strings.TrimPrefix(strings.TrimPrefix(rel, fc.genImportpathRel), "/")
	}
	return path.Join(fc.genImportpath, sub)
}

func (*forgeLang) KnownDirectives() []string {
	return []string{schemaDirective, genImportpathDirective, imageDirective, imageRepositoryDirective}
}

// Configure copies the parent's configuration before applying this
// directory's directives, so they reach this subtree only.
func (*forgeLang) Configure(c *config.Config, rel string, f *rule.File) {
	fc := *getConfig(c)
	c.Exts[languageName] = &fc
	if f == nil {
		return
	}
	where := f.Path
	for _, d := range f.Directives {
		switch d.Key {
		case schemaDirective:
			modes := map[string]schemaMode{"on": schemaOn, "off": schemaOff, "auto": schemaAuto, "": schemaAuto}
			if m, ok := modes[strings.TrimSpace(d.Value)]; ok {
				fc.schema = m
			} else {
				log.Printf("%s: # gazelle:%s %s: want on, off or auto", where, d.Key, d.Value)
			}
		case genImportpathDirective:
			v := strings.TrimSuffix(strings.TrimSpace(d.Value), "/")
			if strings.ContainsAny(v, " \t") {
				log.Printf("%s: # gazelle:%s %q is not an import path", where, d.Key, d.Value)
				continue
			}
			fc.genImportpath, fc.genImportpathRel = v, rel
		case imageDirective:
			if v := strings.TrimSpace(d.Value); v == "on" || v == "off" {
				fc.image = v == "on"
			} else {
				log.Printf("%s: # gazelle:%s %s: want on or off", where, d.Key, d.Value)
			}
		case imageRepositoryDirective:
			fc.imageRepository = strings.TrimSuffix(strings.TrimSpace(d.Value), "/")
		}
	}
}
