package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// env applies the environment variables of every key to l.c.
func (l *loader) env(lookupEnv func(string) (string, bool)) {
	for _, s := range settings(l.c) {
		for _, name := range s.env {
			text, ok := lookupEnv(name)
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
