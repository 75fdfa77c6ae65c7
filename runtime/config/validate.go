package config

import (
	"maps"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"
)

// validate checks the values that set cannot check alone.
func (l *loader) validate() {
	c := l.c
	check := func(key string, ok bool, format string, args ...any) {
		if !ok {
			l.problem(l.from[key], key, format, args...)
		}
	}
	checkErr := func(key string, err error) {
		if err != nil {
			l.problem(l.from[key], key, "%v", err)
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
		checkErr("jobs.queues", CheckQueueName(name))
		check("jobs.queues", n >= 1 && n <= 10000, "queue %q: workers must be 1 to 10000, got %d", name, n)
	}
	positive("jobs.timeout", c.Jobs.Timeout)
	// River would rescue a job still within its timeout, running it twice.
	check("jobs.rescue_after", c.Jobs.RescueAfter.Duration > c.Jobs.Timeout.Duration,
		"must be greater than jobs.timeout (%s), got %s", c.Jobs.Timeout, c.Jobs.RescueAfter)

	check("sse.max_total", c.SSE.MaxTotal >= 1, "must be at least 1, got %d", c.SSE.MaxTotal)
	check("sse.max_per_user", c.SSE.MaxPerUser >= 1 && c.SSE.MaxPerUser <= c.SSE.MaxTotal,
		"must be 1 to sse.max_total (%d), got %d", c.SSE.MaxTotal, c.SSE.MaxPerUser)
	check("sse.heartbeat", c.SSE.Heartbeat.Duration >= time.Second, "must be at least 1s, got %s", c.SSE.Heartbeat)
	check("sse.max_lifetime", c.SSE.MaxLifetime.Duration >= time.Second, "must be at least 1s, got %s", c.SSE.MaxLifetime)

	oneOf("observe.log_format", c.Observe.LogFormat, "text", "json")
	oneOf("observe.log_level", c.Observe.LogLevel, "debug", "info", "warn", "error")
	if e := c.Observe.OTLPEndpoint; e != "" {
		u, err := url.Parse(e)
		check("observe.otlp_endpoint", err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "",
			`must be an http:// or https:// URL such as "http://collector:4318", got %q`, e)
	}

	if c.Production() {
		checkErr("auth.secret", CheckProductionSecret(c.Auth.Secret))
	}
}
