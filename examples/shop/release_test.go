package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/forge-framework/forge/internal/pgtest"
)

// TestReleaseStepMigrations runs the deploy that README's "Deploying"
// shows: `forge migrate up` as a release step on a fresh database, then the
// app with database.migrate = false. The app starts (River's tables exist),
// and creating a product enqueues its product_created job, which is worked.
func TestReleaseStepMigrations(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the forge command and the example binary")
	}
	dbURL := pgtest.Database(t)
	forge := filepath.Join(t.TempDir(), "forge")
	if out, err := exec.Command("go", "build", "-o", forge, "github.com/forge-framework/forge/forge/cmd/forge").CombinedOutput(); err != nil {
		t.Fatalf("go build forge: %v\n%s", err, out)
	}
	bin := buildShop(t)

	// The release step, in the app's directory.
	up := exec.Command(forge, "migrate", "up")
	up.Env = append(os.Environ(), "FORGE_DATABASE_URL="+dbURL)
	out, err := up.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "applied river/001_create_river_migration\n") || !strings.Contains(string(out), "applied 0001_") {
		t.Fatalf("forge migrate up: %v\n%s\nwant River's migrations and the shop's applied", err, out)
	}

	// The app, which migrates nothing itself.
	app := exec.Command(bin)
	app.Dir = t.TempDir() // no forge.toml
	app.Env = append(os.Environ(),
		"FORGE_DATABASE_URL="+dbURL,
		"FORGE_DATABASE_MIGRATE=false",
		"FORGE_HTTP_ADDR=127.0.0.1:0", // the kernel picks the ports; the log says which
		"FORGE_ADMIN_ADDR=127.0.0.1:0",
		"FORGE_OBSERVE_LOG_FORMAT=json",
		"FORGE_AUTH_SECRET=", // the development secret
	)
	logs := &lockedBuffer{}
	stdout, err := app.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	app.Stderr = app.Stdout
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	serving := make(chan string, 1) // the public address
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			logs.write(sc.Text() + "\n")
			var rec struct{ Msg, HTTP string }
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "serving" {
				serving <- rec.HTTP
			}
		}
		app.Wait()
	}()
	t.Cleanup(func() {
		app.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("app output:\n%s", logs.String())
		}
	})
	var addr string
	select {
	case addr = <-serving:
	case <-exited:
		t.Fatalf("the app exited at start:\n%s", logs.String())
	case <-time.After(time.Minute):
		t.Fatal("the app was not serving after a minute")
	}

	body, _ := json.Marshal(map[string]any{"name": "Sencha", "price_cents": 1200})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/api/products", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+mintToken(t, "ann", "acme"))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/products: %s", resp.Status)
	}

	conn := connect(t, dbURL)
	deadline := time.Now().Add(time.Minute)
	for {
		var state string
		err := conn.QueryRow(context.Background(), "SELECT state FROM river_job WHERE kind = 'product_created'").Scan(&state)
		if err == nil && state == "completed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("product_created job: state %q, error %v; want completed within a minute", state, err)
		}
		time.Sleep(100 * time.Millisecond)
	}

	status := exec.Command(forge, "migrate", "status")
	status.Env = up.Env
	if out, err := status.CombinedOutput(); err != nil || strings.Contains(string(out), "\npending") || strings.HasPrefix(string(out), "pending") {
		t.Errorf("forge migrate status after the release step: %v\n%s", err, out)
	}
}

// lockedBuffer collects a child's output from one goroutine for another.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) write(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(s)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
