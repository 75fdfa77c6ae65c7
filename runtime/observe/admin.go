package observe

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/forge-framework/forge/runtime/buildinfo"
)

// Health tells the admin server how the app is doing.
type Health struct {
	// Database checks the database, e.g. pool.Ping; nil means the app has no
	// database. A check that takes over 2 seconds fails.
	Database func(ctx context.Context) error
	// Ready reports whether the app should get traffic: false until startup
	// has finished, and again once shutdown has begun, so that load
	// balancers drain it first. Nil means always ready.
	Ready func() bool
}

// checkTimeout bounds the database check, so that a stuck database makes
// the probes fail instead of hang.
const checkTimeout = 2 * time.Second

// AdminHandler returns the admin server's handler, which must be served on
// cfg.Admin.Addr and never on the public port:
//
//	GET /metrics        Prometheus metrics from t.Registry
//	GET /healthz        build info and checks, 503 if a check fails
//	GET /readyz         readiness: 200 once ready and the database answers
//	    /debug/pprof/   net/http/pprof's index and its named profiles
//
// Other paths get 404, other methods 405. /healthz fails while the database
// is down, so it suits monitoring rather than a liveness probe that restarts
// the app. /debug/pprof/profile and /trace run for ?seconds= (CPU profile: 30
// by default), which the admin server's write timeout must allow.
func (t *Telemetry) AdminHandler(h Health) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(t.Registry, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(t.Logger.Handler(), slog.LevelError),
		// One failing collector should not hide all the others.
		ErrorHandling: promhttp.ContinueOnError,
	}))
	mux.HandleFunc("GET /healthz", h.serveHealthz)
	mux.HandleFunc("GET /readyz", h.serveReadyz)

	// Registered one by one on this mux: pprof's init registers them on
	// DefaultServeMux, which Forge never serves.
	mux.HandleFunc("GET /debug/pprof/", pprof.Index) // also heap, goroutine, allocs, block, mutex, threadcreate
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("POST /debug/pprof/symbol", pprof.Symbol) // go tool pprof posts addresses
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

// healthz is /healthz's body.
type healthz struct {
	Status  string            `json:"status"`
	Version string            `json:"version"`
	Commit  string            `json:"commit"`
	Date    string            `json:"date"`
	Checks  map[string]string `json:"checks"`
}

func (h Health) serveHealthz(w http.ResponseWriter, r *http.Request) {
	body := healthz{
		Status:  "ok",
		Version: buildinfo.Version,
		Commit:  buildinfo.Commit,
		Date:    buildinfo.Date,
		Checks:  map[string]string{},
	}
	code := http.StatusOK
	if h.Database != nil {
		body.Checks["database"] = "ok"
		if err := h.checkDatabase(r.Context()); err != nil {
			body.Checks["database"] = err.Error()
			body.Status = "unavailable"
			code = http.StatusServiceUnavailable
		}
	}
	writeJSON(w, code, body)
}

// readyz is /readyz's body.
type readyz struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

func (h Health) serveReadyz(w http.ResponseWriter, r *http.Request) {
	if h.Ready != nil && !h.Ready() {
		writeJSON(w, http.StatusServiceUnavailable, readyz{Status: "not ready", Reason: "starting or shutting down"})
		return
	}
	if h.Database != nil {
		if err := h.checkDatabase(r.Context()); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, readyz{Status: "not ready", Reason: "database: " + err.Error()})
			return
		}
	}
	writeJSON(w, http.StatusOK, readyz{Status: "ready"})
}

// errCheckTimeout is why a database check that took too long failed.
var errCheckTimeout = fmt.Errorf("no answer within %s", checkTimeout)

// checkDatabase runs h.Database for at most checkTimeout, even if it
// ignores its context.
func (h Health) checkDatabase(ctx context.Context) error {
	ctx, cancel := context.WithTimeoutCause(ctx, checkTimeout, errCheckTimeout)
	defer cancel()
	done := make(chan error, 1) // buffered: a late answer must not block its goroutine
	go func() { done <- h.Database(ctx) }()
	select {
	case err := <-done:
		if err != nil && ctx.Err() != nil {
			return fmt.Errorf("%w: %w", context.Cause(ctx), err)
		}
		return err
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
