package server

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/notify"
)

// expiringAuthenticator accepts any request as ann of acme, with
// credentials that expire a while after they were checked.
type expiringAuthenticator struct{ after time.Duration }

func (a expiringAuthenticator) Authenticate(*http.Request) (auth.Principal, error) {
	return auth.Principal{UserID: "ann", TenantID: "acme", ExpiresAt: time.Now().Add(a.after)}, nil
}

// TestEventStreamThroughServer opens event streams through the whole
// public handler (tracing, authentication, the mux): events arrive, a
// stream ends with reauthenticate when its principal expires, and with
// close after sse.max_lifetime.
func TestEventStreamThroughServer(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		app      App
		lifetime time.Duration
		want     string
	}{
		{"events", App{}, time.Hour, `data: {"resource":"Product","op":"create","id":"p1","tenant":"acme"}`},
		{"max lifetime", App{}, time.Second, "event: close\ndata: {\"reason\":\"max_lifetime\"}"},
		{"expired principal", App{Authenticator: expiringAuthenticator{time.Second}}, time.Hour,
			"event: reauthenticate\ndata: {\"reason\":\"token_expired\"}"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig(t, pgtest.Database(t))
			cfg.SSE.MaxLifetime = config.Duration{Duration: tt.lifetime}
			s, err := New(context.Background(), cfg, tt.app)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			served := make(chan error, 1)
			go func() { served <- s.Serve(ctx) }()
			defer func() {
				cancel()
				if err := <-served; err != nil {
					t.Errorf("serve: %v", err)
				}
			}()

			token, err := auth.Mint([]byte(config.DevelopmentSecret), auth.Claims{
				Subject: "ann", Tenant: "acme", Issuer: cfg.App.Name, ExpiresAt: time.Now().Add(time.Hour),
			})
			if err != nil {
				t.Fatal(err)
			}
			reqCtx, cancelReq := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancelReq()
			req, _ := http.NewRequestWithContext(reqCtx, http.MethodGet, "http://"+s.PublicAddr().String()+EventsPath, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", EventsPath, resp.Status)
			}
			r := bufio.NewReader(resp.Body)
			if tt.name == "events" {
				waitListening(t, s)
				e := notify.Event{Resource: "Product", Op: notify.OpCreate, ID: "p1", Tenant: "acme"}
				if err := s.hub.Publish(reqCtx, e); err != nil {
					t.Fatal(err)
				}
			}
			readUntil(t, r, tt.want)
		})
	}
}

// waitListening waits until s's hub LISTENs, so that what is published
// from now on reaches its streams.
func waitListening(t *testing.T, s *Server) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var n int
		err := s.pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND query ILIKE 'listen %'`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the hub did not LISTEN within 30 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// readUntil reads r until it has seen want, which may span lines.
func readUntil(t *testing.T, r *bufio.Reader, want string) {
	t.Helper()
	var seen strings.Builder
	for !strings.Contains(seen.String(), want) {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended (%v) before %q; got:\n%s", err, want, seen.String())
		}
		seen.WriteString(line)
	}
}
