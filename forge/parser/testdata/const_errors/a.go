package schema

import "github.com/forge-framework/forge/forge/schema"

const (
	zero     = 0
	loop     = loop + 1
	huge     = 1 << 1000
	tooFar   = 1 << 600
	notConst = 2i
)

var Product = schema.Define("Product",
	schema.Int("A").Max(1/zero),
	schema.Int("B").Max(loop),
	schema.BigInt("C").Max(huge),
	schema.Int("D").Max(tooFar),
	schema.Int("E").Max(notConst),
	schema.Int("F").Max("x"+1),
	schema.String("G").MaxLen(true),
	schema.Float("H").Max(1e400),
)

// Each constant squares the one before: without go/types' 512-bit limit
// this would run for ever.
const (
	sq0 = 1 << 500
	sq1 = sq0 * sq0
	sq2 = sq1 * sq1
	sq3 = sq2 * sq2
)

var Squares = schema.Define("Squares", schema.BigInt("A").Max(sq3))

// A float literal far outside float64: rejected before any big-number work.
var Tiny = schema.Define("Tiny", schema.Decimal("A").Default(1e-1000000))
