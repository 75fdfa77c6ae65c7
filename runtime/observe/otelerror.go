package observe

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/go-logr/logr"
	"go.opentelemetry.io/otel"
)

// repeatEvery is how often one OpenTelemetry message may be logged. An
// unreachable collector fails every batch export (every 5 seconds by
// default), always with the same error.
const repeatEvery = time.Minute

// routeOTelErrors sends OpenTelemetry's error handler and internal logger
// (both process-wide) to logger, through one limiter.
func routeOTelErrors(logger *slog.Logger) {
	h := &limitedHandler{next: logger.Handler(), limiter: newLimiter(repeatEvery, time.Now)}
	l := slog.New(h)
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		l.Error("opentelemetry error", "error", err)
	}))
	// logr's V(n) becomes slog level -n: otel's warnings (V(1)) and info (V(4))
	// show only at debug level, its errors always.
	otel.SetLogger(logr.FromSlogHandler(h))
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
