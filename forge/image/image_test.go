package image

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/stretchr/testify/require"
)

// fakeBinary stands in for an app binary where its contents do not matter.
var fakeBinary = []byte("\x7fELF not really a binary, but bytes to compare")

func testSpec() Spec {
	return Spec{
		Name:   "shop",
		Binary: fakeBinary,
		Ports:  []string{"8080", "9000/udp"},
		Labels: map[string]string{
			LabelVersion:  "v1.2.3",
			LabelRevision: "0123456789abcdef",
			LabelCreated:  "2026-11-27T10:00:00Z",
			LabelSource:   "https://example.com/shop",
		},
	}
}

func mustBuild(t *testing.T, spec Spec) v1.Image {
	t.Helper()
	img, err := Build(spec)
	require.NoError(t, err)
	return img
}

// readDir returns every file under dir by its relative path.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[rel], err = os.ReadFile(path)
		return err
	}))
	return files
}

// digest returns x's digest, failing the test on an error or a zero hash:
// two digests whose errors were dropped would compare equal as zero values.
func digest(t *testing.T, x interface{ Digest() (v1.Hash, error) }) v1.Hash {
	t.Helper()
	d, err := x.Digest()
	require.NoError(t, err)
	require.Equal(t, "sha256", d.Algorithm)
	require.Len(t, d.Hex, 64)
	return d
}

// writeAll writes img's three outputs to a fresh directory and returns it.
func writeAll(t *testing.T, img v1.Image) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, WriteLayout(filepath.Join(dir, "layout"), img))
	require.NoError(t, WriteTarball(filepath.Join(dir, "image.tar"), "shop:latest", img))
	require.NoError(t, WriteDigest(filepath.Join(dir, "image.digest"), img))
	return dir
}

func TestBuildIsDeterministic(t *testing.T) {
	t.Parallel()
	first, second := mustBuild(t, testSpec()), mustBuild(t, testSpec())
	m1, err := first.RawManifest()
	require.NoError(t, err)
	m2, err := second.RawManifest()
	require.NoError(t, err)
	require.Equal(t, string(m1), string(m2))

	// Every byte of every output, not only the digest: the tarball and the
	// layout are Bazel outputs too, and remote caches compare them.
	out1, out2 := readDir(t, writeAll(t, first)), readDir(t, writeAll(t, second))
	require.Len(t, out1, len(out2))
	for path, data := range out1 {
		require.True(t, bytes.Equal(data, out2[path]), "%s differs between two builds", path)
	}
	require.Equal(t, digest(t, first).String(), string(out1["image.digest"]))
}

func TestConfig(t *testing.T) {
	t.Parallel()
	img := mustBuild(t, testSpec())
	cf, err := img.ConfigFile()
	require.NoError(t, err)
	require.Equal(t, "linux", cf.OS)
	require.Equal(t, "amd64", cf.Architecture)
	require.Equal(t, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), cf.Created.Time.UTC())
	c := cf.Config
	require.Equal(t, "65532:65532", c.User)
	require.Equal(t, []string{"/shop"}, c.Entrypoint)
	require.Empty(t, c.Cmd)
	require.Equal(t, "/", c.WorkingDir)
	require.Equal(t, map[string]struct{}{"8080/tcp": {}, "9000/udp": {}}, c.ExposedPorts)
	require.Equal(t, testSpec().Labels, c.Labels)
	require.Equal(t, &v1.HealthConfig{
		Test:     []string{"CMD", "/shop", "healthcheck"},
		Interval: 30 * time.Second,
		Timeout:  5 * time.Second,
		Retries:  3,
	}, c.Healthcheck)
	require.Len(t, cf.History, 1)
	require.Equal(t, cf.Created, cf.History[0].Created)

	mt, err := img.MediaType()
	require.NoError(t, err)
	require.Equal(t, types.OCIManifestSchema1, mt)
}

func TestCreatedDefaultsToEpoch(t *testing.T) {
	t.Parallel()
	spec := testSpec()
	spec.Labels = nil
	cf, err := mustBuild(t, spec).ConfigFile()
	require.NoError(t, err)
	require.True(t, cf.Created.Time.Equal(time.Unix(0, 0)), "created %v", cf.Created)
	require.Empty(t, cf.Config.Labels)
}

// layerEntries reads a layer's tar headers, and the contents of its files.
func layerEntries(t *testing.T, layer v1.Layer) ([]*tar.Header, map[string][]byte) {
	t.Helper()
	rc, err := layer.Uncompressed()
	require.NoError(t, err)
	defer rc.Close()
	var headers []*tar.Header
	contents := map[string][]byte{}
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return headers, contents
		}
		require.NoError(t, err)
		headers = append(headers, h)
		contents[h.Name], err = io.ReadAll(tr)
		require.NoError(t, err)
	}
}

