package schema

import (
	"strings"

	"github.com/forge-framework/forge/forge/schema"
)

var name = "Product"

var items = []schema.SchemaItem{schema.String("Name")}

var nameField = schema.String("Title")

var Product = schema.Define(name,
	schema.String(strings.ToUpper("sku")),
	schema.Int("Stock").Max(int(10)),
	schema.String("Label").MaxLen(len("abc")),
	nameField,
	schema.Int("Count").Min(math.MaxInt8),
)

var Spread = schema.Define("Spread", items...)
