// Command democlient runs the shop binary against a PostgreSQL and plays
// the demo scenario (package internal/demo) against it, printing each step:
//
//	FORGE_DATABASE_URL=postgres://… democlient -bin ./shop
//
// make demo builds the shop and runs this inside tools/postgres.sh run, so
// FORGE_TEST_DATABASE_URL is used when FORGE_DATABASE_URL is not set.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"github.com/forge-framework/forge/examples/shop/internal/demo"
	"github.com/forge-framework/forge/internal/appproc"
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
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"FORGE_DATABASE_URL="+dbURL,
		"FORGE_AUTH_SECRET=", // the development secret, which the token below is signed with
	)
	app, err := appproc.Start(ctx, cmd)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		app.Stop()
		return fmt.Errorf("%w\n--- app output ---\n%s", err, app.Logs())
	}
	fmt.Printf("shop: started %s (api http://%s, admin http://%s); migrations applied\n", bin, app.HTTPAddr, app.AdminAddr)

	token, err := mint("ann", "acme")
	if err != nil {
		return fail(err)
	}
	client := &demo.Client{BaseURL: "http://" + app.HTTPAddr, Token: token, Out: os.Stdout}
	fmt.Println("demo: as user ann of tenant acme")
	if err := client.Run(ctx); err != nil {
		return fail(err)
	}

	if err := app.Signal(syscall.SIGTERM); err != nil {
		return fail(err)
	}
	select {
	case <-app.Exited():
		if err := app.Err(); err != nil {
			return fmt.Errorf("the shop exited badly on SIGTERM: %w\n%s", err, app.Logs())
		}
	case <-time.After(30 * time.Second):
		return fail(fmt.Errorf("the shop did not exit within 30 s of SIGTERM"))
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
