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
// problem it finds in one error, and what it noticed but did not refuse in
// the Config's Warnings; see the package doc.
func Load(path string) (*Config, error) {
	return LoadFrom(path, os.Environ())
}

// LoadFrom is Load with the environment given as environ, in the form of
// os.Environ ("NAME=value"), so that tests and tools can supply their own
// without touching the process environment.
func LoadFrom(path string, environ []string) (*Config, error) {
	l := loader{c: Default(), from: map[string]source{}}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read config: %w", err)
		}
		l.file(path, data)
	}
	l.env(environ)

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
	if err := l.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate checks c as Load checks what it loads and returns every problem
// in one error, or nil. Load has already applied it; runtime/server applies
// it again, before it touches the database, because a Config may also be
// built or changed in code.
func (c *Config) Validate() error {
	l := loader{c: c, from: map[string]source{}}
	l.validate()
	return l.err()
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

// err joins the problems, those in the file first by line, then the others
// by text; nil when there are none.
func (l *loader) err() error {
	if len(l.problems) == 0 {
		return nil
	}
	slices.SortFunc(l.problems, func(a, b problem) int {
		return cmp.Or(cmp.Compare(a.rank(), b.rank()), strings.Compare(a.Error(), b.Error()))
	})
	errs := make([]error, len(l.problems))
	for i, p := range l.problems {
		errs[i] = p
	}
	return errors.Join(errs...)
}
