package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/internal/pgtest"
)

// itemSchema is the schema of the migration tests' app; its fields are
// {{fields}}.
const itemSchema = `package schema

import "github.com/forge-framework/forge/forge/schema"

var Item = schema.Define("Item",
	schema.String("Name").Required().MaxLen(100),
{{fields}}	schema.WithTenant(),
)
`

func itemApp(t *testing.T, fields string) string {
	t.Helper()
	return writeApp(t, map[string]string{"item.go": strings.Replace(itemSchema, "{{fields}}", fields, 1)})
}

func setItemFields(t *testing.T, app, fields string) {
	t.Helper()
	src := strings.Replace(itemSchema, "{{fields}}", fields, 1)
	if err := os.WriteFile(filepath.Join(app, "schema", "item.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMigrateDiff(t *testing.T) {
	app := itemApp(t, "\tschema.String(\"Sku\").MaxLen(40),\n")
	migrations := filepath.Join(app, "migrations")

	code, stdout, stderr := runForge("migrate", "diff", "-C", app, "init")
	if code != exitOK {
		t.Fatalf("diff init: exit %d\n%s%s", code, stdout, stderr)
	}
	want := []string{"0001_init.down.sql", "0001_init.schema.json", "0001_init.up.sql", "migrations.go"}
	if got := dirNames(t, migrations); !slices.Equal(got, want) {
		t.Fatalf("migrations/ after diff init = %v, want %v", got, want)
	}
	if up := readFile(t, filepath.Join(migrations, "0001_init.up.sql")); !strings.Contains(up, "CREATE TABLE items (") || !strings.Contains(up, "sku varchar(40)") {
		t.Errorf("0001_init.up.sql does not create items:\n%s", up)
	}
	for _, name := range []string{"0001_init.up.sql", "0001_init.down.sql", "0001_init.schema.json", "migrations.go"} {
		if !strings.Contains(stdout, filepath.Join(migrations, name)) {
			t.Errorf("stdout does not name %s:\n%s", name, stdout)
		}
	}

	// Unchanged schema: nothing to write.
	code, stdout, _ = runForge("migrate", "diff", "-C", app, "again")
	if code != exitOK || !strings.Contains(stdout, "no changes") {
		t.Errorf("diff with no change: exit %d, stdout %q; want 0 and no changes", code, stdout)
	}
	if got := dirNames(t, migrations); !slices.Equal(got, want) {
		t.Errorf("diff with no change wrote files: %v", got)
	}

	// A new field: 0002 adds the column; migrations.go is left alone.
	if err := os.WriteFile(filepath.Join(migrations, "migrations.go"), []byte("package migrations // mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	setItemFields(t, app, "\tschema.String(\"Sku\").MaxLen(40),\n\tschema.Int(\"Stock\").Default(0),\n")
	code, stdout, stderr = runForge("migrate", "diff", "-C", app, "add_stock")
	if code != exitOK {
		t.Fatalf("diff add_stock: exit %d\n%s%s", code, stdout, stderr)
	}
	up := readFile(t, filepath.Join(migrations, "0002_add_stock.up.sql"))
	if !strings.Contains(up, "ALTER TABLE items ADD COLUMN stock integer DEFAULT 0;") {
		t.Errorf("0002_add_stock.up.sql lacks the ADD COLUMN:\n%s", up)
	}
	if down := readFile(t, filepath.Join(migrations, "0002_add_stock.down.sql")); !strings.Contains(down, "ALTER TABLE items DROP COLUMN stock;") {
		t.Errorf("0002_add_stock.down.sql lacks the DROP COLUMN:\n%s", down)
	}
	if got := readFile(t, filepath.Join(migrations, "migrations.go")); got != "package migrations // mine\n" {
		t.Errorf("diff overwrote migrations.go: %q", got)
	}

	// Removing a field loses data: refused unless allowed, and nothing is
	// written.
	before := snapshot(t, app)
	setItemFields(t, app, "\tschema.Int(\"Stock\").Default(0),\n")
	code, stdout, stderr = runForge("migrate", "diff", "-C", app, "drop_sku")
	if code != exitUser || !strings.Contains(stderr, "drops column items.sku and its data") || !strings.Contains(stderr, "--allow-destructive") {
		t.Errorf("destructive diff: exit %d\nstdout %s\nstderr %s\nwant exit 1 naming items.sku and the flag", code, stdout, stderr)
	}
	after := snapshot(t, app)
	delete(after, filepath.Join(app, "schema", "item.go"))
	delete(before, filepath.Join(app, "schema", "item.go"))
	if len(after) != len(before) {
		t.Errorf("a refused diff wrote files: before %d, after %d", len(before), len(after))
	}
	code, stdout, stderr = runForge("migrate", "diff", "-C", app, "drop_sku", "--allow-destructive")
	if code != exitOK || !strings.Contains(stdout, "destructive: drops column items.sku") {
		t.Fatalf("diff --allow-destructive: exit %d\n%s%s", code, stdout, stderr)
	}
	if up := readFile(t, filepath.Join(migrations, "0003_drop_sku.up.sql")); !strings.Contains(up, "ALTER TABLE items DROP COLUMN sku;") {
		t.Errorf("0003_drop_sku.up.sql lacks the DROP COLUMN:\n%s", up)
	}
}

// TestMigrateDiffRename: a field renamed with a hint becomes a RENAME,
// which needs no --allow-destructive; a hint naming nothing the last
// snapshot has is refused at its position, and nothing is written.
func TestMigrateDiffRename(t *testing.T) {
	app := itemApp(t, "\tschema.String(\"Sku\").MaxLen(40),\n")
	migrations := filepath.Join(app, "migrations")
	if code, stdout, stderr := runForge("migrate", "diff", "-C", app, "init"); code != exitOK {
		t.Fatalf("diff init: exit %d\n%s%s", code, stdout, stderr)
	}

	setItemFields(t, app, "\tschema.String(\"Code\").MaxLen(40).RenamedFrom(\"Skew\"),\n")
	before := dirNames(t, migrations)
	code, stdout, stderr := runForge("migrate", "diff", "-C", app, "rename_sku")
	item := filepath.Join(app, "schema", "item.go")
	if code != exitUser || !strings.Contains(stderr, item+":7:47: RenamedFrom(\"Skew\") of Item.Code: the previous schema") {
		t.Errorf("diff with a hint naming nothing: exit %d\nstdout %s\nstderr %s\nwant exit 1 at %s:7:47", code, stdout, stderr, item)
	}
	if got := dirNames(t, migrations); !slices.Equal(got, before) {
		t.Errorf("a refused diff wrote files: %v", got)
	}

	setItemFields(t, app, "\tschema.String(\"Code\").MaxLen(40).RenamedFrom(\"Sku\"),\n")
	code, stdout, stderr = runForge("migrate", "diff", "-C", app, "rename_sku")
	if code != exitOK || strings.Contains(stdout, "destructive") {
		t.Fatalf("diff rename_sku: exit %d\n%s%s", code, stdout, stderr)
	}
	if up := readFile(t, filepath.Join(migrations, "0002_rename_sku.up.sql")); !strings.Contains(up, "ALTER TABLE items RENAME COLUMN sku TO code;") || strings.Contains(up, "DROP") {
		t.Errorf("0002_rename_sku.up.sql is not a rename:\n%s", up)
	}
	// The hint may stay: the next diff finds nothing to do.
	if code, stdout, _ := runForge("migrate", "diff", "-C", app, "again"); code != exitOK || !strings.Contains(stdout, "no changes") {
		t.Errorf("diff after the rename: exit %d, stdout %q; want no changes", code, stdout)
	}
}

func TestMigrateDiffEmbedFileCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	app := itemApp(t, "")
	if code, stdout, stderr := runForge("migrate", "diff", "-C", app, "init"); code != exitOK {
		t.Fatalf("diff init: exit %d\n%s%s", code, stdout, stderr)
	}
	if err := os.WriteFile(filepath.Join(app, "go.mod"), []byte("module example.com/items\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build := exec.Command("go", "vet", "./migrations")
	build.Dir = app
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go vet ./migrations: %v\n%s", err, out)
	}
}

// A migration the app would refuse at start (here a version of fewer than
// four digits, which runtime/migrate rejects) stops diff before it writes.
func TestMigrateDiffRefusesWhatTheAppRefuses(t *testing.T) {
	app := itemApp(t, "")
	if code, stdout, stderr := runForge("migrate", "diff", "-C", app, "init"); code != exitOK {
		t.Fatalf("diff init: exit %d\n%s%s", code, stdout, stderr)
	}
	migrations := filepath.Join(app, "migrations")
	for _, dir := range []string{"up", "down"} {
		from, to := filepath.Join(migrations, "0001_init."+dir+".sql"), filepath.Join(migrations, "1_init."+dir+".sql")
		if err := os.Rename(from, to); err != nil {
			t.Fatal(err)
		}
	}
	setItemFields(t, app, "\tschema.Int(\"Stock\"),\n")
	code, stdout, stderr := runForge("migrate", "diff", "-C", app, "add_stock")
	if want := `migrate: bad migration file name "1_init.up.sql": want NNNN_name.up.sql`; code != exitUser || !strings.Contains(stderr, want) {
		t.Errorf("diff over 1_init.up.sql: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant stderr containing %q", code, exitUser, stdout, stderr, want)
	}
	if matches, _ := filepath.Glob(filepath.Join(migrations, "*add_stock*")); len(matches) > 0 {
		t.Errorf("diff wrote %v", matches)
	}
}

func TestMigrateUsageErrors(t *testing.T) {
	app := itemApp(t, "")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"migrate"}, exitUsage, "which one: diff, down, status, up?"},
		{[]string{"migrate", "sideways"}, exitUsage, `unknown subcommand "sideways"`},
		{[]string{"migrate", "diff", "-C", app}, exitUsage, "want one NAME"},
		{[]string{"migrate", "diff", "-C", app, "Add-Stock"}, exitUsage, `migration name "Add-Stock": use lower-case letters, digits and underscores only`},
		{[]string{"migrate", "diff", "-C", app, "a", "b"}, exitUsage, "want one NAME"},
		{[]string{"migrate", "diff", "--bogus", "x"}, exitUsage, "flag provided but not defined: -bogus"},
		{[]string{"migrate", "down", "-C", app, "0"}, exitUsage, "at least 1"},
		{[]string{"migrate", "down", "-C", app, "x"}, exitUsage, "at least 1"},
		{[]string{"migrate", "up", "-C", app, "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"migrate", "status", "-C", app, "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"migrate", "diff", "-C", writeApp(t, map[string]string{"product.go": malformed}), "init"}, exitUser, "product.go:6:22: field \"Stock\" has Min 10 greater than Max 5"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := runForge(tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant stderr containing %q", code, tc.code, stdout, stderr, tc.want)
			}
		})
	}
}

