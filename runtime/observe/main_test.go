package observe

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/goleak"

	"github.com/forge-framework/forge/runtime/config"
)

// TestMain fails the package if a test leaves goroutines behind: a batch
// processor, an exporter request or a pool that outlives its Telemetry is
// exactly the kind of bug this package can have.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testConfig returns a development config for the service "observe-test".
func testConfig() *config.Config {
	cfg := config.Default()
	cfg.App.Name = "observe-test"
	return cfg
}

// logBuffer collects log output from any goroutine, and signals each write.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	written chan struct{} // receives (without blocking) after each write
}

func newLogBuffer() *logBuffer { return &logBuffer{written: make(chan struct{}, 1)} }

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	select {
	case b.written <- struct{}{}:
	default:
	}
	return n, err
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lines returns the non-empty lines written so far.
func (b *logBuffer) lines() []string {
	var out []string
	for l := range strings.SplitSeq(b.String(), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// waitForLines waits until at least n lines were written, failing after timeout.
func (b *logBuffer) waitForLines(t *testing.T, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for len(b.lines()) < n {
		select {
		case <-b.written:
		case <-deadline:
			t.Fatalf("waited %s for %d log lines, got:\n%s", timeout, n, b)
		}
	}
}

// newTelemetry sets up a Telemetry for cfg with extra span processors,
// logging into the returned buffer, and shuts it down when the test ends.
func newTelemetry(t *testing.T, cfg *config.Config, processors ...trace.SpanProcessor) (*Telemetry, *logBuffer) {
	t.Helper()
	logs := newLogBuffer()
	logger := slog.New(slog.NewTextHandler(logs, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tel, err := setup(ctx, cfg, logger, processors...)
	if err != nil {
		t.Fatalf("setup: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := tel.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return tel, logs
}

// serve sends a request to h and returns the recorded response.
func serve(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}
