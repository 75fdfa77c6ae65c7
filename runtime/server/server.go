// Package server runs a Forge app: it wires configuration, logging,
// OpenTelemetry, the pgx pool, migrations, River, the notify hub, the admin
// server and the public HTTP server (with authentication and SSE), and shuts
// them down gracefully.
//
// An app's main is usually one line:
//
//	func main() { server.Main(app) }
//
// Main reads forge.toml and FORGE_* variables (runtime/config), handles the
// `healthcheck` subcommand (so an image without a shell can check itself),
// and runs until SIGINT or SIGTERM.
//
// Routes under /api/ require a bearer token (runtime/auth); GET /api/events
// is the SSE stream of the caller's tenant's changes (runtime/sse).
//
// What this package is not for: defining routes, jobs or migrations — the
// App supplies those (generated code registers most of them).
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"go.opentelemetry.io/otel"

	"github.com/forge-framework/forge/runtime/app"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/jobs"
	"github.com/forge-framework/forge/runtime/notify"
	"github.com/forge-framework/forge/runtime/observe"
	"github.com/forge-framework/forge/runtime/sse"
)

// EventsPath is the route of the SSE stream.
const EventsPath = "/api/events"

// ServingMessage is the message of the log line (level info) Serve writes
// once both servers serve; its attributes "http" and "admin" are the addresses
// the listeners are bound to. With port 0 in http.addr or admin.addr the
// kernel picks a free port and this line is where it is reported: a test or
// supervisor that starts the app reads it (FORGE_OBSERVE_LOG_FORMAT=json
// makes it one JSON object) rather than choosing a port for the app, which
// another process could take before the app binds it.
const ServingMessage = "serving"

// App is what an app adds to the server.
type App struct {
	// Migrations holds the app's SQL migrations (NNNN_name.up.sql and
	// .down.sql at its root), usually an embedded directory. Nil means none.
	Migrations fs.FS
	// Workers registers the app's River workers. d.River inserts jobs from
	// the start: it is built before the workers, and the client that works
	// the jobs is built from them. Nil means no workers.
	Workers func(w *river.Workers, d app.Deps) error
	// Routes registers the app's HTTP handlers. Patterns under /api/ are
	// authenticated. Nil means no routes besides the SSE stream.
	Routes func(mux *http.ServeMux, d app.Deps) error
	// Queues are the queues the app's jobs are inserted into (generated as
	// gen/workers.Queues). Each one the configuration's jobs.queues lacks
	// is worked with config.DefaultQueueWorkers, so that no job waits on a
	// queue nobody works. Nil means only the configured queues.
	Queues []string
	// Authenticator replaces the default HS256 bearer-token authenticator.
	Authenticator auth.Authenticator
}

// Server is a started app: its listeners are bound and its migrations
// applied. Serve runs it.
type Server struct {
	cfg       *config.Config
	logger    *slog.Logger
	telemetry *observe.Telemetry
	pool      *pgxpool.Pool
	river     *river.Client[pgx.Tx]
	workers   bool // the app registered workers: River is started
	hub       *notify.PostgresHub
	events    *sse.Handler
	public    *http.Server
	admin     *http.Server
	publicLn  net.Listener
	adminLn   net.Listener
	ready     atomic.Bool
	// jobsDraining is closed as shutdown starts waiting for running jobs.
	// A test seam, not API: a test releases its job on it, so that the
	// drain is what the job finishes in, however slow the machine.
	jobsDraining chan struct{}
}

// Run builds the server and serves until ctx is done, then shuts down
// within cfg.App.ShutdownTimeout.
func Run(ctx context.Context, cfg *config.Config, a App) error {
	s, err := New(ctx, cfg, a)
	if err != nil {
		return err
	}
	return s.Serve(ctx)
}

