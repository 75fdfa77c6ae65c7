package migration

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/runtime/migrate"
)

// State is what a migrations directory says about the next migration.
type State struct {
	// Next is the version of the next migration: one more than the highest
	// in the directory, 1 in an empty or missing one.
	Next int64
	// Snapshot is the schema of the highest-numbered NNNN_name.schema.json,
	// or nil when there are no migrations yet.
	Snapshot *ir.Schema
	// SnapshotFile is Snapshot's file name.
	SnapshotFile string
	// HasEmbedFile reports whether EmbedFile exists.
	HasEmbedFile bool
}

// snapshotSuffix ends a schema snapshot's file name, whose stem is that of
// the migration leading to the schema.
const snapshotSuffix = ".schema.json"

// ReadDir reads the migrations directory dir. A missing dir is an empty
// one. Migrations that the app would refuse at start (runtime/migrate's
// Load: file names, pairs, versions) are an error, so that diff never
// adds to a directory that cannot run. So are migrations without any
// snapshot: diffing against nothing would create tables that exist.
func ReadDir(dir string) (State, error) {
	st := State{Next: 1}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read migrations: %w", err)
	}
	var snapVersion int64
	var migrations []string
	for _, e := range entries {
		name := e.Name()
		if name == EmbedFile {
			st.HasEmbedFile = true
		}
		if e.IsDir() {
			continue
		}
		if filepath.Ext(name) == ".sql" {
			migrations = append(migrations, name)
			continue
		}
		stem, ok := strings.CutSuffix(name, snapshotSuffix)
		if !ok {
			continue
		}
		v, _, ok := migrate.ParseStem(stem)
		if !ok {
			return st, fmt.Errorf("%s: bad schema snapshot file name: want NNNN_name%s, the stem of the migration it follows", filepath.Join(dir, name), snapshotSuffix)
		}
		st.Next = max(st.Next, v+1)
		if v >= snapVersion {
			snapVersion, st.SnapshotFile = v, name
		}
	}
	if len(migrations) > 0 {
		loaded, err := migrate.Load(os.DirFS(dir))
		if err != nil {
			return st, fmt.Errorf("%s holds migrations the app would refuse at start; fix them before adding one:\n%w", dir, err)
		}
		for _, m := range loaded {
			st.Next = max(st.Next, m.Version+1)
		}
	}
	if st.SnapshotFile == "" {
		if len(migrations) > 0 {
			return st, fmt.Errorf("%s holds migrations (%s) but no NNNN_name.schema.json snapshot to compare the schema with; "+
				"write the schema the last migration leads to as %s%s (forge generate --ir prints it)",
				dir, slices.Min(migrations), migrate.Stem(st.Next-1, "snapshot"), snapshotSuffix)
		}
		return st, nil
	}
	path := filepath.Join(dir, st.SnapshotFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return st, fmt.Errorf("read schema snapshot: %w", err)
	}
	var s ir.Schema
	if err := json.Unmarshal(b, &s); err != nil {
		return st, fmt.Errorf("%s: not a schema snapshot: %w", path, err)
	}
	if s.Version > ir.Version {
		return st, fmt.Errorf("%s: written by a newer forge (IR version %d, this one reads %d): upgrade forge", path, s.Version, ir.Version)
	}
	st.Snapshot = &s
	return st, nil
}

// Write creates files (by name) in dir, creating dir if needed, all or
// none: each is written to a temporary file first and renamed into place
// once all are written, and on an error the ones already renamed are
// removed. A file that exists already is an error, never overwritten.
func Write(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		if filepath.Base(name) != name {
			return fmt.Errorf("%s: not a file name", name)
		}
		if _, err := os.Lstat(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
			if err == nil {
				err = errors.New("already exists")
			}
			return fmt.Errorf("%s: %w", filepath.Join(dir, name), err)
		}
		names = append(names, name)
	}
	slices.Sort(names)

	temps := map[string]string{}
	defer func() {
		for _, tmp := range temps { // only those not renamed
			os.Remove(tmp)
		}
	}()
	for _, name := range names {
		f, err := os.CreateTemp(dir, "."+name+".tmp-*")
		if err != nil {
			return err
		}
		temps[name] = f.Name()
		_, err = f.Write(files[name])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Chmod(f.Name(), 0o644)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
		}
	}
	var renamed []string
	for _, name := range names {
		target := filepath.Join(dir, name)
		err := os.Rename(temps[name], target)
		if err == nil {
			delete(temps, name)
			renamed = append(renamed, target)
			continue
		}
		for _, r := range renamed {
			os.Remove(r)
		}
		return fmt.Errorf("write %s: %w", target, err)
	}
	return nil
}
