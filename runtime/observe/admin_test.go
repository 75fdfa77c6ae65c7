package observe

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/buildinfo"
)

// getHealthz serves GET /healthz and decodes its body.
func getHealthz(t *testing.T, h http.Handler) (int, healthz) {
	t.Helper()
	return decodeHealthz(t, serve(h, http.MethodGet, "/healthz"))
}

// decodeHealthz decodes a /healthz response.
func decodeHealthz(t *testing.T, rec *httptest.ResponseRecorder) (int, healthz) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var body healthz
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("decode /healthz %q: %v", rec.Body.String(), err)
	}
	return rec.Code, body
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	tel, _ := newTelemetry(t, testConfig())

	t.Run("ok", func(t *testing.T) {
		t.Parallel()
		code, body := getHealthz(t, tel.AdminHandler(Health{Database: func(context.Context) error { return nil }}))
		want := healthz{Status: "ok", Version: buildinfo.Version, Commit: buildinfo.Commit, Date: buildinfo.Date,
			Checks: map[string]string{"database": "ok"}}
		if code != http.StatusOK || !equalHealthz(body, want) {
			t.Errorf("GET /healthz = %d %+v, want 200 %+v", code, body, want)
		}
	})

	t.Run("no database", func(t *testing.T) {
		t.Parallel()
		code, body := getHealthz(t, tel.AdminHandler(Health{}))
		if code != http.StatusOK || body.Status != "ok" || len(body.Checks) != 0 {
			t.Errorf("GET /healthz = %d %+v, want 200 ok with no checks", code, body)
		}
	})

	t.Run("database fails", func(t *testing.T) {
		t.Parallel()
		h := tel.AdminHandler(Health{Database: func(context.Context) error { return errors.New("connection refused") }})
		code, body := getHealthz(t, h)
		if code != http.StatusServiceUnavailable || body.Status != "unavailable" || body.Checks["database"] != "connection refused" {
			t.Errorf("GET /healthz = %d %+v, want 503 unavailable, database: connection refused", code, body)
		}
		if body.Version != buildinfo.Version {
			t.Errorf("version %q, want %q even when unavailable", body.Version, buildinfo.Version)
		}
	})

	for _, tc := range []struct {
		name string
		db   func(ctx context.Context, release <-chan struct{}) error
	}{
		{name: "database times out", db: func(ctx context.Context, _ <-chan struct{}) error {
			<-ctx.Done()
			return ctx.Err()
		}},
		{name: "database ignores its context", db: func(_ context.Context, release <-chan struct{}) error {
			<-release
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			release := make(chan struct{})
			t.Cleanup(func() { close(release) })
			h := tel.AdminHandler(Health{Database: func(ctx context.Context) error { return tc.db(ctx, release) }})
			// The check returns at its context's end or never (until the
			// test ends): that /healthz answers at all shows its timeout.
			answered := make(chan *httptest.ResponseRecorder, 1)
			go func() { answered <- serve(h, http.MethodGet, "/healthz") }()
			var rec *httptest.ResponseRecorder
			select {
			case rec = <-answered:
			case <-time.After(time.Minute):
				t.Fatalf("GET /healthz did not answer within a minute; its check times out after %s", checkTimeout)
			}
			code, body := decodeHealthz(t, rec)
			if code != http.StatusServiceUnavailable || !strings.HasPrefix(body.Checks["database"], "no answer within 2s") {
				t.Errorf("GET /healthz = %d %+v, want 503 with database: no answer within 2s", code, body)
			}
		})
	}
}

func equalHealthz(a, b healthz) bool {
	if a.Status != b.Status || a.Version != b.Version || a.Commit != b.Commit || a.Date != b.Date || len(a.Checks) != len(b.Checks) {
		return false
	}
	for k, v := range a.Checks {
		if b.Checks[k] != v {
			return false
		}
	}
	return true
}

func TestHealthzWithRealDatabase(t *testing.T) {
	t.Parallel()
	tel, _ := newTelemetry(t, testConfig())

	t.Run("up", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.Pool(t)
		if code, body := getHealthz(t, tel.AdminHandler(Health{Database: pool.Ping})); code != http.StatusOK {
			t.Errorf("GET /healthz = %d %+v, want 200", code, body)
		}
	})

	t.Run("pool closed", func(t *testing.T) {
		t.Parallel()
		pool := pgtest.Pool(t)
		pool.Close()
		code, body := getHealthz(t, tel.AdminHandler(Health{Database: pool.Ping}))
		if code != http.StatusServiceUnavailable || body.Checks["database"] == "" || body.Checks["database"] == "ok" {
			t.Errorf("GET /healthz = %d %+v, want 503 with the ping error", code, body)
		}
	})

	t.Run("database dropped", func(t *testing.T) {
		t.Parallel()
		dbURL := pgtest.Database(t)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		pool, err := pgxpool.New(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		if err := pool.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		dropDatabase(t, ctx, pool.Config().ConnConfig.Database)

		code, body := getHealthz(t, tel.AdminHandler(Health{Database: pool.Ping}))
		if code != http.StatusServiceUnavailable || body.Checks["database"] == "" || body.Checks["database"] == "ok" {
			t.Errorf("GET /healthz = %d %+v, want 503 with the ping error", code, body)
		}
	})
}

