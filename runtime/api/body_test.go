package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/runtime/api"
	"github.com/forge-framework/forge/runtime/apierror"
)

// input is a create input as gen/db writes one: required fields are
// values, optional ones pointers.
type input struct {
	Name  string
	Price *int32
	Note  *string
}

// decode runs DecodeBody over body with the fields of an input and
// returns the recorder and the input.
func decode(t *testing.T, body string, fields func(*input) []api.Field) (*httptest.ResponseRecorder, input, bool) {
	t.Helper()
	var in input
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "/api/things", strings.NewReader(body))
	ok := api.DecodeBody(w, r, fields(&in))
	return w, in, ok
}

func createFields(in *input) []api.Field {
	return []api.Field{
		api.Required("name", &in.Name, "a string"),
		api.Optional("price", &in.Price, "a 32-bit integer"),
		api.Immutable("tenant"),
	}
}

// problems decodes an error answer's fields.
func problems(t *testing.T, w *httptest.ResponseRecorder) apierror.Detail {
	t.Helper()
	var body apierror.Body
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body), "body %s", w.Body)
	return body.Error
}

func TestDecodeBodyFillsTheInput(t *testing.T) {
	w, in, ok := decode(t, `{"name": "Sencha", "price": 1200}`, createFields)
	require.True(t, ok, "answered %d %s", w.Code, w.Body)
	require.Equal(t, "Sencha", in.Name)
	require.Equal(t, int32(1200), *in.Price)
}

func TestDecodeBodyLeavesOptionalNullUnset(t *testing.T) {
	_, in, ok := decode(t, `{"name": "Sencha", "price": null}`, createFields)
	require.True(t, ok)
	require.Nil(t, in.Price)
}

func TestDecodeBodyNamesEveryBadKey(t *testing.T) {
	w, _, ok := decode(t, `{"name": null, "price": "cheap", "tenant": "x", "colour": "red"}`, createFields)
	require.False(t, ok)
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	require.Equal(t, apierror.Detail{Code: "invalid", Message: "the request has invalid fields", Fields: map[string]string{
		"name":   "is required",
		"price":  "must be a 32-bit integer",
		"tenant": "cannot be changed",
		"colour": "unknown field",
	}}, problems(t, w))
}

func TestDecodeBodyPatchDecodesNull(t *testing.T) {
	// A patch's destination sees null, so that it can mean "set NULL".
	var note nullable
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPatch, "/", strings.NewReader(`{"note": null}`))
	require.True(t, api.DecodeBody(w, r, []api.Field{api.Patch("note", &note, "a string")}))
	require.True(t, note.set && note.null)
}

// nullable records what it decoded, as dbx's patches do.
type nullable struct{ set, null bool }

func (n *nullable) UnmarshalJSON(b []byte) error {
	n.set, n.null = true, string(b) == "null"
	return nil
}

func TestReadObjectRefusesWhatIsNotAnObject(t *testing.T) {
	for body, message := range map[string]string{
		`[1, 2]`: "the request body must be a JSON object",
		`null`:   "the request body must be a JSON object",
		`{"a":`:  "the request body is not valid JSON: unexpected end of JSON input",
	} {
		w := httptest.NewRecorder()
		_, ok := api.ReadObject(w, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body)))
		require.False(t, ok, body)
		require.Equal(t, http.StatusBadRequest, w.Code, body)
		require.Equal(t, message, problems(t, w).Message, body)
	}
}

func TestReadObjectAnswers413OverTheLimit(t *testing.T) {
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"name": "`+strings.Repeat("x", 100)+`"}`))
	r.Body = http.MaxBytesReader(w, r.Body, 16)
	_, ok := api.ReadObject(w, r)
	require.False(t, ok)
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
	require.Equal(t, apierror.Detail{Code: "too_large", Message: "the request body is over the limit of 16 bytes"}, problems(t, w))
}
