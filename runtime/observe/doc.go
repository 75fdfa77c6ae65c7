// Package observe makes a Forge app observable: its structured logger, its
// OpenTelemetry traces and metrics, and the admin server that operators and
// Prometheus talk to.
//
// An app builds, once, at start:
//
//   - a logger with [NewLogger]: JSON in production, text while developing;
//   - its [Telemetry] with [Setup]: a MeterProvider whose metrics a private
//     Prometheus registry serves (with the Go and process collectors), and a
//     TracerProvider that exports spans over OTLP/HTTP only when
//     observe.otlp_endpoint is set;
//   - the public handler wrapped by [Telemetry.HTTPHandler] and the pgx pool
//     configured by [Telemetry.InstrumentPool];
//   - the admin handler from [Telemetry.AdminHandler]: /metrics, /healthz,
//     /readyz and /debug/pprof/, to be served on cfg.Admin.Addr, never on the
//     public port.
//
// Setup changes process-wide OpenTelemetry state: the text-map propagator
// (W3C TraceContext and Baggage), and, on its first call, the error handler
// and the internal logger, which it makes route to the apps' loggers, each
// distinct message at most once a minute per logger so that an unreachable
// collector cannot flood the logs. An error of a Telemetry's own span
// exporter goes to its logger alone; one whose origin is unknown (a library
// calling otel.Handle) goes to every Telemetry not yet shut down. Setting
// another error handler or logger afterwards replaces the routing. Setup
// does not set the global TracerProvider or MeterProvider: everything here
// uses the Telemetry's own, so two Telemetry values (in tests, say) do not
// mix.
//
// What observe is not for:
//   - serving DefaultServeMux: importing net/http/pprof registers the
//     profiling handlers there as a side effect, so a server that served it
//     would expose them; the admin handler has its own mux, and the public
//     server must use one too;
//   - deciding what to log or which spans to add: handlers and jobs do that
//     with the logger and providers they are given;
//   - logs export over OTLP, sampling policy, or metrics push: traces go to a
//     collector, metrics are scraped, logs go to the writer given to
//     [NewLogger] (stdout, collected by the platform).
package observe
