package auth_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/forge-framework/forge/runtime/auth"
	"github.com/forge-framework/forge/runtime/config"
)

var (
	secret = []byte("0123456789abcdef0123456789abcdef")
	t0     = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
)

// craft builds a token from raw header and payload JSON, signed with key by
// this test's own HMAC, so tests do not trust Mint to produce what they
// attack.
func craft(key []byte, header, payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	input := enc([]byte(header)) + "." + enc([]byte(payload))
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(input))
	return input + "." + enc(mac.Sum(nil))
}

const hs256 = `{"alg":"HS256","typ":"JWT"}`

func TestMintVerifyRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   auth.Claims
		want auth.Claims
	}{
		{
			name: "all claims",
			in:   auth.Claims{Subject: "u1", Tenant: "t1", Issuer: "shop", IssuedAt: t0, NotBefore: t0, ExpiresAt: t0.Add(time.Hour)},
			want: auth.Claims{Subject: "u1", Tenant: "t1", Issuer: "shop", IssuedAt: t0, NotBefore: t0, ExpiresAt: t0.Add(time.Hour)},
		},
		{
			name: "only required claims",
			in:   auth.Claims{Subject: "u1", ExpiresAt: t0.Add(time.Hour)},
			want: auth.Claims{Subject: "u1", ExpiresAt: t0.Add(time.Hour)},
		},
		{
			name: "fractions of a second dropped, zone made UTC",
			in:   auth.Claims{Subject: "u1", ExpiresAt: t0.Add(time.Hour + 900*time.Millisecond).In(time.FixedZone("CEST", 2*3600))},
			want: auth.Claims{Subject: "u1", ExpiresAt: t0.Add(time.Hour)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			token, err := auth.Mint(secret, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(token, "."); n != 2 || strings.ContainsAny(token, "=+/") {
				t.Errorf("token %q is not three unpadded base64url parts", token)
			}
			got, err := auth.Verify(secret, token, "", t0)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if got != tt.want {
				t.Errorf("Verify = %+v\nwant     %+v", got, tt.want)
			}
		})
	}
}

func TestMintRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		secret []byte
		c      auth.Claims
		want   string
	}{
		{"empty secret", nil, auth.Claims{Subject: "u1", ExpiresAt: t0}, "empty secret"},
		{"no subject", secret, auth.Claims{ExpiresAt: t0}, "Subject is required"},
		{"no expiry", secret, auth.Claims{Subject: "u1"}, "ExpiresAt is required"},
		{"long tenant", secret, auth.Claims{Subject: "u1", Tenant: strings.Repeat("t", auth.MaxIDLen+1), ExpiresAt: t0}, "tid is 256 bytes, over the limit of 255"},
		{"NUL in subject", secret, auth.Claims{Subject: "u\x00", ExpiresAt: t0}, "sub holds NUL"},
		{"tenant not UTF-8", secret, auth.Claims{Subject: "u1", Tenant: "\xff", ExpiresAt: t0}, "tid is not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := auth.Mint(tt.secret, tt.c); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Mint error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	t.Parallel()
	exp := t0.Add(time.Hour).Unix()
	good, err := auth.Mint(secret, auth.Claims{Subject: "u1", Tenant: "t1", Issuer: "shop", ExpiresAt: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, ".")
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	// flip changes the last character of a base64url string to another
	// valid one, keeping its length.
	flip := func(s string) string {
		if strings.HasSuffix(s, "A") {
			return s[:len(s)-1] + "Q"
		}
		return s[:len(s)-1] + "A"
	}
	payload := func(extra string) string { return `{"sub":"u1","exp":` + itoa(exp) + extra + `}` }

	tests := []struct {
		name   string
		token  string
		issuer string
		want   error
	}{
		{"tampered payload", parts[0] + "." + enc(`{"sub":"admin","tid":"t1","iss":"shop","exp":`+itoa(exp)+`}`) + "." + parts[2], "", auth.ErrSignature},
		{"tampered signature", parts[0] + "." + parts[1] + "." + flip(parts[2]), "", auth.ErrSignature},
		{"empty signature", parts[0] + "." + parts[1] + ".", "", auth.ErrSignature},
		{"wrong secret", craft([]byte("another-secret-another-secret-!!"), hs256, payload("")), "", auth.ErrSignature},
		{"alg none, unsigned", enc(`{"alg":"none","typ":"JWT"}`) + "." + enc(payload("")) + ".", "", auth.ErrSignature},
		{"alg none, signed", craft(secret, `{"alg":"none"}`, payload("")), "", auth.ErrSignature},
		{"alg HS512", craft(secret, `{"alg":"HS512","typ":"JWT"}`, payload("")), "", auth.ErrSignature},
		{"alg RS256", craft(secret, `{"alg":"RS256","typ":"JWT"}`, payload("")), "", auth.ErrSignature},
		{"alg in other case", craft(secret, `{"alg":"hs256"}`, payload("")), "", auth.ErrSignature},
		{"no alg", craft(secret, `{"typ":"JWT"}`, payload("")), "", auth.ErrSignature},
		{"empty header", craft(secret, `{}`, payload("")), "", auth.ErrSignature},
		{"two parts", parts[0] + "." + parts[1], "", auth.ErrMalformed},
		{"four parts", good + "." + parts[2], "", auth.ErrMalformed},
		{"empty", "", "", auth.ErrMalformed},
		{"header not base64url", "eyJ*bad." + parts[1] + "." + parts[2], "", auth.ErrMalformed},
		{"padded header", parts[0] + "==." + parts[1] + "." + parts[2], "", auth.ErrMalformed},
		{"header not JSON", enc("alg=HS256") + "." + parts[1] + "." + parts[2], "", auth.ErrMalformed},
		{"signature not base64url", parts[0] + "." + parts[1] + ".%%%", "", auth.ErrMalformed},
		{"payload not base64url", craftRaw(secret, enc(hs256), "e30*"), "", auth.ErrMalformed},
		{"payload not JSON", craft(secret, hs256, `{"sub":"u1",`), "", auth.ErrMalformed},
		{"payload an array", craft(secret, hs256, `["u1"]`), "", auth.ErrMalformed},
		{"exp a string", craft(secret, hs256, `{"sub":"u1","exp":"`+itoa(exp)+`"}`), "", auth.ErrMalformed},
		{"exp negative", craft(secret, hs256, `{"sub":"u1","exp":-1}`), "", auth.ErrMalformed},
		{"exp past year 9999", craft(secret, hs256, `{"sub":"u1","exp":1e300}`), "", auth.ErrMalformed},
		{"sub a number", craft(secret, hs256, `{"sub":1,"exp":`+itoa(exp)+`}`), "", auth.ErrMalformed},
		{"no exp", craft(secret, hs256, `{"sub":"u1"}`), "", auth.ErrMalformed},
		{"exp null", craft(secret, hs256, `{"sub":"u1","exp":null}`), "", auth.ErrMalformed},
		{"no sub", craft(secret, hs256, `{"exp":`+itoa(exp)+`}`), "", auth.ErrMalformed},
		{"empty sub", craft(secret, hs256, `{"sub":"","exp":`+itoa(exp)+`}`), "", auth.ErrMalformed},
		{"tid over MaxIDLen", craft(secret, hs256, payload(`,"tid":"`+strings.Repeat("t", auth.MaxIDLen+1)+`"`)), "", auth.ErrMalformed},
		{"sub over MaxIDLen", craft(secret, hs256, `{"sub":"`+strings.Repeat("u", auth.MaxIDLen+1)+`","exp":`+itoa(exp)+`}`), "", auth.ErrMalformed},
		{"tid holding NUL", craft(secret, hs256, payload(`,"tid":"acme\u0000"`)), "", auth.ErrMalformed},
		{"sub holding NUL", craft(secret, hs256, `{"sub":"\u0000","exp":`+itoa(exp)+`}`), "", auth.ErrMalformed},
		{"tid not UTF-8", craft(secret, hs256, payload(",\"tid\":\"acme\xff\"")), "", auth.ErrMalformed},
		{"wrong issuer", craft(secret, hs256, payload(`,"iss":"other"`)), "shop", auth.ErrIssuer},
		{"no issuer", craft(secret, hs256, payload("")), "shop", auth.ErrIssuer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := auth.Verify(secret, tt.token, tt.issuer, t0)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify error %v, want %v", err, tt.want)
			}
			if len(tt.token) > 20 && strings.Contains(err.Error(), tt.token) {
				t.Errorf("error %q contains the token", err)
			}
			if strings.Contains(err.Error(), string(secret)) {
				t.Errorf("error %q contains the secret", err)
			}
		})
	}
}

