package observe

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// promtool returns the path of Prometheus' promtool, skipping the test when
// it is missing (failing it in CI, where a skip would hide a broken setup).
func promtool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err == nil {
		return path
	}
	const how = "promtool is not on PATH; tools/install-deps.sh installs it (Debian package prometheus)"
	if ci := os.Getenv("CI"); strings.EqualFold(ci, "true") || ci == "1" {
		t.Fatal(how)
	}
	t.Skip(how)
	return ""
}

// TestMetricsPassPromtool scrapes /metrics after HTTP requests and a
// database query and lints the result with `promtool check metrics`, the
// check Prometheus' own tooling applies: a name or unit it rejects here would
// be awkward to query and alert on.
func TestMetricsPassPromtool(t *testing.T) {
	t.Parallel()
	promtool := promtool(t)
	tel, _ := newTelemetry(t, testConfig())

	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "item") })
	public := tel.HTTPHandler(mux, "public")
	for _, path := range []string{"/items/1", "/items/2", "/missing"} {
		serve(public, http.MethodGet, path)
	}

	pool := instrumentedPool(t, tel, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var n int
	if err := pool.QueryRow(ctx, "SELECT 1").Scan(&n); err != nil {
		t.Fatalf("SELECT 1: %v", err)
	}

	rec := serve(tel.AdminHandler(Health{Database: pool.Ping}), http.MethodGet, "/metrics")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d: %s", rec.Code, rec.Body)
	}
	metrics := rec.Body.String()

	cmd := exec.CommandContext(ctx, promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(metrics)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s\n--- /metrics ---\n%s", err, out, metrics)
	}

	for _, want := range []string{
		`http_server_request_duration_seconds_bucket{`, // otelhttp
		`http_route="/items/{id}"`,
		`db_client_operation_duration_seconds_bucket{`, // otelpgx tracer
		`pgxpool_max_connections{`,                     // otelpgx pool stats
		`go_goroutines `,                               // Go collector
		`process_cpu_seconds_total `,                   // process collector
		`service_name="observe-test"`,                  // target_info
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s\n--- /metrics ---\n%s", want, metrics)
		}
	}
}
