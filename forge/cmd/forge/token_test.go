package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
)

const testSecret = "token-test-secret-0123456789abcdef"

// isolate runs the test in an empty directory (so no forge.toml is found)
// with none of the environment variables forge token reads.
func isolate(t *testing.T) string {
	t.Helper()
	for _, k := range []string{"FORGE_ENV", "FORGE_APP_ENV", "FORGE_APP_NAME", "FORGE_AUTH_SECRET", "FORGE_AUTH_ISSUER"} {
		t.Setenv(k, "") // restores the variable after the test
		os.Unsetenv(k)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

func writeConfig(t *testing.T, path, src string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestToken runs forge token and checks that what it prints verifies with
// the secret SecretFromConfig derives from the same config.
func TestToken(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(t *testing.T, dir string) // may set env or write files
		args       []string
		configPath string // what the test loads to verify, relative to dir
		wantTenant string
		wantTTL    time.Duration
		wantIssuer string
		wantNote   bool // the development-secret note on stderr
		wantNoFile bool // the warning that no forge.toml was found
	}{
		{
			name:       "secret from the environment",
			setup:      func(t *testing.T, _ string) { t.Setenv("FORGE_AUTH_SECRET", testSecret) },
			args:       []string{"--user", "u1", "--tenant", "t1"},
			wantTenant: "t1", wantTTL: 24 * time.Hour, wantIssuer: "forge-app", wantNoFile: true,
		},
		{
			name:    "development secret",
			args:    []string{"--user", "u1", "--ttl", "1h"},
			wantTTL: time.Hour, wantIssuer: "forge-app", wantNote: true, wantNoFile: true,
		},
		{
			name: "config file",
			setup: func(t *testing.T, dir string) {
				writeConfig(t, filepath.Join(dir, "app.toml"), "[app]\nname = \"shop\"\n\n[auth]\nsecret = \""+testSecret+"\"\n")
			},
			args:       []string{"--user", "u1", "--tenant", "t1", "--config", "app.toml", "--ttl", "15m"},
			configPath: "app.toml",
			wantTenant: "t1", wantTTL: 15 * time.Minute, wantIssuer: "shop",
		},
		{
			name: "forge.toml in the current directory",
			setup: func(t *testing.T, dir string) {
				writeConfig(t, filepath.Join(dir, "forge.toml"), "[auth]\nsecret = \""+testSecret+"\"\nissuer = \"auth.example\"\n")
			},
			args:       []string{"--user", "u1"},
			configPath: "forge.toml",
			wantTTL:    24 * time.Hour, wantIssuer: "auth.example",
		},
		{
			name: "production with a secret",
			setup: func(t *testing.T, _ string) {
				t.Setenv("FORGE_ENV", "production")
				t.Setenv("FORGE_AUTH_SECRET", testSecret)
			},
			args:    []string{"--user", "u1", "--tenant", "t1"},
			wantTTL: 24 * time.Hour, wantTenant: "t1", wantIssuer: "forge-app", wantNoFile: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := isolate(t)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			before := time.Now().Truncate(time.Second)
			code, stdout, stderr := runForge(append([]string{"token"}, tt.args...)...)
			after := time.Now()
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if strings.Count(stdout, "\n") != 1 || !strings.HasSuffix(stdout, "\n") {
				t.Fatalf("stdout is not one line: %q", stdout)
			}
			if note := strings.Contains(stderr, "development secret"); note != tt.wantNote {
				t.Errorf("development-secret note %v, want %v; stderr: %q", note, tt.wantNote, stderr)
			}
			const noFile = `forge token: no forge.toml here and no --config: signed with issuer "forge-app"`
			if warned := strings.Contains(stderr, noFile); warned != tt.wantNoFile {
				t.Errorf("no-forge.toml warning %v, want %v; stderr: %q", warned, tt.wantNoFile, stderr)
			}

			var loadPath string
			if tt.configPath != "" {
				loadPath = filepath.Join(dir, tt.configPath)
			}
			cfg, err := config.Load(loadPath)
			if err != nil {
				t.Fatal(err)
			}
			secret, err := auth.SecretFromConfig(cfg)
			if err != nil {
				t.Fatal(err)
			}
			c, err := auth.Verify(secret, strings.TrimSpace(stdout), tt.wantIssuer, after)
			if err != nil {
				t.Fatalf("printed token does not verify: %v", err)
			}
			if c.Subject != "u1" || c.Tenant != tt.wantTenant {
				t.Errorf("sub %q, tid %q; want u1, %q", c.Subject, c.Tenant, tt.wantTenant)
			}
			if c.ExpiresAt.Before(before.Add(tt.wantTTL)) || c.ExpiresAt.After(after.Add(tt.wantTTL)) {
				t.Errorf("exp %s, want %s after the run (%s–%s)", c.ExpiresAt, tt.wantTTL, before, after)
			}
		})
	}
}

func TestTokenErrors(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"no --user", nil, nil, exitUsage, "--user is required"},
		{"extra argument", nil, []string{"--user", "u1", "extra"}, exitUsage, `unexpected argument "extra"`},
		{"bad --ttl", nil, []string{"--user", "u1", "--ttl", "soon"}, exitUsage, "invalid value"},
		{"zero --ttl", nil, []string{"--user", "u1", "--ttl", "0s"}, exitUsage, "--ttl must be positive"},
		{"missing config file", nil, []string{"--user", "u1", "--config", "nope.toml"}, exitUser, "nope.toml"},
		{"production without a secret", map[string]string{"FORGE_ENV": "production"}, []string{"--user", "u1"}, exitUser, "auth.secret"},
		{"production with a short secret", map[string]string{"FORGE_ENV": "production", "FORGE_AUTH_SECRET": "short"}, []string{"--user", "u1"}, exitUser, "at least 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runForge(append([]string{"token"}, tt.args...)...)
			if code != tt.wantCode || stdout != "" || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, no stdout, stderr containing %q",
					code, stdout, stderr, tt.wantCode, tt.wantStderr)
			}
		})
	}
}

// A misspelt FORGE_* variable is named on stderr, and the token is still
// printed alone on stdout.
func TestTokenWarnsAboutMisspeltVariables(t *testing.T) {
	isolate(t)
	t.Setenv("FORGE_AUTH_ISUER", "shop")
	code, stdout, stderr := runForge("token", "--user", "u1")
	if code != exitOK || strings.Count(stdout, "\n") != 1 {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "forge token: FORGE_AUTH_ISUER is not a Forge setting and is ignored; did you mean FORGE_AUTH_ISSUER?") {
		t.Errorf("stderr lacks the warning: %q", stderr)
	}
}
