package server

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/forge-framework/forge/runtime/buildinfo"
	"github.com/forge-framework/forge/runtime/config"
)

// Main runs the app as a command and exits:
//
//	app [-config forge.toml]               serve until SIGINT or SIGTERM
//	app [-config forge.toml] healthcheck   GET the admin /healthz; exit 0 if healthy, 1 if not
//	app version                            print version, commit and date
//
// Without -config, forge.toml in the working directory is read when it
// exists; FORGE_* variables override either way.
func Main(app App) {
	os.Exit(runMain(os.Args[1:], app, os.Stdout, os.Stderr))
}

func runMain(args []string, app App, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet(os.Args[0], flag.ContinueOnError)
	flags.SetOutput(stderr)
	configPath := flags.String("config", "", "read `FILE` (default forge.toml when it exists)")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	command := flags.Arg(0)
	if flags.NArg() > 1 || (command != "" && command != "healthcheck" && command != "version") {
		fmt.Fprintf(stderr, "usage: %s [-config FILE] [healthcheck|version]\n", os.Args[0])
		return 2
	}
	if command == "version" {
		fmt.Fprintf(stdout, "version %s\ncommit  %s\ndate    %s\n", buildinfo.Version, buildinfo.Commit, buildinfo.Date)
		return 0
	}
	path := *configPath
	if path == "" {
		if _, err := os.Stat("forge.toml"); err == nil {
			path = "forge.toml"
		}
	}
	cfg, err := config.Load(path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if command == "healthcheck" {
		return healthcheck(cfg, stdout, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, cfg, app); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// healthcheck asks the admin server of a running instance for /healthz. It
// lets an image without a shell or curl check itself.
func healthcheck(cfg *config.Config, stdout, stderr io.Writer) int {
	host, port, err := net.SplitHostPort(cfg.Admin.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: admin.addr: %v\n", err)
		return 1
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1" // the server listens on every interface, including loopback
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: %v\n", err)
		return 1
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = json.Unmarshal(raw, &body)
	fmt.Fprintf(stdout, "%s\n", raw)
	if resp.StatusCode != http.StatusOK || body.Status != "ok" {
		fmt.Fprintf(stderr, "healthcheck: %s\n", resp.Status)
		return 1
	}
	return 0
}
