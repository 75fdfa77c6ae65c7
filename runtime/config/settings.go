package config

import (
	"reflect"
	"strings"

	"github.com/forge-framework/forge/internal/spelling"
)

// setting is one key of the configuration: section.key in the file,
// FORGE_SECTION_KEY in the environment.
type setting struct {
	key string        // "http.read_timeout"
	env []string      // "FORGE_HTTP_READ_TIMEOUT", then any alias; the last one set wins
	v   reflect.Value // the field, settable
}

// envAliases are the environment variables that set a key besides its
// FORGE_<SECTION>_<KEY> name, and win over it.
var envAliases = map[string]string{"app.env": "FORGE_ENV"}

// settings lists the keys of c in struct order, read from the toml tags, so
// that a new field is loadable from the file and the environment without
// further code.
func settings(c *Config) []setting {
	var out []setting
	root := reflect.ValueOf(c).Elem()
	for i := range root.NumField() {
		if !root.Type().Field(i).IsExported() {
			continue // not a section (Config.warnings)
		}
		section, sv := root.Type().Field(i).Tag.Get("toml"), root.Field(i)
		for j := range sv.NumField() {
			name := sv.Type().Field(j).Tag.Get("toml")
			s := setting{key: section + "." + name, env: []string{"FORGE_" + strings.ToUpper(section+"_"+name)}, v: sv.Field(j)}
			if alias, ok := envAliases[s.key]; ok {
				s.env = append(s.env, alias)
			}
			out = append(out, s)
		}
	}
	return out
}

// guess returns the name in known that name, which no setting has, was
// probably meant to be: the nearest in spelling (see internal/spelling),
// else the one that is name with a section put in (a file's log_level for
// observe.log_level, FORGE_LOG_LEVEL for FORGE_OBSERVE_LOG_LEVEL). short
// gives a known name without its section. It returns "" when no name fits.
func guess(name string, known []string, short func(string) string) string {
	if g := spelling.Closest(name, known); g != "" {
		return g
	}
	for _, k := range known { // in struct order: of http.addr and admin.addr, http.addr
		if short(k) == name {
			return k
		}
	}
	return ""
}

// didYouMean is guess's answer as the end of an error message.
func didYouMean(g string) string {
	if g == "" {
		return ""
	}
	return " (did you mean " + g + "?)"
}
