package schema

import "github.com/forge-framework/forge/forge/schema"

var Product = schema.Define("Product",
	schema.String("Name").Required().MaxLen(200),
	schema.Text("Description"),
	schema.Int("PriceCents").Required().Min(0),
	schema.Float("Rating").Min(0).Max(5),
	schema.Bool("Active").Default(true),
	schema.Time("PublishedAt"),
	schema.UUID("ExternalID").Unique(),
	schema.Enum("Status", "draft", "published", "archived").Default("draft"),
	schema.JSON("Attributes"),
	schema.BelongsTo("Category"),          // category_id, foreign key, optional unless .Required()
	schema.HasMany("Review"),
	schema.Index("Status", "PublishedAt"),
	schema.UniqueIndex("Name", "Category"),
	schema.WithTenant(),                   // tenant_id column; every query scoped to the caller's tenant
	schema.WithTimestamps(),               // created_at, updated_at
	schema.WithSoftDelete(),               // deleted_at; deletes hide rows
	schema.WithHooks(schema.Hooks{
		AfterCreate: []schema.JobRef{{Kind: "product_created", Queue: "default"}},
		AfterUpdate: []schema.JobRef{{Kind: "product_updated", Queue: "mail"}},
	}),
)
