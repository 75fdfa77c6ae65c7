package observe

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
)

// fakeClock is a time source the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestLimitedHandlerLogsEachMessageOncePerInterval(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	logs := newLogBuffer()
	logger := slog.New(&limitedHandler{
		next:    slog.NewTextHandler(logs, nil),
		limiter: newLimiter(time.Minute, clock.Now),
	})
	refused := errors.New("dial tcp 127.0.0.1:4318: connect: connection refused")

	for range 100 {
		logger.Error("opentelemetry error", "error", refused)
	}
	logger.Error("opentelemetry error", "error", errors.New("another error"))
	logger.With("component", "x").Error("opentelemetry error", "error", refused) // shares the limiter
	if got := logs.lines(); len(got) != 2 {
		t.Fatalf("after 102 errors of 2 kinds within a minute, logged %d lines, want 2:\n%s", len(got), logs)
	}

	clock.Advance(59 * time.Second)
	logger.Error("opentelemetry error", "error", refused)
	if got := logs.lines(); len(got) != 2 {
		t.Fatalf("59s later, logged %d lines, want still 2:\n%s", len(got), logs)
	}

	clock.Advance(time.Second)
	logger.Error("opentelemetry error", "error", refused)
	got := logs.lines()
	if len(got) != 3 {
		t.Fatalf("a minute later, logged %d lines, want 3:\n%s", len(got), logs)
	}
	// 99 repeats in the first burst, the one through With, the one at 59s.
	if !strings.Contains(got[2], "suppressed=101") {
		t.Errorf("line after the interval = %q, want it to count the 101 suppressed copies", got[2])
	}
}

func TestLimiterForgetsOldKeys(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := newLimiter(time.Minute, clock.Now)
	for i := range maxKeys {
		if ok, _ := l.allow(fmt.Sprint(i)); !ok {
			t.Fatalf("new key %d refused", i)
		}
	}
	clock.Advance(time.Minute)
	if ok, _ := l.allow("one more"); !ok {
		t.Fatal("new key refused")
	}
	if n := len(l.seen); n != 1 {
		t.Errorf("limiter remembers %d keys after all old ones expired, want 1", n)
	}
}

// Not parallel: an error of unknown origin goes to every live Telemetry,
// those of parallel tests too.
func TestSetupRoutesOTelErrorsToLogger(t *testing.T) {
	_, logs := newTelemetry(t, testConfig())
	stopped, stoppedLogs := newTelemetry(t, testConfig())
	if err := stopped.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	for range 50 {
		otel.Handle(errors.New("exporter unreachable"))
	}
	got := logs.lines()
	if len(got) != 1 || !strings.Contains(got[0], "exporter unreachable") || !strings.Contains(got[0], "level=ERROR") {
		t.Fatalf("50 identical otel errors logged as:\n%s\nwant one ERROR line naming the error", logs)
	}
	if s := stoppedLogs.String(); s != "" {
		t.Errorf("a Telemetry that was shut down logged:\n%s", s)
	}
}

// OpenTelemetry's internal logger reaches every live route, with the
// attributes and groups it was given.
func TestBroadcastHandlerLogsToEveryRoute(t *testing.T) {
	t.Parallel()
	a, b := newLogBuffer(), newLogBuffer()
	routes := &errorRoutes{live: []*errorRoute{
		newErrorRoute(slog.New(slog.NewTextHandler(a, nil))),
		newErrorRoute(slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelError}))),
	}}
	logger := slog.New(broadcastHandler{routes: routes}).With("component", "sdk").WithGroup("g")
	logger.Warn("dropping attributes", "limit", 128)
	logger.Error("export failed", "n", 1)
	if got, want := a.lines(), 2; len(got) != want || !strings.Contains(got[0], "component=sdk g.limit=128") {
		t.Errorf("first route logged:\n%s\nwant both lines with their attributes", a)
	}
	if got := b.lines(); len(got) != 1 || !strings.Contains(got[0], `msg="export failed" component=sdk g.n=1`) {
		t.Errorf("second route (level error) logged:\n%s\nwant only the error", b)
	}
}
