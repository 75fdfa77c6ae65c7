package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// env returns an environment of the given name, value pairs, standing in
// for os.Environ so that tests never touch the process environment.
func env(pairs ...string) []string {
	var environ []string
	for i := 0; i+1 < len(pairs); i += 2 {
		environ = append(environ, pairs[i]+"="+pairs[i+1])
	}
	return environ
}

// writeConfig writes a forge.toml with the given content to a fresh
// directory and returns its path.
func writeConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "forge.toml")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// loadErr loads content (no file if "") with the environment pairs and
// returns the error text, with the temporary path shortened to forge.toml.
func loadErr(t *testing.T, content string, envPairs ...string) string {
	t.Helper()
	path := ""
	if content != "" {
		path = writeConfig(t, content)
	}
	_, err := LoadFrom(path, env(envPairs...))
	if err == nil {
		return ""
	}
	if path == "" {
		return err.Error()
	}
	return strings.ReplaceAll(err.Error(), path, "forge.toml")
}

func TestDefaultsAreValid(t *testing.T) {
	t.Parallel()
	c, err := LoadFrom("", env())
	if err != nil {
		t.Fatalf("LoadFrom with no file and no environment: %v", err)
	}
	want := Default()
	want.Observe.ServiceName = "forge-app"
	want.Auth.Issuer = "forge-app"
	if !reflect.DeepEqual(c, want) {
		t.Errorf("LoadFrom = %+v, want Default() with derived names %+v", c, want)
	}
}

// The example file documents every key with its default, so it must list
// every key and load to exactly the defaults.
func TestExampleFile(t *testing.T) {
	t.Parallel()
	const path = "testdata/forge.toml"
	var file map[string]map[string]any
	if _, err := toml.DecodeFile(path, &file); err != nil {
		t.Fatal(err)
	}
	for _, s := range settings(Default()) {
		section, name, _ := strings.Cut(s.key, ".")
		if _, ok := file[section][name]; !ok {
			t.Errorf("%s does not list %s", path, s.key)
		}
	}

	got, err := LoadFrom(path, env())
	if err != nil {
		t.Fatal(err)
	}
	want, err := LoadFrom("", env())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s loads to\n%+v\nwant the defaults\n%+v", path, got, want)
	}
}

// TestDocTable keeps the package doc's table in step with Config: every
// key, with exactly its variables and its type, and nothing else.
func TestDocTable(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^//\t([a-z]+\.[a-z_]+)\s+(.+?)\s+(\w+)$`)
	rows := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(src), -1) {
		if _, dup := rows[m[1]]; dup {
			t.Errorf("doc.go lists %s twice", m[1])
		}
		rows[m[1]] = m[2] + " " + m[3]
	}
	for _, s := range settings(Default()) {
		want := strings.Join(s.env, ", ") + " " + typeName(t, s.v)
		got, ok := rows[s.key]
		if !ok {
			t.Errorf("doc.go table lacks %s; add the row\n//\t%s  %s", s.key, s.key, want)
			continue
		}
		if strings.Join(strings.Fields(got), " ") != want {
			t.Errorf("doc.go table row %s: got %q, want %q", s.key, got, want)
		}
		delete(rows, s.key)
	}
	for key := range rows {
		t.Errorf("doc.go table lists %s, which Config does not have", key)
	}
}

// typeName is the type column of the doc table for the field v.
func typeName(t *testing.T, v reflect.Value) string {
	switch v.Addr().Interface().(type) {
	case *string:
		return "string"
	case *Duration:
		return "duration"
	case *int, *int32, *int64:
		return "integer"
	case *bool:
		return "bool"
	case *map[string]int:
		return "queues"
	}
	t.Fatalf("no doc type for %s", v.Type())
	return ""
}

// validStrings are values for the string keys that validation constrains;
// any other string key takes "x".
var validStrings = map[string]string{
	"app.env":               "test",
	"http.addr":             ":1",
	"admin.addr":            ":2",
	"database.url":          "postgresql://db/app",
	"observe.log_format":    "json",
	"observe.log_level":     "debug",
	"observe.otlp_endpoint": "http://collector:4318",
}

