package shoptest

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
)

// pages lists every page of products matching p, checking each page's
// size, and returns the ids in order.
func pages(t *testing.T, s *shop, p db.ListProductsParams, size int) []uuid.UUID {
	t.Helper()
	var ids []uuid.UUID
	for i := 0; ; i++ {
		require.Less(t, i, 100, "paging does not end")
		page, err := s.q.ListProducts(t.Context(), p)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), size)
		for _, item := range page.Items {
			ids = append(ids, item.ID)
		}
		if page.NextCursor == "" {
			return ids
		}
		require.Len(t, page.Items, size, "only the last page is short")
		p.Cursor = page.NextCursor
	}
}

func TestKeysetPagination(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := t.Context()

	tea, err := s.f.Category(ctx)
	require.NoError(t, err)
	coffee, err := s.f.Category(ctx)
	require.NoError(t, err)
	var teas, publishedTeas, all []uuid.UUID
	for i := range 23 {
		in := func(in *db.ProductCreate) {
			in.CategoryID = &coffee.ID
			if i%3 != 0 {
				in.CategoryID = &tea.ID
			}
			if i%2 == 0 {
				in.Status = ptr(db.ProductStatusPublished)
			}
		}
		p, err := s.f.Product(ctx, in)
		require.NoError(t, err)
		all = append(all, p.ID)
		if *p.CategoryID == tea.ID {
			teas = append(teas, p.ID)
			if *p.Status == db.ProductStatusPublished {
				publishedTeas = append(publishedTeas, p.ID)
			}
		}
	}

	// Every row once, in creation order, whatever the page size.
	for _, size := range []int{1, 4, 5, 22, 23, 24} {
		require.Equal(t, all, pages(t, s, db.ListProductsParams{Limit: size}, size), "page size %d", size)
	}
	// Filters are AND-ed and apply to every page.
	require.Equal(t, teas, pages(t, s, db.ListProductsParams{Limit: 4, CategoryID: &tea.ID}, 4))
	require.Equal(t, publishedTeas, pages(t, s, db.ListProductsParams{Limit: 2, CategoryID: &tea.ID, Status: ptr(db.ProductStatusPublished)}, 2))
	none, err := s.q.ListProducts(ctx, db.ListProductsParams{Name: ptr("no such name")})
	require.NoError(t, err)
	require.NotNil(t, none.Items, "an empty page is [] in JSON, not null")
	require.Empty(t, none.Items)
	require.Empty(t, none.NextCursor)

	// Rows created while paging come after the ones already seen: nothing
	// is skipped or repeated.
	first, err := s.q.ListProducts(ctx, db.ListProductsParams{Limit: 10})
	require.NoError(t, err)
	late, err := s.f.Product(ctx)
	require.NoError(t, err)
	require.NoError(t, s.q.DeleteProduct(ctx, first.Items[0].ID)) // already seen: no effect on the rest
	rest := pages(t, s, db.ListProductsParams{Limit: 10, Cursor: first.NextCursor}, 10)
	var seen []uuid.UUID
	for _, p := range first.Items {
		seen = append(seen, p.ID)
	}
	require.Equal(t, append(all, late.ID), append(seen, rest...))

	_, err = s.q.ListProducts(ctx, db.ListProductsParams{Cursor: "not a cursor!"})
	require.ErrorIs(t, err, db.ErrBadCursor)
	_, err = s.q.ListProducts(ctx, db.ListProductsParams{Cursor: "AAAA"})
	require.ErrorIs(t, err, db.ErrBadCursor, "valid base64, but not an id")
}

func TestListLimits(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := t.Context()
	for range db.MaxLimit + 1 {
		_, err := s.q.CreateCategory(ctx, db.CategoryCreate{Name: "c", Slug: "c-" + uuid.NewString()})
		require.NoError(t, err)
	}
	for _, tc := range []struct{ limit, want int }{{0, db.DefaultLimit}, {-1, db.DefaultLimit}, {7, 7}, {db.MaxLimit, db.MaxLimit}, {db.MaxLimit + 1, db.MaxLimit}, {1 << 30, db.MaxLimit}} {
		page, err := s.q.ListCategories(ctx, db.ListCategoriesParams{Limit: tc.limit})
		require.NoError(t, err)
		require.Len(t, page.Items, tc.want, "limit %d", tc.limit)
		require.NotEmpty(t, page.NextCursor)
	}
}
