// Command democlient runs the shop binary against a PostgreSQL and plays
// the demo scenario (package internal/demo) against it, printing each step:
//
//	FORGE_DATABASE_URL=postgres://… democlient -bin ./shop
//
// make demo builds the shop and runs this inside tools/postgres.sh run, so
// FORGE_TEST_DATABASE_URL is used when FORGE_DATABASE_URL is not set.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"github.com/forge-framework/forge/examples/shop/internal/demo"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
)

func main() {
	bin := flag.String("bin", "", "the shop binary to run")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "democlient: -bin is required")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *bin); err != nil {
		fmt.Fprintf(os.Stderr, "democlient: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, bin string) error {
	dbURL := os.Getenv("FORGE_DATABASE_URL")
	if dbURL == "" {
		dbURL = os.Getenv("FORGE_TEST_DATABASE_URL")
	}
	if dbURL == "" {
		return fmt.Errorf("set FORGE_DATABASE_URL (or run under tools/postgres.sh run)")
	}
	httpAddr, err := freeAddr()
	if err != nil {
		return err
	}
	adminAddr, err := freeAddr()
	if err != nil {
		return err
	}
	var logs bytes.Buffer
	app := exec.Command(bin)
	app.Env = append(os.Environ(),
		"FORGE_DATABASE_URL="+dbURL,
		"FORGE_HTTP_ADDR="+httpAddr,
		"FORGE_ADMIN_ADDR="+adminAddr,
		"FORGE_AUTH_SECRET=", // the development secret, which the token below is signed with
	)
	app.Stdout, app.Stderr = &logs, &logs
	if err := app.Start(); err != nil {
		return err
	}
	// exited is closed when the app ends; waitErr is its result then.
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = app.Wait(); close(exited) }()
	fail := func(err error) error {
		app.Process.Kill()
		<-exited
		return fmt.Errorf("%w\n--- app output ---\n%s", err, logs.String())
	}

	fmt.Printf("shop: started %s (api http://%s, admin http://%s)\n", bin, httpAddr, adminAddr)
	if err := waitHealthy(ctx, "http://"+adminAddr+"/healthz", exited, &waitErr); err != nil {
		return fail(err)
	}
	fmt.Println("shop: healthy; migrations applied")

	token, err := mint("ann", "acme")
	if err != nil {
		return fail(err)
	}
	client := &demo.Client{BaseURL: "http://" + httpAddr, Token: token, Out: os.Stdout}
	fmt.Println("demo: as user ann of tenant acme")
	if err := client.Run(ctx); err != nil {
		return fail(err)
	}

	app.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
		if waitErr != nil {
			return fmt.Errorf("the shop exited badly on SIGTERM: %w\n%s", waitErr, logs.String())
		}
	case <-time.After(15 * time.Second):
		return fail(fmt.Errorf("the shop did not exit within 15 s of SIGTERM"))
	}
	fmt.Println("shop: stopped cleanly on SIGTERM")
	return nil
}

func mint(user, tenant string) (string, error) {
	cfg := config.Default()
	secret, err := auth.SecretFromConfig(cfg)
	if err != nil {
		return "", err
	}
	now := time.Now()
	return auth.Mint(secret, auth.Claims{Subject: user, Tenant: tenant, Issuer: cfg.App.Name, IssuedAt: now, ExpiresAt: now.Add(time.Hour)})
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// waitHealthy polls url until it answers 200: the app is another process,
// and its port is the only signal there is.
func waitHealthy(ctx context.Context, url string, exited <-chan struct{}, waitErr *error) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return fmt.Errorf("the shop exited during start-up: %v", *waitErr)
		case <-ctx.Done():
			return fmt.Errorf("%s not healthy: %w (last error %v)", url, ctx.Err(), err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