// validDurations are values for the duration keys that validation bounds
// by another key's default; any other duration key takes "7s".
var validDurations = map[string]string{
	"jobs.rescue_after": "7h0m0s",
}

// TestEnvOverridesEveryKey sets each key through each of its variables
// alone. The cases come from Config, so a new field is tested without
// further code (or fails here asking for a sample value).
func TestEnvOverridesEveryKey(t *testing.T) {
	t.Parallel()
	for _, s := range settings(Default()) {
		text, want := "", ""
		switch s.v.Addr().Interface().(type) {
		case *string:
			text = cmpOr(validStrings[s.key], "x")
			want = text
		case *Duration:
			text = cmpOr(validDurations[s.key], "7s")
			want = text
		case *int, *int32, *int64:
			text, want = "70", "70"
		case *bool:
			text, want = fmt.Sprint(!s.v.Bool()), fmt.Sprint(!s.v.Bool())
		case *map[string]int:
			text, want = "default=3,mail=2", "map[default:3 mail:2]"
		default:
			t.Fatalf("no sample value for %s (%s); add one", s.key, s.v.Type())
		}
		for _, name := range s.env {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				c, err := LoadFrom("", env(name, text))
				if err != nil {
					t.Fatal(err)
				}
				for _, got := range settings(c) {
					if got.key == s.key && fmt.Sprint(got.v.Interface()) != want {
						t.Errorf("%s=%q: %s = %v, want %s", name, text, s.key, got.v.Interface(), want)
					}
				}
			})
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestPrecedence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		env        []string
		want       string
	}{
		{"default", "", nil, ":8080"},
		{"file over default", "[http]\naddr = \":1\"\n", nil, ":1"},
		{"env over default", "", []string{"FORGE_HTTP_ADDR", ":2"}, ":2"},
		{"env over file", "[http]\naddr = \":1\"\n", []string{"FORGE_HTTP_ADDR", ":2"}, ":2"},
		{"empty env counts", "", []string{"FORGE_HTTP_ADDR", ""}, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := ""
			if tt.file != "" {
				path = writeConfig(t, tt.file)
			}
			c, err := LoadFrom(path, env(tt.env...))
			got := "invalid"
			if err == nil {
				got = c.HTTP.Addr
			}
			if got != tt.want {
				t.Errorf("http.addr = %q (err %v), want %q", got, err, tt.want)
			}
		})
	}
}

func TestEnvAndDerivedValues(t *testing.T) {
	t.Parallel()
	secret := strings.Repeat("s", 32)
	tests := []struct {
		name, file string
		env        []string
		check      func(*Config) string
	}{
		{"FORGE_ENV=production forces json", "", []string{"FORGE_ENV", "production", "FORGE_AUTH_SECRET", secret},
			func(c *Config) string { return c.App.Env + " " + c.Observe.LogFormat }},
		{"FORGE_APP_ENV=production forces json", "", []string{"FORGE_APP_ENV", "production", "FORGE_AUTH_SECRET", secret},
			func(c *Config) string { return c.App.Env + " " + c.Observe.LogFormat }},
		{"production in the file forces json over text", "[app]\nenv = \"production\"\n[observe]\nlog_format = \"text\"\n", []string{"FORGE_AUTH_SECRET", secret},
			func(c *Config) string { return c.App.Env + " " + c.Observe.LogFormat }},
		{"FORGE_ENV wins over FORGE_APP_ENV", "", []string{"FORGE_APP_ENV", "production", "FORGE_ENV", "test"},
			func(c *Config) string { return c.App.Env + " " + c.Observe.LogFormat }},
		{"names default to app.name", "[app]\nname = \"shop\"\n", nil,
			func(c *Config) string { return c.Observe.ServiceName + " " + c.Auth.Issuer }},
		{"names kept when set", "[app]\nname = \"shop\"\n", []string{"FORGE_OBSERVE_SERVICE_NAME", "svc", "FORGE_AUTH_ISSUER", "iss"},
			func(c *Config) string { return c.Observe.ServiceName + " " + c.Auth.Issuer }},
		{"other FORGE_ variables are ignored", "", []string{"FORGE_TEST_DATABASE_URL", "nonsense", "FORGE_HTTP", "x"},
			func(c *Config) string { return c.Database.URL }},
	}
	want := []string{
		"production json", "production json", "production json", "test text",
		"shop shop", "svc iss", "postgres://localhost:5432/forge?sslmode=disable",
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := ""
			if tt.file != "" {
				path = writeConfig(t, tt.file)
			}
			c, err := LoadFrom(path, env(tt.env...))
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.check(c); got != want[i] {
				t.Errorf("got %q, want %q", got, want[i])
			}
		})
	}
}