func TestLayer(t *testing.T) {
	t.Parallel()
	layers, err := mustBuild(t, testSpec()).Layers()
	require.NoError(t, err)
	require.Len(t, layers, 1)
	mt, err := layers[0].MediaType()
	require.NoError(t, err)
	require.Equal(t, types.OCILayer, mt)

	headers, contents := layerEntries(t, layers[0])
	type want struct {
		mode int64
		uid  int
	}
	wants := []struct {
		name string
		want
	}{
		{"etc/", want{0o755, 0}},
		{"etc/group", want{0o644, 0}},
		{"etc/passwd", want{0o644, 0}},
		{"home/", want{0o755, 0}},
		{"home/nonroot/", want{0o700, 65532}},
		{"shop", want{0o555, 0}},
		{"tmp/", want{0o1777, 0}},
	}
	require.Len(t, headers, len(wants))
	for i, h := range headers {
		w := wants[i]
		require.Equal(t, w.name, h.Name, "entry %d", i)
		require.Equal(t, w.mode, h.Mode, "%s mode", h.Name)
		require.Equal(t, w.uid, h.Uid, "%s uid", h.Name)
		require.Equal(t, w.uid, h.Gid, "%s gid", h.Name)
		require.Empty(t, h.Uname+h.Gname, "%s owner names", h.Name)
		require.True(t, h.ModTime.Equal(time.Unix(0, 0)), "%s mtime %v", h.Name, h.ModTime)
	}
	require.Equal(t, fakeBinary, contents["shop"])
	require.Contains(t, string(contents["etc/passwd"]), "nonroot:x:65532:65532:")

	// The gzip header carries no file name and no time.
	rc, err := layers[0].Compressed()
	require.NoError(t, err)
	defer rc.Close()
	zr, err := gzip.NewReader(rc)
	require.NoError(t, err)
	require.Empty(t, zr.Name)
	require.True(t, zr.ModTime.IsZero(), "gzip mtime %v", zr.ModTime)
}

func TestBaseFromLayout(t *testing.T) {
	t.Parallel()
	spec := testSpec()
	spec.Labels = map[string]string{"base.label": "kept", LabelVersion: "v0"}
	baseImg := mustBuild(t, spec)
	dir := filepath.Join(t.TempDir(), "base")
	require.NoError(t, WriteLayout(dir, baseImg))

	base, err := ReadLayout(dir, &v1.Platform{OS: "linux", Architecture: "amd64"})
	require.NoError(t, err)
	spec = testSpec()
	spec.Name = "api"
	spec.Binary = []byte("another binary")
	spec.Base = base
	img := mustBuild(t, spec)

	baseLayers, err := baseImg.Layers()
	require.NoError(t, err)
	layers, err := img.Layers()
	require.NoError(t, err)
	require.Len(t, layers, len(baseLayers)+1)
	for i := range baseLayers {
		require.Equal(t, digest(t, baseLayers[i]), digest(t, layers[i]), "layer %d", i)
	}
	// On a base only the binary is added: the base owns /etc.
	headers, contents := layerEntries(t, layers[len(layers)-1])
	require.Len(t, headers, 1)
	require.Equal(t, "another binary", string(contents["api"]))

	cf, err := img.ConfigFile()
	require.NoError(t, err)
	require.Equal(t, []string{"/api"}, cf.Config.Entrypoint)
	require.Equal(t, "kept", cf.Config.Labels["base.label"])
	require.Equal(t, "v1.2.3", cf.Config.Labels[LabelVersion])
	require.Len(t, cf.History, 2)
	require.Len(t, cf.RootFS.DiffIDs, 2)

	spec.Arch = "arm64"
	_, err = Build(spec)
	require.ErrorContains(t, err, "base is linux/amd64, the image is linux/arm64")
	_, err = ReadLayout(dir, &v1.Platform{OS: "linux", Architecture: "arm64"})
	require.NoError(t, err, "a descriptor without a platform matches any")
}

func TestWriteLayoutNeedsAnEmptyDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stale"), nil, 0o644))
	require.ErrorContains(t, WriteLayout(dir, mustBuild(t, testSpec())), "is not empty")
}

func TestTarballLoadsBack(t *testing.T) {
	t.Parallel()
	img := mustBuild(t, testSpec())
	path := filepath.Join(t.TempDir(), "image.tar")
	require.NoError(t, WriteTarball(path, "shop:1.2.3", img))
	tag, err := name.NewTag("shop:1.2.3")
	require.NoError(t, err)
	loaded, err := tarball.ImageFromPath(path, &tag)
	require.NoError(t, err)

	want, err := img.ConfigName()
	require.NoError(t, err)
	got, err := loaded.ConfigName()
	require.NoError(t, err)
	require.Equal(t, want, got)
	wantLayers, err := img.Layers()
	require.NoError(t, err)
	gotLayers, err := loaded.Layers()
	require.NoError(t, err)
	require.Len(t, gotLayers, len(wantLayers))
	require.Equal(t, digest(t, wantLayers[0]), digest(t, gotLayers[0]))

	m, err := tarball.LoadManifest(func() (io.ReadCloser, error) { return os.Open(path) })
	require.NoError(t, err)
	require.Equal(t, []string{"shop:1.2.3"}, m[0].RepoTags, "docker load names the image as given")
}

