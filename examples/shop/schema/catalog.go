package schema

import "github.com/forge-framework/forge/forge/schema"

// Category groups products.
var Category = schema.Define("Category",
	schema.String("Name").Required().MaxLen(maxNameLen),
	schema.String("Slug").Required().MaxLen(maxNameLen).Pattern(`^[a-z0-9]+(-[a-z0-9]+)*$`).Unique(),
	schema.Int("Position").Default(0).Min(0),
	schema.HasMany("Product"),
	schema.WithTimestamps(),
)

// Product is something the shop sells.
var Product = schema.Define("Product",
	schema.String("Name").Required().MaxLen(maxNameLen),
	schema.Text("Description"),
	schema.Int("PriceCents").Required().Min(0),
	schema.Float("Rating").Min(0).Max(maxRating),
	schema.Bool("Active").Default(true),
	schema.Time("PublishedAt"),
	schema.UUID("ExternalID").Unique(),
	schema.Enum("Status", "draft", "published", "archived").Default("draft"),
	schema.JSON("Attributes").Default("{}"),
	schema.Decimal("WeightKg").Precision(8, 3).Min(0), // to the gram, up to 99999.999 kg
	schema.Bytes("Thumbnail").MaxLen(1<<20),
	schema.String("InternalNotes").Sensitive(),
	schema.BelongsTo("Category"),
	schema.HasMany("Review"),
	schema.Index("Status"), // with id last: a list by status reads it in keyset order
	schema.Index("PublishedAt"),
	schema.UniqueIndex("Name", "Category"),
	schema.WithTimestamps(),
	schema.WithSoftDelete(),
	schema.WithHooks(schema.Hooks{
		AfterCreate: []schema.JobRef{{Kind: "product_created", Queue: "default"}},
		AfterUpdate: []schema.JobRef{{Kind: "product_updated", Queue: "mail"}},
	}),
)

// Review is a customer's rating of a product. Products are shared by every
// tenant; reviews, like the customers who write them, belong to one.
var Review = schema.Define("Review",
	schema.Int("Stars").Required().Min(1).Max(maxRating),
	schema.Text("Body").MaxLen(10000),
	schema.BelongsTo("Product").Required(),
	schema.BelongsTo("Customer").Required(),
	schema.UniqueIndex("Product", "Customer"),
	schema.WithTenant(), // a tenant's customers review the shared catalogue
	schema.WithTimestamps(),
)
