package observe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/buildinfo"
)

func TestSetupNamesTheService(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, appName, serviceName, want string
	}{
		{name: "app name by default", appName: "shop", want: "shop"},
		{name: "service name wins", appName: "shop", serviceName: "shop-api", want: "shop-api"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig()
			cfg.App.Name = tc.appName
			cfg.Observe.ServiceName = tc.serviceName
			spans := tracetest.NewSpanRecorder()
			tel, _ := newTelemetry(t, cfg, spans)

			_, span := tel.TracerProvider.Tracer("test").Start(context.Background(), "work")
			span.End()

			ended := spans.Ended()
			if len(ended) != 1 {
				t.Fatalf("recorded %d spans, want 1", len(ended))
			}
			res := ended[0].Resource().Set()
			if got, _ := res.Value(semconv.ServiceNameKey); got.AsString() != tc.want {
				t.Errorf("service.name = %q, want %q", got.AsString(), tc.want)
			}
			if got, _ := res.Value(semconv.ServiceVersionKey); got.AsString() != buildinfo.Version {
				t.Errorf("service.version = %q, want %q", got.AsString(), buildinfo.Version)
			}
		})
	}
}

func TestSetupWithoutEndpointExportsNothing(t *testing.T) {
	t.Parallel()
	tel, logs := newTelemetry(t, testConfig())
	if tel.exporter != nil {
		t.Fatalf("without an OTLP endpoint, Setup made exporter %T", tel.exporter)
	}

	// Spans still get IDs, so they can be propagated and put in logs.
	_, span := tel.TracerProvider.Tracer("test").Start(context.Background(), "work")
	span.End()
	if !span.SpanContext().IsValid() {
		t.Error("span has no valid trace and span ID")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tel.TracerProvider.ForceFlush(ctx); err != nil {
		t.Errorf("ForceFlush: %v", err)
	}
	if err := tel.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if s := logs.String(); s != "" {
		t.Errorf("logged without an OTLP endpoint:\n%s", s)
	}
}

func TestSetupRejectsBadEndpoint(t *testing.T) {
	t.Parallel()
	for _, endpoint := range []string{"collector:4318", "ftp://collector:4318", "http://", "http://%zz"} {
		t.Run(endpoint, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig()
			cfg.Observe.OTLPEndpoint = endpoint
			tel, err := Setup(context.Background(), cfg, slog.New(slog.DiscardHandler))
			if err == nil {
				_ = tel.Shutdown(context.Background())
				t.Fatalf("Setup accepted otlp_endpoint %q", endpoint)
			}
			if !strings.Contains(err.Error(), "otlp_endpoint") {
				t.Errorf("error %q does not name the setting", err)
			}
		})
	}
}

