// Package jobs wires River, the Postgres job queue, into a Forge app: it
// builds the River client with the app's queues, timeouts, tracing, error
// logging and tenant propagation, and runs River's migrations in their place
// before the app's (Up, Down, Status).
//
// A job acting for a tenant embeds [TenantArgs] in its args, so they encode a
// top-level "tenant_id". Whatever the args type, a worker middleware reads
// that field and runs the worker with the tenant in its context
// (auth.TenantFromContext), so tenant-scoped queries work in jobs as in
// requests. A job without it runs with no principal, and tenant-scoped data
// must then not be touched.
//
// What this package is not for:
//   - defining jobs: apps define their args and workers and register them in
//     a river.Workers; generated code inserts jobs with InsertTx in the
//     transaction of the change that causes them;
//   - the app's own migrations: runtime/migrate loads and runs those; this
//     package only puts River's before them, under the same advisory lock;
//   - in-process events: runtime/notify fans out changes to SSE streams.
package jobs

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"github.com/riverqueue/rivercontrib/otelriver"

	"github.com/forge-framework/forge/runtime/config"
)

// NewClient returns a River client on pool, not yet started.
//
// With workers, the client works the queues of cfg, each with its number of
// workers; the "default" queue is always worked, with [config.DefaultQueueWorkers]
// unless cfg says otherwise. With nil workers the client only inserts jobs
// (for another process to work) and cannot be started.
//
// cfg.Timeout bounds each attempt of a job (River's JobTimeout) and
// cfg.RescueAfter is how long a job may stay running before River retries it
// as lost (RescueStuckJobsAfter), which is what recovers the jobs of a
// killed process; zero leaves River's default (1 minute, 1 hour).
//
// The client
//   - traces and measures jobs with OpenTelemetry (otelriver) through the
//     global providers, so whatever the app installs with otel.SetTracerProvider
//     and otel.SetMeterProvider, before or after this call, receives them; the
//     trace context of the inserting request is carried in the job's metadata
//     and linked from the job's span;
//   - runs each job for a tenant with that tenant in its context (see the
//     package doc);
//   - logs every failed attempt and every panic to logger (nil means
//     slog.Default()), which River also uses for its own logs.
//
// opts adjust how a client that works jobs stops (see [SoftStop]).
func NewClient(pool *pgxpool.Pool, cfg config.Jobs, workers *river.Workers, logger *slog.Logger, opts ...Option) (*river.Client[pgx.Tx], error) {
	if logger == nil {
		logger = slog.Default()
	}
	riverCfg := &river.Config{
		ErrorHandler:         &errorLogger{logger: logger},
		Logger:               logger,
		JobTimeout:           cfg.Timeout.Duration,
		RescueStuckJobsAfter: cfg.RescueAfter.Duration,
		// Plugins rather than Middleware: otelriver is a hook (it receives
		// River's metrics) as well as a middleware. Plugins apply in order,
		// so the work span covers the tenant middleware and the worker.
		Plugins: []rivertype.Plugin{
			otelriver.NewMiddleware(&otelriver.MiddlewareConfig{EnableTracePropagation: true}),
			&tenantMiddleware{},
		},
	}
	if workers != nil {
		riverCfg.Workers = workers
		riverCfg.Queues = queues(cfg)
	}
	for _, o := range opts {
		o(riverCfg)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), riverCfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: create River client: %w", err)
	}
	return client, nil
}

// Option adjusts the River client NewClient builds.
type Option func(*river.Config)

// SoftStop bounds how long stopping a client that works jobs waits for the
// running ones to finish: after d their contexts are cancelled, so they
// fail and return to the queue for a retry, and the stop completes. This
// holds however the stop begins: Stop, StopAndCancel (which cancels at
// once), or cancelling the context given to Start (River's
// SoftStopTimeout). Without it, Stop waits for the jobs however long they
// run.
func SoftStop(d time.Duration) Option {
	return func(c *river.Config) { c.SoftStopTimeout = d }
}

// queues returns River's queue configuration for cfg.
func queues(cfg config.Jobs) map[string]river.QueueConfig {
	all := cfg.WithQueues(river.QueueDefault).Queues
	queues := make(map[string]river.QueueConfig, len(all))
	for name, n := range all {
		queues[name] = river.QueueConfig{MaxWorkers: n}
	}
	return queues
}
