package api_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/runtime/api"
	"github.com/forge-framework/forge/runtime/apierror"
	"github.com/forge-framework/forge/runtime/dbx"
)

func TestPathID(t *testing.T) {
	id := uuid.New()
	mux := http.NewServeMux()
	var got uuid.UUID
	var ok bool
	mux.HandleFunc("GET /things/{id}", func(w http.ResponseWriter, r *http.Request) { got, ok = api.PathID(w, r) })

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/things/"+id.String(), nil))
	require.True(t, ok)
	require.Equal(t, id, got)

	w = httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/things/nope", nil))
	require.False(t, ok)
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, map[string]string{"id": "must be a UUID"}, problems(t, w).Fields)
}

// status is an enum as gen/db writes one.
type status string

func (s status) Valid() bool { return s == "draft" || s == "active" }

// params are a list's parameters as gen/db writes them.
type params struct {
	Limit  int
	Cursor string
	Status *status
	Price  *int32
}

func listQuery(t *testing.T, query string) (*httptest.ResponseRecorder, params, bool) {
	t.Helper()
	var p params
	w := httptest.NewRecorder()
	ok := api.ListQuery(w, httptest.NewRequest(http.MethodGet, "/things?"+query, nil), api.Query{Limit: &p.Limit, Cursor: &p.Cursor, Filters: map[string]func(string) error{
		"status": api.Filter(&p.Status, api.ParseEnum[status], "one of draft, active"),
		"price":  api.Filter(&p.Price, api.ParseInt32, "a 32-bit integer"),
	}})
	return w, p, ok
}

func TestListQuerySetsParameters(t *testing.T) {
	w, p, ok := listQuery(t, "limit=10&cursor=abc&status=active&price=12")
	require.True(t, ok, "answered %s", w.Body)
	require.Equal(t, 10, p.Limit)
	require.Equal(t, "abc", p.Cursor)
	require.Equal(t, status("active"), *p.Status)
	require.Equal(t, int32(12), *p.Price)
}

func TestListQueryNamesEveryBadParameter(t *testing.T) {
	w, _, ok := listQuery(t, "limit=0&status=gone&price=1&price=2&colour=red")
	require.False(t, ok)
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, apierror.Detail{Code: "bad_request", Message: "the query has invalid parameters", Fields: map[string]string{
		"limit":  "must be a positive integer",
		"status": "must be one of draft, active",
		"price":  "must be given once",
		"colour": "unknown query parameter",
	}}, problems(t, w))
}

func TestListQueryRefusesWhatNoTextColumnStores(t *testing.T) {
	// Even for a text filter, whose parser takes any value.
	var name *string
	w := httptest.NewRecorder()
	ok := api.ListQuery(w, httptest.NewRequest(http.MethodGet, "/things?name=%00&email=%FF&number=%C0%AF&status=a%00", nil), api.Query{Filters: map[string]func(string) error{
		"name":   api.Filter(&name, api.ParseText, "a string"),
		"email":  api.Filter(&name, api.ParseText, "a string"),
		"number": api.Filter(&name, api.ParseText, "a string"),
		"status": api.Filter(&name, api.ParseText, "a string"),
	}})
	require.False(t, ok)
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, map[string]string{
		"name":   dbx.MsgNUL,
		"email":  dbx.MsgInvalidUTF8,
		"number": dbx.MsgInvalidUTF8,
		"status": dbx.MsgNUL,
	}, problems(t, w).Fields)
	require.Nil(t, name)
}

func TestListQueryRefusesWhatTheEndpointDoesNotTake(t *testing.T) {
	// An app's own endpoint with a limit and no cursor.
	var limit int
	w := httptest.NewRecorder()
	ok := api.ListQuery(w, httptest.NewRequest(http.MethodGet, "/report?limit=3&cursor=abc", nil), api.Query{Limit: &limit})
	require.False(t, ok)
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, map[string]string{"cursor": "unknown query parameter"}, problems(t, w).Fields)

	w = httptest.NewRecorder()
	require.True(t, api.ListQuery(w, httptest.NewRequest(http.MethodGet, "/report?limit=3", nil), api.Query{Limit: &limit}))
	require.Equal(t, 3, limit)
}

func TestBadQuery(t *testing.T) {
	w := httptest.NewRecorder()
	api.BadQuery(w, map[string]string{"limit": "must be at most 100"})
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, apierror.Detail{Code: "bad_request", Message: "the query has invalid parameters", Fields: map[string]string{"limit": "must be at most 100"}}, problems(t, w))
}

func TestParsers(t *testing.T) {
	ok := func(_ any, err error) { t.Helper(); require.NoError(t, err) }
	bad := func(_ any, err error) { t.Helper(); require.Error(t, err) }
	ok(api.ParseText(""))
	ok(api.ParseDecimal("-12.50"))
	ok(api.ParseDecimal(".5"))
	bad(api.ParseDecimal("1e3"))
	bad(api.ParseDecimal("NaN"))
	ok(api.ParseDecimal(strings.Repeat("9", 1000) + "." + strings.Repeat("9", 1000)))
	bad(api.ParseDecimal("0." + strings.Repeat("1", 17000))) // Postgres's numeric input refuses it
	bad(api.ParseDecimal(strings.Repeat("9", 1001)))
	ok(api.ParseInt32("2147483647"))
	bad(api.ParseInt32("2147483648"))
	ok(api.ParseInt64("2147483648"))
	ok(api.ParseFloat("1.5"))
	ok(api.ParseBool("t"))
	bad(api.ParseBool("yes"))
	tm, err := api.ParseTime("2024-05-01T10:00:00.5Z")
	require.NoError(t, err)
	require.Equal(t, time.Date(2024, 5, 1, 10, 0, 0, 5e8, time.UTC), tm)
	bad(api.ParseTime("2024-05-01"))
	bad(api.ParseUUID("nope"))
	ok(api.ParseJSON(`{"a": [1]}`))
	bad(api.ParseJSON(`{`))
	bad(api.ParseJSON(`"\u0000"`))
	bad(api.ParseJSON(`1e200000`))
	b, err := api.ParseBytes("aGk=")
	require.NoError(t, err)
	require.Equal(t, []byte("hi"), b)
	bad(api.ParseBytes("!"))
}

func TestFilterWrapsTheParserError(t *testing.T) {
	var dst *int64
	set := api.Filter(&dst, func(string) (int64, error) { return 0, errors.New("parser's words") }, "a 64-bit integer")
	require.EqualError(t, set("x"), "must be a 64-bit integer")
	require.Nil(t, dst)
}
