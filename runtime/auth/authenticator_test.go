package auth_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/forge-framework/forge/runtime/auth"
)

// errorBody is the JSON error shape the middleware writes.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// seen is what the wrapped handler saw of the principal.
type seen struct {
	called    bool
	principal auth.Principal
	tenant    string
	hasTenant bool
}

// recordingHandler records into s what it sees and answers 204.
func recordingHandler(s *seen) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.called = true
		s.principal, _ = auth.FromContext(r.Context())
		s.tenant, s.hasTenant = auth.TenantFromContext(r.Context())
		w.WriteHeader(http.StatusNoContent)
	})
}

func mint(t *testing.T, c auth.Claims) string {
	t.Helper()
	token, err := auth.Mint(secret, c)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestMiddleware(t *testing.T) {
	t.Parallel()
	bearer := auth.BearerAuthenticator{Secret: secret, Issuer: "shop", Now: func() time.Time { return t0 }}
	valid := mint(t, auth.Claims{Subject: "u1", Tenant: "t1", Issuer: "shop", ExpiresAt: t0.Add(time.Hour)})
	noTenant := mint(t, auth.Claims{Subject: "u2", Issuer: "shop", ExpiresAt: t0.Add(time.Hour)})
	expired := mint(t, auth.Claims{Subject: "u1", Issuer: "shop", ExpiresAt: t0.Add(-time.Hour)})
	otherIssuer := mint(t, auth.Claims{Subject: "u1", Issuer: "blog", ExpiresAt: t0.Add(time.Hour)})
	// The principal expires when the token stops being accepted.
	until := t0.Add(time.Hour + auth.Leeway).UTC()

	tests := []struct {
		name          string
		authorization string // "" sends no header
		wantStatus    int
		wantChallenge string
		wantMessage   string
		want          seen
	}{
		{"no header", "", 401, "Bearer", "missing bearer token", seen{}},
		{"other scheme", "Basic dTE6cGFzc3dvcmQ=", 401, "Bearer", "missing bearer token", seen{}},
		{"empty bearer token", "Bearer ", 401, "Bearer", "missing bearer token", seen{}},
		{"garbage token", "Bearer not-a-token", 401, `Bearer error="invalid_token"`, "the bearer token is invalid", seen{}},
		{"tampered token", "Bearer " + valid[:len(valid)-2] + "xx", 401, `Bearer error="invalid_token"`, "the bearer token is invalid", seen{}},
		{"wrong issuer", "Bearer " + otherIssuer, 401, `Bearer error="invalid_token"`, "the bearer token is invalid", seen{}},
		{"expired token", "Bearer " + expired, 401, `Bearer error="invalid_token"`, "the bearer token has expired", seen{}},
		{"valid token", "Bearer " + valid, 204, "", "", seen{true, auth.Principal{UserID: "u1", TenantID: "t1", ExpiresAt: until}, "t1", true}},
		{"scheme in lower case", "bearer " + valid, 204, "", "", seen{true, auth.Principal{UserID: "u1", TenantID: "t1", ExpiresAt: until}, "t1", true}},
		{"scheme in upper case", "BEARER " + valid, 204, "", "", seen{true, auth.Principal{UserID: "u1", TenantID: "t1", ExpiresAt: until}, "t1", true}},
		{"valid token without tenant", "Bearer " + noTenant, 204, "", "", seen{true, auth.Principal{UserID: "u2", ExpiresAt: until}, "", false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got seen
			req := httptest.NewRequest("GET", "/orders", nil)
			if tt.authorization != "" {
				req.Header.Set("Authorization", tt.authorization)
			}
			rec := httptest.NewRecorder()
			auth.Middleware(bearer, recordingHandler(&got)).ServeHTTP(rec, req)

			if rec.Code != tt.wantStatus {
				t.Errorf("status %d, want %d", rec.Code, tt.wantStatus)
			}
			if got != tt.want {
				t.Errorf("handler saw %+v, want %+v", got, tt.want)
			}
			if c := rec.Header().Get("WWW-Authenticate"); c != tt.wantChallenge {
				t.Errorf("WWW-Authenticate %q, want %q", c, tt.wantChallenge)
			}
			if tt.wantStatus == 401 {
				checkError(t, rec, "unauthorized", tt.wantMessage)
			}
		})
	}
}

// checkError checks that rec holds Forge's JSON error with code and a
// message starting with message, and nothing of the request's token.
func checkError(t *testing.T, rec *httptest.ResponseRecorder, code, message string) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var body errorBody
	dec := json.NewDecoder(rec.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		t.Fatalf("body is not the JSON error shape: %v", err)
	}
	if body.Error.Code != code || !strings.HasPrefix(body.Error.Message, message) {
		t.Errorf("error %+v, want code %q and a message starting %q", body.Error, code, message)
	}
	if strings.Contains(body.Error.Message, "eyJ") {
		t.Errorf("message %q leaks the token", body.Error.Message)
	}
}

