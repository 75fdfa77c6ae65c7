package dbx_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/runtime/dbx"
)

func TestStmt(t *testing.T) {
	var s dbx.Stmt
	require.False(t, s.HasSets())
	require.Equal(t, "", s.WhereClause())
	s.Set(`"order"`, 3)
	s.SetSQL("updated_at = now()")
	s.Where("id = " + s.Param("x"))
	s.Where("deleted_at IS NULL")
	require.True(t, s.HasSets())
	require.Equal(t, ` SET "order" = $1, updated_at = now()`, s.SetClause())
	require.Equal(t, " WHERE id = $2 AND deleted_at IS NULL", s.WhereClause())
	require.Equal(t, []any{3, "x"}, s.Args)
}

func TestInsert(t *testing.T) {
	ins := dbx.NewInsert("things", "id, name, status, tags", "id, name", 2, 3)
	status := "on"

	sql, args := ins.Statement("id1", "n", dbx.ValueOrDefault(&status), dbx.SliceOrDefault([]string{"a"}))
	require.Equal(t, "INSERT INTO things (id, name, status, tags) VALUES ($1, $2, $3, $4) RETURNING id, name", sql)
	require.Equal(t, []any{"id1", "n", &status, []string{"a"}}, args)

	sql, args = ins.Statement("id2", "n", dbx.ValueOrDefault[string](nil), dbx.SliceOrDefault([]string{"a"}))
	require.Equal(t, "INSERT INTO things (id, name, status, tags) VALUES ($1, $2, DEFAULT, $3) RETURNING id, name", sql)
	require.Equal(t, []any{"id2", "n", []string{"a"}}, args)

	sql, args = ins.Statement("id3", nil, dbx.ValueOrDefault[string](nil), dbx.SliceOrDefault[[]string](nil))
	require.Equal(t, "INSERT INTO things (id, name, status, tags) VALUES ($1, $2, DEFAULT, DEFAULT) RETURNING id, name", sql)
	require.Equal(t, []any{"id3", nil}, args, "a nil value without a default is NULL")

	again, _ := ins.Statement("id4", "n", dbx.ValueOrDefault[string](nil), dbx.SliceOrDefault([]string{"a"}))
	require.Equal(t, "INSERT INTO things (id, name, status, tags) VALUES ($1, $2, DEFAULT, $3) RETURNING id, name", again, "a cached variant")

	require.Panics(t, func() { ins.Statement("id", "n") }, "too few values")
	require.Panics(t, func() { ins.Statement("id", dbx.ValueOrDefault[string](nil), nil, nil) }, "DEFAULT where none was declared")
}

// TestInsertManyDefaults checks a table with more defaulted columns than
// Insert caches variants for, and concurrent use of the cache.
func TestInsertManyDefaults(t *testing.T) {
	cols, all := "c0", []int{0}
	for i := 1; i < 12; i++ {
		cols += ", c" + string(rune('0'+i%10))
		all = append(all, i)
	}
	wide := dbx.NewInsert("t", cols, "c0", all...)
	values := make([]any, 12)
	for i := range values {
		values[i] = dbx.ValueOrDefault[int](nil)
	}
	values[11] = 7
	sql, args := wide.Statement(values...)
	require.Equal(t, "INSERT INTO t ("+cols+") VALUES (DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, $1) RETURNING c0", sql)
	require.Equal(t, []any{7}, args)

	narrow := dbx.NewInsert("t", "a, b", "a", 1)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 100 {
				b := dbx.ValueOrDefault(&i)
				want := "INSERT INTO t (a, b) VALUES ($1, $2) RETURNING a"
				if i%2 == 0 {
					b = dbx.ValueOrDefault[int](nil)
					want = "INSERT INTO t (a, b) VALUES ($1, DEFAULT) RETURNING a"
				}
				if sql, _ := narrow.Statement(i, b); sql != want {
					t.Errorf("got %s, want %s", sql, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
