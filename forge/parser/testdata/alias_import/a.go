package models

import s "github.com/forge-framework/forge/forge/schema"

var Author = s.Define("Author",
	s.String("Name").Required(),
	s.HasMany("Post"),
)

var Post = s.Define("Post",
	s.String("Title").Required().MinLen(1).MaxLen(120),
	s.BelongsTo("Author").Required(),
	s.WithHooks(s.Hooks{AfterCreate: []s.JobRef{s.JobRef{Kind: "post_published"}}}),
)
