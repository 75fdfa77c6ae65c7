package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestRepoName(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/jackc/pgx/v5":                            "com_github_jackc_pgx_v5",
		"github.com/BurntSushi/toml":                         "com_github_burntsushi_toml",
		"go.opentelemetry.io/otel/sdk/metric":                "io_opentelemetry_go_otel_sdk_metric",
		"google.golang.org/genproto/googleapis/api":          "org_golang_google_genproto_googleapis_api",
		"github.com/docker/docker-credential-helpers":        "com_github_docker_docker_credential_helpers",
		"golang.org/x/crypto/x509roots/fallback":             "org_golang_x_crypto_x509roots_fallback",
		"gopkg.in/yaml.v3":                                   "in_gopkg_yaml_v3",
		"github.com/riverqueue/river/riverdriver/riverpgxv5": "com_github_riverqueue_river_riverdriver_riverpgxv5",
	} {
		if got := RepoName(in); got != want {
			t.Errorf("RepoName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFresh fails when tools/bazel/go_deps.bzl is stale vs go.mod/go.sum.
func TestFresh(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command: run with go test")
	}
	root, err := moduleRoot(".")
	if err != nil {
		// Under Bazel the test runs in its runfiles: no go.mod there.
		t.Skipf("needs the module source tree: run with go test (%v)", err)
	}
	want, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile(filepath.Join(root, Output))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, want) {
		t.Fatalf("%s is stale vs go.mod/go.sum: run go run ./tools/bazel/godeps", Output)
	}
}
