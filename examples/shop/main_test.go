package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/forge-framework/forge/examples/shop/internal/demo"
	"github.com/forge-framework/forge/internal/appproc"
	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
)

// Stamped into the test binary, as forge_binary and forge build do.
const (
	stampVersion = "v0.0.0-e2e"
	stampCommit  = "e2e0123456789abcdef0123456789abcdef0123"
	stampDate    = "2026-11-27T12:00:00Z"
)

// TestServe runs the real binary against a real PostgreSQL and checks what
// an operator sees: health with version info, the healthcheck subcommand,
// metrics that promtool accepts, authenticated SSE that survives losing the
// LISTEN connection, and a clean exit on SIGTERM.
func TestServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the example binary")
	}
	dbURL := pgtest.Database(t)
	bin := buildShop(t)
	env := append(os.Environ(),
		"FORGE_DATABASE_URL="+dbURL,
		"FORGE_APP_SHUTDOWN_TIMEOUT=5s",
		"FORGE_SSE_HEARTBEAT=1s",
		"FORGE_AUTH_SECRET=", // the development secret
	)
	cmd := exec.Command(bin)
	cmd.Env, cmd.Dir = env, t.TempDir()
	app, err := appproc.Start(t.Context(), cmd)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		app.Stop()
		if t.Failed() {
			t.Logf("app output:\n%s", app.Logs())
		}
	})
	httpAddr, admin := app.HTTPAddr, "http://"+app.AdminAddr

	body := get(t, admin+"/healthz", "")
	t.Run("healthz reports the stamped build", func(t *testing.T) {
		var h struct{ Status, Version, Commit, Date string }
		if err := json.Unmarshal(body, &h); err != nil {
			t.Fatalf("healthz body %s: %v", body, err)
		}
		if h.Status != "ok" || h.Version != stampVersion || h.Commit != stampCommit || h.Date != stampDate {
			t.Errorf("healthz = %+v, want ok with the stamped version, commit and date", h)
		}
	})

	t.Run("healthcheck subcommand", func(t *testing.T) {
		check := exec.Command(bin, "healthcheck")
		check.Env, check.Dir = append(env, "FORGE_ADMIN_ADDR="+app.AdminAddr), t.TempDir()
		if out, err := check.CombinedOutput(); err != nil {
			t.Errorf("healthcheck: %v\n%s", err, out)
		}
	})

	t.Run("metrics pass promtool", func(t *testing.T) {
		promtool, err := exec.LookPath("promtool")
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("promtool is missing; tools/install-deps.sh installs it")
			}
			t.Skip("promtool is missing; run tools/install-deps.sh")
		}
		metrics := get(t, admin+"/metrics", "")
		check := exec.Command(promtool, "check", "metrics")
		check.Stdin = bytes.NewReader(metrics)
		if out, err := check.CombinedOutput(); err != nil {
			t.Errorf("promtool check metrics: %v\n%s", err, out)
		}
	})

	t.Run("api requires a token", func(t *testing.T) {
		resp, err := http.Get("http://" + httpAddr + "/api/events")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET /api/events without a token: %s, want 401", resp.Status)
		}
	})

	t.Run("the app's own endpoints are served beside the generated ones", func(t *testing.T) {
		// report's tests cover the endpoint; this checks main.go registers it.
		body := get(t, "http://"+httpAddr+"/api/reports/top-products?limit=5", mintToken(t, "u1", "t1"))
		if string(body) != "{\"items\":[]}\n" {
			t.Errorf("GET /api/reports/top-products = %s, want no items", body)
		}
	})

	events := openStream(t, "http://"+httpAddr+"/api/events", mintToken(t, "u1", "t1"))

	t.Run("events of the caller's tenant arrive", func(t *testing.T) {
		notify(t, dbURL, `{"resource":"Order","op":"create","id":"o-2","tenant":"t2"}`)
		notify(t, dbURL, `{"resource":"Order","op":"create","id":"o-1","tenant":"t1"}`)
		ev := events.next(t, "create")
		if !strings.Contains(ev.data, `"o-1"`) || ev.id == "" {
			t.Errorf("got %+v, want tenant t1's event o-1 with an id", ev)
		}
	})

	t.Run("refresh after the listener's backend is killed", func(t *testing.T) {
		conn := connect(t, dbURL)
		tag, err := conn.Exec(context.Background(),
			`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'listen %forge_events%' AND pid <> pg_backend_pid()`)
		if err != nil || tag.RowsAffected() != 1 {
			t.Fatalf("terminate the LISTEN backend: %v (%d rows)", err, tag.RowsAffected())
		}
		events.next(t, "refresh")
		notify(t, dbURL, `{"resource":"Order","op":"update","id":"o-1","tenant":"t1"}`)
		events.next(t, "update")
	})

	// make demo's scenario: the generated API, a job's work and its
	// events, through the real binary.
	t.Run("demo scenario", func(t *testing.T) {
		var story bytes.Buffer
		client := &demo.Client{BaseURL: "http://" + httpAddr, Token: mintToken(t, "ann", "acme"), Out: &story}
		if err := client.Run(t.Context()); err != nil {
			t.Fatalf("%v\nso far:\n%s", err, story.String())
		}
		t.Logf("demo:\n%s", story.String())
	})

	// Within the 5 s shutdown timeout, or Serve returns the deadline's
	// error and the exit status says so: no clock is read here.
	t.Run("SIGTERM closes streams and exits cleanly within the shutdown timeout", func(t *testing.T) {
		if err := app.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		events.next(t, "close")
		select {
		case <-app.Exited():
			if err := app.Err(); err != nil {
				t.Errorf("exit: %v", err)
			}
		case <-time.After(time.Minute):
			t.Fatal("the app did not exit within a minute of SIGTERM")
		}
		if !strings.Contains(app.Logs(), `"msg":"stopped"`) {
			t.Errorf("no clean-stop log line")
		}
	})
}

