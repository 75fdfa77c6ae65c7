package migration_test

import (
	"os"
	"testing"

	"github.com/forge-framework/forge/forge/migration"
	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/migrate"
)

const shopMigrations = "../../examples/shop/migrations"

// TestShopMigrationsAreCurrent fails when the shop's schema changed without
// a migration, as forge generate --check does for gen/.
func TestShopMigrationsAreCurrent(t *testing.T) {
	t.Parallel()
	st, err := migration.ReadDir(shopMigrations)
	if err != nil {
		t.Fatal(err)
	}
	if st.Snapshot == nil || !st.HasEmbedFile {
		t.Fatalf("%s has no snapshot or no %s: %+v", shopMigrations, migration.EmbedFile, st)
	}
	plan, err := migration.Diff(st.Snapshot, parse(t, "../../examples/shop/schema"), migration.Options{AllowDestructive: true})
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Empty() {
		t.Errorf("the shop's schema changed since %s; run\n\tgo run ./forge/cmd/forge migrate diff -C examples/shop NAME\nto write:\n%s",
			st.SnapshotFile, plan.Up)
	}
}

// TestShopMigrationsOnPostgres applies the shop's committed migrations, as
// its binary does, and reverts them all.
func TestShopMigrationsOnPostgres(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := testContext(t)
	fsys := os.DirFS(shopMigrations)
	applied, err := migrate.Up(ctx, pool, fsys)
	if err != nil || len(applied) == 0 {
		t.Fatalf("migrate up: applied %d, %v", len(applied), err)
	}
	if len(catalog(t, ctx, pool)) == 0 {
		t.Fatal("the shop's migrations created nothing")
	}
	if reverted, err := migrate.Down(ctx, pool, fsys, len(applied)); err != nil || len(reverted) != len(applied) {
		t.Fatalf("migrate down: reverted %d of %d, %v", len(reverted), len(applied), err)
	}
	requireCatalog(t, "after reverting the shop's migrations", catalog(t, ctx, pool), nil)
}
