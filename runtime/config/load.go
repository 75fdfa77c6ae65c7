package config

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
)

// Load reads the configuration: defaults, then the TOML file at path (none
// when path is ""), then FORGE_* environment variables. It returns every
// problem it finds in one error; see the package doc.
func Load(path string) (*Config, error) {
	return LoadFrom(path, os.LookupEnv)
}

// LoadFrom is Load with the environment read through lookupEnv, which has
// the signature of os.LookupEnv, so that tests and tools can supply their
// own without touching the process environment.
func LoadFrom(path string, lookupEnv func(string) (string, bool)) (*Config, error) {
	l := loader{c: Default(), from: map[string]source{}}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read config: %w", err)
		}
		l.file(path, data)
	}
	l.env(lookupEnv)

	c := l.c
	if c.Observe.ServiceName == "" {
		c.Observe.ServiceName = c.App.Name
	}
	if c.Auth.Issuer == "" {
		c.Auth.Issuer = c.App.Name
	}
	c.Jobs = c.Jobs.WithQueues(DefaultQueue)
	l.validate()
	// After validating, so that a bad log_format is reported in production
	// too rather than hidden by the override.
	if c.Production() {
		c.Observe.LogFormat = "json"
	}

	if len(l.problems) > 0 {
		slices.SortFunc(l.problems, func(a, b problem) int {
			return cmp.Or(cmp.Compare(a.rank(), b.rank()), strings.Compare(a.Error(), b.Error()))
		})
		errs := make([]error, len(l.problems))
		for i, p := range l.problems {
			errs[i] = p
		}
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// loader gathers a configuration and the problems found on the way.
type loader struct {
	c        *Config
	from     map[string]source // by key, where the value in c came from
	problems []problem
}

func (l *loader) problem(at source, key, format string, args ...any) {
	l.problems = append(l.problems, problem{at: at, key: key, msg: fmt.Sprintf(format, args...)})
}