// startRegistry serves an in-memory registry on loopback and returns its
// host:port.
func startRegistry(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

func TestPush(t *testing.T) {
	t.Parallel()
	host := startRegistry(t)
	img := mustBuild(t, testSpec())
	var log bytes.Buffer
	ref, err := Push(context.Background(), img, host+"/team/shop", []string{"v1.2.3", "latest"},
		PushOptions{Keychain: authn.NewMultiKeychain(), Log: &log})
	require.NoError(t, err)
	want := digest(t, img)
	require.Equal(t, host+"/team/shop@"+want.String(), ref.String())
	require.Equal(t, "pushed "+host+"/team/shop:v1.2.3\npushed "+host+"/team/shop:latest\n", log.String())

	for _, r := range []string{host + "/team/shop:v1.2.3", host + "/team/shop:latest", ref.String()} {
		parsed, err := name.ParseReference(r)
		require.NoError(t, err)
		pulled, err := remote.Image(parsed)
		require.NoError(t, err, r)
		require.Equal(t, want, digest(t, pulled), r)
	}
}

func TestPushChecksTagsFirst(t *testing.T) {
	t.Parallel()
	host := startRegistry(t)
	_, err := Push(context.Background(), mustBuild(t, testSpec()), host+"/team/shop", []string{"ok", "not ok"}, PushOptions{})
	require.ErrorContains(t, err, `tag "not ok"`)
	repo, _ := name.NewRepository(host + "/team/shop")
	_, err = remote.List(repo)
	require.Error(t, err, "nothing was pushed")
}

func TestBuildRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		change func(*Spec)
		want   string
	}{
		{func(s *Spec) { s.Name = "" }, `name ""`},
		{func(s *Spec) { s.Name = "a/b" }, `name "a/b"`},
		{func(s *Spec) { s.Name = "etc" }, "already has /etc"},
		{func(s *Spec) { s.Binary = nil }, "binary is empty"},
		{func(s *Spec) { s.Ports = []string{"http"} }, `port "http"`},
		{func(s *Spec) { s.Ports = []string{"80/icmp"} }, `port "80/icmp"`},
		{func(s *Spec) { s.Labels = map[string]string{LabelCreated: "yesterday"} }, "not an RFC 3339 time"},
	} {
		spec := testSpec()
		tc.change(&spec)
		_, err := Build(spec)
		require.ErrorContains(t, err, tc.want)
	}
}

func TestStamp(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "stable-status.txt")
	require.NoError(t, os.WriteFile(path, []byte("BUILD_HOST x\nSTABLE_FORGE_VERSION v1.2.3\nSTABLE_GIT_COMMIT abc def\n\n"), 0o644))
	s, err := ReadStamp(path)
	require.NoError(t, err)
	require.Equal(t, Stamp{"BUILD_HOST": "x", "STABLE_FORGE_VERSION": "v1.2.3", "STABLE_GIT_COMMIT": "abc def"}, s)

	got, err := s.Expand("{STABLE_FORGE_VERSION}-{BUILD_HOST}")
	require.NoError(t, err)
	require.Equal(t, "v1.2.3-x", got)
	got, err = s.Expand("latest")
	require.NoError(t, err)
	require.Equal(t, "latest", got)
	_, err = s.Expand("{UNKNOWN_KEY}")
	require.ErrorContains(t, err, "stamp key UNKNOWN_KEY not found")
	_, err = s.Expand("v{STABLE_FORGE_VERSION")
	require.ErrorContains(t, err, "unclosed")

	_, err = ReadStamp(filepath.Join(t.TempDir(), "missing"))
	require.Error(t, err)
}

// TestRealBinary puts a real static Go binary in the image, pushes it,
// pulls it back, extracts the binary from the layer and runs it.
func TestRealBinary(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	src, bin := t.TempDir(), filepath.Join(t.TempDir(), "hello")
	require.NoError(t, os.WriteFile(filepath.Join(src, "go.mod"), []byte("module hello\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"), 0o644))
	cmd := exec.Command(goTool, "build", "-trimpath", "-o", bin, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	binary, err := os.ReadFile(bin)
	require.NoError(t, err)

	spec := testSpec()
	spec.Name = "hello"
	spec.Binary = binary
	host := startRegistry(t)
	_, err = Push(context.Background(), mustBuild(t, spec), host+"/hello", []string{"v1"}, PushOptions{})
	require.NoError(t, err)

	ref, err := name.ParseReference(host + "/hello:v1")
	require.NoError(t, err)
	pulled, err := remote.Image(ref)
	require.NoError(t, err)
	layers, err := pulled.Layers()
	require.NoError(t, err)
	headers, contents := layerEntries(t, layers[len(layers)-1])
	var mode int64
	for _, h := range headers {
		if h.Name == "hello" {
			mode = h.Mode
		}
	}
	require.Equal(t, int64(0o555), mode)
	extracted := filepath.Join(t.TempDir(), "hello")
	require.NoError(t, os.WriteFile(extracted, contents["hello"], os.FileMode(mode)))
	if out, err = exec.Command(extracted).CombinedOutput(); err != nil && strings.Contains(err.Error(), "exec format error") {
		t.Skip("built for linux/amd64, which this machine cannot run")
	}
	require.NoError(t, err, "%s", out)
	require.Equal(t, "hello\n", string(out))
}
