package config

import (
	"fmt"
	"time"
)

// Config is a Forge app's configuration. Its TOML keys are the snake_case
// names in the struct tags, grouped by section; each can be overridden by
// the environment variable FORGE_<SECTION>_<KEY> (see the package doc).
type Config struct {
	App      App      `toml:"app"`
	HTTP     HTTP     `toml:"http"`
	Admin    Admin    `toml:"admin"`
	Database Database `toml:"database"`
	Jobs     Jobs     `toml:"jobs"`
	SSE      SSE      `toml:"sse"`
	Observe  Observe  `toml:"observe"`
	Auth     Auth     `toml:"auth"`

	// warnings are what Load noticed but did not refuse; see Warnings.
	warnings []string
}

// App names the app and the environment it runs in.
type App struct {
	// Name identifies the app in logs and traces, and is the default of
	// observe.service_name and auth.issuer. Defaults to "forge-app".
	Name string `toml:"name"`
	// Env is "development", "test" or "production"; production forces JSON
	// logs. Set by FORGE_ENV (or FORGE_APP_ENV). Defaults to "development".
	Env string `toml:"env"`
	// ShutdownTimeout bounds a graceful shutdown: draining HTTP, ending SSE
	// streams, letting running jobs finish. Defaults to 25 seconds.
	ShutdownTimeout Duration `toml:"shutdown_timeout"`
}

// HTTP configures the public HTTP server.
type HTTP struct {
	// Addr is the listen address, host:port; an empty host listens on every
	// interface. Defaults to ":8080".
	Addr string `toml:"addr"`
	// ReadTimeout bounds reading a whole request. Defaults to 15 seconds.
	ReadTimeout Duration `toml:"read_timeout"`
	// WriteTimeout bounds writing a response; SSE streams lift it for
	// themselves. Defaults to 30 seconds.
	WriteTimeout Duration `toml:"write_timeout"`
	// IdleTimeout bounds keep-alive idle time. Defaults to 120 seconds.
	IdleTimeout Duration `toml:"idle_timeout"`
	// MaxBodyBytes caps request bodies; larger ones get 413. Defaults to
	// 1 MiB.
	MaxBodyBytes int64 `toml:"max_body_bytes"`
}

// Admin configures the admin server (metrics, health, pprof), which must
// not be reachable from the public network.
type Admin struct {
	// Addr is the admin listen address. Defaults to "127.0.0.1:9090".
	Addr string `toml:"addr"`
}

// Database configures the PostgreSQL pool.
type Database struct {
	// URL is a postgres:// or postgresql:// connection URL. Defaults to
	// "postgres://localhost:5432/forge?sslmode=disable".
	URL string `toml:"url"`
	// MaxConns caps the pool's connections; at least 1. Defaults to 10.
	MaxConns int32 `toml:"max_conns"`
	// Migrate applies pending migrations (the app's and River's) at start.
	// Defaults to true.
	Migrate bool `toml:"migrate"`
}

// Jobs configures River.
type Jobs struct {
	// Queues maps each queue name to its maximum number of concurrent
	// workers. Names follow River's rule (lower-case letters and digits,
	// joined by "_" or "-", at most 64 bytes) and workers are 1 to 10000. A
	// table in the file or FORGE_JOBS_QUEUES="default=10,mail=2" replaces
	// the whole map, and the "default" queue is added back with 10 workers
	// when it is missing, because River inserts jobs there unless told
	// otherwise. Defaults to {default = 10}.
	Queues map[string]int `toml:"queues"`
	// Timeout bounds one attempt of a job: its context is cancelled then,
	// and the attempt fails and is retried. Defaults to 1 minute.
	Timeout Duration `toml:"timeout"`
	// RescueAfter is how long a job may stay running before River takes it
	// for lost (its process was killed or its database connection cut) and
	// retries it; greater than Timeout, so that a live job is not run twice.
	// A lost job is retried within RescueAfter plus River's rescue interval
	// (30 s). Defaults to 5 minutes (River's own default is 1 hour).
	RescueAfter Duration `toml:"rescue_after"`
}

