package schema_test

import (
	"fmt"

	"github.com/forge-framework/forge/forge/schema"
)

// The values a schema file builds can be inspected, although Forge itself
// reads the file's syntax and never runs it.
func ExampleDefine() {
	product := schema.Define("Product",
		schema.String("Name").Required().MaxLen(200),
		schema.Enum("Status", "draft", "published").Default("draft"),
		schema.BelongsTo("Category").Required(),
		schema.WithHooks(schema.Hooks{
			AfterCreate: []schema.JobRef{{Kind: "product_created"}},
		}),
	)
	fmt.Println(product.Name())
	for _, item := range product.Items() {
		switch it := item.(type) {
		case schema.Field:
			fmt.Println(it.Name(), it.Type(), it.EnumValues(), it.Modifiers())
		case *schema.BelongsToRelation:
			fmt.Println("belongs to", it.Target())
		case *schema.HooksItem:
			fmt.Println("after create", it.Hooks.AfterCreate[0].Kind)
		}
	}
	// Output:
	// Product
	// Name string [] [{Required true} {MaxLen 200}]
	// Status enum [draft published] [{Default draft}]
	// belongs to Category
	// after create product_created
}
