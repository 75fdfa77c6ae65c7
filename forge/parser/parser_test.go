package parser

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGolden parses each testdata/<case>/ package. A valid one must match
// its ir.json, an invalid one its errors.txt (positions relative to the case
// directory). A case has exactly one of the two.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() || filepath.Base(dir) == "fuzz" {
			continue // testdata/fuzz is go test's corpus of fuzz inputs
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			got, golden, stale := parseCase(t, dir)
			path := filepath.Join(dir, golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				os.Remove(filepath.Join(dir, stale))
				return
			}
			if _, err := os.Stat(filepath.Join(dir, stale)); err == nil {
				t.Errorf("%s exists but the case now gives %s; run go test -update", stale, golden)
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./forge/parser -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs (run go test ./forge/parser -update and review the diff)\n--- got\n%s\n--- want\n%s", path, got, want)
			}
		})
	}
}

// parseCase returns what the case produces, which golden file holds it and
// which one must not exist.
func parseCase(t *testing.T, dir string) (got []byte, golden, stale string) {
	t.Helper()
	s, err := ParseDir(dir)
	if err != nil {
		var list ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("ParseDir returned %T, want ErrorList: %v", err, err)
		}
		prefix := filepath.ToSlash(dir) + "/"
		return []byte(strings.ReplaceAll(filepath.ToSlash(list.Error()), prefix, "") + "\n"), "errors.txt", "ir.json"
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n'), "ir.json", "errors.txt"
}

// TestIRRoundTrip checks the IR survives JSON unchanged, as the Bazel rule
// and tools that read --ir output rely on.
func TestIRRoundTrip(t *testing.T) {
	s, err := ParseDir("testdata/issue_example")
	if err != nil {
		t.Fatal(err)
	}
	first, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back ir.Schema
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatal(err)
	}
	second, err := json.Marshal(&back)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("IR changed through JSON:\n%s\n%s", first, second)
	}
}

// TestDeterministic parses the same files given in different orders and
// expects identical IR and identical errors.
func TestDeterministic(t *testing.T) {
	for _, dir := range []string{"testdata/issue_example", "testdata/many_errors"} {
		files := readCase(t, dir)
		reversed := make([]File, len(files))
		for i, f := range files {
			reversed[len(files)-1-i] = f
		}
		a, errA := Parse(files)
		b, errB := Parse(reversed)
		ja, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		jb, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ja, jb) || errString(errA) != errString(errB) {
			t.Errorf("%s: order of files changed the result", dir)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func readCase(t testing.TB, dir string) []File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []File
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Name: filepath.Base(p), Src: src})
	}
	return files
}

func TestParseDirErrors(t *testing.T) {
	if _, err := ParseDir("testdata/does-not-exist"); err == nil {
		t.Error("ParseDir of a missing directory succeeded")
	}
	empty := t.TempDir()
	if _, err := ParseDir(empty); err == nil || !strings.Contains(err.Error(), "no Go files") {
		t.Errorf("ParseDir of an empty directory: %v, want a 'no Go files' error", err)
	}
	if _, err := Parse(nil); err == nil {
		t.Error("Parse of no files succeeded")
	}
}

// FuzzParse feeds arbitrary source to the parser as one file of a package
// beside a valid file. It must never panic, and what it accepts must be IR
// that survives JSON.
func FuzzParse(f *testing.F) {
	dirs, _ := filepath.Glob("testdata/*")
	for _, dir := range dirs {
		for _, file := range readCase(f, dir) {
			f.Add(file.Src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse([]File{{Name: "fuzz.go", Src: src}})
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a non-empty ErrorList: %v", err)
			}
			return
		}
		if _, err := json.Marshal(s); err != nil {
			t.Fatalf("accepted schema does not encode: %v", err)
		}
	})
}
