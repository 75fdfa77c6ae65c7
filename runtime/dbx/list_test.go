package dbx_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/runtime/dbx"
)

func TestList(t *testing.T) {
	l := dbx.NewList("things", "id, name", "deleted_at IS NULL", "tenant_id = ", "id > ", "status = ")
	status := "on"

	sql, args := l.Statement("t1", dbx.Filter[string](nil), dbx.Filter(&status), 51)
	require.Equal(t, "SELECT id, name FROM things WHERE deleted_at IS NULL AND tenant_id = $1 AND status = $2 ORDER BY id LIMIT $3", sql)
	require.Equal(t, []any{"t1", &status, 51}, args)

	sql, args = l.Statement("t1", "after", dbx.Filter(&status), 51)
	require.Equal(t, "SELECT id, name FROM things WHERE deleted_at IS NULL AND tenant_id = $1 AND id > $2 AND status = $3 ORDER BY id LIMIT $4", sql)
	require.Equal(t, []any{"t1", "after", &status, 51}, args)

	again, _ := l.Statement("t2", dbx.Filter[string](nil), dbx.Filter(&status), 11)
	require.Equal(t, "SELECT id, name FROM things WHERE deleted_at IS NULL AND tenant_id = $1 AND status = $2 ORDER BY id LIMIT $3", again, "a cached variant")

	require.Panics(t, func() { l.Statement("t1", 51) }, "too few values")

	bare := dbx.NewList("t", "id", "", "id > ")
	sql, args = bare.Statement(dbx.Filter[string](nil), 5)
	require.Equal(t, "SELECT id FROM t ORDER BY id LIMIT $1", sql)
	require.Equal(t, []any{5}, args)
	sql, _ = bare.Statement("x", 5)
	require.Equal(t, "SELECT id FROM t WHERE id > $1 ORDER BY id LIMIT $2", sql)
}

// TestListManyFilters checks a table with more filters than List caches
// variants for, and concurrent use of the cache.
func TestListManyFilters(t *testing.T) {
	conds := make([]string, 12)
	values := make([]any, 13)
	for i := range conds {
		conds[i] = "c" + string(rune('a'+i)) + " = "
		values[i] = dbx.Filter[int](nil)
	}
	values[11], values[12] = 7, 50
	sql, args := dbx.NewList("t", "id", "", conds...).Statement(values...)
	require.Equal(t, "SELECT id FROM t WHERE cl = $1 ORDER BY id LIMIT $2", sql)
	require.Equal(t, []any{7, 50}, args)

	l := dbx.NewList("t", "id", "", "a = ", "b = ")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 100 {
				a := dbx.Filter(&i)
				want := "SELECT id FROM t WHERE a = $1 AND b = $2 ORDER BY id LIMIT $3"
				if i%2 == 0 {
					a = dbx.Filter[int](nil)
					want = "SELECT id FROM t WHERE b = $1 ORDER BY id LIMIT $2"
				}
				if sql, _ := l.Statement(a, i, 10); sql != want || strings.Count(sql, "$") != 2+i%2 {
					t.Errorf("got %s, want %s", sql, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
