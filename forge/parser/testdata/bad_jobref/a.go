package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.String("Name"),
	schema.WithHooks(schema.Hooks{
		AfterCreate: []schema.JobRef{
			{Kind: ""},
			{Queue: "mail"},
			{Kind: "ProductCreated"},
			{Kind: "product_created", Queue: "Mail Queue"},
			{Kind: "shared_kind"},
		},
		AfterUpdate: []schema.JobRef{{"product_updated", "mail"}},
	}),
)

var Order = schema.Define("Order",
	schema.String("Number"),
	schema.WithHooks(schema.Hooks{AfterCreate: []schema.JobRef{{Kind: "shared_kind"}}}),
)
