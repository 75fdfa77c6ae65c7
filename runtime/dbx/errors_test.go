package dbx_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/dbx"
)

func TestFieldErrors(t *testing.T) {
	var errs dbx.FieldErrors
	errs.Add("name", "")
	require.NoError(t, errs.Err(), "an empty message is no problem")
	require.Nil(t, errs, "nothing allocated for a valid input")

	errs.Add("slug", dbx.MsgRequired)
	errs.Add("name", "must be at most 3 characters")
	errs.Add("name", "a second problem is dropped")
	var verr *dbx.ValidationError
	require.True(t, errors.As(errs.Err(), &verr))
	require.Equal(t, map[string]string{"name": "must be at most 3 characters", "slug": "is required"}, verr.Fields)
	require.Equal(t, "invalid input: name: must be at most 3 characters; slug: is required", verr.Error())
}

func TestConstraintsWriteError(t *testing.T) {
	cs := dbx.Constraints{
		"things_slug_key":        {Fields: []string{"slug"}, Message: "another Thing has the same slug"},
		"things_owner_id_fkey":   {Fields: []string{"owner_id"}, Message: "no such Owner"},
		"things_status_check":    {Fields: []string{"status"}, Message: "must be one of a, b"},
		"things_a_b_key":         {Fields: []string{"a", "b"}, Message: "another Thing has the same a and b"},
		"things_unrelated_check": {Fields: []string{"x"}, Message: "x"},
	}
	wrapped := func(code, constraint string) error {
		return fmt.Errorf("scan: %w", &pgconn.PgError{Code: code, ConstraintName: constraint})
	}

	var conflict *dbx.ConflictError
	require.True(t, errors.As(cs.WriteError("create thing", wrapped("23505", "things_a_b_key")), &conflict))
	require.Equal(t, dbx.ConflictError{Constraint: "things_a_b_key", Fields: []string{"a", "b"}, Message: "another Thing has the same a and b"}, *conflict)

	var verr *dbx.ValidationError
	require.True(t, errors.As(cs.WriteError("create thing", wrapped("23503", "things_owner_id_fkey")), &verr))
	require.Equal(t, map[string]string{"owner_id": "no such Owner"}, verr.Fields)
	require.True(t, errors.As(cs.WriteError("create thing", wrapped("23514", "things_status_check")), &verr))
	require.Equal(t, map[string]string{"status": "must be one of a, b"}, verr.Fields)

	unknown := wrapped("23505", "other_key")
	err := cs.WriteError("update thing", unknown)
	require.ErrorIs(t, err, unknown, "a constraint the table does not know stays the driver's error")
	require.Contains(t, err.Error(), "update thing: ")
	plain := errors.New("connection reset")
	require.Equal(t, "update thing: connection reset", cs.WriteError("update thing", plain).Error())
}

func TestDeleteError(t *testing.T) {
	var conflict *dbx.ConflictError
	err := dbx.DeleteError("Customer", "delete customer", &pgconn.PgError{Code: "23503", ConstraintName: "orders_customer_id_fkey", TableName: "orders"})
	require.True(t, errors.As(err, &conflict))
	require.Equal(t, dbx.ConflictError{Constraint: "orders_customer_id_fkey", Message: "Customer is still referenced by orders"}, *conflict)

	other := errors.New("boom")
	err = dbx.DeleteError("Customer", "delete customer", other)
	require.ErrorIs(t, err, other)
	require.Equal(t, "delete customer: boom", err.Error())
}

// TestUnavailable gets the errors of a database that cannot serve from
// real connections: a server that hangs up, a pool with no connection
// free before the deadline, a connection the server terminated.
func TestUnavailable(t *testing.T) {
	t.Parallel()
	ctx := t.Context()

	// A server that closes every connection at once.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	_, err = pgx.Connect(ctx, "postgres://u@"+ln.Addr().String()+"/db?sslmode=disable&connect_timeout=30")
	require.Error(t, err)
	require.True(t, dbx.Unavailable(fmt.Errorf("list things: %w", err)), "hung up: %v", err)

	// A pool whose one connection is taken.
	cfg, err := pgxpool.ParseConfig(pgtest.Database(t))
	require.NoError(t, err)
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	held, err := pool.Acquire(ctx)
	require.NoError(t, err)
	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	_, err = pool.Exec(waitCtx, "SELECT 1")
	cancel()
	require.Error(t, err)
	require.True(t, dbx.Unavailable(err), "acquire timed out: %v", err)

	// A connection the server ends.
	var pid uint32 = held.Conn().PgConn().PID()
	other, err := pgx.Connect(ctx, cfg.ConnString())
	require.NoError(t, err)
	t.Cleanup(func() { other.Close(context.Background()) })
	_, err = other.Exec(ctx, "SELECT pg_terminate_backend($1)", pid)
	require.NoError(t, err)
	_, err = held.Exec(ctx, "SELECT 1")
	held.Release()
	require.Error(t, err)
	require.True(t, dbx.Unavailable(err), "terminated: %v", err)

	// What the caller or the statement got wrong is not unavailability.
	_, err = other.Exec(ctx, "SELEC 1")
	require.Error(t, err)
	require.False(t, dbx.Unavailable(err), "a syntax error: %v", err)
	for _, err := range []error{
		nil, dbx.ErrNotFound, errors.New("boom"), context.Canceled,
		&pgconn.PgError{Code: "23505"}, &pgconn.PgError{Code: "28P01"}, // unique violation; wrong password
	} {
		require.False(t, dbx.Unavailable(err), "%v", err)
	}
	for _, code := range []string{"08006", "53300", "57P01", "57P03"} {
		require.True(t, dbx.Unavailable(fmt.Errorf("x: %w", &pgconn.PgError{Code: code})), code)
	}
}
