package jobs_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
	"go.uber.org/goleak"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/jobs"
)

// TestMain checks that started and stopped clients leave no goroutines
// behind (per test it cannot: tests run in parallel).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// tenantArgs acts for a tenant, as generated job args do.
type tenantArgs struct {
	jobs.TenantArgs
	Note string `json:"note"`
}

func (tenantArgs) Kind() string { return "forge_test_tenant" }

// plainArgs acts for no tenant.
type plainArgs struct {
	Note string `json:"note"`
}

func (plainArgs) Kind() string { return "forge_test_plain" }

// numericTenantArgs has a tenant_id that is not a string.
type numericTenantArgs struct {
	TenantID int `json:"tenant_id"`
}

func (numericTenantArgs) Kind() string { return "forge_test_numeric_tenant" }

// seen is what a worker saw when it ran a job.
type seen struct {
	jobID     int64
	queue     string
	tenant    string
	hasTenant bool
}

// reportTo returns a worker that sends what it sees to ch.
func reportTo[T river.JobArgs](ch chan<- seen) river.Worker[T] {
	return river.WorkFunc(func(ctx context.Context, job *river.Job[T]) error {
		tenant, ok := auth.TenantFromContext(ctx)
		ch <- seen{jobID: job.ID, queue: job.Queue, tenant: tenant, hasTenant: ok}
		return nil
	})
}

// syncBuffer is a bytes.Buffer safe for River's concurrent logging.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records returns the JSON log records written so far.
func (b *syncBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	data := bytes.Clone(b.buf.Bytes())
	b.mu.Unlock()
	var records []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("log line %q is not JSON: %v", sc.Text(), err)
		}
		records = append(records, r)
	}
	return records
}

// find returns the first record with message msg and the given kind.
func find(records []map[string]any, msg, kind string) map[string]any {
	for _, r := range records {
		if r["msg"] == msg && r["kind"] == kind {
			return r
		}
	}
	return nil
}

func testLogger() (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return slog.New(slog.NewJSONHandler(buf, nil)), buf
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // generous: a loaded machine, -race
	t.Cleanup(cancel)
	return ctx
}

// migratedPool returns a pool on a fresh database with River's tables.
func migratedPool(t *testing.T, ctx context.Context, logger *slog.Logger) *pgxpool.Pool {
	t.Helper()
	pool := pgtest.Pool(t)
	if err := jobs.Migrate(ctx, pool, logger); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return pool
}

// start starts client and stops it, within a bounded time, when the test
// ends.
func start(t *testing.T, ctx context.Context, client *river.Client[pgx.Tx]) {
	t.Helper()
	if err := client.Start(ctx); err != nil {
		t.Fatalf("start client: %v", err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := client.Stop(stopCtx); err != nil {
			t.Errorf("stop client: %v", err)
		}
	})
}

// receive waits for n values from ch.
func receive[T any](t *testing.T, ctx context.Context, ch <-chan T, n int) []T {
	t.Helper()
	var got []T
	for len(got) < n {
		select {
		case v := <-ch:
			got = append(got, v)
		case <-ctx.Done():
			t.Fatalf("received %d of %d values before %v: %+v", len(got), n, ctx.Err(), got)
		}
	}
	return got
}

func insert(t *testing.T, ctx context.Context, client *river.Client[pgx.Tx], args river.JobArgs, opts *river.InsertOpts) int64 {
	t.Helper()
	res, err := client.Insert(ctx, args, opts)
	if err != nil {
		t.Fatalf("insert %s: %v", args.Kind(), err)
	}
	return res.Job.ID
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	logger, _ := testLogger()
	dbURL := pgtest.Database(t)

	// Two replicas starting at once, each with its own pool: River's
	// migrations are not idempotent, so without the lock one would fail.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		pool, err := pgxpool.New(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		wg.Go(func() { errs[i] = jobs.Migrate(ctx, pool, logger) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent Migrate: %v", err)
	}

	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := jobs.Migrate(ctx, pool, logger); err != nil {
		t.Fatalf("Migrate again: %v", err)
	}
	var exists bool
	if err := pool.QueryRow(ctx, "select to_regclass('river_job') is not null").Scan(&exists); err != nil || !exists {
		t.Fatalf("river_job exists = %v (%v), want true", exists, err)
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	applied, err := migrator.ExistingVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if all := migrator.AllVersions(); len(applied) != len(all) {
		t.Errorf("%d River migrations applied, want all %d", len(applied), len(all))
	}
}

