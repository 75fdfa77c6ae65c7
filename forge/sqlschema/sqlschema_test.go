package sqlschema

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/runtime/auth"
)

func intp(n int) *int { return &n }

// shop is a small IR: a tenant Order belonging to a tenant Customer and a
// shared Product, with an enum, defaults and every kind of index.
func shop() *ir.Schema {
	return &ir.Schema{Version: ir.Version, Resources: []ir.Resource{
		{Name: "Customer", Table: "customers", Options: ir.Options{Tenant: true}},
		{
			Name: "Order", Table: "orders",
			Fields: []ir.Field{
				{Name: "Number", Column: "number", Type: ir.String, MaxLen: intp(32), Required: true},
				{Name: "State", Column: "state", Type: ir.Enum, Required: true, Default: json.RawMessage(`"pending"`),
					Enum: &ir.EnumType{Type: "OrderState", Values: []ir.EnumValue{{Value: "pending"}, {Value: "it's paid"}}}},
				{Name: "TaxRate", Column: "tax_rate", Type: ir.Decimal, Precision: 5, Scale: 4, Default: json.RawMessage(`"0.20"`)},
				{Name: "Gift", Column: "gift", Type: ir.Bool, Default: json.RawMessage(`false`)},
				{Name: "PlacedAt", Column: "placed_at", Type: ir.Time, Default: json.RawMessage(`"now"`)},
				{Name: "CustomerID", Column: "customer_id", Type: ir.UUID, Relation: "Customer", Required: true},
				{Name: "ProductID", Column: "product_id", Type: ir.UUID, Relation: "Product"},
			},
			Relations: []ir.Relation{
				{Kind: ir.BelongsTo, Name: "Customer", Target: "Customer", Field: "CustomerID", Column: "customer_id", Required: true},
				{Kind: ir.BelongsTo, Name: "Product", Target: "Product", Field: "ProductID", Column: "product_id"},
			},
			Indexes: []ir.Index{
				{Name: "orders_customer_id_idx", Fields: []string{"CustomerID"}, Columns: []string{"tenant_id", "customer_id"}},
				{Name: "orders_number_key", Unique: true, Fields: []string{"Number"}, Columns: []string{"tenant_id", "number"}},
				{Name: "orders_product_id_idx", Fields: []string{"ProductID"}, Columns: []string{"tenant_id", "product_id"}},
				{Name: "orders_state_idx", Fields: []string{"State"}, Columns: []string{"tenant_id", "state"}},
			},
			Options: ir.Options{Tenant: true, Timestamps: true, SoftDelete: true},
		},
		{Name: "Product", Table: "products"},
	}}
}