func buildShop(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "shop")
	pkg := "github.com/forge-framework/forge/runtime/buildinfo"
	ldflags := fmt.Sprintf("-X %s.Version=%s -X %s.Commit=%s -X %s.Date=%s", pkg, stampVersion, pkg, stampCommit, pkg, stampDate)
	build := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func get(t *testing.T, url, token string) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %v\n%s", url, resp.Status, err, body)
	}
	return body
}

func mintToken(t *testing.T, user, tenant string) string {
	t.Helper()
	secret, err := auth.SecretFromConfig(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	token, err := auth.Mint(secret, auth.Claims{Subject: user, Tenant: tenant, Issuer: config.Default().App.Name, IssuedAt: now, ExpiresAt: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func notify(t *testing.T, url, payload string) {
	t.Helper()
	if _, err := connect(t, url).Exec(context.Background(), "SELECT pg_notify('forge_events', $1)", payload); err != nil {
		t.Fatal(err)
	}
}

type sseEvent struct{ id, event, data string }

// stream reads server-sent events from one response.
type stream struct {
	events chan sseEvent
}

func openStream(t *testing.T, url, token string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("GET %s: %s %s", url, resp.Status, resp.Header.Get("Content-Type"))
	}
	s := &stream{events: make(chan sseEvent, 64)}
	go func() {
		defer resp.Body.Close()
		defer close(s.events)
		var ev sseEvent
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			line := sc.Text()
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "id":
				ev.id = value
			case "event":
				ev.event = value
			case "data":
				ev.data = value
			case "":
				if line == "" && ev.event != "" {
					s.events <- ev
				}
				if line == "" {
					ev = sseEvent{}
				}
			}
		}
	}()
	return s
}

// next waits for the next event of the given kind, skipping others.
func (s *stream) next(t *testing.T, event string) sseEvent {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("stream ended while waiting for %q", event)
			}
			if ev.event == event {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %q event within a minute", event)
		}
	}
}
