package observe_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/observe"
)

// An app wires observe up once, at start. (Not run: it would listen on
// ports and connect to a database.)
func Example() {
	ctx := context.Background()
	cfg := config.Default()
	logger, err := observe.NewLogger(cfg, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	tel, err := observe.Setup(ctx, cfg, logger)
	if err != nil {
		logger.Error("set up telemetry", "error", err)
		return
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tel.Shutdown(ctx)
	}()

	poolCfg, err := pgxpool.ParseConfig(cfg.Database.URL)
	if err != nil {
		logger.Error("parse database URL", "error", err)
		return
	}
	tel.InstrumentPool(poolCfg)
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		logger.Error("open database pool", "error", err)
		return
	}
	defer pool.Close()
	if err := tel.RecordPoolStats(pool); err != nil {
		logger.Error("record pool stats", "error", err)
	}

	// The admin server listens apart from the public one (127.0.0.1:9090 by
	// default); the public server gets its own mux, never DefaultServeMux.
	var ready atomic.Bool
	admin := &http.Server{Addr: cfg.Admin.Addr, Handler: tel.AdminHandler(observe.Health{Database: pool.Ping, Ready: ready.Load})}
	mux := http.NewServeMux()
	public := &http.Server{Addr: cfg.HTTP.Addr, Handler: tel.HTTPHandler(mux, "public")}
	go func() { _ = admin.ListenAndServe() }()
	go func() { _ = public.ListenAndServe() }()
	ready.Store(true)
}
