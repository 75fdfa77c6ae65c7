package migrate_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"testing/fstest"

	"github.com/forge-framework/forge/runtime/migrate"
)

func TestLoad(t *testing.T) {
	t.Parallel()

	fsys := fstest.MapFS{
		"00010_add_price.up.sql":        {Data: []byte("alter table products add column price int;")},
		"00010_add_price.down.sql":      {Data: []byte("alter table products drop column price;")},
		"0009_create_products.up.sql":   {Data: []byte("create table products (id int);")},
		"0009_create_products.down.sql": {Data: []byte("drop table products;")},
		"schema.snapshot.json":          {Data: []byte("{}")},
		"README.md":                     {Data: []byte("# migrations")},
		"old/0001_ignored.up.sql":       {Data: []byte("this is in a subdirectory")},
	}
	got, err := migrate.Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(got) != 2 {
		t.Fatalf("Load returned %d migrations, want 2: %+v", len(got), got)
	}
	// Versions compare as numbers, not as file names ("00010" < "0009").
	want := []struct {
		version        int64
		name, up, down string
		upFile         string
	}{
		{9, "create_products", "create table products (id int);", "drop table products;", "0009_create_products.up.sql"},
		{10, "add_price", "alter table products add column price int;", "alter table products drop column price;", "00010_add_price.up.sql"},
	}
	for i, w := range want {
		m := got[i]
		sum := sha256.Sum256([]byte(w.up))
		if m.Version != w.version || m.Name != w.name || m.Up != w.up || m.Down != w.down || m.Checksum != hex.EncodeToString(sum[:]) {
			t.Errorf("migration %d = %+v, want version %d, name %q, up %q, down %q, checksum of up", i, m, w.version, w.name, w.up, w.down)
		}
		if m.UpFile() != w.upFile {
			t.Errorf("migration %d: UpFile() = %q, want %q", i, m.UpFile(), w.upFile)
		}
	}
}

func TestLoadEmpty(t *testing.T) {
	t.Parallel()
	got, err := migrate.Load(fstest.MapFS{"snapshot.json": {Data: []byte("{}")}})
	if err != nil || len(got) != 0 {
		t.Fatalf("Load(no migrations) = %v, %v; want none and no error", got, err)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()

	file := func(data string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(data)} }
	const form = "want NNNN_name.up.sql or NNNN_name.down.sql (NNNN: the version, at least 4 digits; name: letters, digits and underscores)"
	for _, tc := range []struct {
		name  string
		fsys  fstest.MapFS
		error string
	}{
		{
			name:  "bad name",
			fsys:  fstest.MapFS{"0001-create_products.up.sql": file("")},
			error: `migrate: bad migration file name "0001-create_products.up.sql": ` + form,
		},
		{
			name:  "short version",
			fsys:  fstest.MapFS{"001_create_products.up.sql": file(""), "001_create_products.down.sql": file("")},
			error: `migrate: bad migration file name "001_create_products.down.sql": ` + form + "\n" + `migrate: bad migration file name "001_create_products.up.sql": ` + form,
		},
		{
			name:  "no direction",
			fsys:  fstest.MapFS{"0001_create_products.sql": file("")},
			error: `migrate: bad migration file name "0001_create_products.sql": ` + form,
		},
		{
			name:  "version overflows int64",
			fsys:  fstest.MapFS{"99999999999999999999_x.up.sql": file(""), "99999999999999999999_x.down.sql": file("")},
			error: `migrate: bad migration file name "99999999999999999999_x.down.sql": ` + form + "\n" + `migrate: bad migration file name "99999999999999999999_x.up.sql": ` + form,
		},
		{
			name:  "up without down",
			fsys:  fstest.MapFS{"0001_create_products.up.sql": file("")},
			error: "migrate: 0001_create_products.up.sql has no matching 0001_create_products.down.sql",
		},
		{
			name:  "down without up",
			fsys:  fstest.MapFS{"0001_create_products.down.sql": file("")},
			error: "migrate: 0001_create_products.down.sql has no matching 0001_create_products.up.sql",
		},
		{
			name: "up and down disagree on the name",
			fsys: fstest.MapFS{"0001_create_products.up.sql": file(""), "0001_create_items.down.sql": file("")},
			error: "migrate: 0001_create_items.down.sql has no matching 0001_create_items.up.sql\n" +
				"migrate: 0001_create_products.up.sql has no matching 0001_create_products.down.sql",
		},
		{
			name: "duplicate version",
			fsys: fstest.MapFS{
				"0001_create_products.up.sql": file(""), "0001_create_products.down.sql": file(""),
				"0001_create_orders.up.sql": file(""), "0001_create_orders.down.sql": file(""),
			},
			error: "migrate: version 1 is used by both 0001_create_orders.up.sql and 0001_create_products.up.sql: give each migration its own version",
		},
		{
			name: "duplicate version written differently",
			fsys: fstest.MapFS{
				"0001_a.up.sql": file(""), "0001_a.down.sql": file(""),
				"00001_a.up.sql": file(""), "00001_a.down.sql": file(""),
			},
			error: "migrate: version 1 is used by both 00001_a.up.sql and 0001_a.up.sql: give each migration its own version",
		},
		{
			name: "migrations in a subdirectory",
			fsys: fstest.MapFS{
				"migrations/0001_a.up.sql": file(""), "migrations/0001_a.down.sql": file(""),
			},
			error: `migrate: no migrations at the root of the file system, but migrations/0001_a.down.sql is in a subdirectory: pass fs.Sub(fsys, "migrations")`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := migrate.Load(tc.fsys)
			if err == nil {
				t.Fatalf("Load = %+v, want error %q", got, tc.error)
			}
			if err.Error() != tc.error {
				t.Errorf("Load error:\n%s\nwant:\n%s", err, tc.error)
			}
		})
	}
}
