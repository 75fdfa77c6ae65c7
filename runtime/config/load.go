package config

import (
	"cmp"
	"encoding"
	"errors"
	"fmt"
	"maps"
	"math"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
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
	if _, ok := c.Jobs.Queues["default"]; !ok {
		if c.Jobs.Queues == nil {
			c.Jobs.Queues = map[string]int{}
		}
		c.Jobs.Queues["default"] = DefaultQueueWorkers
	}
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

// source says where a value came from, for error messages.
type source struct {
	file      string
	line, col int // 0 when unknown; col only for syntax errors
	env       string
}

func (s source) String() string {
	switch {
	case s.env != "":
		return s.env
	case s.file == "" || s.line == 0:
		return s.file
	case s.col == 0:
		return fmt.Sprintf("%s:%d", s.file, s.line)
	}
	return fmt.Sprintf("%s:%d:%d", s.file, s.line, s.col)
}

// problem is one thing wrong with the configuration.
type problem struct {
	at  source // zero for a default or derived value
	key string // "" when msg names it or there is none (a syntax error)
	msg string
}

func (p problem) Error() string {
	where := p.at.String()
	switch {
	case p.at.env != "" || p.key == "": // an environment variable names its key
		return where + ": " + p.msg
	case where == "":
		return p.key + ": " + p.msg
	}
	return where + ": " + p.key + ": " + p.msg
}

// rank orders problems in the file by line, before all others.
func (p problem) rank() int {
	if p.at.line > 0 {
		return p.at.line
	}
	return math.MaxInt
}

type loader struct {
	c        *Config
	from     map[string]source // by key, where the value in c came from
	problems []problem
}

func (l *loader) problem(at source, key, format string, args ...any) {
	l.problems = append(l.problems, problem{at: at, key: key, msg: fmt.Sprintf(format, args...)})
}

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
	for _, s := range settings(l.c) {
		byKey[s.key] = s
		known[strings.Split(s.key, ".")[0]] = true
	}
	for section, sp := range sections {
		if !known[section] {
			l.problem(f.at(sp), "", "unknown key %s", toml.Key{section})
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
				l.problem(f.at(kp), "", "unknown key %s", toml.Key{section, name})
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
	return source{file: f.path, line: f.line(p)}
}

// line returns the line of p's value, or 0 if unknown. toml v1.6.0 keeps
// key positions private (MetaData has no accessor), but the ParseError it
// wraps around an Unmarshaler's error carries the position of the key
// being decoded, so we decode into a value that always fails. An implicit
// table ("[jobs.queues]" without "[jobs]", or a dotted key) has no position
// of its own and takes its first key's.
func (f tomlFile) line(p toml.Primitive) int {
	var pe toml.ParseError
	if errors.As(f.md.PrimitiveDecode(p, locator{}), &pe) && pe.Position.Line > 0 {
		return pe.Position.Line
	}
	var keys map[string]toml.Primitive
	if f.md.PrimitiveDecode(p, &keys) != nil {
		return 0
	}
	first := 0
	for _, kp := range keys {
		if n := f.line(kp); n > 0 && (first == 0 || n < first) {
			first = n
		}
	}
	return first
}

// locator is a toml.Unmarshaler that fails, to learn a key's position.
type locator struct{}

func (locator) UnmarshalTOML(any) error { return errors.New("locate") }

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

func wrongType(want string, raw any) error {
	return fmt.Errorf("want %s, got %s", want, tomlType(raw))
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

// set stores raw, a value in the form tomlFile.decode returns, in the field
// v, or leaves v alone and says why it cannot.
func set(v reflect.Value, raw any) error {
	switch p := v.Addr().Interface().(type) {
	case encoding.TextUnmarshaler:
		s, ok := raw.(string)
		if !ok {
			return wrongType(`a string such as "15s"`, raw)
		}
		return p.UnmarshalText([]byte(s))
	case *string:
		s, ok := raw.(string)
		if !ok {
			return wrongType("a string", raw)
		}
		*p = s
	case *bool:
		b, ok := raw.(bool)
		if !ok {
			return wrongType("true or false", raw)
		}
		*p = b
	case *int:
		return setInt(p, raw)
	case *int32:
		return setInt(p, raw)
	case *int64:
		return setInt(p, raw)
	case *map[string]int:
		t, ok := raw.(map[string]any)
		if !ok {
			return wrongType("a table of queue = workers", raw)
		}
		m := make(map[string]int, len(t))
		for _, name := range slices.Sorted(maps.Keys(t)) { // sorted, so the same queue is reported each time
			var n int
			if err := setInt(&n, t[name]); err != nil {
				return fmt.Errorf("queue %q: %w", name, err)
			}
			m[name] = n
		}
		*p = m
	default:
		panic(fmt.Sprintf("config: no conversion to %s; add one to set and fromEnv", v.Type()))
	}
	return nil
}

func setInt[T int | int32 | int64](p *T, raw any) error {
	n, ok := raw.(int64)
	if !ok {
		return wrongType("an integer", raw)
	}
	if int64(T(n)) != n {
		return fmt.Errorf("%d is out of range", n)
	}
	*p = T(n)
	return nil
}

// queueName is River's rule for queue names, which it also caps at 64 bytes.
var queueName = regexp.MustCompile(`^[a-z0-9]+([_-][a-z0-9]+)*$`)

// validate checks the values that set cannot check alone.
func (l *loader) validate() {
	c := l.c
	check := func(key string, ok bool, format string, args ...any) {
		if !ok {
			l.problem(l.from[key], key, format, args...)
		}
	}
	oneOf := func(key, v string, allowed ...string) {
		check(key, slices.Contains(allowed, v), "must be one of %s; got %q", strings.Join(allowed, ", "), v)
	}
	positive := func(key string, d Duration) {
		check(key, d.Duration > 0, "must be greater than 0")
	}

	check("app.name", c.App.Name != "", "must be set")
	oneOf("app.env", c.App.Env, "development", "test", "production")
	positive("app.shutdown_timeout", c.App.ShutdownTimeout)
	for key, addr := range map[string]string{"http.addr": c.HTTP.Addr, "admin.addr": c.Admin.Addr} {
		_, _, err := net.SplitHostPort(addr)
		check(key, err == nil, `must be host:port such as ":8080" (the host may be empty), got %q`, addr)
	}
	positive("http.read_timeout", c.HTTP.ReadTimeout)
	positive("http.write_timeout", c.HTTP.WriteTimeout)
	positive("http.idle_timeout", c.HTTP.IdleTimeout)
	check("http.max_body_bytes", c.HTTP.MaxBodyBytes > 0, "must be greater than 0, got %d", c.HTTP.MaxBodyBytes)

	// The URL is not quoted back: it may hold a password.
	u, err := url.Parse(c.Database.URL)
	check("database.url", err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql"), "must be a postgres:// or postgresql:// URL")
	check("database.max_conns", c.Database.MaxConns >= 1, "must be at least 1, got %d", c.Database.MaxConns)

	for _, name := range slices.Sorted(maps.Keys(c.Jobs.Queues)) {
		n := c.Jobs.Queues[name]
		check("jobs.queues", len(name) <= 64 && queueName.MatchString(name),
			"queue %q: name must be lower-case letters and digits joined by _ or -, at most 64 bytes", name)
		check("jobs.queues", n >= 1 && n <= 10000, "queue %q: workers must be 1 to 10000, got %d", name, n)
	}

	check("sse.max_total", c.SSE.MaxTotal >= 1, "must be at least 1, got %d", c.SSE.MaxTotal)
	check("sse.max_per_user", c.SSE.MaxPerUser >= 1 && c.SSE.MaxPerUser <= c.SSE.MaxTotal,
		"must be 1 to sse.max_total (%d), got %d", c.SSE.MaxTotal, c.SSE.MaxPerUser)
	check("sse.heartbeat", c.SSE.Heartbeat.Duration >= time.Second, "must be at least 1s, got %s", c.SSE.Heartbeat)

	oneOf("observe.log_format", c.Observe.LogFormat, "text", "json")
	oneOf("observe.log_level", c.Observe.LogLevel, "debug", "info", "warn", "error")
	if e := c.Observe.OTLPEndpoint; e != "" {
		u, err := url.Parse(e)
		check("observe.otlp_endpoint", err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "",
			`must be an http:// or https:// URL such as "http://collector:4318", got %q`, e)
	}

	// The secret is not quoted back, only its length.
	check("auth.secret", !c.Production() || len(c.Auth.Secret) >= 32,
		"must be at least 32 bytes in production, got %d; generate one with `openssl rand -base64 32`", len(c.Auth.Secret))
}
