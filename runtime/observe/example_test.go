package observe_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/observe"
)

// An app wires observe up once, at start. Here httptest stands in for the
// two servers (an app listens on cfg.Admin.Addr and cfg.HTTP.Addr), and the
// pool is never used, so no database is needed: pgxpool connects lazily.
func Example() {
	ctx := context.Background()
	cfg := config.Default()
	logger, err := observe.NewLogger(cfg, os.Stderr)
	if err != nil {
		fmt.Println(err)
		return
	}
	tel, err := observe.Setup(ctx, cfg, logger)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tel.Shutdown(ctx)
	}()

	poolCfg, err := pgxpool.ParseConfig(cfg.Database.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	tel.InstrumentPool(poolCfg)
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	if err := tel.RecordPoolStats(pool); err != nil {
		fmt.Println(err)
		return
	}

	// The admin server listens apart from the public one; the public server
	// gets its own mux, never DefaultServeMux. An app passes
	// Database: pool.Ping to Health too.
	var ready atomic.Bool
	admin := httptest.NewServer(tel.AdminHandler(observe.Health{Ready: ready.Load}))
	defer admin.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello") })
	public := httptest.NewServer(tel.HTTPHandler(mux, "public"))
	defer public.Close()

	fmt.Println("before start-up ends:", get(admin.URL+"/readyz").status)
	ready.Store(true)
	fmt.Println("once ready:", get(admin.URL+"/readyz").status)
	fmt.Println("GET /hello:", get(public.URL+"/hello").body)
	metrics := get(admin.URL + "/metrics").body
	for _, name := range []string{"http_server_request_duration_seconds_count", "pgxpool_max_connections", "go_goroutines"} {
		fmt.Printf("/metrics has %s: %v\n", name, strings.Contains(metrics, "\n"+name))
	}
	// Output:
	// before start-up ends: 503 Service Unavailable
	// once ready: 200 OK
	// GET /hello: hello
	// /metrics has http_server_request_duration_seconds_count: true
	// /metrics has pgxpool_max_connections: true
	// /metrics has go_goroutines: true
}

type response struct{ status, body string }

func get(url string) response {
	resp, err := http.Get(url)
	if err != nil {
		return response{status: err.Error()}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{status: err.Error()}
	}
	return response{status: resp.Status, body: string(body)}
}