func TestMigrateNeedsDatabaseURL(t *testing.T) {
	t.Setenv(databaseURLEnv, "")
	app := itemApp(t, "")
	for _, sub := range []string{"up", "down", "status"} {
		code, _, stderr := runForge("migrate", sub, "-C", app)
		if code != exitUser || !strings.Contains(stderr, "FORGE_DATABASE_URL is not set") {
			t.Errorf("migrate %s without the URL: exit %d, stderr %q", sub, code, stderr)
		}
	}
}

func TestMigrateUpDownStatus(t *testing.T) {
	url := pgtest.Database(t)
	t.Setenv(databaseURLEnv, url)
	app := itemApp(t, "")
	if code, stdout, stderr := runForge("migrate", "diff", "-C", app, "init"); code != exitOK {
		t.Fatalf("diff init: exit %d\n%s%s", code, stdout, stderr)
	}
	setItemFields(t, app, "\tschema.Enum(\"Kind\", \"a\", \"b\").Default(\"a\"),\n")
	if code, stdout, stderr := runForge("migrate", "diff", "-C", app, "add_kind"); code != exitOK {
		t.Fatalf("diff add_kind: exit %d\n%s%s", code, stdout, stderr)
	}

	step := func(wantOut string, args ...string) {
		t.Helper()
		code, stdout, stderr := runForge(append([]string{"migrate"}, args...)...)
		// Compared with whitespace collapsed: status pads its columns.
		if code != exitOK || !strings.Contains(strings.Join(strings.Fields(stdout), " "), strings.Join(strings.Fields(wantOut), " ")) {
			t.Fatalf("forge migrate %s: exit %d\nstdout %s\nstderr %s\nwant stdout containing %q", strings.Join(args, " "), code, stdout, stderr, wantOut)
		}
	}
	// River's migrations come first, then the app's.
	step("pending river/001_create_river_migration", "status", "-C", app)
	step("pending 0001_init pending 0002_add_kind", "status", "-C", app)
	code, stdout, stderr := runForge("migrate", "up", "-C", app)
	if code != exitOK || !strings.HasPrefix(stdout, "applied river/001_create_river_migration\napplied river/002_initial_schema\n") ||
		!strings.HasSuffix(stdout, "\napplied 0001_init.up.sql\napplied 0002_add_kind.up.sql\n") {
		t.Fatalf("forge migrate up: exit %d\nstdout %s\nstderr %s\nwant River's migrations, then the app's", code, stdout, stderr)
	}
	step("nothing to apply", "up", "-C", app)
	code, stdout, _ = runForge("migrate", "status", "-C", app)
	if code != exitOK || strings.Count(stdout, "applied  20") != 2 || regexp.MustCompile(`(?m)^pending`).MatchString(stdout) {
		t.Errorf("status after up: exit %d\n%s", code, stdout)
	}
	// The app's are reverted first, newest first; River's only once none
	// of the app's is left.
	step("reverted 0002_add_kind.down.sql\n", "down", "-C", app)
	step("reverted 0001_init.down.sql\nreverted river/", "down", "2", "-C", app)
	step("reverted river/001_create_river_migration\n", "down", "1000", "-C", app) // more than are applied: all of them
	step("nothing to revert", "down", "-C", app)

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var tables int
	if err := conn.QueryRow(ctx, `select count(*) from pg_tables where schemaname = 'public' and tablename <> 'forge_migrations'`).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("%d tables left after down (%v), want none", tables, err)
	}
}