// dropDatabase drops the test database name (and its sessions) from under its pool.
func dropDatabase(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	// pgtest.Database has checked that this names the test server.
	conn, err := pgx.Connect(ctx, os.Getenv(pgtest.EnvURL))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		t.Fatalf("drop database %s: %v", name, err)
	}
}

func TestReadyzTransitions(t *testing.T) {
	t.Parallel()
	tel, _ := newTelemetry(t, testConfig())
	var ready atomic.Bool
	var dbErr atomic.Pointer[error]
	h := tel.AdminHandler(Health{
		Ready: ready.Load,
		Database: func(context.Context) error {
			if p := dbErr.Load(); p != nil {
				return *p
			}
			return nil
		},
	})
	check := func(step string, wantCode int, want readyz) {
		t.Helper()
		rec := serve(h, http.MethodGet, "/readyz")
		var got readyz
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatalf("%s: decode /readyz %q: %v", step, rec.Body.String(), err)
		}
		if rec.Code != wantCode || got != want {
			t.Errorf("%s: GET /readyz = %d %+v, want %d %+v", step, rec.Code, got, wantCode, want)
		}
	}

	check("starting", http.StatusServiceUnavailable, readyz{Status: "not ready", Reason: "starting or shutting down"})
	ready.Store(true)
	check("started", http.StatusOK, readyz{Status: "ready"})
	down := error(errors.New("connection refused"))
	dbErr.Store(&down)
	check("database down", http.StatusServiceUnavailable, readyz{Status: "not ready", Reason: "database: connection refused"})
	dbErr.Store(nil)
	check("database back", http.StatusOK, readyz{Status: "ready"})
	ready.Store(false)
	check("shutting down", http.StatusServiceUnavailable, readyz{Status: "not ready", Reason: "starting or shutting down"})

	if code := serve(tel.AdminHandler(Health{}), http.MethodGet, "/readyz").Code; code != http.StatusOK {
		t.Errorf("GET /readyz with no Ready func and no database = %d, want 200", code)
	}
}

func TestAdminRoutes(t *testing.T) {
	t.Parallel()
	tel, _ := newTelemetry(t, testConfig())
	h := tel.AdminHandler(Health{})
	for _, tc := range []struct {
		method, target string
		wantCode       int
		wantBody       string
	}{
		{http.MethodGet, "/metrics", http.StatusOK, "go_goroutines"},
		{http.MethodHead, "/healthz", http.StatusOK, ""},
		{http.MethodGet, "/debug/pprof/", http.StatusOK, "goroutine"},
		{http.MethodGet, "/debug/pprof/goroutine?debug=1", http.StatusOK, "goroutine profile"},
		{http.MethodGet, "/debug/pprof/heap?debug=1", http.StatusOK, "heap profile"},
		{http.MethodGet, "/debug/pprof/cmdline", http.StatusOK, ""},
		{http.MethodGet, "/debug/pprof/symbol", http.StatusOK, "num_symbols"},
		{http.MethodPost, "/debug/pprof/symbol", http.StatusOK, "num_symbols"},
		{http.MethodGet, "/", http.StatusNotFound, ""},
		{http.MethodGet, "/nope", http.StatusNotFound, ""},
		{http.MethodGet, "/debug/vars", http.StatusNotFound, ""},
		{http.MethodPost, "/healthz", http.StatusMethodNotAllowed, ""},
		{http.MethodPost, "/readyz", http.StatusMethodNotAllowed, ""},
		{http.MethodDelete, "/metrics", http.StatusMethodNotAllowed, ""},
		{http.MethodPost, "/debug/pprof/profile", http.StatusMethodNotAllowed, ""},
	} {
		rec := serve(h, tc.method, tc.target)
		if rec.Code != tc.wantCode || !strings.Contains(rec.Body.String(), tc.wantBody) {
			t.Errorf("%s %s = %d %.80q, want %d with %q", tc.method, tc.target, rec.Code, rec.Body.String(), tc.wantCode, tc.wantBody)
		}
	}
}

// Importing net/http/pprof registers its handlers on http.DefaultServeMux.
// That is harmless only as long as nothing serves DefaultServeMux: the admin
// handler must serve pprof, the public handler must not.
func TestPprofOnlyOnAdminHandler(t *testing.T) {
	t.Parallel()
	tel, _ := newTelemetry(t, testConfig())
	if code := serve(http.DefaultServeMux, http.MethodGet, "/debug/pprof/").Code; code != http.StatusOK {
		t.Fatalf("DefaultServeMux serves /debug/pprof/ with %d; this test assumes pprof's side effect", code)
	}
	if code := serve(tel.AdminHandler(Health{}), http.MethodGet, "/debug/pprof/").Code; code != http.StatusOK {
		t.Errorf("admin handler: GET /debug/pprof/ = %d, want 200", code)
	}
	public := tel.HTTPHandler(http.NewServeMux(), "public")
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/goroutine", "/debug/pprof/cmdline", "/metrics"} {
		if code := serve(public, http.MethodGet, path).Code; code != http.StatusNotFound {
			t.Errorf("public handler: GET %s = %d, want 404", path, code)
		}
	}
}
