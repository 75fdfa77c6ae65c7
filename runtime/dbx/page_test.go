package dbx_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/dbx"
)

func TestPageLimit(t *testing.T) {
	for in, want := range map[int]int{-1: dbx.DefaultLimit, 0: dbx.DefaultLimit, 1: 1, dbx.MaxLimit: dbx.MaxLimit, dbx.MaxLimit + 1: dbx.MaxLimit} {
		require.Equal(t, want, dbx.PageLimit(in), "PageLimit(%d)", in)
	}
}

func TestCursor(t *testing.T) {
	id := uuid.Must(uuid.NewV7())
	got, err := dbx.DecodeCursor(dbx.EncodeCursor(id))
	require.NoError(t, err)
	require.Equal(t, id, got)
	for _, bad := range []string{"", "x", "not a cursor!!!!!!!!!!", dbx.EncodeCursor(id) + "A", dbx.EncodeCursor(id)[:21]} {
		_, err := dbx.DecodeCursor(bad)
		require.ErrorIs(t, err, dbx.ErrBadCursor, "DecodeCursor(%q)", bad)
	}
}

func TestUniqueIDs(t *testing.T) {
	a, b := uuid.New(), uuid.New()
	require.Equal(t, []uuid.UUID{a, b}, dbx.UniqueIDs([]uuid.UUID{a, b, a, b, a}))
	require.Equal(t, []uuid.UUID{}, dbx.UniqueIDs(nil))
}

func TestCollect(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := context.Background()
	scan := func(row pgx.Row) (int, error) {
		var n int
		err := row.Scan(&n)
		return n, err
	}
	rows, err := pool.Query(ctx, "SELECT generate_series(1, 3)")
	require.NoError(t, err)
	got, err := dbx.Collect(rows, scan, 3)
	require.NoError(t, err)
	require.Equal(t, []int{1, 2, 3}, got)

	rows, err = pool.Query(ctx, "SELECT 1 WHERE false")
	require.NoError(t, err)
	got, err = dbx.Collect(rows, scan, 0)
	require.NoError(t, err)
	require.NotNil(t, got, "no rows is an empty slice, [] in JSON")
	require.Empty(t, got)

	rows, err = pool.Query(ctx, "SELECT 'x'")
	require.NoError(t, err)
	_, err = dbx.Collect(rows, scan, 1)
	require.Error(t, err, "a scan error")
}