func TestTableOf(t *testing.T) {
	tables, err := Of(shop())
	if err != nil {
		t.Fatal(err)
	}
	orders := tables[1]
	if orders.Resource != "Order" || orders.Name != "orders" || orders.QName != "orders" {
		t.Fatalf("table %q %q %q", orders.Resource, orders.Name, orders.QName)
	}
	var cols []string
	for _, c := range orders.Columns {
		s := c.Name + " " + c.Type.String()
		if c.NotNull {
			s += " NOT NULL"
		}
		if c.Default != "" {
			s += " DEFAULT " + c.Default
		}
		if (c.Field == nil) != slices.Contains(ir.ReservedColumns, c.Name) {
			t.Errorf("column %s: Field %v", c.Name, c.Field)
		}
		cols = append(cols, s)
	}
	want := []string{
		"id uuid NOT NULL",
		"tenant_id text NOT NULL",
		"number varchar(32) NOT NULL",
		"state text NOT NULL DEFAULT 'pending'",
		"tax_rate numeric(5,4) DEFAULT 0.20",
		"gift boolean DEFAULT false",
		"placed_at timestamptz DEFAULT now()",
		"customer_id uuid NOT NULL",
		"product_id uuid",
		"created_at timestamptz NOT NULL DEFAULT now()",
		"updated_at timestamptz NOT NULL DEFAULT now()",
		"deleted_at timestamptz",
	}
	if got := strings.Join(cols, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("columns:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}

	var cons []string
	for _, c := range orders.Constraints {
		cons = append(cons, c.Name+" "+c.SQL())
	}
	wantCons := []string{
		"orders_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)",
		"orders_pkey PRIMARY KEY (id)",
		"orders_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id)", // Product is shared
		"orders_state_check CHECK (state IN ('pending', 'it''s paid'))",
		"orders_tenant_id_id_key UNIQUE (tenant_id, id)",
	}
	if got := strings.Join(cons, "\n"); got != strings.Join(wantCons, "\n") {
		t.Errorf("constraints:\n%s\nwant:\n%s", got, strings.Join(wantCons, "\n"))
	}
	if c := orders.Check("state"); c == nil || c.Name != "orders_state_check" || orders.Check("number") != nil {
		t.Errorf("Check(state) = %+v", c)
	}

	var ixs []string
	for _, ix := range orders.Indexes {
		ixs = append(ixs, ix.Name+" "+strings.Join(ix.Columns, ","))
	}
	// Plain indexes end with the keyset's tie-breaker; a unique one is
	// left as declared (one row per key: there is nothing to order).
	wantIxs := []string{
		"orders_customer_id_idx tenant_id,customer_id,id",
		"orders_number_key tenant_id,number",
		"orders_product_id_idx tenant_id,product_id,id",
		"orders_state_idx tenant_id,state,id",
	}
	if got := strings.Join(ixs, "\n"); got != strings.Join(wantIxs, "\n") {
		t.Errorf("indexes:\n%s\nwant:\n%s", got, strings.Join(wantIxs, "\n"))
	}
	if ix := shop().Resources[1].Indexes[3]; len(ix.Columns) != 2 {
		t.Errorf("the IR's index columns were changed: %v", ix.Columns)
	}

	products := tables[2]
	if len(products.Columns) != 1 || len(products.Constraints) != 1 || products.Constraints[0].Name != "products_pkey" {
		t.Errorf("a bare table has id and its primary key: %+v %+v", products.Columns, products.Constraints)
	}
}

// TestDecimalType checks a Decimal's column type: numeric(p,s) as data, and
// numeric without limits for a field of IR version 1, which had none.
func TestDecimalType(t *testing.T) {
	for _, tc := range []struct {
		field ir.Field
		want  Type
		ddl   string
	}{
		{ir.Field{Type: ir.Decimal, Precision: 18, Scale: 2}, Type{Name: Numeric, Precision: 18, Scale: 2}, "numeric(18,2)"},
		{ir.Field{Type: ir.Decimal, Precision: 1000, Scale: 0}, Type{Name: Numeric, Precision: 1000}, "numeric(1000,0)"},
		{ir.Field{Type: ir.Decimal}, Type{Name: Numeric}, "numeric"},
	} {
		got, err := TypeOf(&tc.field)
		if err != nil || got != tc.want || got.String() != tc.ddl {
			t.Errorf("TypeOf(%+v) = %+v (%s), %v; want %+v (%s)", tc.field, got, got, err, tc.want, tc.ddl)
		}
	}
}

func TestLongNamesAreShortened(t *testing.T) {
	s := &ir.Schema{Version: ir.Version, Resources: []ir.Resource{{
		Name: "InternationalShipmentConsolidationRecord", Table: "international_shipment_consolidation_records",
		Fields: []ir.Field{{Name: "CustomsClearanceProcessingStatus", Column: "customs_clearance_processing_status", Type: ir.Enum,
			Enum: &ir.EnumType{Values: []ir.EnumValue{{Value: "pending"}}}}},
		Options: ir.Options{Tenant: true},
	}}}
	tables, err := Of(s)
	if err != nil {
		t.Fatal(err)
	}
	check := tables[0].Check("customs_clearance_processing_status")
	if check == nil || len(check.Name) != 63 || !strings.HasSuffix(check.Name, "_check") {
		t.Errorf("check %+v: want a name shortened to 63 bytes", check)
	}
	for _, c := range tables[0].Constraints {
		if len(c.Name) > 63 {
			t.Errorf("%s is %d bytes", c.Name, len(c.Name))
		}
	}
}

func TestTypeString(t *testing.T) {
	for typ, want := range map[Type]string{
		{Name: Varchar, Length: 200}: "varchar(200)",
		{Name: Text}:                 "text",
		{Name: DoublePrecision}:      "double precision",
		{Name: Timestamptz}:          "timestamptz",
	} {
		if got := typ.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", typ, got, want)
		}
	}
	if (Type{Name: Varchar, Length: 200}) == (Type{Name: Varchar, Length: 100}) {
		t.Error("types of different lengths are equal")
	}
}

func TestQuoting(t *testing.T) {
	if got := QuoteIdents([]string{"tenant_id", "order", "Mixed"}); got != `tenant_id, "order", "Mixed"` {
		t.Errorf("QuoteIdents = %s", got)
	}
	if got := Literal("it's"); got != `'it''s'` {
		t.Errorf("Literal = %s", got)
	}
}

func TestErrors(t *testing.T) {
	for name, tt := range map[string]struct {
		mutate func(*ir.Schema)
		want   string
	}{
		"two resources, one table": {func(s *ir.Schema) { s.Resources[2].Table = "customers" }, "both use table customers"},
		"unknown target":           {func(s *ir.Schema) { s.Resources[1].Relations[1].Target = "Nope" }, "no resource Nope"},
		"unknown type":             {func(s *ir.Schema) { s.Resources[1].Fields[0].Type = "money" }, `unknown field type "money"`},
		"enum without values":      {func(s *ir.Schema) { s.Resources[1].Fields[1].Enum.Values = nil }, "enum without values"},
		"bad decimal default":      {func(s *ir.Schema) { s.Resources[1].Fields[2].Default = json.RawMessage(`"1; drop table x"`) }, "is not a decimal"},
		"bad int default": {func(s *ir.Schema) {
			s.Resources[1].Fields[3].Type = ir.Int
			s.Resources[1].Fields[3].Default = json.RawMessage(`"x"`)
		}, "is not a int"},
		"index named like a constraint": {func(s *ir.Schema) { s.Resources[1].Indexes[0].Name = "orders_pkey" }, "two indexes or constraints named orders_pkey"},
	} {
		s := shop()
		tt.mutate(s)
		if _, err := Of(s); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tt.want)
		}
	}
}

