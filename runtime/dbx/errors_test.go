package dbx_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

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
