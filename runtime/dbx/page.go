package dbx

import (
	"encoding/base64"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// The page sizes of List methods.
const (
	// DefaultLimit is the page size when the caller asks for none.
	DefaultLimit = 50
	// MaxLimit caps the page size a caller may ask for.
	MaxLimit = 200
)

// PageLimit returns the page size for a requested limit.
func PageLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// EncodeCursor returns the cursor of the page after the row with id last:
// ids are UUIDv7, so id order is creation order.
func EncodeCursor(last uuid.UUID) string {
	return base64.RawURLEncoding.EncodeToString(last[:])
}

// DecodeCursor returns the id in a cursor from EncodeCursor, or
// ErrBadCursor.
func DecodeCursor(cursor string) (uuid.UUID, error) {
	var id uuid.UUID
	if base64.RawURLEncoding.DecodedLen(len(cursor)) != len(id) {
		return uuid.UUID{}, ErrBadCursor
	}
	if n, err := base64.RawURLEncoding.Decode(id[:], []byte(cursor)); err != nil || n != len(id) {
		return uuid.UUID{}, ErrBadCursor
	}
	return id, nil
}

// Collect scans every row of rows with scan, into a slice with room for
// sizeHint rows, and closes rows. It returns an empty, non-nil slice when
// there are none, so a page of no items is [] in JSON.
func Collect[T any](rows pgx.Rows, scan func(pgx.Row) (T, error), sizeHint int) ([]T, error) {
	defer rows.Close()
	items := make([]T, 0, sizeHint)
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	return items, rows.Err()
}

// UniqueIDs returns the distinct ids, in first-seen order, for
// "= ANY($1)".
func UniqueIDs(ids []uuid.UUID) []uuid.UUID {
	seen := make(map[uuid.UUID]bool, len(ids))
	out := make([]uuid.UUID, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
