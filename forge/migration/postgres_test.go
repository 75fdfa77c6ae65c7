package migration_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/migration"
	"github.com/forge-framework/forge/forge/sqlschema"
	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/migrate"
)

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// migrations builds a migrations directory, as forge migrate diff writes
// it, from a chain of schemas: migration i+1 goes from schemas[i-1] (nil
// for the first) to schemas[i]. Changes that lose data are allowed.
func migrations(t *testing.T, schemas ...*ir.Schema) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	var prev *ir.Schema
	for i, s := range schemas {
		plan, err := migration.Diff(prev, s, migration.Options{AllowDestructive: true})
		if err != nil {
			t.Fatalf("Diff for migration %d: %v", i+1, err)
		}
		files, err := migration.Files(int64(i+1), "step", plan, s)
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			fsys[name] = &fstest.MapFile{Data: b}
		}
		prev = s
	}
	return fsys
}

// catalog describes everything in the current schema of the database but
// forge_migrations, one sorted line per column, constraint, index and
// other object, in Postgres's own canonical spelling, so two databases
// built differently can be compared.
func catalog(t *testing.T, ctx context.Context, pool *pgxpool.Pool) []string {
	t.Helper()
	rows, err := pool.Query(ctx, `
select format('column %s.%s %s%s%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
		case when a.attnotnull then ' not null' else '' end,
		coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), ''))
	from pg_attribute a
	join pg_class c on c.oid = a.attrelid
	left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
	where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
		and a.attnum > 0 and not a.attisdropped and c.relname <> 'forge_migrations'
union all
select format('constraint %s.%s %s', c.relname, con.conname, pg_get_constraintdef(con.oid))
	from pg_constraint con join pg_class c on c.oid = con.conrelid
	where c.relnamespace = current_schema()::regnamespace and c.relname <> 'forge_migrations'
union all
select format('index %s', indexdef) from pg_indexes
	where schemaname = current_schema() and tablename <> 'forge_migrations'
union all
select format('relation %s (relkind %s)', relname, relkind) from pg_class
	where relnamespace = current_schema()::regnamespace and relkind not in ('r', 'i')
union all
select format('table %s', relname) from pg_class
	where relnamespace = current_schema()::regnamespace and relkind = 'r' and relname <> 'forge_migrations'
union all
select format('type %s', typname) from pg_type
	where typnamespace = current_schema()::regnamespace and typrelid = 0 and typelem = 0
union all
select format('function %s', proname) from pg_proc where pronamespace = current_schema()::regnamespace
order by 1`)
	if err != nil {
		t.Fatalf("read the catalog: %v", err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("read the catalog: %v", err)
	}
	return lines
}

func requireCatalog(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// requireSQLSchemaNames checks that the database holds exactly the
// constraints and indexes forge/sqlschema names for s: what the generated
// data layer maps errors by is what Postgres reports.
func requireSQLSchemaNames(t *testing.T, ctx context.Context, pool *pgxpool.Pool, s *ir.Schema) {
	t.Helper()
	tables, err := sqlschema.Of(s)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, table := range tables {
		for _, c := range table.Constraints {
			want = append(want, "constraint "+table.Name+"."+c.Name)
			if c.Kind == sqlschema.PrimaryKey || c.Kind == sqlschema.Unique {
				want = append(want, "index "+table.Name+"."+c.Name) // the index enforcing it
			}
		}
		for _, ix := range table.Indexes {
			want = append(want, "index "+table.Name+"."+ix.Name)
		}
	}
	slices.Sort(want)
	rows, err := pool.Query(ctx, `
select format('constraint %s.%s', c.relname, con.conname)
	from pg_constraint con join pg_class c on c.oid = con.conrelid
	where c.relnamespace = current_schema()::regnamespace and c.relname <> 'forge_migrations'
union all
select format('index %s.%s', tablename, indexname) from pg_indexes
	where schemaname = current_schema() and tablename <> 'forge_migrations'
order by 1`)
	if err != nil {
		t.Fatalf("read the catalog: %v", err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("read the catalog: %v", err)
	}
	requireCatalog(t, "the names of constraints and indexes (want sqlschema's)", got, want)
}

func up(t *testing.T, ctx context.Context, pool *pgxpool.Pool, fsys fstest.MapFS) {
	t.Helper()
	if _, err := migrate.Up(ctx, pool, fsys); err != nil {
		t.Fatalf("migrate up: %v", err)
	}
}

func down(t *testing.T, ctx context.Context, pool *pgxpool.Pool, fsys fstest.MapFS, n int) {
	t.Helper()
	if reverted, err := migrate.Down(ctx, pool, fsys, n); err != nil || len(reverted) != n {
		t.Fatalf("migrate down %d: reverted %d, %v", n, len(reverted), err)
	}
}

// TestDiffCasesOnPostgres applies each case's migrations to a real
// database: old from empty, then the change; the result must be exactly
// what new from empty gives, and the change's down migration must give
// back exactly old's database, whose own down leaves nothing.
func TestDiffCasesOnPostgres(t *testing.T) {
	for _, c := range diffCases(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			pool := pgtest.Pool(t)
			ctx := testContext(t)

			var chain []*ir.Schema
			if c.old != nil {
				chain = append(chain, c.old)
			}
			if plan, _ := migration.Diff(c.old, c.new, migration.Options{AllowDestructive: true}); !plan.Empty() {
				chain = append(chain, c.new)
			}
			steps := migrations(t, chain...)

			if c.old != nil {
				up(t, ctx, pool, migrations(t, c.old))
			}
			oldCatalog := catalog(t, ctx, pool)
			up(t, ctx, pool, steps)
			migrated := catalog(t, ctx, pool)
			if len(migrated) == 0 {
				t.Fatal("the migrations created nothing")
			}
			down(t, ctx, pool, steps, len(chain))
			requireCatalog(t, "after reverting everything", catalog(t, ctx, pool), nil)

			fresh := migrations(t, c.new)
			up(t, ctx, pool, fresh)
			requireSQLSchemaNames(t, ctx, pool, c.new)
			requireCatalog(t, "migrated from old (want what new from empty gives)", migrated, catalog(t, ctx, pool))
			down(t, ctx, pool, fresh, 1)
			requireCatalog(t, "after reverting new from empty", catalog(t, ctx, pool), nil)

			if c.old != nil && len(chain) == 2 {
				up(t, ctx, pool, steps)
				down(t, ctx, pool, steps, 1)
				requireCatalog(t, "after the change's down migration (want old's database)", catalog(t, ctx, pool), oldCatalog)
				down(t, ctx, pool, steps, 1)
				requireCatalog(t, "after reverting everything", catalog(t, ctx, pool), nil)
			}
		})
	}
}

// TestShopOnPostgres checks that the shop's first migration declares what
// the data layer relies on.
func TestShopOnPostgres(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)
	shop := parse(t, "../../examples/shop/schema")
	fsys := migrations(t, shop)
	up(t, ctx, pool, fsys)
	requireSQLSchemaNames(t, ctx, pool, shop)

	var unique bool
	if err := pool.QueryRow(ctx, `select indisunique from pg_index where indexrelid = 'categories_slug_key'::regclass`).Scan(&unique); err != nil || !unique {
		t.Errorf("categories_slug_key unique = %v, %v; want a unique index", unique, err)
	}
	var def string
	if err := pool.QueryRow(ctx, `select pg_get_constraintdef(oid) from pg_constraint where conname = 'order_items_order_id_fkey'`).Scan(&def); err != nil ||
		def != "FOREIGN KEY (tenant_id, order_id) REFERENCES orders(tenant_id, id)" {
		t.Errorf("order_items_order_id_fkey = %q, %v; want the composite tenant foreign key", def, err)
	}

	wantViolation := func(what, constraint, code string, err error) {
		t.Helper()
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != code || pgErr.ConstraintName != constraint {
			t.Errorf("%s: %v; want SQLSTATE %s on %s", what, err, code, constraint)
		}
	}
	_, err := pool.Exec(ctx, `insert into products (id, name, price_cents, status) values ($1, 'x', 1, 'bogus')`, uuid.New())
	wantViolation("a product with status bogus", "products_status_check", "23514", err)

	customer := uuid.New()
	if _, err := pool.Exec(ctx, `insert into customers (id, tenant_id, email, name) values ($1, 'acme', 'a@b.c', 'A')`, customer); err != nil {
		t.Fatal(err)
	}
	_, err = pool.Exec(ctx, `insert into orders (id, tenant_id, number, customer_id) values ($1, 'globex', '1', $2)`, uuid.New(), customer)
	wantViolation("an order of tenant globex for a customer of tenant acme", "orders_customer_id_fkey", "23503", err)
	if _, err := pool.Exec(ctx, `insert into orders (id, tenant_id, number, customer_id) values ($1, 'acme', '1', $2)`, uuid.New(), customer); err != nil {
		t.Errorf("an order of the customer's own tenant: %v", err)
	}
	var state string
	var placed bool
	if err := pool.QueryRow(ctx, `select state, placed_at is not null from orders`).Scan(&state, &placed); err != nil || state != "pending" || !placed {
		t.Errorf("order defaults: state %q, placed_at set %v, %v; want pending and now()", state, placed, err)
	}

	// Soft-deleted products do not hold on to their unique name.
	insert := `insert into products (id, name, price_cents, deleted_at) values ($1, 'mug', 1, $2)`
	if _, err := pool.Exec(ctx, insert, uuid.New(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, insert, uuid.New(), nil); err != nil {
		t.Errorf("a product named like a deleted one: %v", err)
	}

	if _, err := pool.Exec(ctx, "truncate products, customers, orders cascade"); err != nil {
		t.Fatal(err)
	}
	down(t, ctx, pool, fsys, 1)
	requireCatalog(t, "after reverting the shop's migration", catalog(t, ctx, pool), nil)
	var records int
	if err := pool.QueryRow(ctx, "select count(*) from forge_migrations").Scan(&records); err != nil || records != 0 {
		t.Errorf("forge_migrations has %d rows (%v), want none", records, err)
	}
}

// TestRenameKeepsRows applies testdata/rename_table to a database holding
// rows: the rename keeps them, under the new names, with their foreign
// keys and unique indexes working, and its down migration gives them back
// under the old names.
func TestRenameKeepsRows(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)
	old := parse(t, "testdata/rename_table/old")
	cur := parse(t, "testdata/rename_table/new")
	fsys := migrations(t, old, cur)
	up(t, ctx, pool, migrations(t, old))

	item, line := uuid.New(), uuid.New()
	if _, err := pool.Exec(ctx, `insert into items (id, tenant_id, name) values ($1, 'acme', 'mug')`, item); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `insert into lines (id, tenant_id, quantity, item_id) values ($1, 'acme', 2, $2)`, line, item); err != nil {
		t.Fatal(err)
	}
	up(t, ctx, pool, fsys)

	var title, status string
	var quantity int
	if err := pool.QueryRow(ctx, `select p.title, p.status, l.quantity from products p join lines l on l.product_id = p.id where p.id = $1`, item).
		Scan(&title, &status, &quantity); err != nil || title != "mug" || status != "draft" || quantity != 2 {
		t.Fatalf("after the rename: %q %q %d, %v; want the rows kept", title, status, quantity, err)
	}
	wantViolation := func(what, constraint string, err error) {
		t.Helper()
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.ConstraintName != constraint {
			t.Errorf("%s: %v; want a violation of %s", what, err, constraint)
		}
	}
	_, err := pool.Exec(ctx, `insert into products (id, tenant_id, title) values ($1, 'acme', 'mug')`, uuid.New())
	wantViolation("a second product titled mug", "products_title_key", err)
	_, err = pool.Exec(ctx, `insert into lines (id, tenant_id, quantity, product_id) values ($1, 'globex', 1, $2)`, uuid.New(), item)
	wantViolation("a line of another tenant", "lines_product_id_fkey", err)

	down(t, ctx, pool, fsys, 1)
	if err := pool.QueryRow(ctx, `select i.name, l.quantity from items i join lines l on l.item_id = i.id where i.id = $1`, item).
		Scan(&title, &quantity); err != nil || title != "mug" || quantity != 2 {
		t.Errorf("after the down migration: %q %d, %v; want the rows under the old names", title, quantity, err)
	}
}
