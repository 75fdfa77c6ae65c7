package sse_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/goleak"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/notify"
	"github.com/forge-framework/forge/runtime/sse"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// wait bounds every wait for a signal; reaching it fails the test.
const wait = 10 * time.Second

// env is a Handler on a real PostgresHub, served by an httptest server.
type env struct {
	pool    *pgxpool.Pool
	hub     *notify.PostgresHub
	limiter *sse.Limiter
	handler *sse.Handler
	srv     *httptest.Server
}

// newEnv starts everything and returns once the hub listens and the
// handler has numbered the hub's first refresh, so that streams opened
// afterwards see only what the test publishes. Its server speaks
// HTTP/1.1, where the handler takes connections over.
func newEnv(t *testing.T, limiter *sse.Limiter, opts sse.Options) *env {
	t.Helper()
	return newEnvOn(t, "http1", limiter, opts)
}

// transports are the two ways a stream is served: on a connection taken
// over from net/http (HTTP/1.1) and through the ResponseWriter (HTTP/2,
// where there is no connection to take).
var transports = []string{"http1", "http2"}

// newEnvOn is newEnv on the transport proto, "http1" or "http2".
func newEnvOn(t *testing.T, proto string, limiter *sse.Limiter, opts sse.Options) *env {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts.Logger = logger
	e := &env{pool: pgtest.Pool(t), limiter: limiter}
	e.hub = notify.NewPostgresHub(e.pool, notify.HubOptions{Logger: logger})
	e.handler = sse.NewHandler(e.hub, limiter, opts)
	// A tiny authenticator: the principal comes from test headers. It sets
	// a header of its own, as middleware does, which the stream's
	// response must carry.
	e.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != map[string]int{"http1": 1, "http2": 2}[proto] {
			t.Errorf("request over %s, want %s", r.Proto, proto)
		}
		w.Header().Set("X-Middleware", "seen")
		if user := r.Header.Get("X-Test-User"); user != "" {
			p := auth.Principal{UserID: user, TenantID: r.Header.Get("X-Test-Tenant")}
			if expires := r.Header.Get("X-Test-Expires"); expires != "" {
				var err error
				if p.ExpiresAt, err = time.Parse(time.RFC3339Nano, expires); err != nil {
					t.Errorf("X-Test-Expires: %v", err)
				}
			}
			r = r.WithContext(auth.WithPrincipal(r.Context(), p))
		}
		e.handler.ServeHTTP(w, r)
	}))
	if proto == "http2" {
		e.srv.EnableHTTP2 = true
		e.srv.StartTLS()
	} else {
		e.srv.Start()
	}
	ctx, cancel := context.WithCancel(context.Background())
	hubDone := make(chan error, 1)
	t.Cleanup(func() {
		e.handler.Close()
		e.srv.Close()
		cancel()
		select {
		case err := <-hubDone:
			if err != nil {
				t.Errorf("hub Start: %v", err)
			}
		case <-time.After(wait):
			t.Errorf("hub Start did not return within %s", wait)
		}
	})

	probe := e.open(t, "probe", "", "", "")
	go func() { hubDone <- e.hub.Start(ctx) }()
	probe.expect(t, notify.Event{Op: notify.OpRefresh})
	probe.close()
	e.waitStreams(t, 0)
	return e
}

