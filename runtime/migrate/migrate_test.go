package migrate_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/goleak"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/migrate"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// file is one migration: its file stem and the up and down SQL.
type file struct{ stem, up, down string }

// shop is a small app's migrations. None of them can run twice (no IF NOT
// EXISTS), so a migration applied twice fails loudly; each depends on the
// ones before it, so one applied out of order fails too.
var shop = []file{
	{"0001_create_products", "create table products (id bigint primary key, name text not null);", "drop table products;"},
	{"0002_create_orders", "create table orders (\n\tid bigint primary key,\n\tproduct_id bigint not null references products\n);", "drop table orders;"},
	{"0003_add_price", "alter table products add column price int not null default 0;\ncreate index products_price on products (price);", "drop index products_price;\nalter table products drop column price;"},
}

// dir returns the files of migrations as an fs.FS.
func dir(migrations ...file) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, m := range migrations {
		fsys[m.stem+".up.sql"] = &fstest.MapFile{Data: []byte(m.up)}
		fsys[m.stem+".down.sql"] = &fstest.MapFile{Data: []byte(m.down)}
	}
	return fsys
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // generous: a loaded machine, -race
	t.Cleanup(cancel)
	return ctx
}

// appTables lists the tables in the current schema other than
// forge_migrations.
func appTables(t *testing.T, ctx context.Context, pool *pgxpool.Pool) []string {
	t.Helper()
	rows, err := pool.Query(ctx, `select tablename::text from pg_tables
		where schemaname = current_schema() and tablename <> 'forge_migrations' order by 1`)
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	return tables
}

type recordRow struct {
	Version   int64
	Name      string
	Checksum  string
	AppliedAt time.Time
}

// records returns the rows of forge_migrations by version.
func records(t *testing.T, ctx context.Context, pool *pgxpool.Pool) []recordRow {
	t.Helper()
	rows, err := pool.Query(ctx, "select version, name, checksum, applied_at from forge_migrations order by version")
	if err != nil {
		t.Fatalf("read forge_migrations: %v", err)
	}
	recs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[recordRow])
	if err != nil {
		t.Fatalf("read forge_migrations: %v", err)
	}
	return recs
}

func versions(ms []migrate.Migration) []int64 {
	vs := []int64{}
	for _, m := range ms {
		vs = append(vs, m.Version)
	}
	return vs
}

func recordVersions(recs []recordRow) []int64 {
	vs := []int64{}
	for _, r := range recs {
		vs = append(vs, r.Version)
	}
	return vs
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestUpAppliesInOrderAndRecords(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)
	fsys := dir(shop...)

	// Before the first Up nothing is applied, and looking does not create
	// the table.
	statuses, err := migrate.StatusOf(ctx, pool, fsys)
	if err != nil {
		t.Fatalf("StatusOf before Up: %v", err)
	}
	for _, s := range statuses {
		if s.Applied || !s.AppliedAt.IsZero() {
			t.Errorf("before Up: %s applied = %v at %v; want not applied", s.UpFile(), s.Applied, s.AppliedAt)
		}
	}
	var exists bool
	if err := pool.QueryRow(ctx, "select to_regclass('forge_migrations') is not null").Scan(&exists); err != nil || exists {
		t.Fatalf("forge_migrations exists = %v (%v) after StatusOf; want it created only by Up", exists, err)
	}

	start := time.Now()
	applied, err := migrate.Up(ctx, pool, fsys)
	if err != nil {
		t.Fatalf("Up: %v", err)
	}
	if got, want := versions(applied), []int64{1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("Up applied versions %v, want %v", got, want)
	}
	if got, want := appTables(t, ctx, pool), []string{"orders", "products"}; !slices.Equal(got, want) {
		t.Errorf("tables after Up = %v, want %v", got, want)
	}
	recs := records(t, ctx, pool)
	if len(recs) != len(shop) {
		t.Fatalf("forge_migrations has %d rows, want %d: %+v", len(recs), len(shop), recs)
	}
	for i, r := range recs {
		f := shop[i]
		wantName := strings.SplitN(f.stem, "_", 2)[1]
		if r.Version != int64(i+1) || r.Name != wantName || r.Checksum != sha256Hex(f.up) {
			t.Errorf("record %d = %+v, want version %d, name %q, checksum %s", i, r, i+1, wantName, sha256Hex(f.up))
		}
		if r.AppliedAt.Before(start.Add(-time.Minute)) || r.AppliedAt.After(time.Now().Add(time.Minute)) {
			t.Errorf("record %d applied_at = %v, want about now", i, r.AppliedAt)
		}
	}

	statuses, err = migrate.StatusOf(ctx, pool, fsys)
	if err != nil {
		t.Fatalf("StatusOf after Up: %v", err)
	}
	for i, s := range statuses {
		if !s.Applied || !s.AppliedAt.Equal(recs[i].AppliedAt) {
			t.Errorf("after Up: %s applied = %v at %v; want applied at %v", s.UpFile(), s.Applied, s.AppliedAt, recs[i].AppliedAt)
		}
	}
}

