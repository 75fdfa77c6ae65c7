package forge_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bazel-contrib/bazel-gazelle/v2/cmd/gazelle/update"
	"github.com/bazelbuild/bazel-gazelle/language"
	golang "github.com/bazelbuild/bazel-gazelle/language/go"
	"github.com/bazelbuild/bazel-gazelle/language/proto"

	forge "github.com/forge-framework/forge/gazelle_ext"
)

var updateGolden = flag.Bool("update", false, "rewrite each case's BUILD.want (and log.want) from what gazelle writes")

// workspace is every case's WORKSPACE: the external modules generated code
// and apps import, declared the way go_repository users declare them. The
// extension never names a repository itself: these come back through the
// Go language's resolver.
const workspace = `# gazelle:repository go_repository name=com_github_forge_framework_forge importpath=github.com/forge-framework/forge
# gazelle:repository go_repository name=com_github_google_uuid importpath=github.com/google/uuid
# gazelle:repository go_repository name=com_github_jackc_pgx_v5 importpath=github.com/jackc/pgx/v5
# gazelle:repository go_repository name=com_github_riverqueue_river importpath=github.com/riverqueue/river
`

// languages are what a forge gazelle_binary links, in its order.
func languages() []language.Language {
	return []language.Language{proto.NewLanguage(), golang.NewLanguage(), forge.NewLanguage()}
}

// TestGolden runs gazelle in process, as `bazel run //:gazelle` would,
// over a copy of each testdata/<case>: BUILD.in files become BUILD.bazel
// before the run and each BUILD.bazel after it must equal the BUILD.want
// beside it. What gazelle logs must equal log.want (empty when absent). A
// second run must change nothing.
func TestGolden(t *testing.T) {
	cases, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			src := filepath.Join("testdata", c.Name())
			if _, err := os.Stat(filepath.Join(src, "README")); err != nil {
				t.Errorf("%s has no README saying what it tests", src)
			}
			dir := t.TempDir()
			copyCase(t, src, dir)

			logs := runGazelle(t, dir)
			checkLog(t, src, dir, logs)
			got := buildFiles(t, dir)
			if *updateGolden {
				writeWants(t, src, got)
			}
			compareWants(t, src, got)

			if again := runGazelle(t, dir); again != logs {
				t.Errorf("second run logged differently:\n%s", again)
			}
			for rel, content := range buildFiles(t, dir) {
				if content != got[rel] {
					t.Errorf("second run changed %s (not idempotent):\n%s", rel, content)
				}
			}
		})
	}
}

// copyCase copies a case into dir: BUILD.in → BUILD.bazel; BUILD.want,
// log.want and README stay behind.
func copyCase(t *testing.T, src, dir string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		switch d.Name() {
		case "BUILD.want", "log.want", "README":
			return nil
		case "BUILD.in":
			rel = filepath.Join(filepath.Dir(rel), "BUILD.bazel")
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "WORKSPACE"), []byte(workspace), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runGazelle runs `gazelle update` over dir and returns what it logged,
// with dir written as "<root>". A case's args file adds flags (later flags
// win: -external=vendored).
func runGazelle(t *testing.T, dir string) string {
	t.Helper()
	var buf bytes.Buffer
	log.SetOutput(&buf)
	log.SetFlags(0)
	defer log.SetOutput(os.Stderr)
	args := []string{"-repo_root=" + dir, "-external=static"}
	if extra, err := os.ReadFile(filepath.Join(dir, "args")); err == nil {
		args = append(args, strings.Fields(string(extra))...)
	}
	args = append(args, dir)
	if err := update.Run(context.Background(), languages(), dir, args); err != nil {
		t.Fatalf("gazelle: %v\n%s", err, buf.String())
	}
	return strings.ReplaceAll(buf.String(), dir, "<root>")
}

func checkLog(t *testing.T, src, dir, logs string) {
	t.Helper()
	path := filepath.Join(src, "log.want")
	if *updateGolden {
		if logs == "" {
			os.Remove(path)
		} else if err := os.WriteFile(path, []byte(logs), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if logs != string(want) {
		t.Errorf("gazelle logged:\n%s\nwant (%s):\n%s", logs, path, want)
	}
}

// buildFiles maps each BUILD.bazel under dir (by slash-separated
// directory) to its content.
func buildFiles(t *testing.T, dir string) map[string]string {
	return filesNamed(t, dir, "BUILD.bazel")
}

// filesNamed maps the directory of each file called name under root
// (slash-separated, "." for root) to the file's content.
func filesNamed(t *testing.T, root, name string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != name {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func writeWants(t *testing.T, src string, got map[string]string) {
	t.Helper()
	for rel, content := range got {
		if err := os.WriteFile(filepath.Join(src, rel, "BUILD.want"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// compareWants checks that every BUILD.want has a BUILD.bazel with the
// same content and that gazelle wrote no BUILD.bazel without a BUILD.want.
func compareWants(t *testing.T, src string, got map[string]string) {
	t.Helper()
	want := filesNamed(t, src, "BUILD.want")
	var dirs []string
	for rel := range got {
		dirs = append(dirs, rel)
	}
	for rel := range want {
		if _, ok := got[rel]; !ok {
			dirs = append(dirs, rel)
		}
	}
	sort.Strings(dirs)
	for _, rel := range dirs {
		g, gok := got[rel]
		w, wok := want[rel]
		switch {
		case !wok:
			t.Errorf("%s/BUILD.bazel written, but %s/%s/BUILD.want does not exist:\n%s", rel, src, rel, g)
		case !gok:
			t.Errorf("%s/BUILD.bazel missing, want:\n%s", rel, w)
		case g != w:
			t.Errorf("%s/BUILD.bazel:\n%s\nwant (%s/%s/BUILD.want):\n%s", rel, g, src, rel, w)
		}
	}
}
