package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/runtime/api"
	"github.com/forge-framework/forge/runtime/apierror"
	"github.com/forge-framework/forge/runtime/dbx"
)

func TestFailAnswersTheDataLayersErrors(t *testing.T) {
	for _, c := range []struct {
		err    error
		status int
		want   apierror.Detail
	}{
		{fmt.Errorf("get: %w", dbx.ErrNotFound), http.StatusNotFound, apierror.Detail{Code: "not_found", Message: "not found"}},
		{dbx.ErrNoTenant, http.StatusForbidden, apierror.Detail{Code: "forbidden", Message: "the resource belongs to tenants, and the caller has none"}},
		{dbx.ErrBadCursor, http.StatusBadRequest, apierror.Detail{Code: "bad_request", Message: "the query has invalid parameters", Fields: map[string]string{"cursor": "is not a cursor of this list"}}},
		{&dbx.ValidationError{Fields: map[string]string{"price": "must be at least 0"}}, http.StatusUnprocessableEntity, apierror.Detail{Code: "invalid", Message: "the request has invalid fields", Fields: map[string]string{"price": "must be at least 0"}}},
		{&dbx.ConflictError{Fields: []string{"sku", "tenant"}, Message: "taken"}, http.StatusConflict, apierror.Detail{Code: "conflict", Message: "taken", Fields: map[string]string{"sku": "taken", "tenant": "taken"}}},
		{&dbx.ConflictError{Message: "Product is still referenced by order_items"}, http.StatusConflict, apierror.Detail{Code: "conflict", Message: "Product is still referenced by order_items"}},
	} {
		var logs bytes.Buffer
		w := httptest.NewRecorder()
		api.Fail(w, httptest.NewRequest(http.MethodGet, "/", nil), slog.New(slog.NewTextHandler(&logs, nil)), c.err)
		require.Equal(t, c.status, w.Code, c.err)
		require.Equal(t, c.want, problems(t, w), c.err)
		require.Empty(t, logs.String(), "the caller's mistakes are not logged")
	}
}

func TestFailLogsFaultsAndHidesThem(t *testing.T) {
	var logs bytes.Buffer
	w := httptest.NewRecorder()
	api.Fail(w, httptest.NewRequest(http.MethodPost, "/api/things", nil), slog.New(slog.NewTextHandler(&logs, nil)), errors.New("connection refused"))
	require.Equal(t, http.StatusInternalServerError, w.Code)
	require.Equal(t, apierror.Detail{Code: "internal", Message: "internal server error"}, problems(t, w))
	require.Contains(t, logs.String(), `msg="request failed" method=POST path=/api/things error="connection refused"`)
}

func TestFailAnswersAnUnavailableDatabase503(t *testing.T) {
	for _, err := range []error{
		fmt.Errorf("list things: %w", &pgconn.PgError{Code: "57P03", Message: "the database system is starting up"}),
		fmt.Errorf("get thing: %w", context.DeadlineExceeded), // no pooled connection before the deadline
	} {
		var logs bytes.Buffer
		w := httptest.NewRecorder()
		api.Fail(w, httptest.NewRequest(http.MethodGet, "/api/things", nil), slog.New(slog.NewTextHandler(&logs, nil)), err)
		require.Equal(t, http.StatusServiceUnavailable, w.Code, err)
		require.Equal(t, "5", w.Header().Get("Retry-After"))
		require.Equal(t, apierror.Detail{Code: "unavailable", Message: "the database is unavailable; try again later"}, problems(t, w))
		require.Contains(t, logs.String(), `level=WARN msg="database unavailable" method=GET path=/api/things`, "the operator learns of it")
	}
}

func TestFailIsSilentWhenTheClientHasGone(t *testing.T) {
	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := httptest.NewRecorder()
	api.Fail(w, httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx), slog.New(slog.NewTextHandler(&logs, nil)), context.Canceled)
	require.Empty(t, w.Body.String())
	require.Empty(t, logs.String())
}

func TestWrite(t *testing.T) {
	w := httptest.NewRecorder()
	api.Write(w, httptest.NewRequest(http.MethodGet, "/", nil), slog.Default(), http.StatusCreated, map[string]int{"n": 1})
	require.Equal(t, http.StatusCreated, w.Code)
	require.Equal(t, "application/json", w.Header().Get("Content-Type"))
	require.Equal(t, "{\"n\":1}\n", w.Body.String())

	var logs bytes.Buffer
	w = httptest.NewRecorder()
	api.Write(w, httptest.NewRequest(http.MethodGet, "/", nil), slog.New(slog.NewTextHandler(&logs, nil)), http.StatusOK, func() {})
	require.Equal(t, http.StatusInternalServerError, w.Code)
	require.Contains(t, logs.String(), "encode the response")
}