func TestUpAgainIsNoOp(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)

	if _, err := migrate.Up(ctx, pool, dir(shop[:2]...)); err != nil {
		t.Fatalf("first Up: %v", err)
	}
	before := records(t, ctx, pool)

	applied, err := migrate.Up(ctx, pool, dir(shop[:2]...))
	if err != nil || len(applied) != 0 {
		t.Fatalf("second Up = %v, %v; want nothing applied and no error", versions(applied), err)
	}
	if after := records(t, ctx, pool); !slices.Equal(after, before) {
		t.Errorf("forge_migrations changed by a no-op Up:\nbefore %+v\nafter  %+v", before, after)
	}

	// A new migration is applied alone.
	applied, err = migrate.Up(ctx, pool, dir(shop...))
	if err != nil {
		t.Fatalf("Up with a new migration: %v", err)
	}
	if got := versions(applied); !slices.Equal(got, []int64{3}) {
		t.Errorf("Up with a new migration applied %v, want [3]", got)
	}
}

func TestDown(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)
	fsys := dir(shop...)

	if _, err := migrate.Up(ctx, pool, fsys); err != nil {
		t.Fatalf("Up: %v", err)
	}

	reverted, err := migrate.Down(ctx, pool, fsys, 1)
	if err != nil {
		t.Fatalf("Down(1): %v", err)
	}
	if got := versions(reverted); !slices.Equal(got, []int64{3}) {
		t.Errorf("Down(1) reverted %v, want [3]", got)
	}
	if got := recordVersions(records(t, ctx, pool)); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("forge_migrations after Down(1) = %v, want [1 2]", got)
	}
	var priceColumns int
	if err := pool.QueryRow(ctx, `select count(*) from information_schema.columns
		where table_schema = current_schema() and table_name = 'products' and column_name = 'price'`).Scan(&priceColumns); err != nil {
		t.Fatal(err)
	}
	if priceColumns != 0 {
		t.Errorf("products.price still exists after reverting 0003_add_price")
	}

	// More than are applied reverts them all, newest first.
	reverted, err = migrate.Down(ctx, pool, fsys, 100)
	if err != nil {
		t.Fatalf("Down(100): %v", err)
	}
	if got := versions(reverted); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("Down(100) reverted %v, want [2 1]", got)
	}
	if tables := appTables(t, ctx, pool); len(tables) != 0 {
		t.Errorf("tables left after reverting everything: %v", tables)
	}
	if recs := records(t, ctx, pool); len(recs) != 0 {
		t.Errorf("forge_migrations rows left after reverting everything: %+v", recs)
	}

	reverted, err = migrate.Down(ctx, pool, fsys, 1)
	if err != nil || len(reverted) != 0 {
		t.Errorf("Down(1) with nothing applied = %v, %v; want nothing reverted and no error", versions(reverted), err)
	}

	// And back up: the down files left nothing in the way.
	if applied, err := migrate.Up(ctx, pool, fsys); err != nil || len(applied) != len(shop) {
		t.Errorf("Up after reverting everything = %v, %v; want all applied", versions(applied), err)
	}
}

func TestDownRejectsNonPositiveN(t *testing.T) {
	t.Parallel()
	// No database: the argument is checked first.
	_, err := migrate.Down(context.Background(), nil, dir(shop...), 0)
	want := "migrate: down: the number of migrations to revert must be at least 1, got 0"
	if err == nil || err.Error() != want {
		t.Errorf("Down(0) error = %v, want %q", err, want)
	}
}