func TestTenantReachesWorker(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	logger, _ := testLogger()
	pool := migratedPool(t, ctx, logger)

	ch := make(chan seen, 10)
	workers := river.NewWorkers()
	river.AddWorker(workers, reportTo[tenantArgs](ch))
	river.AddWorker(workers, reportTo[plainArgs](ch))
	river.AddWorker(workers, reportTo[numericTenantArgs](ch))
	client, err := jobs.NewClient(pool, config.Jobs{}, workers, logger)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	failed, cancel := client.Subscribe(river.EventKindJobFailed)
	defer cancel()
	start(t, ctx, client)

	// The embedded TenantArgs is a top-level field of the encoded args.
	encoded, _ := json.Marshal(tenantArgs{TenantArgs: jobs.TenantArgs{TenantID: "acme"}, Note: "n"})
	if want := `{"tenant_id":"acme","note":"n"}`; string(encoded) != want {
		t.Fatalf("tenantArgs encodes as %s, want %s", encoded, want)
	}

	want := map[int64]seen{}
	id := insert(t, ctx, client, tenantArgs{TenantArgs: jobs.TenantArgs{TenantID: "acme"}}, nil)
	want[id] = seen{jobID: id, queue: "default", tenant: "acme", hasTenant: true}
	id = insert(t, ctx, client, tenantArgs{}, nil)
	want[id] = seen{jobID: id, queue: "default"}
	id = insert(t, ctx, client, plainArgs{Note: "no tenant"}, nil)
	want[id] = seen{jobID: id, queue: "default"}

	for _, got := range receive(t, ctx, ch, len(want)) {
		if got != want[got.jobID] {
			t.Errorf("worker saw %+v, want %+v", got, want[got.jobID])
		}
	}

	// A tenant_id that is not a string fails the job before its worker runs.
	badID := insert(t, ctx, client, numericTenantArgs{TenantID: 7}, &river.InsertOpts{MaxAttempts: 1})
	event := receive(t, ctx, failed, 1)[0]
	if event.Job.ID != badID || len(event.Job.Errors) != 1 ||
		!strings.Contains(event.Job.Errors[0].Error, "tenant_id in args must be a string, got 7") {
		t.Errorf("job with a numeric tenant_id: got event for job %d with errors %+v, want job %d failed on its tenant_id",
			event.Job.ID, event.Job.Errors, badID)
	}
	select {
	case got := <-ch:
		t.Errorf("worker ran the job with a numeric tenant_id: %+v", got)
	default:
	}
}

func TestQueuesFromConfig(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	logger, _ := testLogger()
	pool := migratedPool(t, ctx, logger)

	ch := make(chan seen, 10)
	workers := river.NewWorkers()
	river.AddWorker(workers, reportTo[plainArgs](ch))
	// The configuration lists "mail" only; "default" is added.
	client, err := jobs.NewClient(pool, config.Jobs{Queues: map[string]int{"mail": 1}}, workers, logger)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	start(t, ctx, client)

	mailID := insert(t, ctx, client, plainArgs{Note: "mail"}, &river.InsertOpts{Queue: "mail"})
	defaultID := insert(t, ctx, client, plainArgs{Note: "default"}, nil)
	queues := map[int64]string{}
	for _, got := range receive(t, ctx, ch, 2) {
		queues[got.jobID] = got.queue
	}
	if queues[mailID] != "mail" || queues[defaultID] != "default" {
		t.Errorf("worked jobs by queue: %v; want job %d in mail and job %d in default", queues, mailID, defaultID)
	}
}

func TestNewClientRejectsBadQueue(t *testing.T) {
	t.Parallel()
	// No database: River checks its configuration first.
	_, err := jobs.NewClient(nil, config.Jobs{Queues: map[string]int{"mail": 0}}, river.NewWorkers(), nil)
	const want = `jobs: create River client: invalid number of workers for queue "mail": 0`
	if err == nil || err.Error() != want {
		t.Errorf("NewClient with a queue of 0 workers: error = %v, want %q", err, want)
	}
}

