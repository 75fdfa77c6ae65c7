// Package apierror writes the JSON error body of Forge APIs:
//
//	{"error": {"code": "unauthorized", "message": "…"}}
//	{"error": {"code": "invalid", "message": "…", "fields": {"price_cents": "must be at least 0"}}}
//
// One shape for every error an API client sees (authentication, stream
// limits, and the generated handlers' validation errors), so clients parse
// errors one way.
//
// What this package is not for: choosing status codes or wording messages;
// callers do that.
package apierror

import (
	"encoding/json"
	"net/http"
)

// Body is the JSON document of an API error.
type Body struct {
	Error Detail `json:"error"`
}

// Detail says what went wrong: a stable, machine-readable code and a
// message for people.
type Detail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Fields maps a request field (its JSON name, or a query parameter)
	// to what is wrong with it; only for errors about particular fields.
	Fields map[string]string `json:"fields,omitempty"`
}

// Write sends status with the error body. A failed write is ignored: the
// client has gone, and there is no one left to tell.
func Write(w http.ResponseWriter, status int, code, message string) {
	WriteFields(w, status, code, message, nil)
}

// WriteFields is Write with per-field messages (keys are sorted in the
// output, as encoding/json sorts map keys).
func WriteFields(w http.ResponseWriter, status int, code, message string, fields map[string]string) {
	b, _ := json.Marshal(Body{Error: Detail{Code: code, Message: message, Fields: fields}}) // strings always marshal
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
