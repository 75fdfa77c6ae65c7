// Package schema describes the shop example's resources. Forge reads these
// files with go/ast (forge generate, or the forge_generate Bazel rule) and
// generates the data layer, actions and handlers under examples/shop/gen.
package schema

// Limits shared by several resources. Forge accepts constants declared in
// the schema package wherever a literal is allowed.
const (
	maxNameLen  = 200
	maxEmailLen = 320 // RFC 5321's limit on a forward path
	maxRating   = 5
)
