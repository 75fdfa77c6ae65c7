package migration_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/migration"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ns []string
	for _, e := range entries {
		ns = append(ns, e.Name())
	}
	return ns
}

func TestReadDir(t *testing.T) {
	t.Parallel()

	st, err := migration.ReadDir(filepath.Join(t.TempDir(), "missing"))
	if err != nil || st.Next != 1 || st.Snapshot != nil || st.HasEmbedFile {
		t.Errorf("ReadDir(missing) = %+v, %v; want next 1 and nothing else", st, err)
	}

	dir := t.TempDir()
	snap := func(pkg string) string {
		b, _ := json.Marshal(ir.Schema{Version: ir.Version, Package: pkg})
		return string(b)
	}
	writeFiles(t, dir, map[string]string{
		"0001_init.up.sql": "", "0001_init.down.sql": "", "0001_init.schema.json": snap("first"),
		"0009_add.up.sql": "", "0009_add.down.sql": "", "0009_add.schema.json": snap("ninth"),
		// A hand-written migration after the last snapshot: numbering
		// continues after it, the snapshot stays the last one written.
		"0010_backfill.up.sql": "", "0010_backfill.down.sql": "",
		"migrations.go": "package migrations\n",
		"README.md":     "notes",
	})
	st, err = migration.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Next != 11 || st.SnapshotFile != "0009_add.schema.json" || st.Snapshot == nil || st.Snapshot.Package != "ninth" || !st.HasEmbedFile {
		t.Errorf("ReadDir = %+v; want next 11, the snapshot of 0009 and the embed file", st)
	}
}

func TestReadDirErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"migrations without a snapshot", map[string]string{"0001_init.up.sql": "", "0001_init.down.sql": ""},
			"holds migrations (0001_init.down.sql) but no NNNN_name.schema.json snapshot"},
		{"bad snapshot", map[string]string{"0001_init.schema.json": "{"}, "0001_init.schema.json: not a schema snapshot"},
		{"newer snapshot", map[string]string{"0001_init.schema.json": `{"version": 99}`}, "written by a newer forge (IR version 99"},
		// The app refuses these at start (runtime/migrate.Load), so diff
		// must not add to them.
		{"short version", map[string]string{"0001_init.schema.json": "{}", "1_x.up.sql": "", "1_x.down.sql": ""},
			`holds migrations the app would refuse at start; fix them before adding one:
migrate: bad migration file name "1_x.down.sql": want NNNN_name.up.sql or NNNN_name.down.sql`},
		{"up without down", map[string]string{"0001_init.schema.json": "{}", "0001_init.up.sql": ""},
			"migrate: 0001_init.up.sql has no matching 0001_init.down.sql"},
		{"bad snapshot name", map[string]string{"1_init.schema.json": "{}"},
			"1_init.schema.json: bad schema snapshot file name: want NNNN_name.schema.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			if _, err := migration.ReadDir(dir); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadDir error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestWrite(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "migrations")
	files := map[string][]byte{"0001_a.up.sql": []byte("up"), "0001_a.down.sql": []byte("down")}
	if err := migration.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"0001_a.down.sql", "0001_a.up.sql"}) {
		t.Errorf("after Write: %v", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "0001_a.up.sql")); string(b) != "up" {
		t.Errorf("0001_a.up.sql = %q", b)
	}

	// An existing file is never overwritten, and then nothing is written.
	err := migration.Write(dir, map[string][]byte{"0002_b.up.sql": []byte("new"), "0001_a.up.sql": []byte("clobbered")})
	if err == nil || !strings.Contains(err.Error(), "0001_a.up.sql: already exists") {
		t.Errorf("Write over an existing file: %v", err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"0001_a.down.sql", "0001_a.up.sql"}) {
		t.Errorf("a failed Write left files: %v", got)
	}
}

func TestFilesAndCheckName(t *testing.T) {
	t.Parallel()
	s := &ir.Schema{Version: ir.Version, Package: "schema"}
	files, err := migration.Files(12, "add_sku", migration.Plan{Up: "UP;\n", Down: "DOWN;\n"}, s)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range files {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"0012_add_sku.down.sql", "0012_add_sku.schema.json", "0012_add_sku.up.sql"}) {
		t.Errorf("Files = %v", keys)
	}
	if up := string(files["0012_add_sku.up.sql"]); !strings.HasPrefix(up, "-- 0012_add_sku: written by forge migrate diff") || !strings.HasSuffix(up, "\n\nUP;\n") {
		t.Errorf("up file:\n%s", up)
	}
	want := fmt.Sprintf("{\n  \"version\": %d,\n  \"package\": \"schema\",\n  \"resources\": null,\n  \"jobs\": null\n}\n", ir.Version)
	if got := string(files["0012_add_sku.schema.json"]); got != want {
		t.Errorf("snapshot:\n%s\nwant:\n%s", got, want)
	}
	for _, bad := range []string{"", "AddSku", "add-sku", "add sku", "añadir"} {
		if migration.CheckName(bad) == nil {
			t.Errorf("CheckName(%q) accepted it", bad)
		}
		if _, err := migration.Files(1, bad, migration.Plan{}, s); err == nil {
			t.Errorf("Files accepted the name %q", bad)
		}
	}
}
