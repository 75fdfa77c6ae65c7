package dbx

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// Parent is a foreign key to the table of a WithSoftDelete resource. Its
// deleted rows stay in the table, so the foreign key alone accepts them;
// but no create or update may point a row at one (rows that pointed at it
// before the delete keep doing so: an order keeps its product). A write
// guarded by its Parents (Insert.Parents, Stmt.RequireLive) is refused
// when one of them is deleted, and DeletedParents says which.
type Parent struct {
	// Column is the foreign-key column, as SQL names it: "product_id".
	Column string
	// Table is the parent's table, as SQL names it: "products".
	Table string
	// Field is the JSON name of the foreign key, and Message what a write
	// pointing it at a deleted row is told: "no such Product", as for a
	// row that does not exist.
	Field, Message string
}

// Live returns the SQL condition that the parent row whose id is the
// argument param ("$5") is not deleted; it holds when param is NULL or no
// row has it too (the foreign key speaks for those). The soft-delete
// column is deleted_at, the one WithSoftDelete adds.
//
// The condition locks the parent FOR SHARE until the write's transaction
// ends, which makes the check and the write one step: a soft delete is an
// UPDATE of deleted_at, a column of no key, whose FOR NO KEY UPDATE lock
// conflicts with FOR SHARE (not with the FOR KEY SHARE that the foreign
// key's own check takes). So a soft delete waits for a write that found
// the parent live to commit, and a write that finds a soft delete under
// way waits for it and then, under READ COMMITTED, reads the row's new
// version: deleted, so the write is refused.
func (p Parent) Live(param string) string {
	return "(SELECT deleted_at IS NULL FROM " + p.Table + " WHERE id = " + param + " FOR SHARE) IS NOT FALSE"
}

// Querier runs a query returning at most one row: a *pgxpool.Pool, a
// *pgx.Conn or a pgx.Tx.
type Querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// DeletedParents returns the *ValidationError of a write that a Live
// condition refused: it names, with its Message, each parent of ps whose
// id (in ids, one per parent; nil for none, as for a NULL foreign key) is
// a deleted row. It returns nil when none is: an update that wrote
// nothing because it changed nothing. It runs after the write, only to
// say which parent refused it; op names the write in its other errors.
func DeletedParents(ctx context.Context, db Querier, op string, ps []Parent, ids ...*uuid.UUID) error {
	if len(ids) != len(ps) {
		panic(fmt.Sprintf("dbx: %d parents given %d ids", len(ps), len(ids)))
	}
	var errs FieldErrors
	for i, p := range ps {
		if ids[i] == nil {
			continue
		}
		var deleted bool
		err := db.QueryRow(ctx, "SELECT deleted_at IS NOT NULL FROM "+p.Table+" WHERE id = $1", *ids[i]).Scan(&deleted)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return fmt.Errorf("%s: read %s %s: %w", op, p.Table, *ids[i], err)
		case deleted:
			errs.Add(p.Field, p.Message)
		}
	}
	return errs.Err()
}

// Moved returns the id an update's patch p points a foreign key at when
// it moves the key away from current (nil for NULL): the parent the
// update requires alive. It returns nil when p leaves the key alone, sets
// it NULL or sets the value it has, which the update may do whatever the
// parent's state.
func Moved(p Patch[uuid.UUID], current *uuid.UUID) *uuid.UUID {
	if !p.Set || p.Null || (current != nil && *current == p.Value) {
		return nil
	}
	return &p.Value
}
