// Package auth says who a request acts for: a Principal (a user and, in
// multi-tenant apps, a tenant) carried in the request's context, which
// handlers, actions and tenant-scoped queries read with FromContext and
// TenantFromContext.
//
// It provides:
//
//   - Middleware, which runs an Authenticator on every request, answers
//     401 with a JSON error and a WWW-Authenticate header (RFC 6750) when it
//     fails, and otherwise puts the Principal in the context;
//   - RequireTenant, which answers 403 on routes that serve tenant-scoped
//     data when the principal has no tenant;
//   - BearerAuthenticator, the default Authenticator: an HS256 JWT in
//     "Authorization: Bearer <token>", made with Mint and checked with
//     Verify (standard library only), its secret from SecretFromConfig.
//
// User and tenant ids are at most MaxIDLen (255) bytes of UTF-8 without
// NUL: a tenant id goes into every tenant-scoped row and index. Verify
// refuses tokens with other ids, and Middleware refuses such a principal
// from any Authenticator, with 401.
//
// Apps with another way to identify callers (an identity provider's tokens,
// API keys, mTLS) implement Authenticator and keep the rest.
//
// What this package is not for: user management, passwords, sessions or
// cookies, OAuth and OpenID Connect flows, refresh tokens or revocation.
// It verifies a token somebody else issued (or that `forge token` minted
// for development); it does not decide who may get one.
package auth