func TestIndexedLimit(t *testing.T) {
	s := &ir.Schema{Resources: []ir.Resource{{
		Name: "Note", Table: "notes", Options: ir.Options{Tenant: true},
		Fields: []ir.Field{
			{Name: "Title", Column: "title", Type: ir.String},
			{Name: "Body", Column: "body", Type: ir.Text},
			{Name: "Tag", Column: "tag", Type: ir.String, MaxLen: intp(20)},
			{Name: "Long", Column: "long", Type: ir.String, MaxLen: intp(1000)},
			{Name: "Key", Column: "key", Type: ir.Bytes, MaxLen: intp(2000)},
			{Name: "Count", Column: "count", Type: ir.Int},
		},
		Indexes: []ir.Index{
			{Name: "notes_tenant_id_title_key", Unique: true, Columns: []string{"tenant_id", "title"}},
			{Name: "notes_tenant_id_tag_long_idx", Columns: []string{"tenant_id", "tag", "long"}},
			{Name: "notes_tenant_id_key_key", Unique: true, Columns: []string{"tenant_id", "key"}},
			{Name: "notes_tenant_id_count_idx", Columns: []string{"tenant_id", "count"}},
		},
	}}}
	table, err := TableOf(s, &s.Resources[0])
	if err != nil {
		t.Fatal(err)
	}
	room := MaxIndexEntry - IndexReserve
	for column, want := range map[string]int{
		"title": room,     // alone in its index
		"body":  0,        // in no index
		"tag":   0,        // 20 characters are at most 80 bytes
		"long":  room / 2, // 1000 characters may be 4000 bytes; it shares its index with tag
		"key":   0,        // 2000 bytes fit alone
		"count": 0,        // not text
		"nope":  0,
	} {
		if got := table.IndexedLimit(column); got != want {
			t.Errorf("IndexedLimit(%q) = %d, want %d", column, got, want)
		}
	}
}

// IndexReserve leaves room for the longest tenant id a token may carry.
func TestIndexReserveHoldsATenantID(t *testing.T) {
	if min := 64 + 16 + 4 + auth.MaxIDLen; IndexReserve < min {
		t.Errorf("IndexReserve = %d, want at least %d (auth.MaxIDLen %d)", IndexReserve, min, auth.MaxIDLen)
	}
}
