package dbx

import (
	"errors"
	"sort"
	"strings"
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
