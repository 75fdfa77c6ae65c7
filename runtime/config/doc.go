// Package config loads a Forge app's runtime configuration: the forge.toml
// file, then FORGE_* environment variables over it, then checks the result,
// so that a misconfigured app stops at start with every problem listed
// rather than failing at its first request.
//
// It is for the settings the runtime needs: listen addresses, timeouts,
// the database pool, River queues, SSE limits, logging, tracing and the
// default authenticator. It is not for an app's own settings (it rejects
// keys it does not know), and it has no command-line flags, no reloading
// and no secret store; where the file is found is the caller's choice
// (runtime/server takes -config, else ./forge.toml when it exists).
//
// # Precedence
//
// Each key takes, from lowest to highest precedence, its value in
// [Default], in the file, then in the environment. Then, when empty,
// observe.service_name and auth.issuer take app.name; the "default" queue
// is added to jobs.queues with 10 workers when missing; and app.env =
// "production" forces observe.log_format = "json", because production logs
// are read by machines.
//
// # The file
//
// forge.toml has one table per section. runtime/config/testdata/forge.toml
// lists every key with its default and what it does. Unknown keys and
// values of the wrong type are errors, so that a typo cannot silently leave
// a default in place; an unknown key's error names the key it was probably
// meant to be.
//
// # The environment
//
// Every key section.key is overridden by FORGE_<SECTION>_<KEY>, upper-cased:
// database.url by FORGE_DATABASE_URL, http.read_timeout by
// FORGE_HTTP_READ_TIMEOUT. app.env also has the shorter FORGE_ENV, which
// wins when both it and FORGE_APP_ENV are set. A variable that is set
// counts even when it is empty. Values are written by type:
//
//   - string: as is.
//   - duration: a Go duration such as "15s" or "1m30s".
//   - integer: decimal digits.
//   - bool: true or false (or what [strconv.ParseBool] accepts).
//   - queues: name=workers pairs joined by commas, "default=10,mail=2";
//     they replace the whole table, as a table in the file does.
//
// Other FORGE_* variables are ignored, so that tools and tests can have
// their own, such as FORGE_TEST_DATABASE_URL; but one that looks like a
// misspelling of a key's variable (FORGE_DATABSE_URL, or FORGE_LOG_LEVEL
// without its section) is named in [Config.Warnings] with the variable it
// was probably meant to be, and runtime/server logs it at start.
//
// Every key, its variables and its type (a test keeps this table in step
// with [Config]):
//
//	Key                     Environment variable           Type
//	app.name                FORGE_APP_NAME                 string
//	app.env                 FORGE_APP_ENV, FORGE_ENV       string
//	app.shutdown_timeout    FORGE_APP_SHUTDOWN_TIMEOUT     duration
//	http.addr               FORGE_HTTP_ADDR                string
//	http.read_timeout       FORGE_HTTP_READ_TIMEOUT        duration
//	http.write_timeout      FORGE_HTTP_WRITE_TIMEOUT       duration
//	http.idle_timeout       FORGE_HTTP_IDLE_TIMEOUT        duration
//	http.max_body_bytes     FORGE_HTTP_MAX_BODY_BYTES      integer
//	admin.addr              FORGE_ADMIN_ADDR               string
//	database.url            FORGE_DATABASE_URL             string
//	database.max_conns      FORGE_DATABASE_MAX_CONNS       integer
//	database.migrate        FORGE_DATABASE_MIGRATE         bool
//	jobs.queues             FORGE_JOBS_QUEUES              queues
//	jobs.timeout            FORGE_JOBS_TIMEOUT             duration
//	jobs.rescue_after       FORGE_JOBS_RESCUE_AFTER        duration
//	sse.max_total           FORGE_SSE_MAX_TOTAL            integer
//	sse.max_per_user        FORGE_SSE_MAX_PER_USER         integer
//	sse.heartbeat           FORGE_SSE_HEARTBEAT            duration
//	sse.max_lifetime        FORGE_SSE_MAX_LIFETIME         duration
//	observe.log_format      FORGE_OBSERVE_LOG_FORMAT       string
//	observe.log_level       FORGE_OBSERVE_LOG_LEVEL        string
//	observe.otlp_endpoint   FORGE_OBSERVE_OTLP_ENDPOINT    string
//	observe.service_name    FORGE_OBSERVE_SERVICE_NAME     string
//	auth.secret             FORGE_AUTH_SECRET              string
//	auth.issuer             FORGE_AUTH_ISSUER              string
//
// # Errors
//
// [LoadFrom] reports every problem at once, one a line: those in the file
// first, by line, then the others in alphabetical order. Each says where
// the value came from (the file and the line of the value, or the
// variable) and which key it is for. Secrets and database URLs are never
// quoted back.
//
//	forge.toml:4: unknown key http.addres (did you mean http.addr?)
//	forge.toml:5: http.read_timeout: not a duration such as "15s": "fast"
//	forge.toml:9: observe.log_level: must be one of debug, info, warn, error; got "verbose"
//	FORGE_DATABASE_MAX_CONNS: not an integer: "ten"
//	auth.secret: must be at least 32 bytes in production, got 0; generate one with `openssl rand -base64 32`
//
// A missing file is a single error that wraps the one from [os.ReadFile].
package config
