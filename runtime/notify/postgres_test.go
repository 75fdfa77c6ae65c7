package notify

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/goleak"

	"github.com/forge-framework/forge/internal/pgtest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// wait bounds every wait for a signal; reaching it fails the test.
const wait = 10 * time.Second

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*wait)
	t.Cleanup(cancel)
	return ctx
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// startHub runs h.Start until the test ends, then checks that Start returned
// nil promptly.
func startHub(t testing.TB, h *PostgresHub) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Start(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Start returned %v after cancel, want nil", err)
			}
		case <-time.After(wait):
			t.Errorf("Start did not return within %s of cancel", wait)
		}
	})
}

func recv(t testing.TB, s *Subscription) Event {
	t.Helper()
	select {
	case e, ok := <-s.C:
		if !ok {
			t.Fatal("subscription channel closed; want an event")
		}
		return *e
	case <-time.After(wait):
		t.Fatalf("no event within %s", wait)
	}
	return Event{}
}

func recvRefresh(t testing.TB, s *Subscription) {
	t.Helper()
	if e := recv(t, s); e.Op != OpRefresh {
		t.Fatalf("got %+v, want a refresh", e)
	}
}

// collect returns the events s receives up to and including the one with
// ID end.
func collect(t testing.TB, s *Subscription, end string) []Event {
	t.Helper()
	var got []Event
	for {
		e := recv(t, s)
		got = append(got, e)
		if e.ID == end {
			return got
		}
	}
}

func assertEmpty(t testing.TB, name string, s *Subscription) {
	t.Helper()
	select {
	case e := <-s.C:
		t.Errorf("%s: unexpected %+v", name, e)
	default:
	}
}

