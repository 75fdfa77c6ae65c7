package observe

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-logr/logr"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// repeatEvery is how often one OpenTelemetry message may be logged. An
// unreachable collector fails every batch export (every 5 seconds by
// default), always with the same error.
const repeatEvery = time.Minute

// OpenTelemetry has one error handler and one internal logger per process
// (otel.SetErrorHandler, otel.SetLogger), but a process may hold several
// Telemetry values, tests above all, each with its own logger. So the first
// Setup installs a dispatcher as both, once (components keep the handler
// they found, so replacing it on every Setup would not reach them), and
// each Telemetry adds to it a route to its own logger (errorRoute):
//
//   - an error of a Telemetry's own span exporter carries its route
//     (ownedError) and is logged by that Telemetry alone, also after its
//     Shutdown, which the exporter's last error can follow;
//   - an error or internal message with no owner (a library's otel.Handle,
//     the SDK's warnings) is logged by every Telemetry not yet shut down,
//     or by slog.Default when there is none.
//
// Each route limits repeats on its own, through a limitedHandler.

// errorRoute is one Telemetry's share of OpenTelemetry's errors.
type errorRoute struct {
	handler slog.Handler // the Telemetry's logger's, behind a limiter
	logger  *slog.Logger // of handler
	// received counts the errors routed here, before the limiter drops
	// repeats; tests wait on it.
	received atomic.Int64
}

func newErrorRoute(logger *slog.Logger) *errorRoute {
	h := &limitedHandler{next: logger.Handler(), limiter: newLimiter(repeatEvery, time.Now)}
	return &errorRoute{handler: h, logger: slog.New(h)}
}

func (r *errorRoute) handle(err error) {
	r.received.Add(1)
	r.logger.Error("opentelemetry error", "error", err)
}

// own marks err, if any, as r's.
func (r *errorRoute) own(err error) error {
	if err == nil {
		return nil
	}
	return &ownedError{err: err, route: r}
}

// ownedError is an error that one Telemetry's logger is to report.
type ownedError struct {
	err   error
	route *errorRoute
}

func (e *ownedError) Error() string { return e.err.Error() }
func (e *ownedError) Unwrap() error { return e.err }

// ownedExporter marks its exporter's errors as its Telemetry's: the batch
// span processor hands them to otel.Handle as they are.
type ownedExporter struct {
	sdktrace.SpanExporter
	route *errorRoute
}

func (e ownedExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	return e.route.own(e.SpanExporter.ExportSpans(ctx, spans))
}

func (e ownedExporter) Shutdown(ctx context.Context) error {
	return e.route.own(e.SpanExporter.Shutdown(ctx))
}

// errorRoutes is the dispatcher: the routes of the Telemetry values not yet
// shut down, in the order they were set up.
type errorRoutes struct {
	install sync.Once
	mu      sync.Mutex
	live    []*errorRoute
}

// otelErrors is the process's dispatcher.
var otelErrors errorRoutes

// add installs the dispatcher, the first time, and routes to r.
func (rs *errorRoutes) add(r *errorRoute) {
	rs.install.Do(func() {
		otel.SetErrorHandler(otel.ErrorHandlerFunc(rs.handle))
		// logr's V(n) becomes slog level -n: otel's warnings (V(1)) and info
		// (V(4)) show only at debug level, its errors always.
		otel.SetLogger(logr.FromSlogHandler(broadcastHandler{routes: rs}))
	})
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.live = append(rs.live, r)
}

// remove stops routing errors without an owner to r.
func (rs *errorRoutes) remove(r *errorRoute) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.live = slices.DeleteFunc(rs.live, func(l *errorRoute) bool { return l == r })
}

func (rs *errorRoutes) snapshot() []*errorRoute {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return slices.Clone(rs.live)
}

// handle is OpenTelemetry's error handler.
func (rs *errorRoutes) handle(err error) {
	if owned, ok := errors.AsType[*ownedError](err); ok {
		owned.route.handle(err)
		return
	}
	live := rs.snapshot()
	if len(live) == 0 {
		slog.Default().Error("opentelemetry error", "error", err)
		return
	}
	for _, r := range live {
		r.handle(err)
	}
}

