package api

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/forge-framework/forge/runtime/apierror"
	"github.com/forge-framework/forge/runtime/dbx"
	"github.com/forge-framework/forge/runtime/decimal"
)

// PathID returns the {id} of the request's path. It answers 400 and
// reports false when the id is not a UUID.
func PathID(w http.ResponseWriter, r *http.Request) (uuid.UUID, bool) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		apierror.WriteFields(w, http.StatusBadRequest, "bad_request", "the id in the path is not a UUID", map[string]string{"id": "must be a UUID"})
		return uuid.Nil, false
	}
	return id, true
}

// The query parameters every list takes; a filter may not take their
// names.
const (
	// LimitParam is the page size: a positive integer.
	LimitParam = "limit"
	// CursorParam is where the page starts: the previous page's
	// next_cursor.
	CursorParam = "cursor"
)

// Query is where ListQuery puts a list request's parameters: pointers
// into the list's params. An app's own endpoint leaves out what it does
// not take: a request giving it is then answered as one giving an unknown
// parameter.
type Query struct {
	// Limit receives the limit parameter, a positive integer. Nil means
	// the endpoint takes no limit.
	Limit *int
	// Cursor receives the cursor parameter. Nil means the endpoint takes
	// no cursor.
	Cursor *string
	// Filters are the setters of the list's filters, keyed by parameter
	// (see Filter). Nil means none.
	Filters map[string]func(string) error
}

// ListQuery reads a list request's query into q. It answers 400 naming
// each parameter that is unknown, repeated or malformed, or whose value
// holds what no text column stores (NUL, bytes that are not UTF-8: see
// dbx.TextProblem), and reports whether there was none.
func ListQuery(w http.ResponseWriter, r *http.Request, q Query) bool {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		apierror.Write(w, http.StatusBadRequest, "bad_request", "the query is malformed: "+err.Error())
		return false
	}
	problems := map[string]string{}
	for name, values := range query {
		if len(values) != 1 {
			problems[name] = "must be given once"
			continue
		}
		if p := dbx.TextProblem(values[0]); p != "" {
			problems[name] = p
			continue
		}
		if err := q.set(name, values[0]); err != nil {
			problems[name] = err.Error()
		}
	}
	if len(problems) > 0 {
		BadQuery(w, problems)
		return false
	}
	return true
}

// BadQuery answers 400 naming each bad query parameter, as ListQuery
// does: an app's own endpoint calls it for the checks that ListQuery does
// not make, such as an upper bound on limit.
func BadQuery(w http.ResponseWriter, problems map[string]string) {
	apierror.WriteFields(w, http.StatusBadRequest, "bad_request", "the query has invalid parameters", problems)
}

// set sets the list parameter name to value.
func (q Query) set(name, value string) error {
	switch {
	case name == LimitParam && q.Limit != nil:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return errors.New("must be a positive integer")
		}
		*q.Limit = n
	case name == CursorParam && q.Cursor != nil:
		*q.Cursor = value
	default:
		set, ok := q.Filters[name]
		if !ok {
			return errors.New("unknown query parameter")
		}
		return set(value)
	}
	return nil
}

// Filter returns the setter of an equality filter for ListQuery: it
// parses a query value into *dst, or fails with "must be " + want.
func Filter[T any](dst **T, parse func(string) (T, error), want string) func(string) error {
	return func(s string) error {
		v, err := parse(s)
		if err != nil {
			return errors.New("must be " + want)
		}
		*dst = &v
		return nil
	}
}

// The parsers of query values, one per field type, each reading the value
// as JSON writes it.

// ParseText parses a text filter: any value is one.
func ParseText(s string) (string, error) { return s, nil }

// ParseDecimal parses a decimal filter, kept as its text. A value with
// more than decimal.MaxPrecision digits before or after the point is
// refused: no Decimal column holds it, and Postgres's numeric input fails
// on more than 16,383 fraction digits.
func ParseDecimal(s string) (string, error) {
	d, ok := decimal.Parse(s) // no exponent, NaN or infinities, as the data layer
	if !ok || !d.Fits(2*decimal.MaxPrecision, decimal.MaxPrecision) {
		return "", errors.New("not a decimal number")
	}
	return s, nil
}

// ParseInt32 parses an integer filter.
func ParseInt32(s string) (int32, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	return int32(n), err
}

// ParseInt64 parses a big integer filter.
func ParseInt64(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

// ParseFloat parses a float filter.
func ParseFloat(s string) (float64, error) { return strconv.ParseFloat(s, 64) }

// ParseBool parses a bool filter: true, false, 1, 0, t, f (any case).
func ParseBool(s string) (bool, error) { return strconv.ParseBool(s) }

// ParseTime parses a time filter in RFC 3339, as times are in JSON.
func ParseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

// ParseUUID parses a UUID filter.
func ParseUUID(s string) (uuid.UUID, error) { return uuid.Parse(s) }

// ParseEnum parses an enum filter, one of the enum's values.
func ParseEnum[T interface {
	~string
	Valid() bool
}](s string) (T, error) {
	if v := T(s); v.Valid() {
		return v, nil
	}
	return "", errors.New("not a value of the enum")
}

// ParseJSON parses a JSON filter: the value is the JSON document, one
// that a JSON field holds (see dbx.JSONProblem).
func ParseJSON(s string) (json.RawMessage, error) {
	if p := dbx.JSONProblem([]byte(s)); p != "" {
		return nil, errors.New(p)
	}
	return json.RawMessage(s), nil
}

// ParseBytes parses a bytes filter, in standard base64 as bytes are in
// JSON.
func ParseBytes(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
