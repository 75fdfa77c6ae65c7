package server

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/app"
	"github.com/forge-framework/forge/runtime/config"
)

// testConfig is a configuration for a server on loopback ports chosen by
// the kernel, on a fresh database.
func testConfig(t *testing.T, dbURL string) *config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.Database.URL = dbURL
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.Admin.Addr = "127.0.0.1:0"
	cfg.Observe.LogLevel = "warn"
	cfg.App.ShutdownTimeout = config.Duration{Duration: 5 * time.Second}
	return cfg
}

// A migration that fails if run twice: CREATE TABLE without IF NOT EXISTS.
var migrations = fstest.MapFS{
	"0001_widgets.up.sql":   {Data: []byte("CREATE TABLE widgets (id bigint primary key);")},
	"0001_widgets.down.sql": {Data: []byte("DROP TABLE widgets;")},
}

func TestInstancesStartingTogetherMigrateOnce(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.Database(t)
	var wg sync.WaitGroup
	servers := make([]*Server, 2)
	errs := make([]error, 2)
	for i := range servers {
		wg.Go(func() {
			servers[i], errs[i] = New(context.Background(), testConfig(t, dbURL), App{Migrations: migrations})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
	}
	var applied int
	if err := servers[0].pool.QueryRow(context.Background(), "SELECT count(*) FROM forge_migrations").Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if applied != 1 {
		t.Errorf("forge_migrations has %d rows, want 1", applied)
	}
	for _, s := range servers {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // serve and shut down at once
		if err := s.Serve(ctx); err != nil {
			t.Errorf("serve: %v", err)
		}
	}
}

type slowArgs struct{}

func (slowArgs) Kind() string { return "server_test_slow" }

// slowWorker signals when a job starts and finishes when released, or when
// its context is cancelled.
type slowWorker struct {
	river.WorkerDefaults[slowArgs]
	started chan struct{}
	release chan struct{}
}

func (w *slowWorker) Work(ctx context.Context, job *river.Job[slowArgs]) error {
	close(w.started)
	select {
	case <-w.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// serveWithJob starts a server whose one job is running, and returns the
// function that triggers shutdown and waits for Serve.
func serveWithJob(t *testing.T, shutdownTimeout time.Duration) (*slowWorker, *Server, func() error) {
	t.Helper()
	cfg := testConfig(t, pgtest.Database(t))
	cfg.App.ShutdownTimeout = config.Duration{Duration: shutdownTimeout}
	w := &slowWorker{started: make(chan struct{}), release: make(chan struct{})}
	s, err := New(context.Background(), cfg, App{Workers: func(ws *river.Workers, _ app.Deps) error {
		return river.AddWorkerSafely(ws, w)
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx) }()
	if _, err := s.river.Insert(context.Background(), slowArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-w.started:
	case <-time.After(time.Minute):
		t.Fatal("the job did not start within a minute")
	}
	return w, s, func() error {
		cancel()
		// Only a guard against a hang: Serve gives up on its own at the
		// shutdown timeout, however long this machine takes to get there.
		select {
		case err := <-served:
			return err
		case <-time.After(shutdownTimeout + time.Minute):
			t.Fatalf("Serve did not return a minute past its %s shutdown timeout", shutdownTimeout)
			return nil
		}
	}
}

type firstArgs struct{}

func (firstArgs) Kind() string { return "server_test_first" }

type nextArgs struct{}

func (nextArgs) Kind() string { return "server_test_next" }

// chainWorker works a first job by inserting the next one with the client
// it was built with.
type chainWorker struct {
	river.WorkerDefaults[firstArgs]
	deps app.Deps
}

func (w *chainWorker) Work(ctx context.Context, job *river.Job[firstArgs]) error {
	_, err := w.deps.River.Insert(ctx, nextArgs{}, nil)
	return err
}

// TestWorkersAreBuiltWithAUsableRiverClient builds a worker that keeps
// d.River from its registration and inserts a job with it while working
// one: the client exists before the workers.
func TestWorkersAreBuiltWithAUsableRiverClient(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t, pgtest.Database(t))
	next := make(chan struct{})
	s, err := New(context.Background(), cfg, App{Workers: func(ws *river.Workers, d app.Deps) error {
		if d.River == nil || d.Pool == nil || d.Logger == nil {
			t.Errorf("workers are registered with %+v: a service is missing", d)
		}
		river.AddWorker(ws, &chainWorker{deps: d})
		river.AddWorker(ws, river.WorkFunc(func(ctx context.Context, job *river.Job[nextArgs]) error {
			close(next)
			return nil
		}))
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx) }()
	if _, err := s.river.Insert(context.Background(), firstArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-next:
	case <-time.After(time.Minute):
		t.Error("the next job was not worked within a minute")
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("serve: %v", err)
	}
}

func jobState(t *testing.T, dbURL string) string {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var state string
	if err := conn.QueryRow(context.Background(), "SELECT state FROM river_job WHERE kind = 'server_test_slow'").Scan(&state); err != nil {
		t.Fatal(err)
	}
	return state
}

// The job is released only once shutdown waits for running jobs, so it
// finishes in the drain whatever the machine's speed; the timeout is far
// longer than the job needs, so a completed job means it was waited for,
// not cancelled at a deadline.
func TestShutdownLetsRunningJobsFinish(t *testing.T) {
	t.Parallel()
	w, s, stop := serveWithJob(t, time.Minute)
	dbURL := s.cfg.Database.URL
	go func() {
		select {
		case <-s.jobsDraining:
			close(w.release)
		case <-t.Context().Done():
		}
	}()
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	select {
	case <-s.jobsDraining:
	default:
		t.Fatal("Serve returned without draining jobs")
	}
	if state := jobState(t, dbURL); state != "completed" {
		t.Errorf("job state after a graceful stop: %s, want completed", state)
	}
}

// The job never finishes by itself: that Serve returns at all shows that it
// stops waiting at the shutdown timeout.
func TestShutdownReturnsJobsPastTheDeadline(t *testing.T) {
	t.Parallel()
	_, s, stop := serveWithJob(t, 2*time.Second)
	dbURL := s.cfg.Database.URL
	err := stop()
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("serve: %v", err)
	}
	// Cancelled by the hard stop, the job errored and waits for a retry.
	if state := jobState(t, dbURL); state != "retryable" && state != "available" {
		t.Errorf("job state after a hard stop: %s, want retryable or available", state)
	}
}

// Stopping an app that is still waiting for its database returns the error
// and releases what was built (a crash here once hid the cause).
func TestNewGivesUpCleanlyWhileWaitingForTheDatabase(t *testing.T) {
	cfg := testConfig(t, "postgres://nobody@127.0.0.1:1/none?connect_timeout=1")
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	s, err := New(ctx, cfg, App{})
	if err == nil || s != nil {
		t.Fatalf("New without a database = %v, %v; want nil and an error", s, err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v; want it to wrap the context's deadline", err)
	}
}