// buildForge builds the forge command into a temporary directory.
func buildForge(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the forge binary")
	}
	bin := filepath.Join(t.TempDir(), "forge")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestMigrateUpConcurrently runs two forge migrate up processes at once on
// one database: the advisory lock makes one apply each migration and the
// other find nothing left to do, and both succeed.
func TestMigrateUpConcurrently(t *testing.T) {
	bin := buildForge(t)
	url := pgtest.Database(t)
	app := shopApp(t)
	if code, stdout, stderr := runForge("migrate", "diff", "-C", app, "init"); code != exitOK {
		t.Fatalf("diff init: exit %d\n%s%s", code, stdout, stderr)
	}
	// A slow migration, so the second process surely arrives while the
	// first holds the lock.
	for name, sql := range map[string]string{
		"0002_slow.up.sql":   "select pg_sleep(1);\ncreate table slow_marker (id int);\n",
		"0002_slow.down.sql": "drop table slow_marker;\n",
	} {
		if err := os.WriteFile(filepath.Join(app, "migrations", name), []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	type result struct {
		out string
		err error
	}
	results := make(chan result, 2)
	for range 2 {
		cmd := exec.Command(bin, "migrate", "up", "-C", app)
		cmd.Env = append(os.Environ(), databaseURLEnv+"="+url)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() {
			err := cmd.Wait()
			results <- result{out.String(), err}
		}()
	}
	var outputs []string
	for range 2 {
		r := <-results
		if r.err != nil {
			t.Errorf("forge migrate up: %v\n%s", r.err, r.out)
		}
		outputs = append(outputs, r.out)
	}
	all := strings.Join(outputs, "")
	for _, file := range []string{"0001_init.up.sql", "0002_slow.up.sql"} {
		if n := strings.Count(all, "applied "+file); n != 1 {
			t.Errorf("%s applied %d times, want once:\n%s", file, n, all)
		}
	}
	if !strings.Contains(all, "nothing to apply") {
		t.Errorf("neither process found the migrations applied by the other:\n%s", all)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	rows, err := pool.Query(ctx, "select version from forge_migrations order by version")
	if err != nil {
		t.Fatal(err)
	}
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || !slices.Equal(versions, []int64{1, 2}) {
		t.Errorf("forge_migrations versions = %v (%v), want [1 2]", versions, err)
	}

	// An applied file that changed is an error naming it, and nothing runs.
	upFile := filepath.Join(app, "migrations", "0001_init.up.sql")
	if err := os.WriteFile(upFile, []byte(readFile(t, upFile)+"-- an afterthought\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "migrate", "up", "-C", app)
	cmd.Env = append(os.Environ(), databaseURLEnv+"="+url)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitUser || !strings.Contains(string(out), "0001_init.up.sql changed after it was applied") {
		t.Errorf("up with a changed applied file: %v\n%s\nwant exit 1 naming 0001_init.up.sql", err, out)
	}
}

// shopApp copies the example shop's schema package into a new app.
func shopApp(t *testing.T) string {
	t.Helper()
	files := map[string]string{}
	entries, err := os.ReadDir(filepath.Join(shopDir, "schema"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		files[e.Name()] = readFile(t, filepath.Join(shopDir, "schema", e.Name()))
	}
	return writeApp(t, files)
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
