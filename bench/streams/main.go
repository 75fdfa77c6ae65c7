// Command streams measures what an idle event stream costs a Forge app in
// memory: it starts the shop (examples/shop, built from this checkout),
// opens -n streams (GET /api/events, each with its own user's token) over
// loopback, lets them sit idle, and prints the app's growth per stream of
// resident memory (RSS) and of the Go heap and goroutine stacks, read from
// the app's own /metrics before and after.
//
//	go run ./bench/streams                        # 1,000 streams, 3 rounds
//	go run ./bench/streams -baseline /tmp/shop-old -rounds 5
//
// -baseline BIN measures another build of the shop (say, of an earlier
// commit: git archive it, then go build ./examples/shop) in the same way,
// the two alternating round by round, and prints the ratio. It needs a
// PostgreSQL server in FORGE_TEST_DATABASE_URL (each app gets a database
// of its own, dropped afterwards), or runs under tools/postgres.sh run.
// It is a benchmark, not a test: nothing here fails on a large result.
// bench/README.md says how to read it; issue 11's target is at most 16 KiB
// per idle stream at 1,000 streams.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
)

func main() {
	n := flag.Int("n", 1000, "idle streams to open")
	rounds := flag.Int("rounds", 3, "rounds; each starts every app once")
	settle := flag.Duration("settle", 3*time.Second, "how long the app sits idle before each reading")
	bin := flag.String("bin", "", "the shop binary to measure; default: built from this checkout")
	baseline := flag.String("baseline", "", "another shop `BIN` to measure alternately, for a ratio")
	flag.Parse()
	dbURL := os.Getenv("FORGE_TEST_DATABASE_URL")
	if dbURL == "" {
		fmt.Fprintln(os.Stderr, "streams: FORGE_TEST_DATABASE_URL is not set; run under tools/postgres.sh run")
		os.Exit(2)
	}
	if err := run(os.Stdout, dbURL, *bin, *baseline, *n, *rounds, *settle); err != nil {
		fmt.Fprintf(os.Stderr, "streams: %v\n", err)
		os.Exit(1)
	}
}

// sample is one app's cost of its streams, in bytes per stream.
type sample struct{ rss, heap, stack, total float64 }

func run(w io.Writer, dbURL, bin, baseline string, n, rounds int, settle time.Duration) error {
	if bin == "" {
		dir, err := os.MkdirTemp("", "streams")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "shop")
		build := exec.Command("go", "build", "-o", bin, "./examples/shop")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build the shop: %w", err)
		}
	}
	apps := []string{bin}
	if baseline != "" {
		apps = append(apps, baseline)
	}
	samples := make([][]sample, len(apps))
	for r := range rounds {
		order := []int{0, 1}[:len(apps)]
		if r%2 == 1 && len(apps) == 2 {
			order = []int{1, 0}
		}
		for _, i := range order {
			fmt.Fprintf(os.Stderr, "round %d/%d: %s\n", r+1, rounds, apps[i])
			s, err := measure(dbURL, apps[i], n, settle)
			if err != nil {
				return fmt.Errorf("%s: %w", apps[i], err)
			}
			samples[i] = append(samples[i], s)
		}
	}
	fmt.Fprintf(w, "%d idle streams, %d rounds, medians per stream\n\n", n, rounds)
	fmt.Fprintf(w, "%-10s %10s %10s %10s %10s\n", "app", "RSS KiB", "heap KiB", "stack KiB", "heap+stack")
	names := []string{"this", "baseline"}
	med := make([]sample, len(apps))
	for i := range apps {
		med[i] = sample{
			rss:   median(samples[i], func(s sample) float64 { return s.rss }),
			heap:  median(samples[i], func(s sample) float64 { return s.heap }),
			stack: median(samples[i], func(s sample) float64 { return s.stack }),
			total: median(samples[i], func(s sample) float64 { return s.total }),
		}
		fmt.Fprintf(w, "%-10s %10.1f %10.1f %10.1f %10.1f\n", names[i], med[i].rss/1024, med[i].heap/1024, med[i].stack/1024, med[i].total/1024)
	}
	if len(apps) == 2 {
		fmt.Fprintf(w, "\nthis ÷ baseline: RSS %.2f, heap+stack %.2f\n", med[0].rss/med[1].rss, med[0].total/med[1].total)
	}
	fmt.Fprintf(w, "target: at most 16 KiB of RSS per idle stream: %s\n", map[bool]string{true: "met", false: "missed"}[med[0].rss <= 16*1024])
	return nil
}

func median(ss []sample, of func(sample) float64) float64 {
	xs := make([]float64, len(ss))
	for i, s := range ss {
		xs[i] = of(s)
	}
	slices.Sort(xs)
	if len(xs)%2 == 1 {
		return xs[len(xs)/2]
	}
	return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
}

