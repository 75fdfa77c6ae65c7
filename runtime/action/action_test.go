package action_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertest"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/action"
	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/jobs"
)

// noteArgs are the args of the test's job.
type noteArgs struct {
	Note string `json:"note"`
}

func (noteArgs) Kind() string { return "action_test_note" }

// setup returns a pool on a fresh database with River's tables and a
// notes table, and a Runner on it with an insert-only River client.
func setup(t *testing.T) (*pgxpool.Pool, action.Runner) {
	t.Helper()
	ctx := t.Context()
	pool := pgtest.Pool(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	require.NoError(t, jobs.Migrate(ctx, pool, logger))
	_, err := pool.Exec(ctx, "CREATE TABLE notes (note text PRIMARY KEY)")
	require.NoError(t, err)
	client, err := jobs.NewClient(pool, config.Jobs{}, nil, logger)
	require.NoError(t, err)
	return pool, action.New(pool, client)
}

// write is an action as gen/actions writes them: a row and its job, in
// one transaction.
func write(ctx context.Context, run action.Runner, note string) error {
	return run.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO notes VALUES ($1)", note); err != nil {
			return err
		}
		return run.Enqueue(ctx, tx, noteArgs{Note: note}, river.QueueDefault)
	})
}

func count(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	require.NoError(t, pool.QueryRow(t.Context(), "SELECT count(*) FROM notes").Scan(&n))
	return n
}

func TestActionsInTheCallersTransactionCommitTogether(t *testing.T) {
	t.Parallel()
	pool, run := setup(t)
	ctx := t.Context()
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	require.NoError(t, write(ctx, run.WithTx(tx), "a"))
	// A failed action rolls back its savepoint only: the transaction goes on.
	require.Error(t, write(ctx, run.WithTx(tx), "a"), "a duplicate key")
	require.NoError(t, write(ctx, run.WithTx(tx), "b"))
	require.Zero(t, count(t, pool), "nothing is visible before the caller commits")
	rivertest.RequireNotInserted(ctx, t, riverpgxv5.New(pool), noteArgs{}, nil)

	require.NoError(t, tx.Commit(ctx))
	require.Equal(t, 2, count(t, pool))
	rivertest.RequireManyInserted(ctx, t, riverpgxv5.New(pool), []rivertest.ExpectedJob{{Args: noteArgs{}}, {Args: noteArgs{}}})
}

func TestActionsInTheCallersTransactionRollBackTogether(t *testing.T) {
	t.Parallel()
	pool, run := setup(t)
	ctx := t.Context()
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, write(ctx, run.WithTx(tx), "a"))
	require.NoError(t, tx.Rollback(ctx))
	require.Zero(t, count(t, pool))
	rivertest.RequireNotInserted(ctx, t, riverpgxv5.New(pool), noteArgs{}, nil)
}

func TestEnqueueWithoutRiverFailsTheAction(t *testing.T) {
	t.Parallel()
	pool, _ := setup(t)
	err := write(t.Context(), action.New(pool, nil), "a")
	require.ErrorContains(t, err, "enqueue a action_test_note job: no River client")
	require.Zero(t, count(t, pool), "the row is rolled back with the job")
}

func TestTenant(t *testing.T) {
	require.Equal(t, "", action.Tenant(t.Context()))
	require.Equal(t, "acme", action.Tenant(auth.WithPrincipal(t.Context(), auth.Principal{TenantID: "acme"})))
}

func TestWriteReturnsTheRowOrTheZeroRow(t *testing.T) {
	t.Parallel()
	pool, run := setup(t)
	ctx := t.Context()
	note, err := action.Write(ctx, run, func(tx pgx.Tx) (string, error) {
		var n string
		err := tx.QueryRow(ctx, "INSERT INTO notes VALUES ('a') RETURNING note").Scan(&n)
		return n, err
	})
	require.NoError(t, err)
	require.Equal(t, "a", note)

	note, err = action.Write(ctx, run, func(tx pgx.Tx) (string, error) {
		if _, err := tx.Exec(ctx, "INSERT INTO notes VALUES ('b')"); err != nil {
			return "", err
		}
		return "b", run.Enqueue(ctx, tx, noteArgs{}, "not a queue name!")
	})
	require.Error(t, err)
	require.Empty(t, note, "a failed write returns the zero row")
	require.Equal(t, 1, count(t, pool), "and its row is rolled back")
}