// broadcastHandler is OpenTelemetry's internal logger, as a slog.Handler: it
// passes each record to every live route (or slog.Default's handler when
// there is none), with the attributes and groups it was given.
type broadcastHandler struct {
	routes *errorRoutes
	with   []func(slog.Handler) slog.Handler // WithAttrs and WithGroup calls, in order
}

func (b broadcastHandler) targets() []slog.Handler {
	var hs []slog.Handler
	for _, r := range b.routes.snapshot() {
		hs = append(hs, r.handler)
	}
	if len(hs) == 0 {
		hs = append(hs, slog.Default().Handler())
	}
	for i := range hs {
		for _, w := range b.with {
			hs[i] = w(hs[i])
		}
	}
	return hs
}

func (b broadcastHandler) Enabled(ctx context.Context, level slog.Level) bool {
	for _, h := range b.targets() {
		if h.Enabled(ctx, level) {
			return true
		}
	}
	return false
}

func (b broadcastHandler) Handle(ctx context.Context, r slog.Record) error {
	var errs []error
	for _, h := range b.targets() {
		if h.Enabled(ctx, r.Level) {
			errs = append(errs, h.Handle(ctx, r.Clone()))
		}
	}
	return errors.Join(errs...)
}

func (b broadcastHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return b.and(func(h slog.Handler) slog.Handler { return h.WithAttrs(attrs) })
}

func (b broadcastHandler) WithGroup(name string) slog.Handler {
	return b.and(func(h slog.Handler) slog.Handler { return h.WithGroup(name) })
}

func (b broadcastHandler) and(w func(slog.Handler) slog.Handler) broadcastHandler {
	return broadcastHandler{routes: b.routes, with: append(slices.Clip(b.with), w)}
}

// limitedHandler is a slog.Handler that passes each distinct record (its
// message and error) at most once per interval, adding to it how many copies
// it dropped since the last one it passed.
type limitedHandler struct {
	next    slog.Handler
	limiter *limiter
}

func (h *limitedHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

func (h *limitedHandler) Handle(ctx context.Context, r slog.Record) error {
	key := r.Message
	r.Attrs(func(a slog.Attr) bool {
		// "error" is ours, "err" is logr's key for the error it is given.
		if a.Key == "error" || a.Key == "err" {
			key += "\x00" + a.Value.String()
		}
		return true
	})
	ok, dropped := h.limiter.allow(key)
	if !ok {
		return nil
	}
	if dropped > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("suppressed", dropped))
	}
	return h.next.Handle(ctx, r)
}

func (h *limitedHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &limitedHandler{next: h.next.WithAttrs(attrs), limiter: h.limiter}
}

func (h *limitedHandler) WithGroup(name string) slog.Handler {
	return &limitedHandler{next: h.next.WithGroup(name), limiter: h.limiter}
}

// limiter remembers when each key last passed.
type limiter struct {
	every time.Duration
	now   func() time.Time

	mu   sync.Mutex
	seen map[string]*seenKey
}

type seenKey struct {
	passed  time.Time
	dropped int
}

// maxKeys bounds the memory of a limiter fed ever-new keys; past it, keys
// that may pass again are forgotten.
const maxKeys = 1024

func newLimiter(every time.Duration, now func() time.Time) *limiter {
	return &limiter{every: every, now: now, seen: make(map[string]*seenKey)}
}

// allow reports whether key may pass now and, if so, how many times it was
// refused since it last passed.
func (l *limiter) allow(key string) (ok bool, dropped int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	s := l.seen[key]
	if s == nil {
		if len(l.seen) >= maxKeys {
			for k, v := range l.seen {
				if now.Sub(v.passed) >= l.every {
					delete(l.seen, k)
				}
			}
		}
		l.seen[key] = &seenKey{passed: now}
		return true, 0
	}
	if now.Sub(s.passed) < l.every {
		s.dropped++
		return false, 0
	}
	dropped = s.dropped
	*s = seenKey{passed: now}
	return true, dropped
}
