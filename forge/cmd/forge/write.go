package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/forge-framework/forge/forge/gen"
)

// genDir is the directory forge generate owns inside the app.
const genDir = "gen"

// writeGenerated replaces dir/gen with files (keyed by app-relative paths
// under gen/) and returns how many files differ from before. The new tree
// is written beside the old one and swapped in with renames, so a failure
// at any point leaves the old gen/ as it was, and a reader never sees a
// mix. A file under gen/ that forge did not write is an error: it would be
// lost.
func writeGenerated(dir string, files map[string][]byte) (changed int, err error) {
	old, err := readTree(filepath.Join(dir, genDir))
	if err != nil {
		return 0, err
	}
	for _, name := range slices.Sorted(maps.Keys(old)) {
		if !bytes.HasPrefix(old[name], []byte(gen.Header)) {
			return 0, fmt.Errorf("%s was not written by forge (it lacks the %q header); move it out of gen/, which forge replaces as a whole", filepath.Join(dir, name), strings.TrimSpace(gen.Header))
		}
	}
	for name, b := range files {
		if !strings.HasPrefix(name, genDir+"/") {
			return 0, fmt.Errorf("generated file %s is outside %s/", name, genDir)
		}
		if !bytes.Equal(old[name], b) {
			changed++
		}
	}
	for name := range old {
		if _, ok := files[name]; !ok {
			changed++
		}
	}
	if changed == 0 {
		return 0, nil
	}

	tmp, err := os.MkdirTemp(dir, ".gen-new-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp) // after a successful swap, it holds the old tree
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(tmp, filepath.FromSlash(strings.TrimPrefix(name, genDir+"/")))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return 0, err
		}
	}
	target := filepath.Join(dir, genDir)
	if _, err := os.Stat(target); errors.Is(err, fs.ErrNotExist) {
		return changed, os.Rename(tmp, target)
	}
	// Two renames: gen → gen-old, new → gen. Between them gen/ is briefly
	// absent, never half-written; if the second fails, the first is undone.
	parked := tmp + ".old"
	if err := os.Rename(target, parked); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp, target); err != nil {
		if undo := os.Rename(parked, target); undo != nil {
			return 0, fmt.Errorf("%w; and restoring the old %s failed: %v (it is at %s)", err, target, undo, parked)
		}
		return 0, err
	}
	return changed, os.RemoveAll(parked)
}

// staleFiles lists, sorted, what forge generate would change under gen/:
// "changed gen/x.go", "missing gen/x.go" or "extra gen/x.go".
func staleFiles(dir string, files map[string][]byte) ([]string, error) {
	old, err := readTree(filepath.Join(dir, genDir))
	if err != nil {
		return nil, err
	}
	var stale []string
	for name, b := range files {
		have, ok := old[name]
		switch {
		case !ok:
			stale = append(stale, "missing "+name)
		case !bytes.Equal(have, b):
			stale = append(stale, "changed "+name)
		}
	}
	for name := range old {
		if _, ok := files[name]; !ok {
			stale = append(stale, "extra   "+name)
		}
	}
	sort.Slice(stale, func(i, j int) bool { return stale[i][8:] < stale[j][8:] })
	return stale, nil
}

// writeMissing writes each of files that does not exist yet, creating each
// with O_EXCL so a file that appears meanwhile is not overwritten either,
// and returns the names it wrote.
func writeMissing(dir string, files map[string][]byte) ([]string, error) {
	var written []string
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, err
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return written, err
		}
		_, err = f.Write(files[name])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(p)
			return written, fmt.Errorf("write %s: %w", p, err)
		}
		written = append(written, filepath.Join(dir, filepath.FromSlash(name)))
	}
	return written, nil
}

// readTree reads every file under root, keyed by "gen/<rel>" paths; a
// missing root is an empty tree.
func readTree(root string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == root {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(filepath.Dir(root), p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	return files, err
}

// importPathOf returns the Go import path of dir from the module path in
// the nearest go.mod at or above it.
func importPathOf(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for root := abs; ; {
		mod, err := modulePath(filepath.Join(root, "go.mod"))
		switch {
		case err == nil:
			rel, err := filepath.Rel(root, abs)
			if err != nil {
				return "", err
			}
			if rel == "." {
				return mod, nil
			}
			return mod + "/" + filepath.ToSlash(rel), nil
		case !errors.Is(err, fs.ErrNotExist):
			return "", err
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", fmt.Errorf("no go.mod at or above %s to take the app's import path from", abs)
		}
		root = parent
	}
}

// modulePath reads the module directive of a go.mod file.
func modulePath(gomod string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || fields[0] != "module" {
			continue
		}
		path := fields[1]
		if unq, err := strconv.Unquote(path); err == nil {
			path = unq
		}
		return path, nil
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("%s: no module directive", gomod)
}