func TestQueues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, env string // env is FORGE_JOBS_QUEUES, unset when "-"
		want            string
	}{
		{"default", "", "-", "map[default:10]"},
		{"file adds default", "[jobs.queues]\nmail = 2\n", "-", "map[default:10 mail:2]"},
		{"file sets default", "[jobs]\nqueues = {default = 3}\n", "-", "map[default:3]"},
		{"env replaces file", "[jobs.queues]\nmail = 2\n", "default=4,sms-out=1", "map[default:4 sms-out:1]"},
		{"env with spaces", "", " default = 4 , mail=2", "map[default:4 mail:2]"},
		{"empty env is no queues but default", "[jobs.queues]\nmail = 2\n", "", "map[default:10]"},
		{"env without =", "", "mail", `FORGE_JOBS_QUEUES: want name=workers pairs such as "default=10,mail=2", got "mail"`},
		{"env without name", "", "=3", `FORGE_JOBS_QUEUES: want name=workers pairs such as "default=10,mail=2", got "=3"`},
		{"env trailing comma", "", "mail=1,", `FORGE_JOBS_QUEUES: want name=workers pairs such as "default=10,mail=2", got ""`},
		{"env bad workers", "", "mail=x", `FORGE_JOBS_QUEUES: queue "mail": not an integer: "x"`},
		{"env duplicate", "", "mail=1,mail=2", `FORGE_JOBS_QUEUES: queue "mail" given twice`},
		{"env bad name", "", "Bad Name=1", `FORGE_JOBS_QUEUES: queue "Bad Name": name must be lower-case letters and digits joined by _ or -, at most 64 bytes`},
		{"env too many workers", "", "mail=10001", `FORGE_JOBS_QUEUES: queue "mail": workers must be 1 to 10000, got 10001`},
		{"env name too long", "", strings.Repeat("q", 65) + "=1", `FORGE_JOBS_QUEUES: queue "` + strings.Repeat("q", 65) + `": name must be lower-case letters and digits joined by _ or -, at most 64 bytes`},
		{"file zero workers", "[jobs.queues]\ndefault = 0\n", "-", `forge.toml:1: jobs.queues: queue "default": workers must be 1 to 10000, got 0`},
		{"file bad name", "[jobs.queues]\n\"_mail\" = 1\n", "-", `forge.toml:1: jobs.queues: queue "_mail": name must be lower-case letters and digits joined by _ or -, at most 64 bytes`},
		{"file string workers", "[jobs.queues]\nmail = \"2\"\n", "-", `forge.toml:1: jobs.queues: queue "mail": want an integer, got a string`},
		{"file not a table", "[jobs]\nqueues = 3\n", "-", `forge.toml:2: jobs.queues: want a table of queue = workers, got an integer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := ""
			if tt.file != "" {
				path = writeConfig(t, tt.file)
			}
			lookup := env()
			if tt.env != "-" {
				lookup = env("FORGE_JOBS_QUEUES", tt.env)
			}
			c, err := LoadFrom(path, lookup)
			var got string
			if err != nil {
				got = err.Error()
				if path != "" {
					got = strings.ReplaceAll(got, path, "forge.toml")
				}
			} else {
				got = fmt.Sprint(c.Jobs.Queues)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		env        []string
		want       string
	}{
		// The file.
		{"syntax", "[http]\naddr = \n", nil, `forge.toml:2:8: expected value but found '\n' instead`},
		{"unknown key", "[http]\naddr = \":1\"\n\nadress = \":2\"\n", nil, "forge.toml:4: unknown key http.adress"},
		{"unknown section", "[app]\nname = \"a\"\n[htp]\naddr = \":1\"\n", nil, "forge.toml:3: unknown key htp (did you mean http?)"},
		{"unknown dotted section", "\n\nhtp.addr = \":1\"\n", nil, "forge.toml:3: unknown key htp (did you mean http?)"},
		{"unknown section far from all", "[frobnicate]\nx = 1\n", nil, "forge.toml:1: unknown key frobnicate"},
		{"unknown quoted key", "[http]\n\"my key\" = 1\n", nil, `forge.toml:2: unknown key http."my key"`},
		{"key case matters", "[http]\nAddr = \":1\"\n", nil, "forge.toml:2: unknown key http.Addr (did you mean http.addr?)"},
		{"misspelt key", "[database]\nmax_con = 3\n", nil, "forge.toml:2: unknown key database.max_con (did you mean database.max_conns?)"},
		{"key of another table", "[http]\nlog_level = \"debug\"\n", nil, "forge.toml:2: unknown key http.log_level (did you mean observe.log_level?)"},
		{"key outside its table", "log_level = \"debug\"\n", nil, "forge.toml:1: unknown key log_level (did you mean observe.log_level?)"},
		{"section not a table", "\nhttp = 1\n", nil, "forge.toml:2: http: want a table, got an integer"},
		{"wrong type string", "[http]\naddr = 8080\n", nil, "forge.toml:2: http.addr: want a string, got an integer"},
		{"wrong type integer", "[database]\nmax_conns = \"10\"\n", nil, "forge.toml:2: database.max_conns: want an integer, got a string"},
		{"wrong type bool", "[database]\nmigrate = 1\n", nil, "forge.toml:2: database.migrate: want true or false, got an integer"},
		{"wrong type duration", "[http]\nread_timeout = 15\n", nil, `forge.toml:2: http.read_timeout: want a string such as "15s", got an integer`},
		{"bad duration", "[http]\n\nread_timeout = \"fast\"\n", nil, `forge.toml:3: http.read_timeout: not a duration such as "15s": "fast"`},
		{"negative duration", "[http]\nread_timeout = \"-1s\"\n", nil, `forge.toml:2: http.read_timeout: duration must not be negative: "-1s"`},
		{"out of range", "[database]\nmax_conns = 3000000000\n", nil, "forge.toml:2: database.max_conns: 3000000000 is out of range"},
		{"inline table line", "http = { addr = 1 }\n", nil, "forge.toml:1: http.addr: want a string, got an integer"},

		// The environment.
		{"env bad duration", "", []string{"FORGE_HTTP_READ_TIMEOUT", "abc"}, `FORGE_HTTP_READ_TIMEOUT: not a duration such as "15s": "abc"`},
		{"env bad integer", "", []string{"FORGE_DATABASE_MAX_CONNS", "ten"}, `FORGE_DATABASE_MAX_CONNS: not an integer: "ten"`},
		{"env out of range", "", []string{"FORGE_DATABASE_MAX_CONNS", "3000000000"}, `FORGE_DATABASE_MAX_CONNS: 3000000000 is out of range`},
		{"env bad bool", "", []string{"FORGE_DATABASE_MIGRATE", "yes"}, `FORGE_DATABASE_MIGRATE: not true or false: "yes"`},
		{"env empty duration", "", []string{"FORGE_SSE_HEARTBEAT", ""}, `FORGE_SSE_HEARTBEAT: not a duration such as "15s": ""`},

		// Validation, located where the value came from.
		{"app.name", "", []string{"FORGE_APP_NAME", ""}, "FORGE_APP_NAME: must be set"},
		{"app.env", "[app]\nenv = \"prod\"\n", nil, `forge.toml:2: app.env: must be one of development, test, production; got "prod"`},
		{"app.env from FORGE_ENV", "", []string{"FORGE_APP_ENV", "test", "FORGE_ENV", "prod"}, `FORGE_ENV: must be one of development, test, production; got "prod"`},
		{"zero timeout", "[app]\nshutdown_timeout = \"0s\"\n", nil, "forge.toml:2: app.shutdown_timeout: must be greater than 0"},
		{"zero read timeout", "", []string{"FORGE_HTTP_READ_TIMEOUT", "0"}, "FORGE_HTTP_READ_TIMEOUT: must be greater than 0"},
		{"zero write timeout", "", []string{"FORGE_HTTP_WRITE_TIMEOUT", "0s"}, "FORGE_HTTP_WRITE_TIMEOUT: must be greater than 0"},
		{"zero idle timeout", "", []string{"FORGE_HTTP_IDLE_TIMEOUT", "0s"}, "FORGE_HTTP_IDLE_TIMEOUT: must be greater than 0"},
		{"http.addr", "[http]\naddr = \"8080\"\n", nil, `forge.toml:2: http.addr: must be host:port such as ":8080" (the host may be empty), got "8080"`},
		{"admin.addr", "", []string{"FORGE_ADMIN_ADDR", "localhost"}, `FORGE_ADMIN_ADDR: must be host:port such as ":8080" (the host may be empty), got "localhost"`},
		{"max_body_bytes", "", []string{"FORGE_HTTP_MAX_BODY_BYTES", "0"}, "FORGE_HTTP_MAX_BODY_BYTES: must be greater than 0, got 0"},
		{"database.url scheme", "", []string{"FORGE_DATABASE_URL", "mysql://u:hunter2@db/app"}, "FORGE_DATABASE_URL: must be a postgres:// or postgresql:// URL"},
		{"database.url unparsable", "", []string{"FORGE_DATABASE_URL", "postgres://u:p@[::1/app"}, "FORGE_DATABASE_URL: must be a postgres:// or postgresql:// URL"},
		{"database.max_conns", "", []string{"FORGE_DATABASE_MAX_CONNS", "0"}, "FORGE_DATABASE_MAX_CONNS: must be at least 1, got 0"},
		{"sse.max_total", "", []string{"FORGE_SSE_MAX_TOTAL", "0", "FORGE_SSE_MAX_PER_USER", "0"}, "FORGE_SSE_MAX_PER_USER: must be 1 to sse.max_total (0), got 0\nFORGE_SSE_MAX_TOTAL: must be at least 1, got 0"},
		{"sse.max_per_user over total", "[sse]\nmax_total = 5\nmax_per_user = 6\n", nil, "forge.toml:3: sse.max_per_user: must be 1 to sse.max_total (5), got 6"},
		{"sse.heartbeat", "", []string{"FORGE_SSE_HEARTBEAT", "500ms"}, "FORGE_SSE_HEARTBEAT: must be at least 1s, got 500ms"},
		{"jobs.timeout", "[jobs]\ntimeout = \"0s\"\n", nil, "forge.toml:2: jobs.timeout: must be greater than 0"},
		{"jobs.rescue_after below timeout", "", []string{"FORGE_JOBS_TIMEOUT", "10m"}, "jobs.rescue_after: must be greater than jobs.timeout (10m0s), got 5m0s"},
		{"jobs.rescue_after equal to timeout", "[jobs]\ntimeout = \"2m\"\nrescue_after = \"2m\"\n", nil, "forge.toml:3: jobs.rescue_after: must be greater than jobs.timeout (2m0s), got 2m0s"},
		{"sse.max_lifetime", "[sse]\nmax_lifetime = \"0s\"\n", nil, "forge.toml:2: sse.max_lifetime: must be at least 1s, got 0s"},
		{"observe.log_format", "[observe]\nlog_format = \"xml\"\n", nil, `forge.toml:2: observe.log_format: must be one of text, json; got "xml"`},
		{"observe.log_format in production", "[observe]\nlog_format = \"xml\"\n", []string{"FORGE_ENV", "production", "FORGE_AUTH_SECRET", strings.Repeat("s", 32)}, `forge.toml:2: observe.log_format: must be one of text, json; got "xml"`},
		{"observe.log_level", "", []string{"FORGE_OBSERVE_LOG_LEVEL", "verbose"}, `FORGE_OBSERVE_LOG_LEVEL: must be one of debug, info, warn, error; got "verbose"`},
		{"observe.otlp_endpoint", "", []string{"FORGE_OBSERVE_OTLP_ENDPOINT", "collector:4318"}, `FORGE_OBSERVE_OTLP_ENDPOINT: must be an http:// or https:// URL such as "http://collector:4318", got "collector:4318"`},
		{"auth.secret unset in production", "", []string{"FORGE_ENV", "production"}, "auth.secret: must be at least 32 bytes in production, got 0; generate one with `openssl rand -base64 32`"},
		{"auth.secret short in production", "", []string{"FORGE_ENV", "production", "FORGE_AUTH_SECRET", "hunter2"}, "FORGE_AUTH_SECRET: must be at least 32 bytes in production, got 7; generate one with `openssl rand -base64 32`"},
		{"auth.secret development secret in production", "", []string{"FORGE_ENV", "production", "FORGE_AUTH_SECRET", DevelopmentSecret}, "FORGE_AUTH_SECRET: must not be the public development secret in production; generate one with `openssl rand -base64 32`"},
		{"auth.secret development secret outside production", "", []string{"FORGE_AUTH_SECRET", DevelopmentSecret}, ""},
		{"auth.secret empty outside production", "", []string{"FORGE_ENV", "test", "FORGE_AUTH_SECRET", ""}, ""},

		// All at once: the file's by line, then the rest by text.
		{"several", "[observe]\nlog_level = \"verbose\"\n\n[http]\nread_timeout = \"fast\"\nadress = 1\naddr = 80\n",
			[]string{"FORGE_ENV", "production", "FORGE_SSE_HEARTBEAT", "1", "FORGE_DATABASE_MIGRATE", "maybe"},
			strings.Join([]string{
				`forge.toml:2: observe.log_level: must be one of debug, info, warn, error; got "verbose"`,
				`forge.toml:5: http.read_timeout: not a duration such as "15s": "fast"`,
				`forge.toml:6: unknown key http.adress`,
				`forge.toml:7: http.addr: want a string, got an integer`,
				`FORGE_DATABASE_MIGRATE: not true or false: "maybe"`,
				`FORGE_SSE_HEARTBEAT: not a duration such as "15s": "1"`,
				"auth.secret: must be at least 32 bytes in production, got 0; generate one with `openssl rand -base64 32`",
			}, "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := loadErr(t, tt.file, tt.env...); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestErrorsAreSeparate(t *testing.T) {
	t.Parallel()
	_, err := LoadFrom("", env("FORGE_SSE_HEARTBEAT", "x", "FORGE_HTTP_ADDR", "y"))
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok || len(joined.Unwrap()) != 2 {
		t.Fatalf("LoadFrom error %v: want two joined errors", err)
	}
}

func TestMissingFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "forge.toml")
	_, err := LoadFrom(path, env())
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadFrom(missing) = %v, want an fs.ErrNotExist", err)
	}
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadFrom(missing) = %v, want it to name %s", err, path)
	}
}

