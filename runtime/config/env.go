package config

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// env applies the environment variables of every key to l.c. environ is
// in the form of os.Environ ("NAME=value"); of a name given twice, the last
// counts, as with exec.Cmd's Env.
func (l *loader) env(environ []string) {
	vars := map[string]string{}
	for _, kv := range environ {
		if name, value, ok := strings.Cut(kv, "="); ok {
			vars[name] = value
		}
	}
	known := map[string]bool{}
	var names []string                 // every variable a key reads, in struct order
	unsectioned := map[string]string{} // FORGE_OBSERVE_LOG_LEVEL → FORGE_LOG_LEVEL
	for _, s := range settings(l.c) {
		_, key, _ := strings.Cut(s.key, ".")
		names = append(names, s.env...)
		unsectioned[s.env[0]] = "FORGE_" + strings.ToUpper(key)
		for _, name := range s.env {
			known[name] = true
			text, ok := vars[name]
			if !ok {
				continue
			}
			raw, err := fromEnv(s.v, text)
			if err == nil {
				err = set(s.v, raw)
			}
			if err != nil {
				l.problem(source{env: name}, s.key, "%v", err)
				continue
			}
			l.from[s.key] = source{env: name}
		}
	}
	// Other FORGE_* variables that no key reads are left alone, because
	// tools and tests have their own (FORGE_TEST_DATABASE_URL); those that
	// look like one a key reads are most likely misspelt.
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		if !strings.HasPrefix(name, "FORGE_") || known[name] {
			continue
		}
		if g := guess(name, names, func(n string) string { return unsectioned[n] }); g != "" {
			l.c.warnings = append(l.c.warnings, fmt.Sprintf("%s is not a Forge setting and is ignored; did you mean %s?", name, g))
		}
	}
}

// fromEnv turns an environment variable's text into the value a TOML file
// would hold for the field v, so that set checks both sources alike.
func fromEnv(v reflect.Value, text string) (any, error) {
	switch v.Addr().Interface().(type) {
	case *bool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return nil, fmt.Errorf("not true or false: %q", text)
		}
		return b, nil
	case *int, *int32, *int64:
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("not an integer: %q", text)
		}
		return n, nil
	case *map[string]int:
		return parseQueues(text)
	}
	return text, nil // strings, and text such as a Duration's
}

// parseQueues reads FORGE_JOBS_QUEUES, "default=10,mail=2", into the table
// the file would hold. An empty value is an empty table.
func parseQueues(text string) (map[string]any, error) {
	t := map[string]any{}
	if strings.TrimSpace(text) == "" {
		return t, nil
	}
	for entry := range strings.SplitSeq(text, ",") {
		name, workers, ok := strings.Cut(entry, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf(`want name=workers pairs such as "default=10,mail=2", got %q`, entry)
		}
		if _, dup := t[name]; dup {
			return nil, fmt.Errorf("queue %q given twice", name)
		}
		n, err := strconv.ParseInt(strings.TrimSpace(workers), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("queue %q: not an integer: %q", name, workers)
		}
		t[name] = n
	}
	return t, nil
}
