package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/forge-framework/forge/runtime/config"
)

// Errors of Verify, to be matched with errors.Is. Their messages say what
// is wrong with a token but never include the token or the secret.
var (
	// ErrMalformed: the token is not a compact JWS of three base64url
	// parts holding JSON, or lacks a required claim (sub, exp).
	ErrMalformed = errors.New("malformed token")
	// ErrSignature: the token is not signed with HS256 and the secret.
	ErrSignature = errors.New("invalid token signature")
	// ErrExpired: the token's exp has passed.
	ErrExpired = errors.New("token expired")
	// ErrNotYetValid: the token's nbf has not come yet.
	ErrNotYetValid = errors.New("token not yet valid")
	// ErrIssuer: the token's iss is not the expected issuer.
	ErrIssuer = errors.New("wrong token issuer")
)

// MaxIDLen is the longest user id (sub) and tenant id (tid) a token may
// carry, in bytes. A tenant id is stored in every row of a tenant-scoped
// table and in its indexes, where Postgres refuses entries over about
// 2.7 KB; ids of databases, identity providers and UUIDs are far shorter.
// Verify and Mint refuse longer ids, and ids holding NUL or bytes that are
// not UTF-8, which Postgres text cannot store (see CheckID).
const MaxIDLen = 255

// Leeway is how far clocks may disagree between whoever minted a token and
// whoever verifies it: a token is accepted until Leeway after its exp and
// from Leeway before its nbf. It is fixed so every Forge service agrees.
const Leeway = 30 * time.Second

// Claims are the JWT claims Forge reads and writes. Times are whole seconds
// (JWT NumericDate); Mint drops fractions of a second and Verify returns
// UTC times. A zero time is an absent claim.
type Claims struct {
	// Subject is the user id ("sub"); required, at most MaxIDLen bytes.
	Subject string
	// Tenant is the tenant id ("tid"); empty when the user has none; at
	// most MaxIDLen bytes.
	Tenant string
	// Issuer names who minted the token ("iss").
	Issuer string
	// IssuedAt is when the token was minted ("iat"); informational only.
	IssuedAt time.Time
	// NotBefore is when the token starts being valid ("nbf").
	NotBefore time.Time
	// ExpiresAt is when the token stops being valid ("exp"); required.
	ExpiresAt time.Time
}

// The header Mint writes. Verify does not compare against it: only alg
// matters, and other issuers order or space the same fields differently.
var encodedHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// Strict rejects non-zero trailing bits, so a signature has exactly one
// encoding and a token cannot be altered without changing what it says.
var b64 = base64.RawURLEncoding.Strict()

type header struct {
	Alg string `json:"alg"`
}

// payload is Claims on the wire. Dates are pointers so that an absent claim
// can be told from the epoch.
type payload struct {
	Sub string       `json:"sub,omitempty"`
	Tid string       `json:"tid,omitempty"`
	Iss string       `json:"iss,omitempty"`
	Iat *numericDate `json:"iat,omitempty"`
	Nbf *numericDate `json:"nbf,omitempty"`
	Exp *numericDate `json:"exp,omitempty"`
}

// numericDate is seconds since the Unix epoch (RFC 7519 §2).
type numericDate int64

// maxNumericDate is 9999-12-31T23:59:59Z; anything later is not a date a
// token means, and would overflow int64 nanoseconds in time arithmetic.
const maxNumericDate = 253402300799

// UnmarshalJSON accepts fractional seconds, which RFC 7519 allows, and
// rounds them down.
func (d *numericDate) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || f < 0 || f > maxNumericDate {
		return errors.New("date is not a number of seconds between 1970 and 9999")
	}
	*d = numericDate(math.Floor(f))
	return nil
}

func toNumericDate(t time.Time) *numericDate {
	if t.IsZero() {
		return nil
	}
	d := numericDate(t.Unix())
	return &d
}

func (d *numericDate) time() time.Time {
	if d == nil {
		return time.Time{}
	}
	return time.Unix(int64(*d), 0).UTC()
}

// Mint returns an HS256 JWT carrying c, signed with secret. It refuses
// claims that Verify would reject whatever the time (no Subject, no
// ExpiresAt), so a mistake shows where the token is made.
func Mint(secret []byte, c Claims) (string, error) {
	switch {
	case len(secret) == 0:
		return "", errors.New("mint token: empty secret")
	case c.Subject == "":
		return "", errors.New("mint token: Subject is required")
	case c.ExpiresAt.IsZero():
		return "", errors.New("mint token: ExpiresAt is required")
	}
	if err := checkIDs(c.Subject, c.Tenant); err != nil {
		return "", fmt.Errorf("mint token: %w", err)
	}
	body, err := json.Marshal(payload{
		Sub: c.Subject,
		Tid: c.Tenant,
		Iss: c.Issuer,
		Iat: toNumericDate(c.IssuedAt),
		Nbf: toNumericDate(c.NotBefore),
		Exp: toNumericDate(c.ExpiresAt),
	})
	if err != nil {
		return "", fmt.Errorf("mint token: %w", err)
	}
	signingInput := encodedHeader + "." + b64.EncodeToString(body)
	return signingInput + "." + b64.EncodeToString(sign(secret, signingInput)), nil
}

