package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/migration"
	"github.com/forge-framework/forge/runtime/jobs"
)

// migrationsDir is the app's directory of migrations, committed with its
// source and embedded in its binary.
const migrationsDir = "migrations"

// databaseURLEnv names the database that up, down and status work on.
const databaseURLEnv = "FORGE_DATABASE_URL"

func init() {
	register(&command{
		name:    "migrate",
		summary: "write the app's next SQL migration from its schema (diff), or apply (up), revert (down) and list (status) River's migrations and the app's on $" + databaseURLEnv,
		usage:   "diff [-C DIR] [--schema DIR] [--allow-destructive] NAME | up [-C DIR] | down [-C DIR] [N] | status [-C DIR]",
		subcommands: map[string]*command{
			"diff":   {name: "diff", setup: setupMigrateDiff},
			"up":     {name: "up", setup: setupMigrateUp},
			"down":   {name: "down", setup: setupMigrateDown},
			"status": {name: "status", setup: setupMigrateStatus},
		},
	})
}

func setupMigrateDiff(flags *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	dir := flags.String("C", ".", "run in `DIR`, the app's directory, as go -C does")
	schemaDir := flags.String("schema", "schema", "the schema package `DIR`, relative to the app's directory")
	allow := flags.Bool("allow-destructive", false, "write the migration even if it drops a table or column, narrows a type or drops an enum value")
	return func(args []string, stdout, stderr io.Writer) int {
		if len(args) != 1 {
			fmt.Fprintln(stderr, "forge migrate diff: want one NAME for the migration, such as add_sku")
			return exitUsage
		}
		if err := migration.CheckName(args[0]); err != nil {
			fmt.Fprintf(stderr, "forge migrate diff: %v\n", err)
			return exitUsage
		}
		s, ok := parseSchema("migrate diff", filepath.Join(*dir, *schemaDir), stderr)
		if !ok {
			return exitUser
		}
		return migrateDiff(s, filepath.Join(*dir, migrationsDir), args[0], *allow, stdout, stderr)
	}
}

// migrateDiff writes the migration from the last snapshot in dir to s.
func migrateDiff(s *ir.Schema, dir, name string, allow bool, stdout, stderr io.Writer) int {
	state, err := migration.ReadDir(dir)
	if err != nil {
		fmt.Fprintf(stderr, "forge migrate diff: %v\n", err)
		return exitUser
	}
	plan, err := migration.Diff(state.Snapshot, s, migration.Options{AllowDestructive: allow})
	if err != nil {
		fmt.Fprintf(stderr, "forge migrate diff: %v\n", err)
		if de := (*migration.DestructiveError)(nil); errors.As(err, &de) {
			fmt.Fprintln(stderr, "forge migrate diff: nothing written")
		}
		return exitUser
	}
	if plan.Empty() {
		fmt.Fprintf(stdout, "no changes: the schema's tables match %s\n", filepath.Join(dir, state.SnapshotFile))
		return exitOK
	}
	files, err := migration.Files(state.Next, name, plan, s)
	if err != nil {
		fmt.Fprintf(stderr, "forge migrate diff: %v\n", err)
		return exitUser
	}
	if !state.HasEmbedFile {
		files[migration.EmbedFile] = []byte(migration.EmbedSource)
	}
	if err := migration.Write(dir, files); err != nil {
		fmt.Fprintf(stderr, "forge migrate diff: %v (nothing written)\n", err)
		return exitUser
	}
	for _, n := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(dir, n))
	}
	for _, d := range plan.Destructive {
		fmt.Fprintf(stdout, "destructive: %s\n", d)
	}
	for _, n := range plan.Notes {
		fmt.Fprintf(stdout, "note: %s\n", n)
	}
	return exitOK
}

// initialMigration returns the files of a new app's migrations directory:
// its first migration, 0001_init, which creates the tables of s, and the
// file that embeds the migrations.
func initialMigration(s *ir.Schema) (map[string][]byte, error) {
	plan, err := migration.Diff(nil, s, migration.Options{})
	if err != nil {
		return nil, err
	}
	files, err := migration.Files(1, "init", plan, s)
	if err != nil {
		return nil, err
	}
	files[migration.EmbedFile] = []byte(migration.EmbedSource)
	return files, nil
}