func TestFailingMigrationLeavesNoTrace(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)

	// The error is on line 3, after a string with a character of two bytes,
	// so the column is counted in characters as Postgres counts them.
	const badLine = "insert into labels (name) select 'créé' from missing_table;"
	bad := file{
		"0002_create_labels",
		"create table labels (name text not null);\ninsert into labels (name) values ('kept?');\n" + badLine + "\n",
		"drop table labels;",
	}
	fsys := dir(shop[0], bad, shop[2])

	applied, err := migrate.Up(ctx, pool, fsys)
	if err == nil {
		t.Fatal("Up succeeded, want the error of 0002_create_labels.up.sql")
	}
	col := utf8.RuneCountInString(badLine[:strings.Index(badLine, "missing_table")]) + 1
	want := fmt.Sprintf(`migrate: 0002_create_labels.up.sql:3:%d: ERROR: relation "missing_table" does not exist (SQLSTATE 42P01)`, col)
	if err.Error() != want {
		t.Errorf("Up error:\n%s\nwant:\n%s", err, want)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" {
		t.Errorf("Up error does not wrap Postgres's error 42P01: %#v", err)
	}
	if got := versions(applied); !slices.Equal(got, []int64{1}) {
		t.Errorf("Up returned applied %v with the error, want [1]", got)
	}
	if got := appTables(t, ctx, pool); !slices.Equal(got, []string{"products"}) {
		t.Errorf("tables after the failed migration = %v, want only [products]", got)
	}
	if got := recordVersions(records(t, ctx, pool)); !slices.Equal(got, []int64{1}) {
		t.Errorf("forge_migrations after the failed migration = %v, want [1]", got)
	}

	// Once the file is fixed, it and the ones after it apply.
	bad.up = strings.Replace(bad.up, "from missing_table", "", 1)
	applied, err = migrate.Up(ctx, pool, dir(shop[0], bad, shop[2]))
	if err != nil {
		t.Fatalf("Up after fixing the file: %v", err)
	}
	if got := versions(applied); !slices.Equal(got, []int64{2, 3}) {
		t.Errorf("Up after fixing the file applied %v, want [2 3]", got)
	}
}

func TestChangedMigrationIsRejected(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)

	if _, err := migrate.Up(ctx, pool, dir(shop[:2]...)); err != nil {
		t.Fatalf("Up: %v", err)
	}

	edited := shop[0]
	edited.up = strings.Replace(edited.up, "name text not null", "title text not null", 1)
	fsys := dir(edited, shop[1], shop[2])
	want := fmt.Sprintf("migrate: 0001_create_products.up.sql changed after it was applied (checksum %s, applied %s): "+
		"restore the file and put the change in a new migration", sha256Hex(edited.up), sha256Hex(shop[0].up))

	applied, err := migrate.Up(ctx, pool, fsys)
	if err == nil || err.Error() != want {
		t.Errorf("Up error = %v\nwant %s", err, want)
	}
	if len(applied) != 0 {
		t.Errorf("Up applied %v despite the changed file", versions(applied))
	}
	if got := recordVersions(records(t, ctx, pool)); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("forge_migrations = %v, want [1 2]: nothing may be applied", got)
	}
	if _, err := migrate.Down(ctx, pool, fsys, 1); err == nil || err.Error() != want {
		t.Errorf("Down error = %v\nwant %s", err, want)
	}
	if _, err := migrate.StatusOf(ctx, pool, fsys); err == nil || err.Error() != want {
		t.Errorf("StatusOf error = %v\nwant %s", err, want)
	}
}

func TestMissingMigrationIsRejected(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)

	if _, err := migrate.Up(ctx, pool, dir(shop[:2]...)); err != nil {
		t.Fatalf("Up: %v", err)
	}

	// An older binary: it knows 0001 and a later 0003, but not 0002.
	fsys := dir(shop[0], shop[2])
	const want = "migrate: version 2 (create_orders) is applied but its file is missing: " +
		"this binary is older than the database; deploy one that includes the migration"
	applied, err := migrate.Up(ctx, pool, fsys)
	if err == nil || err.Error() != want {
		t.Errorf("Up error = %v\nwant %s", err, want)
	}
	if len(applied) != 0 {
		t.Errorf("Up applied %v despite the missing file", versions(applied))
	}
	if got := recordVersions(records(t, ctx, pool)); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("forge_migrations = %v, want [1 2]: nothing may be applied", got)
	}
	if _, err := migrate.Down(ctx, pool, fsys, 1); err == nil || err.Error() != want {
		t.Errorf("Down error = %v\nwant %s", err, want)
	}
}

func TestBadFilesTouchNothing(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)

	fsys := dir(shop...)
	delete(fsys, "0002_create_orders.down.sql")
	if _, err := migrate.Up(ctx, pool, fsys); err == nil {
		t.Fatal("Up succeeded with an up file lacking its down file")
	}
	var exists bool
	if err := pool.QueryRow(ctx, "select to_regclass('forge_migrations') is not null").Scan(&exists); err != nil || exists {
		t.Errorf("forge_migrations exists = %v (%v); want Up to fail before touching the database", exists, err)
	}
}
