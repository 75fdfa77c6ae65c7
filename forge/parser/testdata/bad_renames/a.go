package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.RenamedFrom("Product"),
	schema.String("Title").RenamedFrom("Name"),
	schema.String("Name"),
	schema.String("Label").RenamedFrom("Label"),
	schema.String("Caption").RenamedFrom("lower_case"),
	schema.String("Heading").RenamedFrom("CreatedAt"),
	schema.String("Subtitle").RenamedFrom("Blurb"),
	schema.String("Strapline").RenamedFrom("Blurb"),
	schema.Int("Count").RenamedFrom(3),
)

var Order = schema.Define("Order",
	schema.RenamedFrom("Product"),
	schema.RenamedFrom("Purchase"),
)

var Invoice = schema.Define("Invoice",
	schema.RenamedFrom("Bill").RenamedFrom("Check"),
	schema.RenamedFrom("bills"),
)

var Receipt = schema.Define("Receipt",
	schema.RenamedFrom("Ticket"),
)

var Voucher = schema.Define("Voucher",
	schema.RenamedFrom("Ticket"),
)