// Secrets and database URLs must not reach logs through error messages.
func TestErrorsDoNotQuoteSecrets(t *testing.T) {
	t.Parallel()
	got := loadErr(t, "[database]\nurl = \"mysql://u:hunter2@db\"\n[auth]\nsecret = \"hunter2\"\n", "FORGE_ENV", "production")
	if got == "" || strings.Contains(got, "hunter2") {
		t.Errorf("error quotes a secret or has none:\n%s", got)
	}
	if want := 2; strings.Count(got, "\n")+1 != want {
		t.Errorf("got %d problems, want %d:\n%s", strings.Count(got, "\n")+1, want, got)
	}
}

func TestSettingsAreUnique(t *testing.T) {
	t.Parallel()
	var keys, vars []string
	for _, s := range settings(Default()) {
		keys = append(keys, s.key)
		vars = append(vars, s.env...)
	}
	for _, list := range [][]string{keys, vars} {
		if len(slices.Compact(slices.Sorted(slices.Values(list)))) != len(list) {
			t.Errorf("duplicates in %v", list)
		}
	}
}

// A FORGE_* variable that no key reads is ignored, with a warning when it
// looks like one a key does read; its value is never quoted (it may be a
// secret).
func TestEnvWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env  []string
		want []string
	}{
		{[]string{"FORGE_DATABSE_URL", "postgres://u:hunter2@db/app"},
			[]string{"FORGE_DATABSE_URL is not a Forge setting and is ignored; did you mean FORGE_DATABASE_URL?"}},
		{[]string{"FORGE_database_url", "x"},
			[]string{"FORGE_database_url is not a Forge setting and is ignored; did you mean FORGE_DATABASE_URL?"}},
		{[]string{"FORGE_LOG_LEVEL", "debug"}, // the section left out
			[]string{"FORGE_LOG_LEVEL is not a Forge setting and is ignored; did you mean FORGE_OBSERVE_LOG_LEVEL?"}},
		{[]string{"FORGE_ADDR", ":1"}, // of http.addr and admin.addr, the first
			[]string{"FORGE_ADDR is not a Forge setting and is ignored; did you mean FORGE_HTTP_ADDR?"}},
		{[]string{"FORGE_EVN", "production"},
			[]string{"FORGE_EVN is not a Forge setting and is ignored; did you mean FORGE_ENV?"}},
		{[]string{"FORGE_AUTH_SECRT", "hunter2", "FORGE_JOBS_TIMOUT", "1s"}, []string{
			"FORGE_AUTH_SECRT is not a Forge setting and is ignored; did you mean FORGE_AUTH_SECRET?",
			"FORGE_JOBS_TIMOUT is not a Forge setting and is ignored; did you mean FORGE_JOBS_TIMEOUT?",
		}},
		// Tools' and tests' own variables, and known ones, pass quietly.
		{[]string{"FORGE_TEST_DATABASE_URL", "x", "FORGE_HTTP", "x", "FORGE_HTTP_ADDR", ":1", "FORGE_ENV", "test", "FORGEDATABASE_URL", "x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.env[0], func(t *testing.T) {
			t.Parallel()
			c, err := LoadFrom("", env(tt.env...))
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Warnings(); !slices.Equal(got, tt.want) {
				t.Errorf("warnings\n%q\nwant\n%q", got, tt.want)
			}
			if c.Database.URL != Default().Database.URL {
				t.Errorf("database.url = %q: a misspelt variable was applied", c.Database.URL)
			}
			if strings.Contains(strings.Join(c.Warnings(), "\n"), "hunter2") {
				t.Error("a warning quotes a value")
			}
		})
	}
}

// Of a variable given twice, the last counts, as with exec.Cmd's Env.
func TestEnvLastWins(t *testing.T) {
	t.Parallel()
	c, err := LoadFrom("", []string{"FORGE_HTTP_ADDR=:1", "FORGE_HTTP_ADDR=:2", "NOT_A_PAIR"})
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != ":2" {
		t.Errorf("http.addr = %q, want :2", c.HTTP.Addr)
	}
}

// Validate applies Load's checks to a Config built in code, which is how
// runtime/server refuses one before it touches the database.
func TestValidate(t *testing.T) {
	t.Parallel()
	if err := Default().Validate(); err != nil {
		t.Errorf("Default().Validate() = %v", err)
	}
	c := Default()
	c.App.Env = "production"
	c.Auth.Secret = DevelopmentSecret
	c.Jobs.RescueAfter = Duration{time.Second}
	want := "auth.secret: must not be the public development secret in production; generate one with `openssl rand -base64 32`\n" +
		"jobs.rescue_after: must be greater than jobs.timeout (1m0s), got 1s"
	if err := c.Validate(); err == nil || err.Error() != want {
		t.Errorf("Validate() = %v, want\n%s", err, want)
	}
}
