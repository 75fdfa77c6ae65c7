package schema

import . "github.com/forge-framework/forge/forge/schema"

var Tag = Define("Tag",
	String("Label").Required().Unique(),
	Enum("Color", "red", "green", "blue").Default("red"),
	WithTimestamps(),
	WithHooks(Hooks{AfterUpdate: []JobRef{{Kind: "tag_renamed", Queue: "low-priority"}}}),
)
