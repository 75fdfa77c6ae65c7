package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/runtime/api"
	"github.com/forge-framework/forge/runtime/dbx"
)

// thing is a row; things is an in-memory table with a resource's actions.
type thing struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

type thingIn struct{ Name *string }

type thingParams struct {
	Limit  int
	Cursor string
	Name   *string
}

type things map[uuid.UUID]thing

func (ts things) create(_ context.Context, in thingIn) (thing, error) {
	t := thing{ID: uuid.New(), Name: *in.Name}
	ts[t.ID] = t
	return t, nil
}

func (ts things) list(_ context.Context, p thingParams) ([]thing, error) {
	var page []thing
	for _, t := range ts {
		if p.Name == nil || t.Name == *p.Name {
			page = append(page, t)
		}
	}
	return page, nil
}

func (ts things) get(_ context.Context, id uuid.UUID) (thing, error) {
	t, ok := ts[id]
	if !ok {
		return thing{}, dbx.ErrNotFound
	}
	return t, nil
}

func (ts things) update(ctx context.Context, id uuid.UUID, in thingIn) (thing, error) {
	t, err := ts.get(ctx, id)
	if err == nil && in.Name != nil {
		t.Name = *in.Name
		ts[id] = t
	}
	return t, err
}

func (ts things) delete(ctx context.Context, id uuid.UUID) error {
	if _, err := ts.get(ctx, id); err != nil {
		return err
	}
	delete(ts, id)
	return nil
}

// routes registers the five routes of things as gen/handlers does.
func routes(ts things) *http.ServeMux {
	logger := slog.Default()
	fields := func(in *thingIn) []api.Field { return []api.Field{api.Required("name", &in.Name, "a string")} }
	mux := http.NewServeMux()
	mux.HandleFunc("POST /things", func(w http.ResponseWriter, r *http.Request) {
		api.Create(w, r, logger, ts.create, fields, func(t thing) string { return "/things/" + t.ID.String() })
	})
	mux.HandleFunc("GET /things", func(w http.ResponseWriter, r *http.Request) {
		api.List(w, r, logger, ts.list, func(p *thingParams) api.Query {
			return api.Query{Limit: &p.Limit, Cursor: &p.Cursor, Filters: map[string]func(string) error{
				"name": api.Filter(&p.Name, api.ParseText, "a string"),
			}}
		})
	})
	mux.HandleFunc("GET /things/{id}", func(w http.ResponseWriter, r *http.Request) { api.Get(w, r, logger, ts.get) })
	mux.HandleFunc("PATCH /things/{id}", func(w http.ResponseWriter, r *http.Request) {
		api.Update(w, r, logger, ts.update, func(in *thingIn) []api.Field { return []api.Field{api.Patch("name", &in.Name, "a string")} })
	})
	mux.HandleFunc("DELETE /things/{id}", func(w http.ResponseWriter, r *http.Request) { api.Delete(w, r, logger, ts.delete) })
	return mux
}

func serve(mux *http.ServeMux, method, path, body string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(method, path, strings.NewReader(body)))
	return w
}

