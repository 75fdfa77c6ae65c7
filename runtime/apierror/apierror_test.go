package apierror

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestWrite(t *testing.T) {
	rec := httptest.NewRecorder()
	Write(rec, http.StatusTooManyRequests, "too_many_connections", `close a "tab"`)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	want := `{"error":{"code":"too_many_connections","message":"close a \"tab\""}}` + "\n"
	if got := rec.Body.String(); got != want {
		t.Errorf("body %s, want %s", got, want)
	}
}
