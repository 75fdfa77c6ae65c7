package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/app"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/jobs"
)

// The tests in this file run the server as a real process: this test
// binary, started again with childEnv set, runs Main with childApp instead
// of the tests, so that it can be killed as a deployed app is.
const childEnv = "FORGE_SERVER_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runMain(nil, childApp(), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// stuckArgs is the child app's one job.
type stuckArgs struct{}

func (stuckArgs) Kind() string { return "server_test_stuck" }

// childApp records each attempt of a stuck job with the process that made
// it; the first attempt then hangs, ignoring its context as a job blocked
// in a call without one would, so the job stays running until its process
// dies. Later attempts complete.
func childApp() App {
	return App{
		Migrations: fstest.MapFS{
			"0001_attempts.up.sql":   {Data: []byte("CREATE TABLE attempts (job_id bigint, attempt int, pid int);")},
			"0001_attempts.down.sql": {Data: []byte("DROP TABLE attempts;")},
		},
		Workers: func(w *river.Workers, d app.Deps) error {
			return river.AddWorkerSafely(w, river.WorkFunc(func(ctx context.Context, job *river.Job[stuckArgs]) error {
				if _, err := d.Pool.Exec(ctx, "INSERT INTO attempts VALUES ($1, $2, $3)", job.ID, job.Attempt, os.Getpid()); err != nil {
					return err
				}
				if job.Attempt == 1 {
					select {}
				}
				return nil
			}))
		},
	}
}

// child is a running child process.
type child struct {
	cmd     *exec.Cmd
	mu      sync.Mutex
	out     bytes.Buffer  // its log, for failure messages
	serving chan struct{} // closed when it logs "serving"
	exited  chan struct{} // closed when it has exited
}

// startChild starts the child app with the environment env (over this
// process's) and stops it when the test ends: SIGTERM, then SIGKILL.
func startChild(t *testing.T, env ...string) *child {
	t.Helper()
	c := &child{serving: make(chan struct{}), exited: make(chan struct{})}
	self, err := os.Executable() // absolute, unlike os.Args[0] under some runners
	if err != nil {
		t.Fatal(err)
	}
	c.cmd = exec.Command(self)
	c.cmd.Dir = t.TempDir() // no forge.toml
	c.cmd.Env = append(os.Environ(), append([]string{
		childEnv + "=1",
		// The kernel picks the ports, so no two processes race for one.
		"FORGE_HTTP_ADDR=127.0.0.1:0",
		"FORGE_ADMIN_ADDR=127.0.0.1:0",
		"FORGE_OBSERVE_LOG_FORMAT=json",
		"FORGE_APP_SHUTDOWN_TIMEOUT=5s",
	}, env...)...)
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.cmd.Stderr = c.cmd.Stdout
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.read(stdout)
	t.Cleanup(func() {
		c.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-c.exited:
		case <-time.After(15 * time.Second):
			c.cmd.Process.Kill()
			<-c.exited
		}
		if t.Failed() {
			t.Logf("child %d output:\n%s", c.cmd.Process.Pid, c.output())
		}
	})
	return c
}

func (c *child) read(r io.Reader) {
	defer close(c.exited)
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	var once sync.Once
	for sc.Scan() {
		c.mu.Lock()
		c.out.Write(sc.Bytes())
		c.out.WriteByte('\n')
		c.mu.Unlock()
		var rec struct{ Msg string }
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "serving" {
			once.Do(func() { close(c.serving) })
		}
	}
	c.cmd.Wait()
}

func (c *child) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

// waitServing waits until the child serves, failing if it exits first.
func (c *child) waitServing(t *testing.T) {
	t.Helper()
	select {
	case <-c.serving:
	case <-c.exited:
		t.Fatalf("child exited before serving:\n%s", c.output())
	case <-time.After(time.Minute):
		t.Fatalf("child not serving after a minute:\n%s", c.output())
	}
}