func sign(secret []byte, signingInput string) []byte {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(signingInput))
	return mac.Sum(nil)
}

// Verify checks token at time now and returns its claims. It accepts only
// HS256 signed with secret, requires sub and exp, applies Leeway to exp and
// nbf, and, when issuer is not empty, requires iss to equal it. Errors wrap
// ErrMalformed, ErrSignature, ErrExpired, ErrNotYetValid or ErrIssuer,
// except for an empty secret, which is the caller's mistake.
func Verify(secret []byte, token string, issuer string, now time.Time) (Claims, error) {
	if len(secret) == 0 {
		// An empty HMAC key is one anybody can sign with.
		return Claims{}, errors.New("verify token: empty secret")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return Claims{}, fmt.Errorf("%w: want 3 dot-separated parts, got %d", ErrMalformed, len(parts))
	}
	var h header
	if err := decodePart(parts[0], &h); err != nil {
		return Claims{}, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	// The algorithm is fixed rather than taken from the header, so a token
	// cannot choose "none" or a key type it was not meant for (the classic
	// JWT algorithm-confusion attacks).
	if h.Alg != "HS256" {
		return Claims{}, fmt.Errorf("%w: alg %.20q is not HS256", ErrSignature, h.Alg)
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil {
		return Claims{}, fmt.Errorf("%w: signature is not base64url", ErrMalformed)
	}
	// The payload is read only once the signature proves who wrote it.
	if !hmac.Equal(sig, sign(secret, parts[0]+"."+parts[1])) {
		return Claims{}, ErrSignature
	}
	var p payload
	if err := decodePart(parts[1], &p); err != nil {
		return Claims{}, fmt.Errorf("%w: payload: %v", ErrMalformed, err)
	}
	c := Claims{
		Subject:   p.Sub,
		Tenant:    p.Tid,
		Issuer:    p.Iss,
		IssuedAt:  p.Iat.time(),
		NotBefore: p.Nbf.time(),
		ExpiresAt: p.Exp.time(),
	}
	switch {
	case p.Exp == nil:
		return Claims{}, fmt.Errorf("%w: no exp claim", ErrMalformed)
	case !now.Before(c.ExpiresAt.Add(Leeway)):
		return Claims{}, fmt.Errorf("%w at %s", ErrExpired, c.ExpiresAt.Format(time.RFC3339))
	case p.Nbf != nil && now.Before(c.NotBefore.Add(-Leeway)):
		return Claims{}, fmt.Errorf("%w until %s", ErrNotYetValid, c.NotBefore.Format(time.RFC3339))
	case issuer != "" && c.Issuer != issuer:
		return Claims{}, fmt.Errorf("%w %.64q, want %q", ErrIssuer, c.Issuer, issuer)
	case c.Subject == "":
		return Claims{}, fmt.Errorf("%w: no sub claim", ErrMalformed)
	}
	if err := checkIDs(c.Subject, c.Tenant); err != nil {
		return Claims{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return c, nil
}

// CheckID returns what is wrong with a user or tenant id, or nil: longer
// than MaxIDLen bytes, not UTF-8, or holding NUL. The empty id (none) is
// fine.
func CheckID(id string) error {
	switch {
	case len(id) > MaxIDLen:
		return fmt.Errorf("is %d bytes, over the limit of %d", len(id), MaxIDLen)
	case !utf8.ValidString(id):
		return errors.New("is not UTF-8")
	case strings.IndexByte(id, 0) >= 0:
		return errors.New("holds NUL")
	}
	return nil
}

// checkIDs checks a token's ids with CheckID.
func checkIDs(user, tenant string) error {
	if err := CheckID(user); err != nil {
		return fmt.Errorf("sub %w", err)
	}
	if err := CheckID(tenant); err != nil {
		return fmt.Errorf("tid %w", err)
	}
	return nil
}

// decodePart decodes one base64url part of a token into v.
func decodePart(part string, v any) error {
	b, err := b64.DecodeString(part)
	if err != nil {
		return errors.New("not base64url")
	}
	// JSON is UTF-8 (RFC 8259 §8.1); encoding/json would silently turn
	// other bytes in a claim into U+FFFD.
	if !utf8.Valid(b) {
		return errors.New("not UTF-8")
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("not a JSON object: %v", err)
	}
	return nil
}

// SecretFromConfig returns the secret for Mint and Verify: cfg.Auth.Secret
// when set, else [config.DevelopmentSecret] outside production. In
// production the secret must pass [config.CheckProductionSecret], checked
// here too because cfg need not come from config.Load.
func SecretFromConfig(cfg *config.Config) ([]byte, error) {
	secret := cfg.Auth.Secret
	if !cfg.Production() {
		if secret == "" {
			return []byte(config.DevelopmentSecret), nil
		}
		return []byte(secret), nil
	}
	if err := config.CheckProductionSecret(secret); err != nil {
		return nil, fmt.Errorf("auth.secret (FORGE_AUTH_SECRET in the environment, or forge.toml): %w", err)
	}
	return []byte(secret), nil
}
