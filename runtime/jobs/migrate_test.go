package jobs_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/jobs"
)

// appMigrations are an app's: the second needs River's tables, so it only
// applies after River's and must be reverted before them.
var appMigrations = fstest.MapFS{
	"0001_widgets.up.sql":        {Data: []byte("CREATE TABLE widgets (id bigint PRIMARY KEY);")},
	"0001_widgets.down.sql":      {Data: []byte("DROP TABLE widgets;")},
	"0002_pending_jobs.up.sql":   {Data: []byte("CREATE VIEW pending_jobs AS SELECT id FROM river_job WHERE state = 'available';")},
	"0002_pending_jobs.down.sql": {Data: []byte("DROP VIEW pending_jobs;")},
}

func tableExists(t *testing.T, ctx context.Context, pool *pgxpool.Pool, name string) bool {
	t.Helper()
	var exists bool
	if err := pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	return exists
}

// names lists what Up or Down did, in order, as forge migrate prints it.
func names(a jobs.Applied, riverFirst bool) string {
	var river, app []string
	for _, m := range a.River {
		river = append(river, m.String())
	}
	for _, m := range a.App {
		app = append(app, m.UpFile())
	}
	if riverFirst {
		return strings.Join(append(river, app...), " ")
	}
	return strings.Join(append(app, river...), " ")
}

func TestUpDownStatus(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	logger, _ := testLogger()
	pool := pgtest.Pool(t)

	up, err := jobs.Up(ctx, pool, appMigrations, logger)
	if err != nil {
		t.Fatalf("Up: %v", err)
	}
	if len(up.River) == 0 || up.River[0].String() != "river/001_create_river_migration" {
		t.Errorf("Up applied River's %v; want all of them from river/001_create_river_migration", up.River)
	}
	if got := names(jobs.Applied{App: up.App}, true); got != "0001_widgets.up.sql 0002_pending_jobs.up.sql" {
		t.Errorf("Up applied the app's %s", got)
	}
	riverCount := len(up.River)

	status := func() string {
		t.Helper()
		river, app, err := jobs.Status(ctx, pool, appMigrations)
		if err != nil {
			t.Fatalf("Status: %v", err)
		}
		if len(river) != riverCount {
			t.Fatalf("Status lists %d of River's migrations, want %d", len(river), riverCount)
		}
		var b strings.Builder
		for _, s := range river {
			if s.Applied {
				b.WriteString("r")
			} else {
				b.WriteString("-")
			}
		}
		b.WriteString(" ")
		for _, s := range app {
			if s.Applied {
				b.WriteString("a")
			} else {
				b.WriteString("-")
			}
		}
		return b.String()
	}
	all := strings.Repeat("r", riverCount)
	if got := status(); got != all+" aa" {
		t.Errorf("status after Up: %s, want %s aa", got, all)
	}

	// Nothing pending: a second Up (another instance, or the server after
	// a release step) applies nothing.
	if again, err := jobs.Up(ctx, pool, appMigrations, logger); err != nil || len(again.River)+len(again.App) > 0 {
		t.Errorf("second Up = %+v, %v; want nothing applied", again, err)
	}

	// The app's are reverted first, newest first ...
	down, err := jobs.Down(ctx, pool, appMigrations, 1, logger)
	if err != nil || names(down, false) != "0002_pending_jobs.up.sql" {
		t.Errorf("Down 1 = %s, %v; want the app's newest", names(down, false), err)
	}
	// ... then River's, once none of the app's is left.
	down, err = jobs.Down(ctx, pool, appMigrations, 2, logger)
	if err != nil || names(down, false) != "0001_widgets.up.sql "+up.River[riverCount-1].String() {
		t.Errorf("Down 2 = %s, %v; want the app's last, then River's newest", names(down, false), err)
	}
	if got, want := status(), all[1:]+"- --"; got != want {
		t.Errorf("status after Down 3: %s, want %s", got, want)
	}

	// Up again restores River's first: the view needs river_job.
	if _, err := jobs.Up(ctx, pool, appMigrations, logger); err != nil {
		t.Fatalf("Up after Down: %v", err)
	}
	down, err = jobs.Down(ctx, pool, appMigrations, 100, logger)
	if err != nil || len(down.App) != 2 || len(down.River) != riverCount {
		t.Errorf("Down 100 = %s, %v; want everything", names(down, false), err)
	}
	for _, table := range []string{"river_job", "river_migration", "widgets"} {
		if tableExists(t, ctx, pool, table) {
			t.Errorf("%s exists after reverting everything", table)
		}
	}
	if got, want := status(), strings.Repeat("-", riverCount)+" --"; got != want {
		t.Errorf("status after Down 100: %s, want %s", got, want)
	}

	if _, err := jobs.Down(ctx, pool, appMigrations, 0, logger); err == nil {
		t.Error("Down 0: no error")
	}
}

// Without app migrations (an app that has none yet), Up, Down and Status
// handle River's alone.
func TestUpWithoutAppMigrations(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	logger, _ := testLogger()
	pool := pgtest.Pool(t)
	if _, err := jobs.Up(ctx, pool, nil, logger); err != nil {
		t.Fatalf("Up: %v", err)
	}
	if !tableExists(t, ctx, pool, "river_job") {
		t.Error("no river_job after Up")
	}
	river, app, err := jobs.Status(ctx, pool, nil)
	if err != nil || len(river) == 0 || app != nil {
		t.Errorf("Status = %d River's, %v, %v", len(river), app, err)
	}
	down, err := jobs.Down(ctx, pool, nil, 1, logger)
	if err != nil || len(down.River) != 1 {
		t.Errorf("Down 1 = %+v, %v; want River's newest", down, err)
	}
}
