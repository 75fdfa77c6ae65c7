package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/forge-framework/forge/internal/appproc"
	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
)

func TestNewWorkspace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "todo")
	code, stdout, stderr := runForge("new", "--module", "example.com/todo", dir)
	if code != exitOK {
		t.Fatalf("forge new: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{
		"go.mod", "forge.toml", "MODULE.bazel", "BUILD.bazel", ".bazelrc", "tools/workspace_status.sh",
		"app/main.go", "app/schema/schema.go", "app/gen/db/db.go", "app/gen/handlers/handlers.go",
		"app/migrations/0001_init.up.sql", "app/migrations/0001_init.down.sql", "app/migrations/0001_init.schema.json", "app/migrations/migrations.go",
	} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("forge new did not create %s: %v", name, err)
		}
	}
	if st, err := os.Stat(filepath.Join(dir, "tools/workspace_status.sh")); err == nil && st.Mode()&0o111 == 0 {
		t.Error("tools/workspace_status.sh is not executable")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "go.mod")); !strings.HasPrefix(string(b), "module example.com/todo\n") {
		t.Errorf("go.mod:\n%s", b)
	}
	// The workspace is consistent: generate --check and migrate diff agree.
	if code, out, errOut := runForge("generate", "-C", filepath.Join(dir, "app"), "--check"); code != exitOK {
		t.Errorf("generate --check in a new app: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runForge("migrate", "diff", "-C", filepath.Join(dir, "app"), "again"); code != exitOK || !strings.Contains(out, "no changes") {
		t.Errorf("migrate diff in a new app: exit %d\n%s%s", code, out, errOut)
	}

	if code, _, stderr := runForge("new", "--module", "example.com/todo", dir); code != exitUser || !strings.Contains(stderr, "already exists") {
		t.Errorf("forge new over an existing dir: exit %d, %q", code, stderr)
	}
	if code, _, _ := runForge("new", "--module", "Not A Module", filepath.Join(t.TempDir(), "x")); code != exitUsage {
		t.Errorf("forge new with a bad module path: exit %d, want %d", code, exitUsage)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".forge-new-") {
			t.Errorf("forge new left its temporary directory %s", e.Name())
		}
	}
}

// TestNewAppLifecycle is what a new user does: forge new, add a field,
// forge migrate diff, forge generate, go build, and run the app against
// PostgreSQL, then use the new field through the API.
func TestNewAppLifecycle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a new app")
	}
	dbURL := pgtest.Database(t)
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "todo")
	app := filepath.Join(dir, "app")
	forge(t, "new", "--module", "example.com/todo", "--replace", repo, dir)

	// Start from forge's own go.sum so that go mod tidy finds every hash
	// in the module cache without asking the checksum database.
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	goCmd(t, dir, "mod", "tidy")

	schemaFile := filepath.Join(app, "schema", "schema.go")
	src, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), `schema.Time("DueAt"),`, `schema.Time("DueAt"),
	schema.Int("Priority").Min(1).Max(5).Default(3),`, 1)
	if edited == string(src) {
		t.Fatal("the new app's schema no longer has DueAt to add a field after")
	}
	if err := os.WriteFile(schemaFile, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	out := forge(t, "migrate", "diff", "-C", app, "add_priority")
	if !strings.Contains(out, "0002_add_priority") {
		t.Errorf("migrate diff output %q does not name 0002_add_priority", out)
	}
	up, err := os.ReadFile(filepath.Join(app, "migrations", "0002_add_priority.up.sql"))
	if err != nil || !strings.Contains(string(up), "ADD COLUMN priority integer DEFAULT 3") {
		t.Errorf("0002_add_priority.up.sql: %v\n%s", err, up)
	}
	forge(t, "generate", "-C", app)
	bin := filepath.Join(dir, "todo")
	goCmd(t, dir, "build", "-o", bin, "./app")

	cmd := exec.Command(bin)
	cmd.Dir = dir // forge.toml is read from here
	cmd.Env = append(os.Environ(), "FORGE_DATABASE_URL="+dbURL, "FORGE_AUTH_SECRET=")
	proc, err := appproc.Start(t.Context(), cmd)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		proc.Stop()
		if t.Failed() {
			t.Logf("app output:\n%s", proc.Logs())
		}
	})
	httpAddr := proc.HTTPAddr

	token, err := auth.Mint([]byte(config.DevelopmentSecret), auth.Claims{Subject: "ann", Issuer: "todo", IssuedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	var task struct {
		ID       string
		Title    string
		Priority int
	}
	status, body := call(t, "POST", "http://"+httpAddr+"/api/tasks", token, `{"title":"write docs","priority":5}`)
	if status != http.StatusCreated {
		t.Fatalf("POST /api/tasks: %d %s", status, body)
	}
	if err := json.Unmarshal(body, &task); err != nil || task.Priority != 5 || task.Title != "write docs" {
		t.Fatalf("created task %s: %+v %v", body, task, err)
	}
	status, body = call(t, "POST", "http://"+httpAddr+"/api/tasks", token, `{"title":"x","priority":9}`)
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"priority"`) {
		t.Errorf("POST a task with priority 9: %d %s; want 422 naming priority", status, body)
	}
	status, body = call(t, "GET", "http://"+httpAddr+"/api/tasks/"+task.ID, token, "")
	if status != http.StatusOK || !strings.Contains(string(body), `"priority":5`) {
		t.Errorf("GET the task: %d %s", status, body)
	}
}

// forge runs the forge command in-process and returns its stdout; it fails
// the test on a non-zero exit.
func forge(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := runForge(args...)
	if code != exitOK {
		t.Fatalf("forge %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout
}

func goCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func call(t *testing.T, method, url, token, body string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(fmt.Errorf("%s %s: %w", method, url, err))
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}
