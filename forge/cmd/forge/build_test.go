package main

import (
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Without Bazel, forge build is go build with the stamp of the checkout.
func TestBuildWithoutBazel(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example app")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	bin := filepath.Join(t.TempDir(), "shop")
	code, stdout, stderr := runForge("build", "-C", shopDir, "--bazel", "off", "--pkg", ".", "-o", bin)
	if code != exitOK {
		t.Fatalf("forge build: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, " MB") {
		t.Errorf("forge build did not report the binary's size: %q", stdout)
	}
	stamp := gitStamp(shopDir)
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s version: %v\n%s", bin, err, out)
	}
	for _, want := range []string{stamp.version, stamp.commit, stamp.date} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%s version printed %q, lacking the stamp %q", bin, out, want)
		}
	}
}

func TestInBazelWorkspace(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "app", "x")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if inBazelWorkspace(sub) {
		t.Fatal("a directory without MODULE.bazel above it is a workspace")
	}
	if err := os.WriteFile(filepath.Join(root, "MODULE.bazel"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if !inBazelWorkspace(sub) {
		t.Error("a directory below MODULE.bazel is not a workspace")
	}
}

// Without Bazel, forge deploy builds the stamped binary, makes the image
// forge_image makes, and pushes it.
func TestDeployWithoutBazel(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example app")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	reg := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer reg.Close()
	repo := strings.TrimPrefix(reg.URL, "http://") + "/forge/shop"

	code, stdout, stderr := runForge("deploy", "-C", shopDir, "--bazel", "off", "--pkg", ".", "-o", filepath.Join(t.TempDir(), "shop"), "--repository", repo, "--tag", "e2e")
	if code != exitOK {
		t.Fatalf("forge deploy: exit %d\n%s%s", code, stdout, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	ref := lines[len(lines)-1]
	if !strings.HasPrefix(ref, repo+"@sha256:") {
		t.Fatalf("forge deploy printed %q last, want the pushed %s@sha256:…", ref, repo)
	}
	img, err := remote.Image(mustRef(t, repo+":e2e"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	stamp := gitStamp(shopDir)
	if cfg.Config.User != "65532:65532" || cfg.Config.Labels["org.opencontainers.image.revision"] != stamp.commit || len(cfg.Config.Entrypoint) != 1 {
		t.Errorf("pushed image config: user %q, labels %v, entrypoint %v", cfg.Config.User, cfg.Config.Labels, cfg.Config.Entrypoint)
	}
	// A dropped error would leave d zero, and every ref ends in "".
	if d, err := img.Digest(); err != nil || d.Hex == "" || !strings.HasSuffix(ref, "@"+d.String()) {
		t.Errorf("tag e2e points at %v (%v), not the printed %s", d, err, ref)
	}
}

func mustRef(t *testing.T, s string) name.Reference {
	t.Helper()
	ref, err := name.ParseReference(s, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}