// waitStreams waits until n streams are open.
func (e *env) waitStreams(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for e.limiter.Total() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d streams open after %s, want %d", e.limiter.Total(), wait, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func (e *env) publish(t *testing.T, events ...notify.Event) {
	t.Helper()
	for _, ev := range events {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		err := e.hub.Publish(ctx, ev)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// request sends GET /events as user of tenant ("" for no principal), with
// header's key and value pairs.
func (e *env) request(t *testing.T, ctx context.Context, user, tenant, query, lastEventID string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+"/events"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("X-Test-User", user)
		req.Header.Set("X-Test-Tenant", tenant)
	}
	if lastEventID != "" {
		req.Header.Set("Last-Event-ID", lastEventID)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// open opens a stream and reads its first message, the retry advice.
func (e *env) open(t *testing.T, user, tenant, query, lastEventID string, header ...string) *stream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	resp := e.request(t, ctx, user, tenant, query, lastEventID, header...)
	s := &stream{resp: resp, r: bufio.NewReader(resp.Body), cancel: cancel}
	t.Cleanup(s.close)
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %s %s", query, resp.Status, body)
	}
	if m := s.next(t); m.retry != "3000" {
		t.Fatalf("first message %+v, want retry: 3000", m)
	}
	return s
}

// stream is a test's client side of one event stream.
type stream struct {
	resp   *http.Response
	r      *bufio.Reader
	cancel context.CancelFunc
}

// message is one parsed SSE message; comment holds a comment line.
type message struct {
	id, event, data, retry, comment string
}

func (s *stream) close() {
	s.cancel()
	s.resp.Body.Close()
}

// read parses the next message, comments included.
func (s *stream) read() (message, error) {
	var m message
	seen := false
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return m, err
		}
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			if seen {
				return m, nil
			}
			continue
		}
		seen = true
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "":
			m.comment = value
		case "id":
			m.id = value
		case "event":
			m.event = value
		case "data":
			m.data = value
		case "retry":
			m.retry = value
		}
	}
}

// next returns the next message that is not a comment.
func (s *stream) next(t *testing.T) message {
	t.Helper()
	for {
		m, err := s.read()
		if err != nil {
			t.Fatalf("reading the stream: %v", err)
		}
		if m.comment == "" {
			return m
		}
	}
}

// expect reads one event, checks it is want and returns its id.
func (s *stream) expect(t *testing.T, want notify.Event) uint64 {
	t.Helper()
	m := s.next(t)
	var got notify.Event
	if err := json.Unmarshal([]byte(m.data), &got); err != nil {
		t.Fatalf("message %+v: data is not an event: %v", m, err)
	}
	if got != want || m.event != want.Op {
		t.Fatalf("got event %q %+v, want %q %+v", m.event, got, want.Op, want)
	}
	id, err := strconv.ParseUint(m.id, 10, 64)
	if err != nil {
		t.Fatalf("message %+v: id is not a number: %v", m, err)
	}
	return id
}

// events reads events up to and including the one with ID end.
func (s *stream) events(t *testing.T, end string) []notify.Event {
	t.Helper()
	var got []notify.Event
	for {
		m := s.next(t)
		var ev notify.Event
		if err := json.Unmarshal([]byte(m.data), &ev); err != nil {
			t.Fatalf("message %+v: data is not an event: %v", m, err)
		}
		got = append(got, ev)
		if ev.ID == end {
			return got
		}
	}
}

func newLimiter() *sse.Limiter { return sse.NewLimiter(100, 10) }

