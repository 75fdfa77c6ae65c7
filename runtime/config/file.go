package config

import (
	"errors"
	"strings"

	"github.com/BurntSushi/toml"
)

// file applies the TOML document data, read from path, to l.c.
func (l *loader) file(path string, data []byte) {
	// Decoding into Primitives rather than into l.c keeps going past a bad
	// value, so every problem is reported, and lets us find each key's line.
	var sections map[string]toml.Primitive
	md, err := toml.Decode(string(data), &sections)
	if err != nil {
		at := source{file: path}
		var pe toml.ParseError
		if errors.As(err, &pe) {
			at.line, at.col = pe.Position.Line, pe.Position.Col
			err = errors.New(pe.Message)
		}
		l.problem(at, "", "%v", err)
		return
	}
	f := tomlFile{path, &md}
	byKey, known := map[string]setting{}, map[string]bool{}
	var names []string // sections and keys, in struct order, for guesses
	for _, s := range settings(l.c) {
		byKey[s.key] = s
		section := strings.Split(s.key, ".")[0]
		if !known[section] {
			names = append(names, section)
		}
		known[section] = true
		names = append(names, s.key)
	}
	keyName := func(key string) string { _, name, _ := strings.Cut(key, "."); return name }
	for section, sp := range sections {
		if !known[section] {
			// A top-level log_level is observe.log_level without its table.
			l.problem(f.at(sp), "", "unknown key %s%s", toml.Key{section}, didYouMean(guess(section, names, keyName)))
			continue
		}
		// Checked first because decoding a non-table into a map quietly
		// yields an empty map (toml v1.6.0's unifyMap).
		if raw := f.decode(sp); !isTable(raw) {
			l.problem(f.at(sp), section, "want a table, got %s", tomlType(raw))
			continue
		}
		var keys map[string]toml.Primitive
		_ = md.PrimitiveDecode(sp, &keys) // cannot fail: it is a table
		for name, kp := range keys {
			s, ok := byKey[section+"."+name]
			if !ok {
				// Or the key of another table: http.log_level for observe.log_level.
				inSection := func(key string) string { return section + "." + keyName(key) }
				l.problem(f.at(kp), "", "unknown key %s%s", toml.Key{section, name}, didYouMean(guess(section+"."+name, names, inSection)))
				continue
			}
			if err := set(s.v, f.decode(kp)); err != nil {
				l.problem(f.at(kp), s.key, "%v", err)
				continue
			}
			l.from[s.key] = f.at(kp)
		}
	}
}

// tomlFile finds values and their lines in a decoded TOML file.
type tomlFile struct {
	path string
	md   *toml.MetaData
}

// decode returns p as the toml package decodes a value into an any:
// string, int64, float64, bool, map[string]any, []any or a time type.
func (f tomlFile) decode(p toml.Primitive) any {
	var raw any
	_ = f.md.PrimitiveDecode(p, &raw) // cannot fail: anything decodes into any
	return raw
}

func (f tomlFile) at(p toml.Primitive) source {
	return source{file: f.path, line: keyLine(f.md, p)}
}

func isTable(raw any) bool {
	_, ok := raw.(map[string]any)
	return ok
}

// tomlType names the TOML type of a decoded value for error messages.
func tomlType(raw any) string {
	switch raw.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	}
	return "a date or time"
}
