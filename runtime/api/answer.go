package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/forge-framework/forge/runtime/apierror"
	"github.com/forge-framework/forge/runtime/dbx"
)

// RetryAfter is the Retry-After of a 503: how long a client waits before
// it tries again when the database is unavailable. Long enough for a pool
// to reconnect or a failover to finish, short enough for an interactive
// client to retry.
const RetryAfter = 5 * time.Second

// Fail answers err. The data layer's errors (runtime/dbx) are the caller's
// mistakes and get their status; a database that cannot be reached
// (dbx.Unavailable) is 503 "unavailable" with Retry-After, logged as a
// warning; anything else is a fault of the server: logged to logger, and
// answered 500 without details.
func Fail(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var invalid *dbx.ValidationError
	var conflict *dbx.ConflictError
	switch {
	case errors.Is(err, dbx.ErrNotFound):
		apierror.Write(w, http.StatusNotFound, "not_found", "not found")
	case errors.Is(err, dbx.ErrNoTenant):
		apierror.Write(w, http.StatusForbidden, "forbidden", "the resource belongs to tenants, and the caller has none")
	case errors.Is(err, dbx.ErrBadCursor):
		BadQuery(w, map[string]string{CursorParam: "is not a cursor of this list"})
	case errors.As(err, &invalid):
		apierror.WriteFields(w, http.StatusUnprocessableEntity, "invalid", "the request has invalid fields", invalid.Fields)
	case errors.As(err, &conflict):
		apierror.WriteFields(w, http.StatusConflict, "conflict", conflict.Message, conflictFields(conflict))
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client has gone: there is no one to answer, and nothing is wrong.
	case dbx.Unavailable(err):
		logger.WarnContext(r.Context(), "database unavailable", "method", r.Method, "path", r.URL.Path, "error", err)
		w.Header().Set("Retry-After", strconv.Itoa(int(RetryAfter/time.Second)))
		apierror.Write(w, http.StatusServiceUnavailable, "unavailable", "the database is unavailable; try again later")
	default:
		logger.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		apierror.Write(w, http.StatusInternalServerError, "internal", "internal server error")
	}
}

// conflictFields gives each field of a conflict the conflict's message.
func conflictFields(c *dbx.ConflictError) map[string]string {
	if len(c.Fields) == 0 {
		return nil
	}
	fields := make(map[string]string, len(c.Fields))
	for _, f := range c.Fields {
		fields[f] = c.Message
	}
	return fields
}

// Write answers status with v as JSON. A v that does not encode is a fault
// of the server, answered as Fail answers one.
func Write(w http.ResponseWriter, r *http.Request, logger *slog.Logger, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		Fail(w, r, logger, fmt.Errorf("encode the response: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