func setupMigrateUp(flags *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	dir := flags.String("C", ".", "run in `DIR`, the app's directory, as go -C does")
	return func(args []string, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			fmt.Fprintf(stderr, "forge migrate up: unexpected argument %q\n", args[0])
			return exitUsage
		}
		return withMigrations("up", *dir, stderr, func(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS) error {
			applied, err := jobs.Up(ctx, pool, fsys, quiet)
			for _, m := range applied.River {
				fmt.Fprintf(stdout, "applied %s\n", m)
			}
			for _, m := range applied.App {
				fmt.Fprintf(stdout, "applied %s\n", m.UpFile())
			}
			if err == nil && len(applied.River)+len(applied.App) == 0 {
				fmt.Fprintln(stdout, "nothing to apply: every migration is applied")
			}
			return err
		})
	}
}

func setupMigrateDown(flags *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	dir := flags.String("C", ".", "run in `DIR`, the app's directory, as go -C does")
	return func(args []string, stdout, stderr io.Writer) int {
		n := 1
		switch {
		case len(args) > 1:
			fmt.Fprintf(stderr, "forge migrate down: unexpected argument %q\n", args[1])
			return exitUsage
		case len(args) == 1:
			var err error
			if n, err = strconv.Atoi(args[0]); err != nil || n < 1 {
				fmt.Fprintf(stderr, "forge migrate down: N must be the number of migrations to revert, at least 1; got %q\n", args[0])
				return exitUsage
			}
		}
		return withMigrations("down", *dir, stderr, func(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS) error {
			reverted, err := jobs.Down(ctx, pool, fsys, n, quiet)
			for _, m := range reverted.App {
				fmt.Fprintf(stdout, "reverted %s\n", m.DownFile())
			}
			for _, m := range reverted.River {
				fmt.Fprintf(stdout, "reverted %s\n", m)
			}
			if err == nil && len(reverted.River)+len(reverted.App) == 0 {
				fmt.Fprintln(stdout, "nothing to revert: no migration is applied")
			}
			return err
		})
	}
}

func setupMigrateStatus(flags *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	dir := flags.String("C", ".", "run in `DIR`, the app's directory, as go -C does")
	return func(args []string, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			fmt.Fprintf(stderr, "forge migrate status: unexpected argument %q\n", args[0])
			return exitUsage
		}
		return withMigrations("status", *dir, stderr, func(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS) error {
			river, app, err := jobs.Status(ctx, pool, fsys)
			if err != nil {
				return err
			}
			line := func(applied bool, at time.Time, name string) {
				state, when := "pending", ""
				if applied {
					state = "applied"
					if !at.IsZero() { // River does not say when
						when = at.UTC().Format("2006-01-02 15:04:05Z")
					}
				}
				fmt.Fprintf(stdout, "%-8s %-21s %s\n", state, when, name)
			}
			for _, s := range river {
				line(s.Applied, time.Time{}, s.String())
			}
			for _, s := range app {
				line(s.Applied, s.AppliedAt, strings.TrimSuffix(s.UpFile(), ".up.sql"))
			}
			if len(app) == 0 {
				fmt.Fprintln(stdout, "no migrations of the app's yet: write the first with forge migrate diff NAME")
			}
			return nil
		})
	}
}

// quiet receives River's migration messages: forge migrate prints its own.
var quiet = slog.New(slog.DiscardHandler)

// withMigrations runs fn with a pool on $FORGE_DATABASE_URL and the app's
// migrations directory, reporting its error.
func withMigrations(cmd, appDir string, stderr io.Writer, fn func(context.Context, *pgxpool.Pool, fs.FS) error) int {
	url := os.Getenv(databaseURLEnv)
	if url == "" {
		fmt.Fprintf(stderr, "forge migrate %s: %s is not set: set it to the database's URL, such as postgres://user@localhost:5432/app\n", cmd, databaseURLEnv)
		return exitUser
	}
	dir := filepath.Join(appDir, migrationsDir)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "forge migrate %s: no migrations directory %s: write the first migration with forge migrate diff NAME\n", cmd, dir)
		return exitUser
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		fmt.Fprintf(stderr, "forge migrate %s: %s: %v\n", cmd, databaseURLEnv, err)
		return exitUser
	}
	defer pool.Close()
	if err := fn(ctx, pool, os.DirFS(dir)); err != nil {
		fmt.Fprintf(stderr, "forge migrate %s: %v\n", cmd, err)
		return exitUser
	}
	return exitOK
}
