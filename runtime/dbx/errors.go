package dbx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

var (
	// ErrNotFound means no visible row has the id: it does not exist,
	// belongs to another tenant or is soft-deleted.
	ErrNotFound = errors.New("db: not found")
	// ErrNoTenant means a tenant-scoped resource was used with a context
	// that carries no tenant (see auth.TenantFromContext).
	ErrNoTenant = errors.New("db: no tenant in the context, and the resource is tenant-scoped")
	// ErrBadCursor means a List cursor is not one a List returned.
	ErrBadCursor = errors.New("db: malformed cursor")
)

// ValidationError reports the fields of an input that are invalid.
type ValidationError struct {
	// Fields maps the JSON name of each invalid field to what is wrong
	// with it: "is required", "must be at most 200 characters".
	Fields map[string]string
}

// Error lists the invalid fields in name order.
func (e *ValidationError) Error() string {
	names := make([]string, 0, len(e.Fields))
	for name := range e.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("invalid input: ")
	for i, name := range names {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(name + ": " + e.Fields[name])
	}
	return b.String()
}

// ConflictError means a write conflicts with other rows: a unique value
// already taken, or a row still referenced by others.
type ConflictError struct {
	// Constraint is the violated constraint of the database.
	Constraint string
	// Fields are the JSON names of the conflicting fields, if any.
	Fields []string
	// Message says what conflicts, for the client.
	Message string
}

func (e *ConflictError) Error() string { return e.Message }

// MsgRequired is what a ValidationError says of a missing required field.
const MsgRequired = "is required"

// FieldErrors collects the problems of an input by JSON field name. Its
// zero value is empty and allocates nothing until a problem is added, so
// validating a valid input costs no allocation.
type FieldErrors map[string]string

// Add records msg for field, unless msg is empty or field already has one.
func (e *FieldErrors) Add(field, msg string) {
	if msg == "" {
		return
	}
	if *e == nil {
		*e = FieldErrors{}
	}
	if _, seen := (*e)[field]; !seen {
		(*e)[field] = msg
	}
}

// Err returns the problems as a *ValidationError, or nil if there are none.
func (e FieldErrors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return &ValidationError{Fields: e}
}

// Postgres error codes the data layer turns into errors for the caller
// (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
	pgCheckViolation      = "23514"
)

// Constraint says what a violation of one named constraint of a table
// means to the caller.
type Constraint struct {
	// Fields are the JSON names of the constrained fields.
	Fields []string
	// Message says what is wrong, for the client.
	Message string
}

// Constraints are a table's constraints that writes can violate, by name.
type Constraints map[string]Constraint

// WriteError returns the error of an INSERT or UPDATE for the caller: a
// *ConflictError for a unique violation, a *ValidationError naming the
// field for a foreign key or CHECK violation, else err wrapped with op.
func (cs Constraints) WriteError(op string, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if c, ok := cs[pgErr.ConstraintName]; ok {
			switch pgErr.Code {
			case pgUniqueViolation:
				return &ConflictError{Constraint: pgErr.ConstraintName, Fields: c.Fields, Message: c.Message}
			case pgForeignKeyViolation, pgCheckViolation:
				return &ValidationError{Fields: map[string]string{c.Fields[0]: c.Message}}
			}
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// DeleteError returns the error of a DELETE of a resource's row for the
// caller: a *ConflictError when other rows still reference it, else err
// wrapped with op.
func DeleteError(resource, op string, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == pgForeignKeyViolation {
		return &ConflictError{
			Constraint: pgErr.ConstraintName,
			Message:    resource + " is still referenced by " + pgErr.TableName,
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// Unavailable reports whether err means the database could not be reached
// or could not serve the statement for now, so the same request may well
// succeed later: a connection that could not be opened or was lost, a
// network error or timeout (including waiting for a pooled connection past
// the request's deadline), or a server that is starting, shutting down or
// out of connections. HTTP answers it 503 (runtime/api.Fail); it is not
// the caller's mistake, nor a fault a retry cannot mend.
func Unavailable(err error) bool {
	var connect *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		return false
	case errors.As(err, &pgErr):
		return unavailableCode(pgErr.Code)
	case errors.As(err, &connect), errors.As(err, &netErr),
		pgconn.Timeout(err), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	return false
}

// unavailableCode reports whether a Postgres error code says the server
// cannot serve now rather than that the statement is wrong
// (https://www.postgresql.org/docs/current/errcodes-appendix.html).
func unavailableCode(code string) bool {
	switch {
	case strings.HasPrefix(code, "08"): // connection_exception
		return true
	case code == "53300", // too_many_connections
		code == "57P01", // admin_shutdown
		code == "57P02", // crash_shutdown
		code == "57P03": // cannot_connect_now: starting up or in recovery
		return true
	}
	return false
}