func TestErrorHandlerLogsFailure(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	logger, logs := testLogger()
	pool := migratedPool(t, ctx, logger)

	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[tenantArgs]) error {
		return errors.New("card declined")
	}))
	client, err := jobs.NewClient(pool, config.Jobs{}, workers, logger)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	failed, cancel := client.Subscribe(river.EventKindJobFailed)
	defer cancel()
	start(t, ctx, client)

	lastID := insert(t, ctx, client, tenantArgs{TenantArgs: jobs.TenantArgs{TenantID: "acme"}}, &river.InsertOpts{MaxAttempts: 1})
	retryID := insert(t, ctx, client, tenantArgs{}, &river.InsertOpts{MaxAttempts: 5})
	// River calls the error handler before it records the failure, so the
	// logs are written by the time the events arrive.
	for pending := map[int64]bool{lastID: true, retryID: true}; len(pending) > 0; {
		delete(pending, receive(t, ctx, failed, 1)[0].Job.ID)
	}

	records := logs.records(t)
	for _, tc := range []struct {
		id     int64
		level  string
		tenant any
	}{
		{lastID, "ERROR", "acme"}, // the last attempt: the job is discarded
		{retryID, "WARN", nil},    // River will retry it
	} {
		var r map[string]any
		for _, rec := range records {
			if rec["msg"] == "job failed" && rec["job_id"] == float64(tc.id) {
				r = rec
				break // the first attempt's; the retried job may fail again meanwhile
			}
		}
		if r == nil {
			t.Errorf("no \"job failed\" log record for job %d in:\n%v", tc.id, records)
			continue
		}
		if r["level"] != tc.level || r["kind"] != "forge_test_tenant" || r["error"] != "card declined" ||
			r["attempt"] != float64(1) || r["tenant_id"] != tc.tenant {
			t.Errorf("log record for job %d = %v; want level %s, kind forge_test_tenant, error \"card declined\", attempt 1, tenant_id %v",
				tc.id, r, tc.level, tc.tenant)
		}
	}
}

func TestErrorHandlerLogsPanic(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	logger, logs := testLogger()
	pool := migratedPool(t, ctx, logger)

	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(printLabel))
	client, err := jobs.NewClient(pool, config.Jobs{}, workers, logger)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	failed, cancel := client.Subscribe(river.EventKindJobFailed)
	defer cancel()
	start(t, ctx, client)

	id := insert(t, ctx, client, plainArgs{}, &river.InsertOpts{MaxAttempts: 1})
	receive(t, ctx, failed, 1)

	r := find(logs.records(t), "job panicked", "forge_test_plain")
	if r == nil {
		t.Fatal("no \"job panicked\" log record")
	}
	if r["level"] != "ERROR" || r["job_id"] != float64(id) || r["error"] != "out of ink" || r["attempt"] != float64(1) {
		t.Errorf("panic log record = %v; want level ERROR, job_id %d, error \"out of ink\", attempt 1", r, id)
	}
	// The package part differs between go test (runtime/jobs_test) and Bazel
	// (rules_go names an external test package after its target).
	if stack, _ := r["stack"].(string); !strings.Contains(stack, "_test.printLabel") {
		t.Errorf("panic log record's stack does not show the panicking worker:\n%s", stack)
	}
}

// printLabel is a worker that panics.
func printLabel(context.Context, *river.Job[plainArgs]) error {
	panic("out of ink")
}

