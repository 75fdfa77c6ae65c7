package observe

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/exaring/otelpgx"
	"github.com/jackc/pgx/v5/multitracer"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/forge-framework/forge/runtime/buildinfo"
	"github.com/forge-framework/forge/runtime/config"
)

// Telemetry holds an app's logger and OpenTelemetry providers. Build it
// with [Setup] and stop it with [Telemetry.Shutdown].
type Telemetry struct {
	// Logger is the app's logger, as given to Setup.
	Logger *slog.Logger
	// TracerProvider creates the app's spans. It exports them only when
	// observe.otlp_endpoint is set; otherwise spans still carry trace IDs
	// (for propagation and log correlation) but go nowhere.
	TracerProvider *sdktrace.TracerProvider
	// MeterProvider creates the app's instruments; Registry serves them.
	MeterProvider *sdkmetric.MeterProvider
	// Registry is what /metrics serves: the MeterProvider's metrics and the
	// Go and process collectors. It is never prometheus.DefaultRegisterer,
	// so nothing registered globally by a library leaks into it.
	Registry *prometheus.Registry

	// exporter sends spans to the collector; nil without an endpoint.
	exporter sdktrace.SpanExporter
	// errors routes OpenTelemetry's errors to Logger (see otelerror.go).
	errors *errorRoute

	shutdownOnce sync.Once
}

// propagator reads and writes W3C trace context and baggage headers. Setup
// makes it the global one too, for libraries that only use the global.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// Setup builds the app's Telemetry from cfg.Observe; see the package doc for
// the process-wide state it changes. The service is named
// cfg.Observe.ServiceName, or cfg.App.Name when that is empty, with version
// buildinfo.Version; the standard OTEL_RESOURCE_ATTRIBUTES environment
// variable adds to (but does not override) that.
func Setup(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*Telemetry, error) {
	return setup(ctx, cfg, logger)
}

// setup is Setup with extra span processors, which tests use to record spans.
func setup(ctx context.Context, cfg *config.Config, logger *slog.Logger, processors ...sdktrace.SpanProcessor) (*Telemetry, error) {
	if logger == nil {
		return nil, errors.New("observe: Setup needs a logger (make one with NewLogger)")
	}
	name := cfg.Observe.ServiceName
	if name == "" {
		name = cfg.App.Name
	}
	res, err := resource.New(ctx,
		resource.WithSchemaURL(semconv.SchemaURL),
		resource.WithTelemetrySDK(),
		resource.WithFromEnv(),
		resource.WithAttributes(semconv.ServiceName(name), semconv.ServiceVersion(buildinfo.Version)),
	)
	if err != nil {
		return nil, fmt.Errorf("observe: build the OpenTelemetry resource (check OTEL_RESOURCE_ATTRIBUTES): %w", err)
	}

	// Before anything that would need stopping again: a bad endpoint is a
	// configuration error.
	route := newErrorRoute(logger)
	var spanExporter sdktrace.SpanExporter
	if cfg.Observe.OTLPEndpoint != "" {
		exp, err := newSpanExporter(ctx, cfg.Observe.OTLPEndpoint)
		if err != nil {
			return nil, err
		}
		spanExporter = ownedExporter{SpanExporter: exp, route: route}
	}

	reg := prometheus.NewRegistry()
	for _, c := range []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("observe: register runtime collector: %w", err)
		}
	}
	metricExporter, err := otelprom.New(otelprom.WithRegisterer(reg))
	if err != nil {
		return nil, fmt.Errorf("observe: create Prometheus exporter: %w", err)
	}
	mp := sdkmetric.NewMeterProvider(
		sdkmetric.WithResource(res),
		sdkmetric.WithReader(metricExporter),
		dropNanosecondPoolStats("pgxpool.acquire_duration"),
		dropNanosecondPoolStats("pgxpool.empty_acquire_wait_time"),
	)

	tpOpts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	if spanExporter != nil {
		tpOpts = append(tpOpts, sdktrace.WithBatcher(spanExporter))
	}
	for _, p := range processors {
		tpOpts = append(tpOpts, sdktrace.WithSpanProcessor(p))
	}

	otel.SetTextMapPropagator(propagator)
	otelErrors.add(route)
	return &Telemetry{
		Logger:         logger,
		TracerProvider: sdktrace.NewTracerProvider(tpOpts...),
		MeterProvider:  mp,
		Registry:       reg,
		exporter:       spanExporter,
		errors:         route,
	}, nil
}

