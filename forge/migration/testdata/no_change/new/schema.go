package schema

import s "github.com/forge-framework/forge/forge/schema"

// Only what the database cannot see changes: a pattern, immutability, a
// sensitive flag, a hook.
var Item = s.Define("Item",
	s.String("Name").Required().MaxLen(50).Pattern("^[a-z]+$").Immutable().Sensitive(),
	s.WithHooks(s.Hooks{AfterCreate: []s.JobRef{{Kind: "item_created"}}}),
)