// SSE configures server-sent event streams.
type SSE struct {
	// MaxTotal caps open streams across all users. Defaults to 5000.
	MaxTotal int `toml:"max_total"`
	// MaxPerUser caps open streams per user; at most MaxTotal. Defaults to
	// 10.
	MaxPerUser int `toml:"max_per_user"`
	// Heartbeat is the interval of keep-alive comments; at least 1 second.
	// Defaults to 15 seconds.
	Heartbeat Duration `toml:"heartbeat"`
	// MaxLifetime bounds how long a stream stays open; at least 1 second.
	// A stream ends with a "close" event after between 90% and 100% of it
	// (spread so that streams opened together do not reconnect together),
	// and the client reconnects, so that streams move to new instances
	// after a deploy or a scale-out. A stream also ends, with
	// "reauthenticate", when its token expires. Defaults to 1 hour.
	MaxLifetime Duration `toml:"max_lifetime"`
}

// Observe configures logging, tracing and metrics.
type Observe struct {
	// LogFormat is "text" or "json"; production always uses "json".
	// Defaults to "text".
	LogFormat string `toml:"log_format"`
	// LogLevel is "debug", "info", "warn" or "error". Defaults to "info".
	LogLevel string `toml:"log_level"`
	// OTLPEndpoint is an OTLP/HTTP endpoint ("http://collector:4318") for
	// traces; empty exports none. Defaults to "".
	OTLPEndpoint string `toml:"otlp_endpoint"`
	// ServiceName is the OpenTelemetry service.name. Defaults to App.Name.
	ServiceName string `toml:"service_name"`
}

// Auth configures the default bearer-token authenticator.
type Auth struct {
	// Secret signs and verifies HS256 tokens; in production at least 32
	// bytes and not DevelopmentSecret (see CheckProductionSecret). Defaults
	// to "" (DevelopmentSecret is used outside production).
	Secret string `toml:"secret"`
	// Issuer is the tokens' iss claim. Defaults to App.Name.
	Issuer string `toml:"issuer"`
}

// Duration is a time.Duration written as a Go duration string ("15s",
// "1m30s") in TOML and the environment.
type Duration struct {
	time.Duration
}

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := time.ParseDuration(string(text))
	if err != nil {
		return fmt.Errorf("not a duration such as \"15s\": %q", text)
	}
	if v < 0 {
		return fmt.Errorf("duration must not be negative: %q", text)
	}
	d.Duration = v
	return nil
}

// MarshalText formats the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) {
	return []byte(d.Duration.String()), nil
}

// Default returns a configuration that works for local development. It is
// what Load starts from; it does not apply the derived defaults (such as
// ServiceName from App.Name) that Load does.
func Default() *Config {
	return &Config{
		App:      App{Name: "forge-app", Env: "development", ShutdownTimeout: Duration{25 * time.Second}},
		HTTP:     HTTP{Addr: ":8080", ReadTimeout: Duration{15 * time.Second}, WriteTimeout: Duration{30 * time.Second}, IdleTimeout: Duration{120 * time.Second}, MaxBodyBytes: 1 << 20},
		Admin:    Admin{Addr: "127.0.0.1:9090"},
		Database: Database{URL: "postgres://localhost:5432/forge?sslmode=disable", MaxConns: 10, Migrate: true},
		Jobs:     Jobs{Queues: map[string]int{DefaultQueue: DefaultQueueWorkers}, Timeout: Duration{time.Minute}, RescueAfter: Duration{5 * time.Minute}},
		SSE:      SSE{MaxTotal: 5000, MaxPerUser: 10, Heartbeat: Duration{15 * time.Second}, MaxLifetime: Duration{time.Hour}},
		Observe:  Observe{LogFormat: "text", LogLevel: "info"},
	}
}

// Warnings returns what Load noticed but did not refuse, one sentence
// each: FORGE_* environment variables that no key reads but that look like
// a misspelling of one that does. Callers log them at start.
func (c *Config) Warnings() []string { return c.warnings }

// Production reports whether the app runs in production.
func (c *Config) Production() bool { return c.App.Env == "production" }