// collector is a loopback OTLP/HTTP collector that records request paths.
func collector(t *testing.T) (url string, paths <-chan string) {
	t.Helper()
	ch := make(chan string, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Header.Get("Content-Type") != "application/x-protobuf" {
			http.Error(w, "want protobuf", http.StatusUnsupportedMediaType)
			return
		}
		select {
		case ch <- r.URL.Path:
		default:
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, ch
}

func TestSpansAreExportedToOTLPEndpoint(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ suffix, wantPath string }{
		{suffix: "", wantPath: "/v1/traces"},
		{suffix: "/", wantPath: "/v1/traces"},
		{suffix: "/otlp", wantPath: "/otlp/v1/traces"},
	} {
		t.Run("endpoint path "+tc.suffix, func(t *testing.T) {
			t.Parallel()
			url, paths := collector(t)
			cfg := testConfig()
			cfg.Observe.OTLPEndpoint = url + tc.suffix
			tel, logs := newTelemetry(t, cfg)

			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, span := tel.TracerProvider.Tracer("test").Start(ctx, "flushed")
			span.End()
			if err := tel.TracerProvider.ForceFlush(ctx); err != nil {
				t.Fatalf("ForceFlush: %v", err)
			}
			if got := <-paths; got != tc.wantPath {
				t.Errorf("after ForceFlush, collector got %s, want %s", got, tc.wantPath)
			}

			_, span = tel.TracerProvider.Tracer("test").Start(ctx, "at shutdown")
			span.End()
			if err := tel.Shutdown(ctx); err != nil {
				t.Fatalf("Shutdown: %v", err)
			}
			select {
			case got := <-paths:
				if got != tc.wantPath {
					t.Errorf("at Shutdown, collector got %s, want %s", got, tc.wantPath)
				}
			default:
				t.Error("Shutdown returned before exporting the last span")
			}
			if s := logs.String(); s != "" {
				t.Errorf("logged while the collector was up:\n%s", s)
			}
		})
	}
}

// refusingAddr returns a loopback address that refuses connections: a
// socket bound to it without listening holds the port, so that, unlike a
// port merely closed again, no other test can take it meanwhile.
func refusingAddr(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
}

// Not parallel: t.Setenv.
func TestDeadCollectorDoesNotFloodLogsOrHoldShutdown(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		// Export every 5ms instead of every 5s, so that failures pile up fast.
		t.Setenv("OTEL_BSP_SCHEDULE_DELAY", "5")
		cfg := testConfig()
		cfg.Observe.OTLPEndpoint = "http://" + refusingAddr(t)
		tel, logs := newTelemetry(t, cfg)

		deadline := time.Now().Add(time.Minute)
		for tel.errors.received.Load() < 20 {
			_, span := tel.TracerProvider.Tracer("test").Start(context.Background(), "lost")
			span.End()
			if time.Now().After(deadline) {
				t.Fatalf("saw %d export failures in a minute, want 20; logs:\n%s", tel.errors.received.Load(), logs)
			}
			time.Sleep(time.Millisecond)
		}

		// Nothing listening must not hold Shutdown to its deadline.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := tel.Shutdown(ctx); errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Shutdown with nothing listening ran into its deadline: %v", err)
		}
		got := logs.lines()
		if len(got) == 0 || len(got) > 2 {
			t.Fatalf("%d export failures logged %d lines, want 1 or 2:\n%s", tel.errors.received.Load(), len(got), logs)
		}
		if !strings.Contains(got[0], "connection refused") {
			t.Errorf("log line %q does not say why the export failed", got[0])
		}
	})

	t.Run("collector never answers", func(t *testing.T) {
		// Neither the exporter nor the batch processor gives up on its own
		// within the test: only Shutdown's context can end the export.
		t.Setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "3600000")
		t.Setenv("OTEL_BSP_EXPORT_TIMEOUT", "3600000")
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}))
		t.Cleanup(srv.Close)
		t.Cleanup(func() { close(release) }) // runs first: srv.Close waits for handlers
		cfg := testConfig()
		cfg.Observe.OTLPEndpoint = srv.URL
		tel, logs := newTelemetry(t, cfg)

		_, span := tel.TracerProvider.Tracer("test").Start(context.Background(), "stuck")
		span.End()
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- tel.Shutdown(ctx) }()
		select {
		case err := <-done:
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Shutdown error = %v, want the context's deadline", err)
			}
		case <-time.After(time.Minute):
			t.Fatal("Shutdown waited for an export that never ends, past its context")
		}
		// The aborted export reports its error from the processor's goroutine.
		logs.waitForLines(t, 1, time.Minute)
		if got := logs.lines(); len(got) > 2 {
			t.Errorf("logged %d lines, want at most 2:\n%s", len(got), logs)
		}
	})
}