func TestEventsArriveWithIDs(t *testing.T) {
	t.Parallel()
	for _, proto := range transports {
		t.Run(proto, func(t *testing.T) {
			t.Parallel()
			e := newEnvOn(t, proto, newLimiter(), sse.Options{})
			s := e.open(t, "ann", "acme", "", "")
			for name, want := range map[string]string{
				"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no",
				"X-Middleware": "seen",
			} {
				if got := s.resp.Header.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			// On HTTP/1.1 the handler takes the connection over: its
			// response ends with the connection.
			if proto == "http1" && !s.resp.Close {
				t.Error("HTTP/1.1 stream without Connection: close; want the connection taken over")
			}

			events := []notify.Event{
				{Resource: "Product", Op: notify.OpCreate, ID: "1", Tenant: "acme"},
				{Resource: "Product", Op: notify.OpUpdate, ID: "1", Tenant: "acme"},
				{Resource: "Product", Op: notify.OpDelete, ID: "1", Tenant: "acme"},
			}
			e.publish(t, events...)
			var last uint64
			for _, want := range events {
				id := s.expect(t, want)
				if id <= last {
					t.Errorf("id %d after %d, want increasing ids", id, last)
				}
				last = id
			}
		})
	}
}

// TestTokenExpiryEndsStream opens streams whose principal expires: each
// ends, when it does, with a reauthenticate event, and its slot is free
// again. A stream keeps its events until then.
func TestTokenExpiryEndsStream(t *testing.T) {
	t.Parallel()
	for _, proto := range transports {
		t.Run(proto, func(t *testing.T) {
			t.Parallel()
			limiter := newLimiter()
			e := newEnvOn(t, proto, limiter, sse.Options{})
			expires := time.Now().Add(500 * time.Millisecond)
			s := e.open(t, "ann", "acme", "", "", "X-Test-Expires", expires.Format(time.RFC3339Nano))
			before := notify.Event{Resource: "Product", Op: notify.OpCreate, ID: "1", Tenant: "acme"}
			e.publish(t, before)
			s.expect(t, before)

			if m := s.next(t); m != (message{event: sse.EventReauthenticate, data: `{"reason":"token_expired"}`}) {
				t.Fatalf("got %+v, want event: reauthenticate for the expired token", m)
			}
			if now := time.Now(); now.Before(expires) {
				t.Errorf("the stream ended %s before its token expired", expires.Sub(now))
			}
			if _, err := s.read(); !errors.Is(err, io.EOF) {
				t.Errorf("after reauthenticate: err = %v, want the stream to end (EOF)", err)
			}
			e.waitStreams(t, 0)

			// A principal that has expired already gets the event at once.
			s = e.open(t, "ann", "acme", "", "", "X-Test-Expires", time.Now().Add(-time.Second).Format(time.RFC3339Nano))
			if m := s.next(t); m.event != sse.EventReauthenticate {
				t.Fatalf("got %+v, want event: reauthenticate", m)
			}
		})
	}
}

// TestMaxLifetimeEndsStream checks that a stream ends with a close event
// once it reaches its lifetime, and not before 90% of MaxLifetime.
func TestMaxLifetimeEndsStream(t *testing.T) {
	t.Parallel()
	for _, proto := range transports {
		t.Run(proto, func(t *testing.T) {
			t.Parallel()
			const lifetime = 500 * time.Millisecond
			limiter := newLimiter()
			e := newEnvOn(t, proto, limiter, sse.Options{MaxLifetime: lifetime})
			opened := time.Now()
			s := e.open(t, "ann", "acme", "", "")
			if m := s.next(t); m != (message{event: sse.EventClose, data: `{"reason":"max_lifetime"}`}) {
				t.Fatalf("got %+v, want event: close for the stream's lifetime", m)
			}
			if d := time.Since(opened); d < lifetime*9/10 {
				t.Errorf("the stream ended after %s, want at least 90%% of its lifetime of %s", d, lifetime)
			}
			if _, err := s.read(); !errors.Is(err, io.EOF) {
				t.Errorf("after close: err = %v, want the stream to end (EOF)", err)
			}
			e.waitStreams(t, 0)
		})
	}
}

func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newLimiter(), sse.Options{})
	streams := map[string]*stream{
		"acme":        e.open(t, "ann", "acme", "", ""),
		"globex":      e.open(t, "bob", "globex", "", ""),
		"acme orders": e.open(t, "cat", "acme", "?resources=Order,%20Invoice", ""),
	}
	acmeProduct := notify.Event{Resource: "Product", Op: notify.OpCreate, ID: "1", Tenant: "acme"}
	globexProduct := notify.Event{Resource: "Product", Op: notify.OpCreate, ID: "2", Tenant: "globex"}
	acmeOrder := notify.Event{Resource: "Order", Op: notify.OpCreate, ID: "3", Tenant: "acme"}
	shared := notify.Event{Resource: "Country", Op: notify.OpUpdate, ID: "4"}
	end := notify.Event{Resource: "Order", Op: notify.OpUpdate, ID: "end"}
	e.publish(t, acmeProduct, globexProduct, acmeOrder, shared, end)

	want := map[string][]notify.Event{
		"acme":        {acmeProduct, acmeOrder, shared, end},
		"globex":      {globexProduct, shared, end},
		"acme orders": {acmeOrder, end},
	}
	for name, s := range streams {
		if got := s.events(t, "end"); !slices.Equal(got, want[name]) {
			t.Errorf("stream %s got %+v, want %+v", name, got, want[name])
		}
	}
}

