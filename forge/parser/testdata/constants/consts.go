package schema

// Constants in any file of the package, in blocks with iota and implicit
// repetition, typed or untyped, and constant expressions.
const (
	KiB = 1 << (10 * (iota + 1))
	MiB
)

const (
	prefix        = "acct"
	kindCreated   = prefix + "_created"
	maxName int   = 100
	minBalance    = -1_000_00
	maxBalance    = 1e7
	ratio         = 3.0 / 4
	defaultStatus = "open"
	enabled       = !false
	queue         = "billing"
)
