package schema

import s "github.com/forge-framework/forge/forge/schema"

var Author = s.Define("Author",
	s.String("Name").Required().MaxLen(100),
	s.String("Email").Required().Unique(),
	s.HasMany("Book"),
	s.WithTenant(),
	s.WithTimestamps(),
)

var Shelf = s.Define("Shelf",
	s.String("Label").Required(),
	s.Int("Order").Default(0),
	s.HasMany("Book"),
)

var Book = s.Define("Book",
	s.String("Title").Required().MaxLen(200),
	s.Text("Blurb"),
	s.Enum("Status", "draft", "published", "in_stock").Default("draft"),
	s.BigInt("Pages").Default(0),
	s.Float("Rating").Default(2.5),
	s.Decimal("Price").Default("9.99"),
	s.Bool("Featured").Default(false),
	s.Time("AddedAt").Default("now"),
	s.Time("Embargo").Default("2024-01-02T15:04:05Z"),
	s.Date("Released").Default("now"),
	s.UUID("ISBNRef").Unique(),
	s.JSON("Meta").Default("{}"),
	s.Bytes("Cover"),
	s.BelongsTo("Author").Required(),
	s.BelongsTo("Shelf"),
	s.Index("Status", "Released"),
	s.UniqueIndex("Title", "Author"),
	s.WithTenant(),
	s.WithTimestamps(),
	s.WithSoftDelete(),
)
