package config

import (
	"errors"
	"fmt"
)

// DevelopmentSecret is auth.secret's stand-in outside production, where it
// may be left unset. It is public, so tokens signed with it prove nothing,
// and [CheckProductionSecret] refuses it.
const DevelopmentSecret = "forge-development-secret-never-use-in-production"

// MinSecretLen is the shortest auth.secret accepted in production: HS256 is
// no stronger than its key, and RFC 7518 §3.2 asks for a key at least as
// long as the hash output.
const MinSecretLen = 32

// CheckProductionSecret reports what is wrong with secret as auth.secret in
// production: it must be at least MinSecretLen bytes and not
// DevelopmentSecret. It is the one home of the rule: Load applies it, and
// runtime/auth again for a Config that did not come from Load. Its errors
// never quote the secret.
func CheckProductionSecret(secret string) error {
	const fix = "generate one with `openssl rand -base64 32`"
	switch {
	case secret == DevelopmentSecret:
		return errors.New("must not be the public development secret in production; " + fix)
	case len(secret) < MinSecretLen:
		return fmt.Errorf("must be at least %d bytes in production, got %d; %s", MinSecretLen, len(secret), fix)
	}
	return nil
}