func TestInsertOnlyClient(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	logger, _ := testLogger()
	pool := migratedPool(t, ctx, logger)

	// Queues in the configuration do not matter without workers.
	client, err := jobs.NewClient(pool, config.Jobs{Queues: map[string]int{"mail": 1}}, nil, logger)
	if err != nil {
		t.Fatalf("NewClient without workers: %v", err)
	}

	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	args := tenantArgs{TenantArgs: jobs.TenantArgs{TenantID: "acme"}, Note: "invoice"}
	res, err := client.InsertTx(ctx, tx, args, &river.InsertOpts{Queue: "mail"})
	if err != nil {
		t.Fatalf("InsertTx: %v", err)
	}
	job, err := client.JobGetTx(ctx, tx, res.Job.ID)
	if err != nil {
		t.Fatalf("get the inserted job in its transaction: %v", err)
	}
	var stored tenantArgs
	if err := json.Unmarshal(job.EncodedArgs, &stored); err != nil {
		t.Fatal(err)
	}
	if job.Kind != "forge_test_tenant" || job.Queue != "mail" || job.State != rivertype.JobStateAvailable || stored != args {
		t.Errorf("inserted job: kind %s, queue %s, state %s, args %s; want an available forge_test_tenant in mail with args %+v",
			job.Kind, job.Queue, job.State, job.EncodedArgs, args)
	}
	// Inserted with the transaction: invisible outside it until it commits.
	if _, err := client.JobGet(ctx, res.Job.ID); !errors.Is(err, river.ErrNotFound) {
		t.Errorf("JobGet outside the transaction before commit: error = %v, want river.ErrNotFound", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := client.JobGet(ctx, res.Job.ID); err != nil {
		t.Errorf("JobGet after commit: %v", err)
	}

	err = client.Start(ctx)
	if err == nil || !strings.Contains(err.Error(), "Queues and Workers must be configured") {
		t.Errorf("Start of a client without workers: error = %v, want River's refusal", err)
	}
}

// blockArgs is worked by blockUntilCancelled.
type blockArgs struct{}

func (blockArgs) Kind() string { return "forge_test_block" }

// blockUntilCancelled returns a worker that reports each job it starts on
// started and runs until its context is cancelled.
func blockUntilCancelled(started chan<- int64) river.Worker[blockArgs] {
	return river.WorkFunc(func(ctx context.Context, job *river.Job[blockArgs]) error {
		started <- job.ID
		<-ctx.Done()
		return ctx.Err()
	})
}

// jobs.timeout reaches River: an attempt that outlives it is cancelled and
// fails.
func TestJobTimeout(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	logger, _ := testLogger()
	pool := migratedPool(t, ctx, logger)

	workers := river.NewWorkers()
	river.AddWorker(workers, blockUntilCancelled(make(chan int64, 1)))
	cfg := config.Jobs{Timeout: config.Duration{Duration: 100 * time.Millisecond}, RescueAfter: config.Duration{Duration: time.Hour}}
	client, err := jobs.NewClient(pool, cfg, workers, logger)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	failed, cancel := client.Subscribe(river.EventKindJobFailed)
	defer cancel()
	start(t, ctx, client)

	id := insert(t, ctx, client, blockArgs{}, &river.InsertOpts{MaxAttempts: 1})
	ev := receive(t, ctx, failed, 1)[0]
	if ev.Job.ID != id || len(ev.Job.Errors) != 1 || !strings.Contains(ev.Job.Errors[0].Error, context.DeadlineExceeded.Error()) {
		t.Errorf("failed job %d with errors %+v; want job %d failed by its deadline", ev.Job.ID, ev.Job.Errors, id)
	}
}

// With SoftStop, stopping a client cancels the jobs still running after the
// soft stop timeout instead of waiting for them, and they return to the
// queue; the hand-off that the server's shutdown relies on.
func TestSoftStop(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	logger, _ := testLogger()
	pool := migratedPool(t, ctx, logger)

	started := make(chan int64, 1)
	workers := river.NewWorkers()
	river.AddWorker(workers, blockUntilCancelled(started))
	client, err := jobs.NewClient(pool, config.Jobs{}, workers, logger, jobs.SoftStop(100*time.Millisecond))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	id := insert(t, ctx, client, blockArgs{}, nil)
	receive(t, ctx, started, 1)
	// The job runs until cancelled: without the soft stop timeout Stop
	// would wait until ctx's deadline and fail.
	if err := client.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	job, err := client.JobGet(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if job.State != rivertype.JobStateRetryable && job.State != rivertype.JobStateAvailable {
		t.Errorf("job state after the soft stop timeout: %s, want retryable or available", job.State)
	}
}