// New checks the configuration, connects to the database, applies pending
// migrations (under an advisory lock, so instances starting together apply
// them once), builds River, the hub and both HTTP servers, and binds their
// listeners. On error everything already built is closed again.
//
// Every check of the configuration runs before anything touches the
// database, so a misconfigured app (in production with the public
// development secret, say) creates no tables before it refuses to start.
func New(ctx context.Context, cfg *config.Config, a App) (s *Server, err error) {
	// Again, though Load has checked: cfg may be built or changed in code.
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	logger, err := observe.NewLogger(cfg, os.Stderr)
	if err != nil {
		return nil, err
	}
	for _, w := range cfg.Warnings() {
		logger.Warn(w)
	}
	authn, err := authenticator(cfg, a.Authenticator, logger)
	if err != nil {
		return nil, err
	}
	built := &Server{cfg: cfg, logger: logger, jobsDraining: make(chan struct{})}
	s = built
	defer func() {
		if err != nil {
			// built, not s: the error returns have set s to nil.
			built.close(context.Background())
		}
	}()
	if s.telemetry, err = observe.Setup(ctx, cfg, logger); err != nil {
		return nil, fmt.Errorf("observability: %w", err)
	}
	// Libraries that only know the global providers (otelriver) report
	// through this app's.
	otel.SetTracerProvider(s.telemetry.TracerProvider)
	otel.SetMeterProvider(s.telemetry.MeterProvider)
	if s.pool, err = s.connect(ctx); err != nil {
		return nil, err
	}
	if cfg.Database.Migrate {
		applied, err := jobs.Up(ctx, s.pool, a.Migrations, logger)
		for _, m := range applied.App {
			logger.Info("applied migration", "version", m.Version, "name", m.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("migrations: %w", err)
		}
	}
	// River builds a client from its workers, and workers are built with
	// the client that inserts their follow-up jobs: so the routes and
	// workers get an insert-only client, built first, and the jobs are
	// worked by a client built from the workers. Without workers the
	// insert-only client is the only one (River refuses to start with
	// none), and other instances or processes work the jobs.
	inserter, err := jobs.NewClient(s.pool, cfg.Jobs, nil, logger)
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	deps := app.Deps{Logger: logger, Pool: s.pool, River: inserter}
	s.river = inserter
	if a.Workers != nil {
		workers := river.NewWorkers()
		if err := a.Workers(workers, deps); err != nil {
			return nil, fmt.Errorf("register workers: %w", err)
		}
		soft := jobs.SoftStop(softStop(cfg.App.ShutdownTimeout.Duration))
		if s.river, err = jobs.NewClient(s.pool, cfg.Jobs.WithQueues(a.Queues...), workers, logger, soft); err != nil {
			return nil, fmt.Errorf("river client: %w", err)
		}
		s.workers = true
	}
	// The hub's one subscriber is the SSE handler, which keeps the last
	// 1024 events for replay anyway: a buffer as large takes a burst (a
	// bulk write's notifications arrive, and are delivered, together)
	// without turning it into a refresh for every stream.
	s.hub = notify.NewPostgresHub(s.pool, notify.HubOptions{Buffer: 1024, Logger: logger})

	public, err := s.publicHandler(a, authn, deps)
	if err != nil {
		return nil, err
	}
	s.public = &http.Server{
		Handler:           public,
		ReadTimeout:       cfg.HTTP.ReadTimeout.Duration,
		ReadHeaderTimeout: min(cfg.HTTP.ReadTimeout.Duration, 10*time.Second),
		WriteTimeout:      cfg.HTTP.WriteTimeout.Duration,
		IdleTimeout:       cfg.HTTP.IdleTimeout.Duration,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	s.admin = &http.Server{
		Handler: s.telemetry.AdminHandler(observe.Health{
			Database: s.pool.Ping,
			Ready:    s.ready.Load,
		}),
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	// Bind before serving so a taken port fails start-up, not a goroutine.
	if s.publicLn, err = net.Listen("tcp", cfg.HTTP.Addr); err != nil {
		return nil, fmt.Errorf("http.addr: %w", err)
	}
	if s.adminLn, err = net.Listen("tcp", cfg.Admin.Addr); err != nil {
		return nil, fmt.Errorf("admin.addr: %w", err)
	}
	return s, nil
}

// connect opens the pool and waits for the database, retrying for a while
// so that an app starting next to its database does not fail at once.
func (s *Server) connect(ctx context.Context) (*pgxpool.Pool, error) {
	pcfg, err := pgxpool.ParseConfig(s.cfg.Database.URL)
	if err != nil {
		return nil, fmt.Errorf("database.url: %w", err)
	}
	pcfg.MaxConns = s.cfg.Database.MaxConns
	s.telemetry.InstrumentPool(pcfg)
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	if err := s.telemetry.RecordPoolStats(pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pool metrics: %w", err)
	}
	const wait = 30 * time.Second
	deadline := time.Now().Add(wait)
	for delay := 100 * time.Millisecond; ; delay = min(2*delay, 2*time.Second) {
		pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err = pool.Ping(pingCtx)
		cancel()
		if err == nil {
			return pool, nil
		}
		if time.Now().Add(delay).After(deadline) || ctx.Err() != nil {
			pool.Close()
			return nil, fmt.Errorf("database %s unreachable after %s: %w", redact(pcfg), wait, err)
		}
		s.logger.Warn("waiting for the database", "error", err, "retry_in", delay)
		select {
		case <-time.After(delay):
		case <-ctx.Done():
		}
	}
}

func redact(pcfg *pgxpool.Config) string {
	c := pcfg.ConnConfig
	return fmt.Sprintf("%s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

// authenticator returns the app's authenticator, or the default HS256
// bearer-token one with the configured secret and issuer, logging at debug
// level why a request's credentials were refused.
func authenticator(cfg *config.Config, authn auth.Authenticator, logger *slog.Logger) (auth.Authenticator, error) {
	if authn == nil {
		secret, err := auth.SecretFromConfig(cfg)
		if err != nil {
			return nil, err
		}
		authn = &auth.BearerAuthenticator{Secret: secret, Issuer: cfg.Auth.Issuer}
	}
	return refusalLogger{authn, logger}, nil
}

// refusalLogger logs why credentials were refused: the client gets only
// "expired" or "invalid" (saying more would help an attacker), so the
// operator reads the rest (bad signature, wrong issuer, not yet valid,
// malformed) here. A request without credentials is not logged.
type refusalLogger struct {
	auth.Authenticator
	logger *slog.Logger
}

func (a refusalLogger) Authenticate(r *http.Request) (auth.Principal, error) {
	p, err := a.Authenticator.Authenticate(r)
	if err != nil && !errors.Is(err, auth.ErrNoToken) {
		a.logger.DebugContext(r.Context(), "credentials refused", "error", err, "method", r.Method, "path", r.URL.Path)
	}
	return p, err
}

// publicHandler builds the public mux: the app's routes and the SSE stream,
// authentication for /api/ with authn, the body limit, and tracing around
// it all.
func (s *Server) publicHandler(a App, authn auth.Authenticator, deps app.Deps) (http.Handler, error) {
	s.events = sse.NewHandler(s.hub, sse.NewLimiter(s.cfg.SSE.MaxTotal, s.cfg.SSE.MaxPerUser), sse.Options{
		Heartbeat:   s.cfg.SSE.Heartbeat.Duration,
		MaxLifetime: s.cfg.SSE.MaxLifetime.Duration,
		Logger:      s.logger,
	})
	mux := http.NewServeMux()
	mux.Handle("GET "+EventsPath, s.events)
	if a.Routes != nil {
		if err := a.Routes(mux, deps); err != nil {
			return nil, fmt.Errorf("register routes: %w", err)
		}
	}
	authed := auth.Middleware(authn, mux)
	limit := s.cfg.HTTP.MaxBodyBytes
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if strings.HasPrefix(r.URL.Path, "/api/") {
			authed.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	return s.telemetry.HTTPHandler(handler, "http.server"), nil
}

// works reports whether this instance works jobs, not only inserts them.
func (s *Server) works() bool { return s.workers }

// Handler is what the public listener serves: the app's routes and the
// SSE stream behind authentication, the body limit and tracing. Tests
// serve it in-process (httptest) to send requests a client library would
// refuse to, and to see a handler's panic as the test's own.
func (s *Server) Handler() http.Handler { return s.public.Handler }

// PublicAddr is the public listener's address (useful with port 0).
func (s *Server) PublicAddr() net.Addr { return s.publicLn.Addr() }

// AdminAddr is the admin listener's address.
func (s *Server) AdminAddr() net.Addr { return s.adminLn.Addr() }

// Serve starts River, the hub and both HTTP servers, reports ready, and
// blocks until ctx is done or a server fails; then it shuts everything down
// within cfg.App.ShutdownTimeout.
func (s *Server) Serve(ctx context.Context) error {
	// The hub stops when told to, after HTTP has drained. River starts its
	// soft stop as soon as ctx ends, beside the HTTP drain, and cancels the
	// jobs still running when the soft stop timeout (softStop) is up.
	hubCtx, stopHub := context.WithCancel(context.WithoutCancel(ctx))
	defer stopHub()
	if s.works() {
		if err := s.river.Start(ctx); err != nil {
			s.close(context.Background())
			return fmt.Errorf("start river: %w", err)
		}
	}
	var wg sync.WaitGroup
	failed := make(chan error, 3)
	wg.Go(func() {
		if err := s.hub.Start(hubCtx); err != nil && !errors.Is(err, context.Canceled) {
			failed <- fmt.Errorf("notify hub: %w", err)
		}
	})
	serve := func(name string, srv *http.Server, ln net.Listener) {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			failed <- fmt.Errorf("%s server: %w", name, err)
		}
	}
	wg.Go(func() { serve("admin", s.admin, s.adminLn) })
	wg.Go(func() { serve("public", s.public, s.publicLn) })
	s.ready.Store(true)
	s.logger.Info(ServingMessage, "http", s.PublicAddr().String(), "admin", s.AdminAddr().String())

	var cause error
	select {
	case <-ctx.Done():
		s.logger.Info("shutting down", "timeout", s.cfg.App.ShutdownTimeout.Duration)
	case cause = <-failed:
		s.logger.Error("shutting down after a failure", "error", cause)
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.App.ShutdownTimeout.Duration)
	defer cancel()
	err := s.shutdown(shutdownCtx, stopHub)
	wg.Wait()
	return errors.Join(cause, err)
}

// shutdown stops taking work and drains it, in dependency order: readiness
// off, SSE streams closed (they would hold Shutdown open), HTTP drained,
// River stopped (running jobs finish; those still running when the soft
// stop timeout is up are cancelled and return to the queue), then the hub,
// the admin server, the pool and the telemetry exporters.
func (s *Server) shutdown(ctx context.Context, stopHub context.CancelFunc) error {
	s.ready.Store(false)
	s.events.Close()
	var errs []error
	if err := s.public.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("http shutdown: %w", err))
	}
	if s.works() {
		// Begins the soft stop if ctx's end has not (Serve stopping after a
		// failure), and waits for it.
		close(s.jobsDraining)
		if err := s.river.Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("river stop: %w", err))
		}
	}
	stopHub()
	if err := s.admin.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("admin shutdown: %w", err))
	}
	s.close(ctx)
	if len(errs) == 0 {
		s.logger.Info("stopped")
	}
	return errors.Join(errs...)
}

// softStop is how long River lets running jobs finish once the server
// stops: app.shutdown_timeout less the second (or half of it, when that is
// shorter) in which the jobs it then cancels are recorded as failed and
// returned to the queue.
func softStop(shutdown time.Duration) time.Duration {
	return max(shutdown-time.Second, shutdown/2)
}

// close releases what New built; safe on a partly built server.
func (s *Server) close(ctx context.Context) {
	for _, ln := range []net.Listener{s.publicLn, s.adminLn} {
		if ln != nil {
			ln.Close()
		}
	}
	if s.pool != nil {
		s.pool.Close()
	}
	if s.telemetry != nil {
		if err := s.telemetry.Shutdown(ctx); err != nil {
			s.logger.Warn("telemetry shutdown", "error", err)
		}
	}
}
