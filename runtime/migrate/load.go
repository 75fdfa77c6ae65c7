package migrate

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
)

// Migration is one versioned change to the app's schema: the contents of
// NNNN_name.up.sql and NNNN_name.down.sql.
type Migration struct {
	// Version orders migrations; it is the file name's leading number.
	Version int64
	// Name is the file name's part between the version and ".up.sql".
	Name string
	// Up applies the change.
	Up string
	// Down reverts it.
	Down string
	// Checksum is the lowercase hex SHA-256 of Up. It is recorded when the
	// migration is applied, so a file edited afterwards is detected.
	Checksum string

	// stem is the file name without ".up.sql", as written ("0001_init"),
	// so errors name the file the user has.
	stem string
}

// UpFile is the name of the migration's up file, such as
// "0001_create_products.up.sql".
func (m Migration) UpFile() string { return m.fileStem() + ".up.sql" }

// DownFile is the name of the migration's down file.
func (m Migration) DownFile() string { return m.fileStem() + ".down.sql" }

func (m Migration) fileStem() string {
	if m.stem != "" {
		return m.stem
	}
	return Stem(m.Version, m.Name)
}

// Load reads the migrations at the root of fsys, sorted by version.
//
// Every .sql file must be named as in [Migration.UpFile] or
// [Migration.DownFile], and every up file needs its down file and vice versa.
// Other files (such as a schema snapshot kept beside the migrations) and
// directories are ignored. All problems are reported together, each naming
// its file.
func Load(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("migrate: read migrations directory: %w", err)
	}

	type pair struct {
		version  int64
		name     string
		up, down string // file names; empty when missing
	}
	pairs := map[string]*pair{} // by stem
	var errs []error
	for _, e := range entries { // fs.ReadDir sorts by name
		file := e.Name()
		if e.IsDir() || path.Ext(file) != ".sql" {
			continue
		}
		stem, up := strings.CutSuffix(file, ".up.sql")
		if !up {
			stem, _ = strings.CutSuffix(file, ".down.sql")
		}
		version, name, ok := ParseStem(stem)
		if !ok || stem == file {
			errs = append(errs, fmt.Errorf("migrate: bad migration file name %q: want %s", file, expectedForm))
			continue
		}
		p := pairs[stem]
		if p == nil {
			p = &pair{version: version, name: name}
			pairs[stem] = p
		}
		if up {
			p.up = file
		} else {
			p.down = file
		}
	}

	var migrations []Migration
	for _, stem := range slices.Sorted(maps.Keys(pairs)) {
		p := pairs[stem]
		switch {
		case p.down == "":
			errs = append(errs, fmt.Errorf("migrate: %s has no matching %s.down.sql", p.up, stem))
			continue
		case p.up == "":
			errs = append(errs, fmt.Errorf("migrate: %s has no matching %s.up.sql", p.down, stem))
			continue
		}
		up, err := fs.ReadFile(fsys, p.up)
		if err != nil {
			errs = append(errs, fmt.Errorf("migrate: read %s: %w", p.up, err))
			continue
		}
		down, err := fs.ReadFile(fsys, p.down)
		if err != nil {
			errs = append(errs, fmt.Errorf("migrate: read %s: %w", p.down, err))
			continue
		}
		sum := sha256.Sum256(up)
		migrations = append(migrations, Migration{
			Version:  p.version,
			Name:     p.name,
			Up:       string(up),
			Down:     string(down),
			Checksum: hex.EncodeToString(sum[:]),
			stem:     stem,
		})
	}

	// Stable, so of two migrations sharing a version the first by file name
	// is reported first.
	slices.SortStableFunc(migrations, func(a, b Migration) int { return cmp.Compare(a.Version, b.Version) })
	for i := 1; i < len(migrations); i++ {
		if a, b := migrations[i-1], migrations[i]; a.Version == b.Version {
			errs = append(errs, fmt.Errorf("migrate: version %d is used by both %s and %s: give each migration its own version",
				a.Version, a.UpFile(), b.UpFile()))
		}
	}

	if len(migrations) == 0 && len(errs) == 0 {
		// An embed directive such as //go:embed migrations/*.sql yields an
		// FS whose root holds only the directory: say so rather than report
		// that there is nothing to apply.
		if nested, _ := fs.Glob(fsys, "*/*.sql"); len(nested) > 0 {
			return nil, fmt.Errorf("migrate: no migrations at the root of the file system, but %s is in a subdirectory: "+
				"pass fs.Sub(fsys, %q)", nested[0], path.Dir(nested[0]))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return migrations, nil
}