// waitFor polls query until it returns true, for at most within.
func waitFor(t *testing.T, conn *pgx.Conn, within time.Duration, what, query string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var ok bool
		if err := conn.QueryRow(context.Background(), query, args...).Scan(&ok); err != nil && err != pgx.ErrNoRows {
			t.Fatalf("%s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A job whose process is SIGKILLed while it runs is completed by another
// instance once jobs.rescue_after has passed: with River's default it
// would stay running for an hour.
func TestKilledWorkersJobIsRescued(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two server processes and waits for River's rescuer")
	}
	t.Parallel()
	dbURL := pgtest.Database(t)
	env := []string{
		"FORGE_DATABASE_URL=" + dbURL,
		"FORGE_JOBS_TIMEOUT=1s",
		"FORGE_JOBS_RESCUE_AFTER=2s",
		"FORGE_JOBS_RESCUE_AFTR=2s", // misspelt: ignored, with a warning
	}
	// Two instances of one app, as a deployment runs them.
	instances := []*child{startChild(t, env...), startChild(t, env...)}
	for _, c := range instances {
		c.waitServing(t)
	}
	if out := instances[0].output(); !strings.Contains(out, "FORGE_JOBS_RESCUE_AFTR is not a Forge setting and is ignored; did you mean FORGE_JOBS_RESCUE_AFTER?") {
		t.Errorf("no warning about the misspelt variable in the log:\n%s", out)
	}

	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	inserter, err := jobs.NewClient(nil, config.Jobs{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	res, err := inserter.InsertTx(context.Background(), tx, stuckArgs{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := res.Job.ID

	waitFor(t, conn, time.Minute, "first attempt started",
		"SELECT EXISTS (SELECT FROM attempts WHERE job_id = $1 AND attempt = 1)", id)
	var pid int
	if err := conn.QueryRow(context.Background(), "SELECT pid FROM attempts WHERE job_id = $1 AND attempt = 1", id).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	var killed *child
	for _, c := range instances {
		if c.cmd.Process.Pid == pid {
			killed = c
		}
	}
	if killed == nil {
		t.Fatalf("attempt 1 was made by pid %d, not by an instance", pid)
	}
	if err := killed.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-killed.exited
	killedAt := time.Now()

	// Bounded by rescue_after, River's rescue interval (30 s) and, when the
	// killed process led the maintenance services, the lapse of its
	// leadership (about 15 s); far below River's default of an hour.
	waitFor(t, conn, 3*time.Minute, "job completed by the other instance",
		"SELECT state = 'completed' FROM river_job WHERE id = $1", id)
	t.Logf("completed %s after the kill", time.Since(killedAt).Round(time.Second))

	var attempt, byPID int
	var firstError string
	err = conn.QueryRow(context.Background(), `SELECT j.attempt, a.pid, j.errors[1]->>'error'
		FROM river_job j JOIN attempts a ON a.job_id = j.id AND a.attempt = j.attempt WHERE j.id = $1`, id).Scan(&attempt, &byPID, &firstError)
	if err != nil {
		t.Fatal(err)
	}
	if attempt != 2 || byPID == pid || !strings.Contains(firstError, "rescued") {
		t.Errorf("completed on attempt %d by pid %d (killed %d) after error %q; want attempt 2 by the other instance after a rescue",
			attempt, byPID, pid, firstError)
	}
}

// Production with the public development secret is refused before the
// database is touched: no table is created. Through Main, where Load
// refuses it, and through New, for a Config built in code.
func TestProductionRefusalTouchesNoTable(t *testing.T) {
	t.Parallel()
	tables := func(dbURL string) []string {
		t.Helper()
		conn, err := pgx.Connect(context.Background(), dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		rows, err := conn.Query(context.Background(), "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
		if err != nil {
			t.Fatal(err)
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	const want = "must not be the public development secret in production"

	t.Run("Main", func(t *testing.T) {
		t.Parallel()
		dbURL := pgtest.Database(t)
		c := startChild(t, "FORGE_DATABASE_URL="+dbURL, "FORGE_ENV=production", "FORGE_AUTH_SECRET="+config.DevelopmentSecret)
		<-c.exited
		if code := c.cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(c.output(), want) {
			t.Errorf("exit code %d, output:\n%s\nwant 1 and %q", code, c.output(), want)
		}
		if got := tables(dbURL); len(got) > 0 {
			t.Errorf("tables created before the refusal: %v", got)
		}
	})

	t.Run("New", func(t *testing.T) {
		t.Parallel()
		dbURL := pgtest.Database(t)
		cfg := testConfig(t, dbURL)
		cfg.App.Env = "production"
		cfg.Auth.Secret = config.DevelopmentSecret
		s, err := New(context.Background(), cfg, childApp())
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New = %v, %v; want an error saying %q", s, err, want)
		}
		if got := tables(dbURL); len(got) > 0 {
			t.Errorf("tables created before the refusal: %v", got)
		}
	})
}

// A refused token is logged with the reason at debug level; the client is
// told less.
func TestRefusedCredentialsAreLogged(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := config.Default()
	cfg.Auth.Issuer = cfg.App.Name // as Load derives it
	authn, err := authenticator(cfg, nil, logger)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := auth.SecretFromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mint := func(secret []byte, issuer string, ttl time.Duration) string {
		token, err := auth.Mint(secret, auth.Claims{Subject: "u1", Issuer: issuer, ExpiresAt: time.Now().Add(ttl)})
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	for _, tt := range []struct {
		token, want string // want "" means no log line
	}{
		{"", ""}, // no credentials: nothing was refused
		{mint(secret, "another-app", time.Hour), "wrong token issuer"},
		{mint(secret, cfg.Auth.Issuer, -time.Hour), "token expired"},
		{mint([]byte("not the app's secret"), cfg.Auth.Issuer, time.Hour), "invalid token signature"},
		{"x.y.z", "malformed token"},
	} {
		logs.Reset()
		r := httptest.NewRequest(http.MethodGet, "/api/things", nil)
		if tt.token != "" {
			r.Header.Set("Authorization", "Bearer "+tt.token)
		}
		if _, err := authn.Authenticate(r); err == nil {
			t.Errorf("%q authenticated", tt.token)
		}
		got := logs.String()
		switch {
		case tt.want == "" && got != "":
			t.Errorf("no token: logged %s, want nothing", got)
		case tt.want != "" && (!strings.Contains(got, "level=DEBUG") || !strings.Contains(got, tt.want) || !strings.Contains(got, "path=/api/things")):
			t.Errorf("logged %q, want a debug line with %q and the path", got, tt.want)
		}
	}
}
