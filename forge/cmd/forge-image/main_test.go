package main

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/image"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/stretchr/testify/require"
)

// forgeImage runs the command and returns its exit code, stdout and stderr.
func forgeImage(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// inputs writes a binary and a stamp file to a fresh directory.
func inputs(t *testing.T) (dir, binary, stamp string) {
	t.Helper()
	dir = t.TempDir()
	binary, stamp = filepath.Join(dir, "shop"), filepath.Join(dir, "stable-status.txt")
	require.NoError(t, os.WriteFile(binary, []byte("app binary"), 0o755))
	require.NoError(t, os.WriteFile(stamp, []byte("STABLE_FORGE_VERSION v1.2.3\nSTABLE_FORGE_COMMIT abc123\nSTABLE_FORGE_DATE 2026-11-27T10:00:00Z\n"), 0o644))
	return dir, binary, stamp
}

// build runs forge-image build with the usual outputs under dir plus extra
// flags, and returns the written layout directory.
func build(t *testing.T, dir, binary string, extra ...string) string {
	t.Helper()
	out := filepath.Join(dir, "out")
	args := append([]string{"build", "--binary", binary, "--name", "shop", "--port", "8080",
		"--label", "org.opencontainers.image.version=dev",
		"--label", "org.opencontainers.image.source=https://example.com/shop",
		"--out-layout", filepath.Join(out, "layout"),
		"--out-tarball", filepath.Join(out, "image.tar"), "--repo-tag", "shop:latest",
		"--out-digest", filepath.Join(out, "image.digest")}, extra...)
	code, stdout, stderr := forgeImage(args...)
	require.Equal(t, 0, code, "stderr: %s", stderr)
	require.Empty(t, stdout)
	return filepath.Join(out, "layout")
}

func labels(t *testing.T, layoutDir string) map[string]string {
	t.Helper()
	img, err := image.ReadLayout(layoutDir, nil)
	require.NoError(t, err)
	cf, err := img.ConfigFile()
	require.NoError(t, err)
	return cf.Config.Labels
}

func TestBuildUnstamped(t *testing.T) {
	t.Parallel()
	dir, binary, _ := inputs(t)
	layoutDir := build(t, dir, binary, "--label-from-stamp", "org.opencontainers.image.version=STABLE_FORGE_VERSION")
	require.Equal(t, map[string]string{
		"org.opencontainers.image.version": "dev",
		"org.opencontainers.image.source":  "https://example.com/shop",
	}, labels(t, layoutDir), "without --stamp-file the constants stay")

	img, err := image.ReadLayout(layoutDir, nil)
	require.NoError(t, err)
	d, err := img.Digest()
	require.NoError(t, err)
	digest, err := os.ReadFile(filepath.Join(dir, "out", "image.digest"))
	require.NoError(t, err)
	require.Equal(t, d.String(), string(digest))
}

func TestBuildStamped(t *testing.T) {
	t.Parallel()
	dir, binary, stamp := inputs(t)
	layoutDir := build(t, dir, binary, "--stamp-file", stamp,
		"--label-from-stamp", "org.opencontainers.image.version=STABLE_FORGE_VERSION",
		"--label-from-stamp", "org.opencontainers.image.revision=STABLE_FORGE_COMMIT",
		"--label-from-stamp", "org.opencontainers.image.created=STABLE_FORGE_DATE")
	require.Equal(t, map[string]string{
		"org.opencontainers.image.version":  "v1.2.3",
		"org.opencontainers.image.revision": "abc123",
		"org.opencontainers.image.created":  "2026-11-27T10:00:00Z",
		"org.opencontainers.image.source":   "https://example.com/shop",
	}, labels(t, layoutDir))
}

func TestPushWithStampedTags(t *testing.T) {
	t.Parallel()
	dir, binary, stamp := inputs(t)
	layoutDir := build(t, dir, binary)
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	repo := strings.TrimPrefix(srv.URL, "http://") + "/team/shop"
	tagsFile := filepath.Join(dir, "tags.txt")
	require.NoError(t, os.WriteFile(tagsFile, []byte("{STABLE_FORGE_VERSION}\n\nsha-{STABLE_FORGE_COMMIT}\nlatest\n"), 0o644))

	code, stdout, stderr := forgeImage("push", "--layout", layoutDir, "--repository", repo,
		"--tag", "latest", "--tags-file", tagsFile, "--stamp-file", stamp)
	require.Equal(t, 0, code, "stderr: %s", stderr)
	digest, err := os.ReadFile(filepath.Join(dir, "out", "image.digest"))
	require.NoError(t, err)
	require.Equal(t, repo+"@"+string(digest)+"\n", stdout)
	require.Equal(t, "pushed "+repo+":latest\npushed "+repo+":v1.2.3\npushed "+repo+":sha-abc123\n", stderr)

	for _, tag := range []string{"latest", "v1.2.3", "sha-abc123"} {
		ref, err := name.ParseReference(repo + ":" + tag)
		require.NoError(t, err)
		img, err := remote.Image(ref)
		require.NoError(t, err)
		d, err := img.Digest()
		require.NoError(t, err)
		require.Equal(t, string(digest), d.String(), tag)
	}
}

func TestErrorsNameTheFlag(t *testing.T) {
	t.Parallel()
	dir, binary, stamp := inputs(t)
	layoutDir := build(t, dir, binary)
	out := filepath.Join(t.TempDir(), "digest")
	missing := filepath.Join(dir, "missing.txt")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{}, exitUsage, "usage:"},
		{[]string{"bake"}, exitUsage, `unknown command "bake"`},
		{[]string{"build", "--name", "shop", "--out-digest", out}, exitUsage, "--binary is required"},
		{[]string{"build", "--binary", binary, "--out-digest", out}, exitUsage, "--name is required"},
		{[]string{"build", "--binary", binary, "--name", "shop"}, exitUsage, "give at least one of --out-layout"},
		{[]string{"build", "--binary", binary, "--name", "shop", "--out-tarball", out}, exitUsage, "--out-tarball and --repo-tag go together"},
		{[]string{"build", "--binary", missing, "--name", "shop", "--out-digest", out}, exitUser, "--binary: open " + missing},
		{[]string{"build", "--binary", binary, "--name", "shop", "--out-digest", out, "--stamp-file", missing}, exitUser, "--stamp-file: open " + missing},
		{[]string{"build", "--binary", binary, "--name", "shop", "--out-digest", out, "--label", "novalue"}, exitUser, `--label "novalue": want KEY=VALUE`},
		{[]string{"build", "--binary", binary, "--name", "shop", "--out-digest", out, "--stamp-file", stamp, "--label-from-stamp", "version=STABLE_NOPE"}, exitUser, "stamp key STABLE_NOPE not found in --stamp-file"},
		{[]string{"build", "--binary", binary, "--name", "shop", "--out-digest", out, "--base", missing}, exitUser, "--base: read OCI layout " + missing},
		{[]string{"build", "--binary", binary, "--name", "shop", "--out-layout", layoutDir}, exitUser, "--out-layout: " + layoutDir + " is not empty"},
		{[]string{"build", "--binary", binary, "--name", "shop", "--out-digest", out, "--port", "http"}, exitUser, `port "http"`},
		{[]string{"build", "--binary", binary, "--name", "shop", "--out-digest", out, "stray"}, exitUsage, `unexpected argument "stray"`},
		{[]string{"push", "--repository", "example.com/shop"}, exitUsage, "--layout is required"},
		{[]string{"push", "--layout", layoutDir}, exitUsage, "--repository is required"},
		{[]string{"push", "--layout", missing, "--repository", "example.com/shop"}, exitUser, "--layout: read OCI layout"},
		{[]string{"push", "--layout", layoutDir, "--repository", "example.com/shop", "--stamp-file", stamp, "--tag", "{UNKNOWN_KEY}"}, exitUser, `--tag: "{UNKNOWN_KEY}": stamp key UNKNOWN_KEY not found`},
		{[]string{"push", "--layout", layoutDir, "--repository", "example.com/shop", "--tag", "{STABLE_FORGE_VERSION}"}, exitUser, `--tag "{STABLE_FORGE_VERSION}": uses a stamp key but there is no --stamp-file`},
		{[]string{"push", "--layout", layoutDir, "--repository", "example.com/shop", "--tags-file", missing}, exitUser, "--tags-file: open " + missing},
		{[]string{"push", "--layout", layoutDir, "--repository", "example.com/shop", "--tag", "not ok"}, exitUser, `tag "not ok"`},
	} {
		code, _, stderr := forgeImage(tc.args...)
		require.Equal(t, tc.code, code, "%v: %s", tc.args, stderr)
		require.Contains(t, stderr, tc.want, "%v", tc.args)
	}
}