func assertError(t *testing.T, resp *http.Response, status int, code string) {
	t.Helper()
	defer resp.Body.Close()
	var body struct {
		Error struct{ Code, Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("%s: body is not JSON: %v", resp.Status, err)
	}
	if resp.StatusCode != status || body.Error.Code != code || body.Error.Message == "" {
		t.Fatalf("got %s %+v, want %d with code %q and a message", resp.Status, body, status, code)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
}

func TestConnectionCaps(t *testing.T) {
	t.Parallel()
	limiter := sse.NewLimiter(3, 2)
	e := newEnv(t, limiter, sse.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()

	e.open(t, "ann", "acme", "", "")
	e.open(t, "ann", "acme", "", "")
	resp := e.request(t, ctx, "ann", "acme", "", "")
	if got := resp.Header.Get("Retry-After"); got != "3" {
		t.Errorf("Retry-After = %q, want 3", got)
	}
	assertError(t, resp, http.StatusTooManyRequests, "too_many_connections")

	e.open(t, "bob", "acme", "", "")
	assertError(t, e.request(t, ctx, "cat", "acme", "", ""), http.StatusTooManyRequests, "too_many_connections")
	if limiter.Total() != 3 || limiter.User("acme", "ann") != 2 || limiter.User("acme", "cat") != 0 {
		t.Errorf("Total = %d, ann = %d, cat = %d; want 3, 2, 0", limiter.Total(), limiter.User("acme", "ann"), limiter.User("acme", "cat"))
	}
}

// TestCapPerTenantUser gives two tenants a user with the same id: one
// tenant's user at the cap does not lock the other's out.
func TestCapPerTenantUser(t *testing.T) {
	t.Parallel()
	limiter := sse.NewLimiter(10, 1)
	e := newEnv(t, limiter, sse.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()

	e.open(t, "ann", "acme", "", "")
	assertError(t, e.request(t, ctx, "ann", "acme", "", ""), http.StatusTooManyRequests, "too_many_connections")
	globex := e.open(t, "ann", "globex", "", "")
	if limiter.User("acme", "ann") != 1 || limiter.User("globex", "ann") != 1 {
		t.Errorf("acme's ann = %d, globex's ann = %d; want 1, 1", limiter.User("acme", "ann"), limiter.User("globex", "ann"))
	}
	// And globex's ann gets globex's events, not acme's.
	acme := notify.Event{Resource: "Product", Op: notify.OpCreate, ID: "a", Tenant: "acme"}
	mine := notify.Event{Resource: "Product", Op: notify.OpCreate, ID: "g", Tenant: "globex"}
	e.publish(t, acme, mine)
	globex.expect(t, mine)
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	limiter := newLimiter()
	e := newEnv(t, limiter, sse.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	assertError(t, e.request(t, ctx, "", "", "", ""), http.StatusUnauthorized, "unauthorized")
	if n := limiter.Total(); n != 0 {
		t.Errorf("Total = %d after a refused request, want 0", n)
	}
}

func TestHeartbeat(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newLimiter(), sse.Options{Heartbeat: 20 * time.Millisecond})
	s := e.open(t, "ann", "acme", "", "")
	for range 2 {
		m, err := s.read()
		if err != nil {
			t.Fatal(err)
		}
		if m != (message{comment: "ping"}) {
			t.Fatalf("got %+v, want a ping comment", m)
		}
	}
}

func TestLastEventIDReplay(t *testing.T) {
	t.Parallel()
	const replay = 8
	e := newEnv(t, newLimiter(), sse.Options{Replay: replay})
	live := e.open(t, "ann", "acme", "", "")
	a1 := notify.Event{Resource: "Product", Op: notify.OpCreate, ID: "a1", Tenant: "acme"}
	b1 := notify.Event{Resource: "Product", Op: notify.OpCreate, ID: "b1", Tenant: "globex"}
	a2 := notify.Event{Resource: "Product", Op: notify.OpUpdate, ID: "a2", Tenant: "acme"}
	a3 := notify.Event{Resource: "Product", Op: notify.OpDelete, ID: "a3", Tenant: "acme"}
	e.publish(t, a1, b1, a2, a3)
	id1, id2, id3 := live.expect(t, a1), live.expect(t, a2), live.expect(t, a3)

	t.Run("replays what the tenant missed", func(t *testing.T) {
		s := e.open(t, "ann", "acme", "", strconv.FormatUint(id1, 10))
		if got := s.expect(t, a2); got != id2 {
			t.Errorf("replayed a2 with id %d, it had %d", got, id2)
		}
		if got := s.expect(t, a3); got != id3 {
			t.Errorf("replayed a3 with id %d, it had %d", got, id3)
		}
	})
	t.Run("never another tenant's", func(t *testing.T) {
		// globex resumes from before b1 and a2: it gets b1 only, then the
		// end marker, never acme's events.
		s := e.open(t, "bob", "globex", "", strconv.FormatUint(id1, 10))
		end := notify.Event{Resource: "Product", Op: notify.OpUpdate, ID: "end"}
		e.publish(t, end)
		if got, want := s.events(t, "end"), []notify.Event{b1, end}; !slices.Equal(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
		live.expect(t, end)
	})
	for name, lastID := range map[string]string{
		"refresh for a malformed id":            "not-a-number",
		"refresh for an id of another instance": "1",
	} {
		t.Run(name, func(t *testing.T) {
			s := e.open(t, "ann", "acme", "", lastID)
			s.expect(t, notify.Event{Op: notify.OpRefresh})
		})
	}
	t.Run("refresh once the id left the ring", func(t *testing.T) {
		var evicted []notify.Event
		for i := range replay {
			evicted = append(evicted, notify.Event{Resource: "Order", Op: notify.OpCreate, ID: strconv.Itoa(i), Tenant: "acme"})
		}
		e.publish(t, evicted...)
		for _, ev := range evicted {
			live.expect(t, ev) // the handler has numbered them all
		}
		s := e.open(t, "ann", "acme", "", strconv.FormatUint(id1, 10))
		s.expect(t, notify.Event{Op: notify.OpRefresh})
		next := notify.Event{Resource: "Order", Op: notify.OpUpdate, ID: "next", Tenant: "acme"}
		e.publish(t, next)
		s.expect(t, next)
	})
}

// TestRefreshAfterListenerKilled is the acceptance test of the whole chain:
// losing the hub's connection reaches browsers as a refresh.
func TestRefreshAfterListenerKilled(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newLimiter(), sse.Options{})
	s := e.open(t, "ann", "acme", "", "")

	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	var killed int
	err := e.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))
		FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'listen %'`).Scan(&killed)
	if err != nil || killed != 1 {
		t.Fatalf("terminated %d listening backends (err %v), want 1", killed, err)
	}
	s.expect(t, notify.Event{Op: notify.OpRefresh})

	after := notify.Event{Resource: "Product", Op: notify.OpCreate, ID: "after", Tenant: "acme"}
	e.publish(t, after)
	s.expect(t, after)
}

func TestCloseEndsStreams(t *testing.T) {
	t.Parallel()
	for _, proto := range transports {
		t.Run(proto, func(t *testing.T) {
			t.Parallel()
			testCloseEndsStreams(t, proto)
		})
	}
}

func testCloseEndsStreams(t *testing.T, proto string) {
	limiter := newLimiter()
	e := newEnvOn(t, proto, limiter, sse.Options{})
	streams := []*stream{e.open(t, "ann", "acme", "", ""), e.open(t, "bob", "acme", "", ""), e.open(t, "cat", "globex", "", "")}

	e.handler.Close()
	for _, s := range streams {
		if m := s.next(t); m != (message{event: sse.EventClose, data: `{"reason":"shutdown"}`}) {
			t.Errorf("got %+v, want event: close for the shutdown", m)
		}
		if _, err := s.read(); !errors.Is(err, io.EOF) {
			t.Errorf("after close: err = %v, want the stream to end (EOF)", err)
		}
	}
	if n := limiter.Total(); n != 0 {
		t.Errorf("Total = %d after Close, want 0", n)
	}

	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	assertError(t, e.request(t, ctx, "ann", "acme", "", ""), http.StatusServiceUnavailable, "shutting_down")
}

func TestDisconnectReleasesSlot(t *testing.T) {
	t.Parallel()
	for _, proto := range transports {
		t.Run(proto, func(t *testing.T) {
			t.Parallel()
			limiter := newLimiter()
			e := newEnvOn(t, proto, limiter, sse.Options{})
			s := e.open(t, "ann", "acme", "", "")
			if limiter.Total() != 1 || limiter.User("acme", "ann") != 1 {
				t.Fatalf("Total = %d, ann = %d with one stream open; want 1, 1", limiter.Total(), limiter.User("acme", "ann"))
			}
			// The heartbeat is 15 s: the stream learns of the client's
			// leaving from the connection, not from a failed write.
			s.close()
			e.waitStreams(t, 0)
		})
	}
}