// rejectingCollector is an OTLP/HTTP collector that refuses every export
// with 400, which the exporter does not retry.
func rejectingCollector(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		http.Error(w, "rejected by the test", http.StatusBadRequest)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// OpenTelemetry's error handler is process-wide; an exporter's errors still
// reach only the logger of the Telemetry it belongs to, also when they come
// after its Shutdown.
func TestExportErrorsGoToTheirOwnLogger(t *testing.T) {
	t.Parallel()
	cfg := testConfig()
	cfg.Observe.OTLPEndpoint = rejectingCollector(t)
	failing, failingLogs := newTelemetry(t, cfg)
	_, quietLogs := newTelemetry(t, testConfig())

	_, span := failing.TracerProvider.Tracer("test").Start(context.Background(), "rejected")
	span.End()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Shutdown's last export fails, on the processor's goroutine, which
	// hands the error to otel.Handle before Shutdown returns.
	_ = failing.Shutdown(ctx)
	if got := failingLogs.lines(); len(got) != 1 || !strings.Contains(got[0], "400 Bad Request") {
		t.Errorf("the failing Telemetry logged:\n%s\nwant one line with the collector's 400", failingLogs)
	}
	if s := quietLogs.String(); s != "" {
		t.Errorf("another Telemetry logged the failing one's error:\n%s", s)
	}
}

func TestHTTPHandlerCreatesServerSpans(t *testing.T) {
	t.Parallel()
	spans := tracetest.NewSpanRecorder()
	tel, _ := newTelemetry(t, testConfig(), spans)
	mux := http.NewServeMux()
	var inHandler trace.SpanContext
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		inHandler = trace.SpanContextFromContext(r.Context())
		fmt.Fprint(w, "item")
	})
	h := tel.HTTPHandler(mux, "public")

	const parentTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	req := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	req.Header.Set("traceparent", "00-"+parentTrace+"-00f067aa0ba902b7-01")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200", rec.Code)
	}

	ended := spans.Ended()
	if len(ended) != 1 {
		t.Fatalf("recorded %d spans, want 1", len(ended))
	}
	s := ended[0]
	if s.Name() != "GET /items/{id}" {
		t.Errorf("span name %q, want %q", s.Name(), "GET /items/{id}")
	}
	if s.SpanKind() != trace.SpanKindServer {
		t.Errorf("span kind %v, want server", s.SpanKind())
	}
	if got := s.SpanContext().TraceID().String(); got != parentTrace {
		t.Errorf("trace ID %s, want the caller's %s (traceparent not propagated)", got, parentTrace)
	}
	if inHandler.SpanID() != s.SpanContext().SpanID() {
		t.Error("the handler's context does not carry the server span")
	}
	if !hasAttr(s.Attributes(), attribute.Int("http.response.status_code", 200)) {
		t.Errorf("span attributes %v lack http.response.status_code=200", s.Attributes())
	}
}

func hasAttr(attrs []attribute.KeyValue, want attribute.KeyValue) bool {
	for _, a := range attrs {
		if a == want {
			return true
		}
	}
	return false
}

// countingTracer counts the queries it sees.
type countingTracer struct{ queries atomic.Int32 }

func (c *countingTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.queries.Add(1)
	return ctx
}

func (*countingTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// instrumentedPool opens a pool on a fresh test database, instrumented by tel
// after setting the given tracer (if any) on its config.
func instrumentedPool(t *testing.T, tel *Telemetry, prev pgx.QueryTracer) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.Tracer = prev
	tel.InstrumentPool(cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := tel.RecordPoolStats(pool); err != nil {
		t.Fatal(err)
	}
	return pool
}

func TestInstrumentPoolTracesQueries(t *testing.T) {
	t.Parallel()
	spans := tracetest.NewSpanRecorder()
	tel, _ := newTelemetry(t, testConfig(), spans)
	prev := &countingTracer{}
	pool := instrumentedPool(t, tel, prev)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ctx, parent := tel.TracerProvider.Tracer("test").Start(ctx, "handler")
	var n int
	if err := pool.QueryRow(ctx, "SELECT 1 + 1").Scan(&n); err != nil || n != 2 {
		t.Fatalf("SELECT 1 + 1 = %d, %v", n, err)
	}
	parent.End()

	var query trace.SpanContext
	for _, s := range spans.Ended() {
		if hasAttr(s.Attributes(), attribute.String("db.system.name", "postgresql")) &&
			hasAttr(s.Attributes(), attribute.String("db.query.text", "SELECT 1 + 1")) {
			query = s.Parent()
		}
	}
	if !query.IsValid() {
		t.Fatalf("no span for the query among %d spans", len(spans.Ended()))
	}
	if query.SpanID() != parent.SpanContext().SpanID() {
		t.Error("the query span is not a child of the caller's span")
	}
	if prev.queries.Load() == 0 {
		t.Error("the tracer set before InstrumentPool no longer sees queries")
	}
}
