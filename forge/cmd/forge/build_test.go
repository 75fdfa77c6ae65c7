package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