// dropNanosecondPoolStats drops one of otelpgx's pool counters that sum
// waits in nanoseconds. Prometheus names them *_nanoseconds_total, which
// `promtool check metrics` rejects (Prometheus wants seconds), and a view
// can rename but not rescale. Little is lost: InstrumentPool's
// db.client.operation.duration histogram, pgx.operation.type="acquire",
// measures every acquire's wait, in seconds.
func dropNanosecondPoolStats(name string) sdkmetric.Option {
	return sdkmetric.WithView(sdkmetric.NewView(
		sdkmetric.Instrument{Name: name, Scope: instrumentation.Scope{Name: "github.com/exaring/otelpgx"}},
		sdkmetric.Stream{Aggregation: sdkmetric.AggregationDrop{}},
	))
}

// newSpanExporter returns an OTLP/HTTP exporter for endpoint, a base URL
// such as "http://collector:4318" to which, as with
// OTEL_EXPORTER_OTLP_ENDPOINT, the signal path v1/traces is appended.
// (otlptracehttp.WithEndpointURL would post to the URL as given, "/".)
func newSpanExporter(ctx context.Context, endpoint string) (sdktrace.SpanExporter, error) {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("observe: otlp_endpoint %q is not an http:// or https:// URL such as "+
			"\"http://collector:4318\"; fix otlp_endpoint in [observe] or FORGE_OBSERVE_OTLP_ENDPOINT", endpoint)
	}
	opts := []otlptracehttp.Option{
		otlptracehttp.WithEndpoint(u.Host),
		otlptracehttp.WithURLPath(strings.TrimSuffix(u.Path, "/") + "/v1/traces"),
	}
	if u.Scheme == "http" {
		opts = append(opts, otlptracehttp.WithInsecure())
	}
	exp, err := otlptracehttp.New(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("observe: create OTLP trace exporter for %s: %w", endpoint, err)
	}
	return exp, nil
}

// Shutdown exports the spans still buffered, then stops the providers. It
// returns by the time ctx ends even if the collector does not answer. Later
// calls do nothing and return nil, as sdktrace.TracerProvider's do.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	var err error
	t.shutdownOnce.Do(func() { err = t.shutdown(ctx) })
	return err
}

func (t *Telemetry) shutdown(ctx context.Context) error {
	var errs []error
	if err := t.TracerProvider.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("observe: shut down tracer provider: %w", err))
	}
	if t.exporter != nil {
		// If ctx ended first, the batch processor's last export is still
		// running, on its own 30-second timeout rather than ctx; stopping
		// the exporter aborts it, so a silent collector cannot outlive ctx.
		// Otherwise the processor has stopped the exporter already and this
		// does nothing.
		_ = t.exporter.Shutdown(context.Background())
	}
	if err := t.MeterProvider.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("observe: shut down meter provider: %w", err))
	}
	// Errors of no owner go to the Telemetry values still running; the
	// exporter's own still come here.
	otelErrors.remove(t.errors)
	return errors.Join(errs...)
}

// HTTPHandler wraps h so that each request gets a server span (a child of
// the caller's, if it sent a traceparent header) and is counted in the
// http.server.* metrics, using t's providers. Spans are named after the
// method and the ServeMux pattern that matched ("GET /items/{id}"), as
// otelhttp does by default; operation is handed to otelhttp, which no longer
// puts it in span names.
func (t *Telemetry) HTTPHandler(h http.Handler, operation string) http.Handler {
	return otelhttp.NewHandler(h, operation,
		otelhttp.WithTracerProvider(t.TracerProvider),
		otelhttp.WithMeterProvider(t.MeterProvider),
		otelhttp.WithPropagators(propagator),
	)
}

// InstrumentPool makes a pool built from cfg trace its queries, batches,
// copies, connects and acquires with t's TracerProvider, and record their
// durations with t's MeterProvider. A tracer already set on cfg (a query
// logger, say) keeps running alongside. Call it before pgxpool.NewWithConfig;
// then [Telemetry.RecordPoolStats] adds the pool's gauges.
func (t *Telemetry) InstrumentPool(cfg *pgxpool.Config) {
	tracer := otelpgx.NewTracer(
		otelpgx.WithTracerProvider(t.TracerProvider),
		otelpgx.WithMeterProvider(t.MeterProvider),
	)
	if prev := cfg.ConnConfig.Tracer; prev != nil {
		cfg.ConnConfig.Tracer = multitracer.New(prev, tracer)
		return
	}
	cfg.ConnConfig.Tracer = tracer
}

// RecordPoolStats reports pool's statistics (connections total, idle and
// acquired, acquire counts and waits) as pgxpool.* metrics until t shuts
// down. It needs the pool itself, which InstrumentPool's config does not yet
// have; call it once per pool.
func (t *Telemetry) RecordPoolStats(pool *pgxpool.Pool) error {
	if err := otelpgx.RecordStats(pool, otelpgx.WithStatsMeterProvider(t.MeterProvider)); err != nil {
		return fmt.Errorf("observe: record pool stats: %w", err)
	}
	return nil
}