func publish(t testing.TB, h *PostgresHub, events ...Event) {
	t.Helper()
	for _, e := range events {
		if err := h.Publish(testCtx(t), e); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPublishReachesSubscribers(t *testing.T) {
	t.Parallel()
	h := NewPostgresHub(pgtest.Pool(t), HubOptions{Logger: testLogger(t)})
	before := h.Subscribe(Filter{Tenant: "a"})
	defer before.Close()
	startHub(t, h)
	recvRefresh(t, before) // the first connection's refresh: LISTEN is active

	after := h.Subscribe(Filter{Tenant: "a"})
	defer after.Close()
	want := Event{Resource: "Product", Op: OpCreate, ID: "p1", Tenant: "a"}
	publish(t, h, want)
	for name, s := range map[string]*Subscription{"subscribed before Start": before, "subscribed after Start": after} {
		if got := recv(t, s); got != want {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
}

// TestPublishTxDeliversOnCommitOnly publishes in two transactions: the
// rolled-back one's event never arrives, the committed one's does.
func TestPublishTxDeliversOnCommitOnly(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	h := NewPostgresHub(pool, HubOptions{Logger: testLogger(t)})
	s := h.Subscribe(Filter{})
	defer s.Close()
	startHub(t, h)
	recvRefresh(t, s)

	ctx := testCtx(t)
	lost := Event{Resource: "Product", Op: OpCreate, ID: "lost"}
	kept := Event{Resource: "Product", Op: OpCreate, ID: "kept"}
	for _, c := range []struct {
		e      Event
		commit bool
	}{{lost, false}, {kept, true}} {
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := PublishTx(ctx, tx, c.e); err != nil {
			t.Fatal(err)
		}
		if c.commit {
			err = tx.Commit(ctx)
		} else {
			err = tx.Rollback(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// Notifications arrive in commit order: the first is the committed one.
	if got := recv(t, s); got != kept {
		t.Errorf("got %+v, want %+v", got, kept)
	}
}

func TestTenantFilter(t *testing.T) {
	t.Parallel()
	h := NewPostgresHub(pgtest.Pool(t), HubOptions{Logger: testLogger(t)})
	subs := map[string]*Subscription{
		"a":    h.Subscribe(Filter{Tenant: "a"}),
		"b":    h.Subscribe(Filter{Tenant: "b"}),
		"all":  h.Subscribe(Filter{AllTenants: true}),
		"none": h.Subscribe(Filter{}),
	}
	startHub(t, h)
	for _, s := range subs {
		defer s.Close()
		recvRefresh(t, s)
	}

	ea := Event{Resource: "Order", Op: OpCreate, ID: "1", Tenant: "a"}
	eb := Event{Resource: "Order", Op: OpUpdate, ID: "2", Tenant: "b"}
	shared := Event{Resource: "Country", Op: OpDelete, ID: "3"}
	end := Event{Resource: "Country", Op: OpUpdate, ID: "end"}
	publish(t, h, ea, eb, shared, end)

	want := map[string][]Event{
		"a":    {ea, shared, end},
		"b":    {eb, shared, end},
		"all":  {ea, eb, shared, end},
		"none": {shared, end},
	}
	for name, s := range subs {
		if got := collect(t, s, "end"); !slices.Equal(got, want[name]) {
			t.Errorf("subscriber %s got %+v, want %+v", name, got, want[name])
		}
	}
}

func TestResourceFilter(t *testing.T) {
	t.Parallel()
	h := NewPostgresHub(pgtest.Pool(t), HubOptions{Logger: testLogger(t)})
	s := h.Subscribe(Filter{Tenant: "a", Resources: []string{"Product", "Order"}})
	defer s.Close()
	startHub(t, h)
	recvRefresh(t, s)

	product := Event{Resource: "Product", Op: OpCreate, ID: "1", Tenant: "a"}
	customer := Event{Resource: "Customer", Op: OpCreate, ID: "2", Tenant: "a"}
	order := Event{Resource: "Order", Op: OpCreate, ID: "3", Tenant: "a"}
	end := Event{Resource: "Order", Op: OpUpdate, ID: "end", Tenant: "a"}
	publish(t, h, product, customer, order, end)
	if got, want := collect(t, s, "end"), []Event{product, order, end}; !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestSlowSubscriberDoesNotBlockOthers fills one subscriber's buffer and
// checks that the others keep receiving, that the overflow becomes exactly
// one refresh, and that the slow one gets new events once it has drained.
func TestSlowSubscriberDoesNotBlockOthers(t *testing.T) {
	t.Parallel()
	const buffer = 4
	h := NewPostgresHub(pgtest.Pool(t), HubOptions{Buffer: buffer, Logger: testLogger(t)})
	// The barrier resource reaches fast but not slow: once fast has it,
	// every earlier event has been offered to slow, and nothing later is.
	slow := h.Subscribe(Filter{Resources: []string{"Product"}})
	defer slow.Close()
	fast := h.Subscribe(Filter{})
	defer fast.Close()
	startHub(t, h)
	recvRefresh(t, slow)
	recvRefresh(t, fast)

	// fast receives every event while slow, never read, is full.
	var sent []Event
	for i := range 3 * buffer {
		e := Event{Resource: "Product", Op: OpUpdate, ID: strconv.Itoa(i)}
		sent = append(sent, e)
		publish(t, h, e)
		if got := recv(t, fast); got != e {
			t.Fatalf("fast subscriber got %+v, want %+v", got, e)
		}
	}
	barrier := Event{Resource: "Barrier", Op: OpUpdate, ID: "end"}
	publish(t, h, barrier)
	if got := recv(t, fast); got != barrier {
		t.Fatalf("fast subscriber got %+v, want the barrier %+v", got, barrier)
	}

	var drained []Event
	for range buffer + 1 {
		drained = append(drained, recv(t, slow))
	}
	want := append(slices.Clone(sent[:buffer]), Event{Op: OpRefresh})
	if !slices.Equal(drained, want) {
		t.Fatalf("slow subscriber drained %+v, want the first %d events and one refresh %+v", drained, buffer, want)
	}
	assertEmpty(t, "slow subscriber after draining", slow)

	next := Event{Resource: "Product", Op: OpDelete, ID: "next"}
	publish(t, h, next)
	if got := recv(t, slow); got != next {
		t.Errorf("after draining, slow subscriber got %+v, want %+v", got, next)
	}
}

func TestMalformedPayloadIsDropped(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	pool := pgtest.Pool(t)
	h := NewPostgresHub(pool, HubOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	s := h.Subscribe(Filter{})
	defer s.Close()
	startHub(t, h)
	recvRefresh(t, s)

	for _, payload := range []string{"not json", `{"op":"explode","resource":"Product"}`, `["op"]`} {
		if _, err := pool.Exec(testCtx(t), "SELECT pg_notify($1, $2)", Channel, payload); err != nil {
			t.Fatal(err)
		}
	}
	good := Event{Resource: "Product", Op: OpCreate, ID: "1"}
	publish(t, h, good)
	if got := recv(t, s); got != good {
		t.Fatalf("got %+v, want %+v (malformed payloads must be dropped)", got, good)
	}
	out := logs.String()
	if strings.Count(out, "dropping malformed payload") != 2 || strings.Count(out, "dropping event with unknown op") != 1 {
		t.Errorf("want two malformed-payload warnings and one unknown-op warning, logs:\n%s", out)
	}
}

func TestPublishRejectsOversizedPayload(t *testing.T) {
	t.Parallel()
	h := NewPostgresHub(pgtest.Pool(t), HubOptions{Logger: testLogger(t)})
	err := h.Publish(testCtx(t), Event{Resource: "Product", Op: OpCreate, ID: strings.Repeat("x", MaxPayload)})
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("Publish of an oversized event: err = %v, want the size-limit error", err)
	}
}

// TestReconnectAfterBackendTerminated kills the listener's backend: every
// subscriber must get a refresh quickly and events must flow again.
func TestReconnectAfterBackendTerminated(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	h := NewPostgresHub(pool, HubOptions{Logger: testLogger(t)})
	subs := []*Subscription{h.Subscribe(Filter{Tenant: "a"}), h.Subscribe(Filter{AllTenants: true})}
	startHub(t, h)
	for _, s := range subs {
		defer s.Close()
		recvRefresh(t, s)
	}

	ctx := testCtx(t)
	pid := h.listenerPID.Load()
	var listening []uint32
	rows, err := pool.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'listen %'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p uint32
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		listening = append(listening, p)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(listening) != 1 || listening[0] != pid {
		t.Fatalf("listening backends in pg_stat_activity = %v, want only the hub's %d", listening, pid)
	}

	var terminated bool
	if err := pool.QueryRow(ctx, "SELECT pg_terminate_backend($1)", pid).Scan(&terminated); err != nil || !terminated {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", pid, terminated, err)
	}
	killed := time.Now()
	for _, s := range subs {
		recvRefresh(t, s)
	}
	// pgxlisten alone would wait a minute; the hub's first retry comes
	// after MinBackoff (100 ms, jittered). Half of pgxlisten's minute
	// tells the two apart on a machine however loaded.
	if d := time.Since(killed); d > 30*time.Second {
		t.Errorf("reconnected after %s, want well under pgxlisten's 1-minute default", d)
	}
	if now := h.listenerPID.Load(); now == 0 || now == pid {
		t.Errorf("listener PID after reconnect = %d, want a new backend (old %d)", now, pid)
	}

	e := Event{Resource: "Product", Op: OpUpdate, ID: "after", Tenant: "a"}
	publish(t, h, e)
	for _, s := range subs {
		if got := recv(t, s); got != e {
			t.Errorf("after reconnect got %+v, want %+v", got, e)
		}
	}
}

// TestReconnectAfterServerRestart restarts a private cluster (never the
// shared test server) under a running hub.
func TestReconnectAfterServerRestart(t *testing.T) {
	if testing.Short() {
		// Bazel runs this package with -test.short (runtime/notify/BUILD.bazel).
		t.Skip("-short: restarting a private cluster needs tools/postgres.sh from the source tree; go test runs it")
	}
	t.Parallel()
	cluster := startPrivateCluster(t)
	ctx := testCtx(t)
	pool, err := pgxpool.New(ctx, cluster.url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	h := NewPostgresHub(pool, HubOptions{Logger: testLogger(t)})
	s := h.Subscribe(Filter{})
	defer s.Close()
	startHub(t, h)
	recvRefresh(t, s)

	if url := cluster.run(t, "restart"); url != cluster.url {
		t.Fatalf("restart printed %q, want the same URL %q", url, cluster.url)
	}
	recvRefresh(t, s)

	// The pool's idle connections died with the old server; a caller would
	// retry, the test just starts over.
	pool.Reset()
	e := Event{Resource: "Product", Op: OpCreate, ID: "after-restart"}
	publish(t, h, e)
	if got := recv(t, s); got != e {
		t.Errorf("after restart got %+v, want %+v", got, e)
	}
}

type privateCluster struct {
	script, state, url string
}

// startPrivateCluster starts a cluster of the test's own with
// tools/postgres.sh and stops it when the test ends. It skips the test
// where there is no test server at all (as pgtest does) or the script
// cannot start one, except in CI, where it fails.
func startPrivateCluster(t *testing.T) *privateCluster {
	t.Helper()
	ci := os.Getenv("CI") == "true" || os.Getenv("CI") == "1"
	skip := func(format string, args ...any) {
		t.Helper()
		if ci {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	if os.Getenv(pgtest.EnvURL) == "" {
		skip("%s is not set; run `tools/postgres.sh run go test ./...` to run tests that need PostgreSQL", pgtest.EnvURL)
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "tools", "postgres.sh"))
	if err != nil {
		t.Fatal(err)
	}
	c := &privateCluster{script: script, state: filepath.Join(t.TempDir(), "pg.env")}
	url, err := c.exec("start")
	if err != nil {
		skip("tools/postgres.sh start could not start a private cluster for the restart test: %v", err)
	}
	c.url = url
	t.Cleanup(func() {
		if _, err := c.exec("stop"); err != nil {
			t.Errorf("stop private cluster: %v", err)
		}
	})
	return c
}

func (c *privateCluster) run(t *testing.T, cmd string) string {
	t.Helper()
	out, err := c.exec(cmd)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (c *privateCluster) exec(cmd string) (string, error) {
	var stdout, stderr bytes.Buffer
	x := exec.Command(c.script, cmd)
	x.Env = append(os.Environ(), "FORGE_PG_STATE="+c.state)
	x.Stdout, x.Stderr = &stdout, &stderr
	if err := x.Run(); err != nil {
		return "", fmt.Errorf("tools/postgres.sh %s: %w\n%s", cmd, err, stderr.String())
	}
	return strings.TrimSpace(stdout.String()), nil
}

// TestStartStopsOnCancel checks that Start returns nil once its context is
// done, that the listener's backend goes away, and that a hub starts once.
func TestStartStopsOnCancel(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	h := NewPostgresHub(pool, HubOptions{Logger: testLogger(t)})
	s := h.Subscribe(Filter{})
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- h.Start(ctx) }()
	recvRefresh(t, s)
	if err := h.Start(ctx); err == nil {
		t.Error("second Start returned nil, want an error")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Start returned %v, want nil", err)
		}
	case <-time.After(wait):
		t.Fatalf("Start did not return within %s of cancel", wait)
	}
	// The server notices the closed socket on its own schedule, so poll.
	deadline := time.Now().Add(wait)
	for {
		var n int
		err := pool.QueryRow(testCtx(t), "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'listen %'").Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d listening backends remain %s after Start returned", n, wait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSubscriptionClose(t *testing.T) {
	t.Parallel()
	h := NewPostgresHub(pgtest.Pool(t), HubOptions{Logger: testLogger(t)})
	closed := h.Subscribe(Filter{})
	open := h.Subscribe(Filter{})
	defer open.Close()
	startHub(t, h)
	recvRefresh(t, closed)
	recvRefresh(t, open)

	closed.Close()
	closed.Close() // idempotent
	if _, ok := <-closed.C; ok {
		t.Error("receive after Close succeeded, want a closed channel")
	}
	if n := h.fanout.len(); n != 1 {
		t.Errorf("hub has %d subscribers after one of two closed, want 1", n)
	}
	e := Event{Resource: "Product", Op: OpCreate, ID: "1"}
	publish(t, h, e) // must not send on the closed channel
	if got := recv(t, open); got != e {
		t.Errorf("got %+v, want %+v", got, e)
	}
}

// TestCloseDuringDelivery closes subscriptions while events are being fanned
// out; run with -race.
func TestCloseDuringDelivery(t *testing.T) {
	t.Parallel()
	f := newFanout(2)
	subs := make([]*Subscription, 100)
	for i := range subs {
		subs[i] = f.subscribe(Filter{})
	}
	stop := make(chan struct{})
	delivered := make(chan struct{})
	go func() {
		defer close(delivered)
		for {
			select {
			case <-stop:
				return
			default:
				f.deliver(&Event{Resource: "Product", Op: OpUpdate, ID: "1"})
			}
		}
	}()
	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Go(func() {
			<-s.C
			s.Close()
			s.Close()
		})
	}
	wg.Wait()
	close(stop)
	<-delivered
	if n := f.len(); n != 0 {
		t.Errorf("%d subscribers left after all closed", n)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	lo, hi := 100*time.Millisecond, 5*time.Second
	for n, ceiling := range []time.Duration{100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000} {
		ceiling *= time.Millisecond
		for range 100 {
			if d := backoff(n, lo, hi); d < ceiling/2 || d > ceiling {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", n, d, ceiling/2, ceiling)
			}
		}
	}
	if d := backoff(1000, lo, hi); d > hi {
		t.Errorf("backoff(1000) = %s, want at most %s", d, hi)
	}
}

// syncBuffer is a bytes.Buffer safe for the hub's goroutine to log into.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
