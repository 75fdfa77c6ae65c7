package ir

import (
	"strings"
	"testing"
)

func TestNames(t *testing.T) {
	tests := []struct {
		in                   string
		snake, plural, table string
		route                string
	}{
		{"Product", "product", "Products", "products", "products"},
		{"OrderItem", "order_item", "OrderItems", "order_items", "order-items"},
		{"Category", "category", "Categories", "categories", "categories"},
		{"Person", "person", "People", "people", "people"},
		{"APIKey", "api_key", "APIKeys", "api_keys", "api-keys"},
		{"SKU", "sku", "SKUs", "skus", "skus"},
		{"Address", "address", "Addresses", "addresses", "addresses"},
		{"Day", "day", "Days", "days", "days"},
		{"Box", "box", "Boxes", "boxes", "boxes"},
		{"Batch", "batch", "Batches", "batches", "batches"},
		{"Metadata", "metadata", "Metadata", "metadata", "metadata"},
		{"ShelfLeaf", "shelf_leaf", "ShelfLeaves", "shelf_leaves", "shelf-leaves"},
		{"HTTPLog", "http_log", "HTTPLogs", "http_logs", "http-logs"},
		{"AddressLine2", "address_line2", "AddressLine2s", "address_line2s", "address-line2s"},
	}
	for _, tt := range tests {
		if got := Snake(tt.in); got != tt.snake {
			t.Errorf("Snake(%q) = %q, want %q", tt.in, got, tt.snake)
		}
		if got := Plural(tt.in); got != tt.plural {
			t.Errorf("Plural(%q) = %q, want %q", tt.in, got, tt.plural)
		}
		if got := TableName(tt.in); got != tt.table {
			t.Errorf("TableName(%q) = %q, want %q", tt.in, got, tt.table)
		}
		if got := RouteSegment(tt.in); got != tt.route {
			t.Errorf("RouteSegment(%q) = %q, want %q", tt.in, got, tt.route)
		}
	}
}

func TestCamel(t *testing.T) {
	for in, want := range map[string]string{
		"product_created": "ProductCreated", "api_key": "APIKey", "order_id": "OrderID",
		"x_large": "XLarge", "v2": "V2", "in_stock": "InStock",
	} {
		if got := Camel(in); got != want {
			t.Errorf("Camel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIndexName(t *testing.T) {
	if got := IndexName("products", []string{"status", "published_at"}, false); got != "products_status_published_at_idx" {
		t.Errorf("got %q", got)
	}
	if got := IndexName("products", []string{"external_id"}, true); got != "products_external_id_key" {
		t.Errorf("got %q", got)
	}
	long := []string{"carrier_reference_number", "destination_warehouse_code", "occurred_at"}
	a := IndexName("shipment_tracking_events", long, true)
	b := IndexName("shipment_tracking_events", append(long[:2:2], "received_at"), true)
	if len(a) > 63 || len(b) > 63 || a == b || !strings.HasSuffix(a, "_key") {
		t.Errorf("long names must be ≤ 63 bytes, distinct, keep the suffix: %q, %q", a, b)
	}
}

func TestObjectName(t *testing.T) {
	if got := ObjectName("products", nil, "pkey"); got != "products_pkey" {
		t.Errorf("got %q", got)
	}
	if got := ObjectName("order_items", []string{"order_id"}, "fkey"); got != "order_items_order_id_fkey" {
		t.Errorf("got %q", got)
	}
	table := "international_shipment_consolidation_records"
	a := ObjectName(table, []string{"customs_declaration_reference_number"}, "fkey")
	b := ObjectName(table, []string{"customs_declaration_reference_number"}, "check")
	if len(a) != 63 || len(b) != 63 || a == b || !strings.HasSuffix(a, "_fkey") || !strings.HasSuffix(b, "_check") || !strings.HasPrefix(a, table) {
		t.Errorf("long names must be 63 bytes, distinct, keep the table and suffix: %q, %q", a, b)
	}
	if again := ObjectName(table, []string{"customs_declaration_reference_number"}, "fkey"); again != a {
		t.Errorf("not deterministic: %q, then %q", a, again)
	}
}

func TestGoNames(t *testing.T) {
	for in, want := range map[string]string{
		"OrderItem": "orderItem", "URLAlias": "urlAlias", "SKU": "sku", "ID": "id", "Product": "product", "A": "a", "x": "x",
	} {
		if got := LowerCamel(in); got != want {
			t.Errorf("LowerCamel(%q) = %q, want %q", in, got, want)
		}
	}
	if got := ForeignKeyField("Category"); got != "CategoryID" {
		t.Errorf("ForeignKeyField = %q", got)
	}
	if got := ForeignKeyColumn("OrderItem"); got != "order_item_id" {
		t.Errorf("ForeignKeyColumn = %q", got)
	}
	if got := EnumValueName(EnumTypeName("Product", "Status"), "in_stock"); got != "ProductStatusInStock" {
		t.Errorf("EnumValueName = %q", got)
	}
	if got := JobArgs("product_created"); got != "ProductCreatedArgs" || JobName("product_created") != "ProductCreated" {
		t.Errorf("JobArgs = %q", got)
	}
	if got := FileName("OrderItem"); got != "order_item" {
		t.Errorf("FileName = %q", got)
	}
}

func TestIsDecimal(t *testing.T) {
	for s, want := range map[string]bool{
		"19.99": true, "-1": true, "+.5": true, "2.": true, "0": true,
		"": false, ".": false, "1e9": false, "1.2.3": false, "0x10": false, " 1": false, "1; drop table x": false,
	} {
		if got := IsDecimal(s); got != want {
			t.Errorf("IsDecimal(%q) = %v, want %v", s, got, want)
		}
	}
}
