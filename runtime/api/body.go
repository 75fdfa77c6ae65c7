package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"unicode/utf8"

	"github.com/forge-framework/forge/runtime/apierror"
	"github.com/forge-framework/forge/runtime/dbx"
)

// presence says how a body field treats a missing key and JSON null.
type presence int

const (
	optional presence = iota
	required
	patch
	immutable
)

// Field is one key of a request body and where its value goes. Build it
// with Required, Optional, Patch or Immutable.
type Field struct {
	key      string
	dst      any    // a pointer to the input's field; nil when immutable
	want     string // what the value must be, completing "must be …"
	presence presence
}

// Required is a key that must be given, and not as null; its value is
// decoded into dst. want completes "must be …" when the value does not
// decode: "a UUID".
func Required(key string, dst any, want string) Field {
	return Field{key: key, dst: dst, want: want, presence: required}
}

// Optional is a key that may be missing or null, leaving *dst as it is
// (nil: the column's default, or NULL).
func Optional(key string, dst any, want string) Field {
	return Field{key: key, dst: dst, want: want, presence: optional}
}

// Patch is a key of an update: missing leaves the column unchanged; null
// is decoded too, so that dst (a dbx patch) sets the column to NULL.
func Patch(key string, dst any, want string) Field {
	return Field{key: key, dst: dst, want: want, presence: patch}
}

// Immutable is a key that must not be given: the field is set on create
// only.
func Immutable(key string) Field {
	return Field{key: key, presence: immutable}
}

// DecodeBody decodes the request body, a JSON object, into fields. It
// reports whether it did; if not, it has answered the request: 413 for a
// body over the server's limit, 400 for one that is not a JSON object, and
// 422 naming each key that is unknown, missing, of the wrong type, or not
// UTF-8.
func DecodeBody(w http.ResponseWriter, r *http.Request, fields []Field) bool {
	problems, ok := decodeFields(w, r, fields)
	if ok && len(problems) > 0 {
		invalid(w, problems)
		return false
	}
	return ok
}

// decodeInput is DecodeBody into *in, whose fields fields point into. When
// some keys do not decode and In validates itself (the generated inputs'
// Validate, returning a *dbx.ValidationError), the 422 names the invalid
// fields among the others too, so a client learns every problem of its
// body at once: a bad date, a bad enum and a negative decimal are three
// entries, not one and then another after each fix. A key that did not
// decode keeps its decoding problem.
func decodeInput[In any](w http.ResponseWriter, r *http.Request, in *In, fields []Field) bool {
	problems, ok := decodeFields(w, r, fields)
	if !ok || len(problems) == 0 {
		return ok
	}
	if v, ok := any(*in).(interface{ Validate() error }); ok {
		var verr *dbx.ValidationError
		if errors.As(v.Validate(), &verr) {
			for key, msg := range verr.Fields {
				if _, seen := problems[key]; !seen {
					problems[key] = msg
				}
			}
		}
	}
	invalid(w, problems)
	return false
}

// invalid answers 422 naming each invalid field, as Fail answers a
// *dbx.ValidationError.
func invalid(w http.ResponseWriter, problems map[string]string) {
	apierror.WriteFields(w, http.StatusUnprocessableEntity, "invalid", "the request has invalid fields", problems)
}

// decodeFields decodes the request body into fields and returns the
// problem of each key that is unknown, missing, of the wrong type, or not
// UTF-8. It reports false when it has answered the request instead: the
// body is too large or not a JSON object.
func decodeFields(w http.ResponseWriter, r *http.Request, fields []Field) (map[string]string, bool) {
	obj, ok := ReadObject(w, r)
	if !ok {
		return nil, false
	}
	problems := map[string]string{}
	for _, f := range fields {
		raw, given := obj[f.key]
		delete(obj, f.key) // what is left at the end is unknown
		null := given && bytes.Equal(raw, []byte("null"))
		switch {
		case f.presence == immutable:
			if given {
				problems[f.key] = "cannot be changed"
			}
		case f.presence == required && (!given || null):
			problems[f.key] = "is required"
		case !given || null && f.presence == optional:
			// Nothing to decode: the field stays unset (nil, or an unset Patch).
		case !utf8.Valid(raw):
			// encoding/json would silently turn the bytes into U+FFFD.
			problems[f.key] = dbx.MsgInvalidUTF8
		default:
			if err := json.Unmarshal(raw, f.dst); err != nil {
				problems[f.key] = "must be " + f.want
			}
		}
	}
	for key := range obj {
		problems[key] = "unknown field"
	}
	return problems, true
}

// ReadObject reads the request body as a JSON object. It answers 413 or
// 400 and reports false when the body is too large or not an object.
func ReadObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, bool) {
	body, err := io.ReadAll(r.Body)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge): // runtime/server limits bodies with http.MaxBytesReader
		apierror.Write(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("the request body is over the limit of %d bytes", tooLarge.Limit))
		return nil, false
	case err != nil:
		apierror.Write(w, http.StatusBadRequest, "bad_request", "reading the request body: "+err.Error())
		return nil, false
	}
	var obj map[string]json.RawMessage
	err = json.Unmarshal(body, &obj)
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		apierror.Write(w, http.StatusBadRequest, "bad_request", "the request body is not valid JSON: "+err.Error())
		return nil, false
	case err != nil || obj == nil:
		apierror.Write(w, http.StatusBadRequest, "bad_request", "the request body must be a JSON object")
		return nil, false
	}
	return obj, true
}
