package appproc

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/forge-framework/forge/runtime/server"
)

// The test binary doubles as the child app: with APPPROC_TEST_APP set, it
// behaves as that app instead of running the tests.
func TestMain(m *testing.M) {
	switch os.Getenv("APPPROC_TEST_APP") {
	case "":
		os.Exit(m.Run())
	case "serve":
		serveLikeAnApp()
	case "fail":
		fmt.Fprintln(os.Stderr, "database.url: no such host")
		os.Exit(1)
	case "hang":
		fmt.Println("starting")
		select {}
	}
}

// serveLikeAnApp binds the addresses it is given, logs the serving line as
// runtime/server does, with a line before it split across writes, and
// serves until SIGTERM.
func serveLikeAnApp() {
	httpLn, err := net.Listen("tcp", os.Getenv("FORGE_HTTP_ADDR"))
	if err != nil {
		panic(err)
	}
	adminLn, err := net.Listen("tcp", os.Getenv("FORGE_ADMIN_ADDR"))
	if err != nil {
		panic(err)
	}
	os.Stderr.WriteString(`{"msg":"applied`)
	os.Stderr.WriteString(` migration"}` + "\n")
	if os.Getenv("FORGE_OBSERVE_LOG_FORMAT") != "json" {
		panic("logs are not JSON")
	}
	slog.New(slog.NewJSONHandler(os.Stderr, nil)).Info(server.ServingMessage, "http", httpLn.Addr().String(), "admin", adminLn.Addr().String())
	go http.Serve(adminLn, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "admin") }))
	go http.Serve(httpLn, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "public") }))
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	<-stop
	fmt.Fprintln(os.Stderr, `{"msg":"stopped"}`)
	os.Exit(0)
}

func helper(t *testing.T, mode string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "APPPROC_TEST_APP="+mode,
		"FORGE_HTTP_ADDR=127.0.0.1:1", // overridden by Start
	)
	return cmd
}

func TestStartReportsTheAddressesTheAppBound(t *testing.T) {
	t.Parallel()
	p, err := Start(t.Context(), helper(t, "serve"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	for addr, want := range map[string]string{p.HTTPAddr: "public", p.AdminAddr: "admin"} {
		if !strings.HasPrefix(addr, "127.0.0.1:") || strings.HasSuffix(addr, ":0") {
			t.Errorf("address %q is not a bound loopback port", addr)
		}
		resp, err := http.Get("http://" + addr)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || string(body) != want {
			t.Errorf("GET %s = %q, %v; want %q", addr, body, err, want)
		}
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-p.Exited()
	if err := p.Err(); err != nil {
		t.Errorf("exit: %v", err)
	}
	logs := p.Logs()
	if !strings.Contains(logs, `"msg":"applied migration"`) || !strings.Contains(logs, `"msg":"stopped"`) {
		t.Errorf("logs miss lines before or after the serving line:\n%s", logs)
	}
}

func TestStartFailsWithTheOutputOfAnAppThatExits(t *testing.T) {
	t.Parallel()
	_, err := Start(t.Context(), helper(t, "fail"))
	if err == nil || !strings.Contains(err.Error(), "exited before serving") || !strings.Contains(err.Error(), "database.url: no such host") {
		t.Fatalf("Start = %v; want an error with the app's output", err)
	}
}

func TestStartGivesUpWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	cmd := helper(t, "hang")
	_, err := Start(ctx, cmd)
	if err == nil || !strings.Contains(err.Error(), "not serving: context canceled") {
		t.Fatalf("Start = %v; want it to give up with the context", err)
	}
	if cmd.ProcessState == nil {
		t.Error("Start returned without waiting for the app it killed")
	}
}

func TestServingLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		line        string
		http, admin string
		ok          bool
	}{
		{`{"time":"x","level":"INFO","msg":"serving","http":"127.0.0.1:1","admin":"127.0.0.1:2"}`, "127.0.0.1:1", "127.0.0.1:2", true},
		{`{"msg":"serving","http":"127.0.0.1:1"}`, "", "", false},
		{`{"msg":"applied migration","http":"127.0.0.1:1","admin":"127.0.0.1:2"}`, "", "", false},
		{`time=x level=INFO msg=serving http=127.0.0.1:1 admin=127.0.0.1:2`, "", "", false},
		{`{"msg":"serving",`, "", "", false},
	} {
		h, a, ok := servingLine([]byte(tc.line))
		if h != tc.http || a != tc.admin || ok != tc.ok {
			t.Errorf("servingLine(%s) = %q, %q, %v; want %q, %q, %v", tc.line, h, a, ok, tc.http, tc.admin, tc.ok)
		}
	}
}
