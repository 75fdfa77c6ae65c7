package schema

import s "github.com/forge-framework/forge/forge/schema"

// Name is now Title and Status is State, renamed with their unique index,
// enum CHECK and index; Title is also widened, which the diff does after
// the rename.
var Item = s.Define("Item",
	s.String("Title").Required().MaxLen(120).Unique().RenamedFrom("Name"),
	s.Enum("State", "draft", "live").Default("draft").RenamedFrom("Status"),
	s.Int("Count"),
	s.Index("State", "Count"),
	s.WithTenant(),
	s.WithSoftDelete(),
)