func TestRequireTenant(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		principal  *auth.Principal // nil: no principal in the context
		wantStatus int
	}{
		{"tenant", &auth.Principal{UserID: "u1", TenantID: "t1"}, 204},
		{"job acting for a tenant", &auth.Principal{TenantID: "t1"}, 204},
		{"user without tenant", &auth.Principal{UserID: "u1"}, 403},
		{"no principal", nil, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got seen
			req := httptest.NewRequest("GET", "/orders", nil)
			if tt.principal != nil {
				req = req.WithContext(auth.WithPrincipal(req.Context(), *tt.principal))
			}
			rec := httptest.NewRecorder()
			auth.RequireTenant(recordingHandler(&got)).ServeHTTP(rec, req)

			if rec.Code != tt.wantStatus || got.called != (tt.wantStatus == 204) {
				t.Fatalf("status %d, handler called %v; want %d", rec.Code, got.called, tt.wantStatus)
			}
			if tt.wantStatus == 403 {
				checkError(t, rec, "forbidden", "this resource requires a tenant")
			} else if got.tenant != tt.principal.TenantID {
				t.Errorf("handler saw tenant %q, want %q", got.tenant, tt.principal.TenantID)
			}
		})
	}
}

// apiKeys is an Authenticator an app might bring: API keys in a header.
type apiKeys map[string]auth.Principal

func (k apiKeys) Authenticate(r *http.Request) (auth.Principal, error) {
	key := r.Header.Get("X-API-Key")
	if key == "" {
		return auth.Principal{}, auth.ErrNoToken
	}
	p, ok := k[key]
	if !ok {
		return auth.Principal{}, errors.New("unknown API key")
	}
	return p, nil
}

func TestCustomAuthenticator(t *testing.T) {
	t.Parallel()
	keys := apiKeys{
		"k1":   {UserID: "svc", TenantID: "t9"},
		"long": {UserID: "svc", TenantID: strings.Repeat("t", auth.MaxIDLen+1)},
		"nul":  {UserID: "svc\x00", TenantID: "t9"},
	}
	tests := []struct {
		name          string
		key           string
		wantStatus    int
		wantChallenge string
	}{
		{"known key", "k1", 204, ""},
		{"unknown key", "k2", 401, `Bearer error="invalid_token"`},
		{"no key", "", 401, "Bearer"},
		{"key of an oversized tenant id", "long", 401, `Bearer error="invalid_token"`},
		{"key of a user id holding NUL", "nul", 401, `Bearer error="invalid_token"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got seen
			req := httptest.NewRequest("GET", "/orders", nil)
			if tt.key != "" {
				req.Header.Set("X-API-Key", tt.key)
			}
			rec := httptest.NewRecorder()
			auth.Middleware(keys, auth.RequireTenant(recordingHandler(&got))).ServeHTTP(rec, req)

			if rec.Code != tt.wantStatus || rec.Header().Get("WWW-Authenticate") != tt.wantChallenge {
				t.Errorf("status %d, WWW-Authenticate %q; want %d, %q", rec.Code, rec.Header().Get("WWW-Authenticate"), tt.wantStatus, tt.wantChallenge)
			}
			if tt.wantStatus == 204 && (got.principal != keys["k1"] || got.tenant != "t9") {
				t.Errorf("handler saw %+v, want the key's principal", got)
			}
		})
	}
}

func TestBearerAuthenticatorDefaultsToTheClock(t *testing.T) {
	t.Parallel()
	token := mint(t, auth.Claims{Subject: "u1", ExpiresAt: time.Now().Add(time.Minute)})
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	p, err := auth.BearerAuthenticator{Secret: secret}.Authenticate(req)
	if err != nil || p.UserID != "u1" {
		t.Errorf("Authenticate = %+v, %v; want u1", p, err)
	}
}