// measure starts bin on a fresh database, reads its memory, opens n
// streams, reads it again and stops the app.
func measure(dbURL, bin string, n int, settle time.Duration) (sample, error) {
	db, drop, err := createDatabase(dbURL)
	if err != nil {
		return sample{}, err
	}
	defer drop()
	a, err := start(bin, db)
	if err != nil {
		return sample{}, err
	}
	defer a.stop()

	// One stream first, opened and closed, so that what every stream
	// shares (the handler's ring, code paths run once) is in the baseline.
	conns, err := openStreams(a.http, 1, 0)
	if err != nil {
		return sample{}, a.fail(err)
	}
	closeAll(conns)
	time.Sleep(settle)
	before, err := a.memory()
	if err != nil {
		return sample{}, a.fail(err)
	}
	conns, err = openStreams(a.http, n, 1)
	defer closeAll(conns)
	if err != nil {
		return sample{}, a.fail(err)
	}
	time.Sleep(settle)
	after, err := a.memory()
	if err != nil {
		return sample{}, a.fail(err)
	}
	per := func(metric string) float64 { return (after[metric] - before[metric]) / float64(n) }
	s := sample{
		rss:   per("process_resident_memory_bytes"),
		heap:  per("go_memstats_heap_inuse_bytes"),
		stack: per("go_memstats_stack_inuse_bytes"),
	}
	s.total = s.heap + s.stack
	return s, nil
}

// app is a running shop.
type app struct {
	cmd         *exec.Cmd
	logs        *bytes.Buffer
	http, admin string
}

func start(bin, dbURL string) (*app, error) {
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"FORGE_DATABASE_URL="+dbURL,
		"FORGE_HTTP_ADDR=127.0.0.1:0",
		"FORGE_ADMIN_ADDR=127.0.0.1:0",
		"FORGE_OBSERVE_LOG_FORMAT=json",
		"FORGE_OBSERVE_LOG_LEVEL=info",
	)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	a := &app{cmd: cmd, logs: new(bytes.Buffer)}
	// The app logs its bound addresses ("serving", with http and admin)
	// once it serves; the rest of its log is kept for errors.
	found := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			a.logs.Write(append(sc.Bytes(), '\n'))
			var line struct{ Msg, HTTP, Admin string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" && a.http == "" {
				a.http, a.admin = line.HTTP, line.Admin
				found <- nil
			}
		}
		found <- errors.New("the app exited before serving")
	}()
	select {
	case err := <-found:
		if err != nil {
			cmd.Wait()
			return nil, fmt.Errorf("%w:\n%s", err, a.logs)
		}
	case <-time.After(time.Minute):
		a.stop()
		return nil, fmt.Errorf("the app did not serve within a minute:\n%s", a.logs)
	}
	return a, nil
}

func (a *app) fail(err error) error { return fmt.Errorf("%w\napp log:\n%s", err, a.logs) }

func (a *app) stop() {
	a.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { a.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		a.cmd.Process.Kill()
		<-done
	}
}

// memory reads the app's process and Go memory metrics from /metrics.
func (a *app) memory() (map[string]float64, error) {
	resp, err := http.Get("http://" + a.admin + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	m := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") {
			continue
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			m[name] = v
		}
	}
	for _, k := range []string{"process_resident_memory_bytes", "go_memstats_heap_inuse_bytes", "go_memstats_stack_inuse_bytes"} {
		if _, ok := m[k]; !ok {
			return nil, fmt.Errorf("/metrics has no %s", k)
		}
	}
	return m, sc.Err()
}

// openStreams opens n streams of users first+0 … first+n-1, each in
// tenant t1, and returns once every one has received its first message.
// The client is raw HTTP/1.1 on TCP: it costs the app nothing beyond the
// stream itself.
func openStreams(addr string, n, first int) ([]net.Conn, error) {
	secret := []byte(config.DevelopmentSecret)
	var conns []net.Conn
	for i := range n {
		token, err := auth.Mint(secret, auth.Claims{
			Subject: "user" + strconv.Itoa(first+i), Tenant: "t1", Issuer: "forge-app",
			ExpiresAt: time.Now().Add(time.Hour),
		})
		if err != nil {
			return conns, err
		}
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return conns, err
		}
		conns = append(conns, c)
		fmt.Fprintf(c, "GET /api/events HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nAccept: text/event-stream\r\n\r\n", addr, token)
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		r := bufio.NewReader(c)
		status, err := r.ReadString('\n')
		if err != nil {
			return conns, fmt.Errorf("stream %d: %w", i, err)
		}
		if !strings.Contains(status, " 200 ") {
			rest, _ := io.ReadAll(io.LimitReader(r, 4096))
			return conns, fmt.Errorf("stream %d: %s%s", i, status, rest)
		}
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return conns, fmt.Errorf("stream %d: %w", i, err)
			}
			if strings.Contains(line, "retry:") {
				break
			}
		}
		c.SetReadDeadline(time.Time{})
	}
	return conns, nil
}

func closeAll(conns []net.Conn) {
	for _, c := range conns {
		c.Close()
	}
}

// createDatabase creates a database of its own on the server of serverURL
// and returns its URL and a function dropping it.
func createDatabase(serverURL string) (string, func(), error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var b [6]byte
	rand.Read(b[:])
	name := "forge_bench_streams_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return "", nil, err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, err
	}
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if conn, err := pgx.Connect(ctx, serverURL); err == nil {
			conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			conn.Close(ctx)
		}
	}
	return u.String(), drop, nil
}