func TestRoutes(t *testing.T) {
	ts := things{}
	mux := routes(ts)

	w := serve(mux, "POST", "/things", `{"name": "a"}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	require.Len(t, ts, 1)
	var id uuid.UUID
	for id = range ts {
	}
	require.Equal(t, "/things/"+id.String(), w.Header().Get("Location"))
	require.JSONEq(t, `{"id": "`+id.String()+`", "name": "a"}`, w.Body.String())
	require.Equal(t, http.StatusUnprocessableEntity, serve(mux, "POST", "/things", `{}`).Code)

	w = serve(mux, "GET", "/things?name=a", "")
	require.Equal(t, http.StatusOK, w.Code)
	require.JSONEq(t, `[{"id": "`+id.String()+`", "name": "a"}]`, w.Body.String())
	require.Equal(t, "null\n", serve(mux, "GET", "/things?name=b", "").Body.String())
	require.Equal(t, http.StatusBadRequest, serve(mux, "GET", "/things?colour=red", "").Code)

	w = serve(mux, "PATCH", "/things/"+id.String(), `{"name": "b"}`)
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "b", ts[id].Name)
	require.Equal(t, http.StatusUnprocessableEntity, serve(mux, "PATCH", "/things/"+id.String(), `{"colour": 1}`).Code)

	require.Equal(t, http.StatusOK, serve(mux, "GET", "/things/"+id.String(), "").Code)
	require.Equal(t, http.StatusBadRequest, serve(mux, "GET", "/things/nope", "").Code)
	require.Equal(t, http.StatusNoContent, serve(mux, "DELETE", "/things/"+id.String(), "").Code)
	require.Equal(t, http.StatusNotFound, serve(mux, "DELETE", "/things/"+id.String(), "").Code)
	require.Equal(t, http.StatusNotFound, serve(mux, "GET", "/things/"+id.String(), "").Code)
	require.Equal(t, http.StatusNotFound, serve(mux, "PATCH", "/things/"+id.String(), `{}`).Code)
}

// order is a create input that validates itself, as gen/db's inputs do.
type order struct {
	Number string
	Placed *dbx.Date
	Tax    *string
}

func (in order) Validate() error {
	var errs dbx.FieldErrors
	if in.Number == "" {
		errs.Add("number", dbx.MsgRequired)
	} else {
		errs.Add("number", dbx.TextProblem(in.Number))
	}
	if in.Placed != nil && !in.Placed.Valid() {
		errs.Add("placed", "must be a real date")
	}
	if in.Tax != nil && strings.HasPrefix(*in.Tax, "-") {
		errs.Add("tax", "must be at least 0")
	}
	return errs.Err()
}

func TestCreateAndUpdateNameEveryInvalidFieldAtOnce(t *testing.T) {
	fields := func(in *order) []api.Field {
		return []api.Field{
			api.Required("number", &in.Number, "a string"),
			api.Optional("placed", &in.Placed, "a date"),
			api.Optional("tax", &in.Tax, "a string holding a decimal number"),
		}
	}
	called := false
	create := func(context.Context, order) (thing, error) { called = true; return thing{}, nil }
	update := func(context.Context, uuid.UUID, order) (thing, error) { called = true; return thing{}, nil }
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		api.Create(w, r, slog.Default(), create, fields, func(thing) string { return "/orders/1" })
	})
	mux.HandleFunc("PATCH /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		api.Update(w, r, slog.Default(), update, fields)
	})
	for _, path := range []string{"POST /orders", "PATCH /orders/" + uuid.NewString()} {
		method, path, _ := strings.Cut(path, " ")
		// A date that does not decode, a NUL and a negative decimal, which
		// the input's Validate finds, and an unknown key: one answer.
		w := serve(mux, method, path, `{"number": "a\u0000", "placed": "2024-02-30", "tax": "-1", "colour": 1}`)
		require.Equal(t, http.StatusUnprocessableEntity, w.Code, w.Body.String())
		require.Equal(t, map[string]string{
			"number": dbx.MsgNUL,
			"placed": "must be a date", // the decoding problem, not Validate's of the zero date
			"tax":    "must be at least 0",
			"colour": "unknown field",
		}, problems(t, w).Fields)

		// Raw bytes that are not UTF-8 are a problem of their key.
		w = serve(mux, method, path, "{\"number\": \"a\xff\", \"placed\": \"x\"}")
		require.Equal(t, http.StatusUnprocessableEntity, w.Code, w.Body.String())
		require.Equal(t, map[string]string{"number": dbx.MsgInvalidUTF8, "placed": "must be a date"}, problems(t, w).Fields)
	}
	require.False(t, called, "no action runs for an invalid body")
}
