package api

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/google/uuid"
)

// The handlers of a resource's five routes, generic in its types: the
// generated handlers pass the action and what the schema decides (the
// body's keys, the filters, the route), and an app's own handlers use them
// to answer as the generated ones do. Each logs the faults of the server
// to logger (see Fail).

// Create serves POST /api/<route>: it decodes the body into an In with
// the fields that fields returns for it, creates the row and answers 201
// with it, with location(row) as its Location. A body with keys that do
// not decode is answered 422 naming them and, when In has a Validate
// method as the generated inputs do, every other invalid field too.
func Create[In, Row any](w http.ResponseWriter, r *http.Request, logger *slog.Logger, create func(context.Context, In) (Row, error), fields func(*In) []Field, location func(Row) string) {
	var in In
	if !decodeInput(w, r, &in, fields(&in)) {
		return
	}
	row, err := create(r.Context(), in)
	if err != nil {
		Fail(w, r, logger, err)
		return
	}
	w.Header().Set("Location", location(row))
	Write(w, r, logger, http.StatusCreated, row)
}

// List serves GET /api/<route>: it reads the query into a Params with the
// Query that query returns for it, and answers 200 with the page.
func List[Params, Page any](w http.ResponseWriter, r *http.Request, logger *slog.Logger, list func(context.Context, Params) (Page, error), query func(*Params) Query) {
	var p Params
	if !ListQuery(w, r, query(&p)) {
		return
	}
	page, err := list(r.Context(), p)
	if err != nil {
		Fail(w, r, logger, err)
		return
	}
	Write(w, r, logger, http.StatusOK, page)
}

// Get serves GET /api/<route>/{id}: 200 with the row.
func Get[Row any](w http.ResponseWriter, r *http.Request, logger *slog.Logger, get func(context.Context, uuid.UUID) (Row, error)) {
	id, ok := PathID(w, r)
	if !ok {
		return
	}
	row, err := get(r.Context(), id)
	if err != nil {
		Fail(w, r, logger, err)
		return
	}
	Write(w, r, logger, http.StatusOK, row)
}

// Update serves PATCH /api/<route>/{id}: it decodes the body into an In
// with the fields that fields returns for it, changes the row and answers
// 200 with it. Invalid bodies are answered as Create answers them.
func Update[In, Row any](w http.ResponseWriter, r *http.Request, logger *slog.Logger, update func(context.Context, uuid.UUID, In) (Row, error), fields func(*In) []Field) {
	id, ok := PathID(w, r)
	if !ok {
		return
	}
	var in In
	if !decodeInput(w, r, &in, fields(&in)) {
		return
	}
	row, err := update(r.Context(), id, in)
	if err != nil {
		Fail(w, r, logger, err)
		return
	}
	Write(w, r, logger, http.StatusOK, row)
}

// Delete serves DELETE /api/<route>/{id}: 204.
func Delete(w http.ResponseWriter, r *http.Request, logger *slog.Logger, del func(context.Context, uuid.UUID) error) {
	id, ok := PathID(w, r)
	if !ok {
		return
	}
	if err := del(r.Context(), id); err != nil {
		Fail(w, r, logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
