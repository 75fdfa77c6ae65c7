package schema

import s "github.com/forge-framework/forge/forge/schema"

var Author = s.Define("Author",
	s.String("Name").Required(),
	s.WithTenant(),
)

var Shelf = s.Define("Shelf",
	s.String("Label").Required(),
	s.HasMany("Book"),
)

var Book = s.Define("Book",
	s.String("Title").Required(),
	s.BelongsTo("Shelf"),
	s.WithTenant(),
)