func TestVerifyAcceptsIDsUpToMaxIDLen(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", auth.MaxIDLen/2) // two bytes each
	token := craft(secret, hs256, `{"sub":"`+long+`","tid":"`+long+`","exp":`+itoa(t0.Add(time.Hour).Unix())+`}`)
	c, err := auth.Verify(secret, token, "", t0)
	if err != nil || c.Subject != long || c.Tenant != long {
		t.Errorf("Verify = %+v, %v; want the long ids", c, err)
	}
}

func craftRaw(key []byte, header, payload string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(header + "." + payload))
	return header + "." + payload + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestVerifyTime(t *testing.T) {
	t.Parallel()
	exp := t0.Add(time.Hour)
	nbf := t0
	token, err := auth.Mint(secret, auth.Claims{Subject: "u1", NotBefore: nbf, ExpiresAt: exp})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		now  time.Time
		want error
	}{
		{"within validity", t0.Add(30 * time.Minute), nil},
		{"at nbf", nbf, nil},
		{"at exp, in leeway", exp, nil},
		{"last instant of leeway after exp", exp.Add(auth.Leeway - time.Nanosecond), nil},
		{"leeway after exp", exp.Add(auth.Leeway), auth.ErrExpired},
		{"long expired", exp.Add(24 * time.Hour), auth.ErrExpired},
		{"leeway before nbf", nbf.Add(-auth.Leeway), nil},
		{"just before leeway before nbf", nbf.Add(-auth.Leeway - time.Nanosecond), auth.ErrNotYetValid},
		{"long before nbf", nbf.Add(-time.Hour), auth.ErrNotYetValid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := auth.Verify(secret, token, "", tt.now); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Verify at %s: error %v, want %v", tt.now, err, tt.want)
			}
		})
	}
}

func TestVerifyEmptySecret(t *testing.T) {
	t.Parallel()
	// An empty key must not verify a token signed with an empty key.
	token := craft(nil, hs256, `{"sub":"u1","exp":`+itoa(t0.Add(time.Hour).Unix())+`}`)
	if _, err := auth.Verify(nil, token, "", t0); err == nil {
		t.Error("Verify accepted a token with an empty secret")
	}
}

// TestVerifyRFC7515 checks interoperability with the HS256 example of
// RFC 7515 Appendix A.1, whose header lists typ first and whose JSON has
// line breaks. It has no sub, so Verify gets past signature, exp and iss
// and stops there.
func TestVerifyRFC7515(t *testing.T) {
	t.Parallel()
	key, err := base64.RawURLEncoding.DecodeString("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")
	if err != nil {
		t.Fatal(err)
	}
	token := "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9" +
		".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ" +
		".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	_, err = auth.Verify(key, token, "joe", time.Unix(1300819000, 0))
	if !errors.Is(err, auth.ErrMalformed) || !strings.Contains(err.Error(), "no sub") {
		t.Errorf("Verify error %v, want only the missing sub", err)
	}
}

func TestSecretFromConfig(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("k", 32)
	tests := []struct {
		name    string
		env     string
		secret  string
		want    string // the secret returned
		wantErr string // or part of the error
	}{
		{"development default", "development", "", config.DevelopmentSecret, ""},
		{"test default", "test", "", config.DevelopmentSecret, ""},
		{"development short secret allowed", "development", "short", "short", ""},
		{"development configured", "development", long, long, ""},
		{"production configured", "production", long, long, ""},
		{"production missing", "production", "", "", "auth.secret (FORGE_AUTH_SECRET in the environment, or forge.toml): must be at least 32 bytes in production, got 0"},
		{"production short", "production", long[:31], "", "must be at least 32 bytes in production, got 31"},
		{"production development secret", "production", config.DevelopmentSecret, "", "must not be the public development secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := config.Default()
			cfg.App.Env = tt.env
			cfg.Auth.Secret = tt.secret
			got, err := auth.SecretFromConfig(cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				if tt.secret != "" && strings.Contains(err.Error(), tt.secret) {
					t.Errorf("error %q contains the secret", err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Errorf("SecretFromConfig = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
