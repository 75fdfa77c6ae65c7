package shoptest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
	"github.com/forge-framework/forge/runtime/dbx"
)

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   db.ProductCreate
		want map[string]string
	}{
		{"required", db.ProductCreate{}, map[string]string{"name": "is required"}},
		{"max length in characters", db.ProductCreate{Name: strings.Repeat("é", 201)}, map[string]string{"name": "must be at most 200 characters"}},
		{"at max length", db.ProductCreate{Name: strings.Repeat("é", 200)}, nil},
		{"min", db.ProductCreate{Name: "x", PriceCents: -1}, map[string]string{"price_cents": "must be at least 0"}},
		{"float bounds", db.ProductCreate{Name: "x", Rating: ptr(5.01)}, map[string]string{"rating": "must be at most 5"}},
		{"float at bound", db.ProductCreate{Name: "x", Rating: ptr(5.0)}, nil},
		{"enum", db.ProductCreate{Name: "x", Status: ptr(db.ProductStatus("sold"))}, map[string]string{"status": "must be one of draft, published, archived"}},
		{"json", db.ProductCreate{Name: "x", Attributes: json.RawMessage(`{"a":`)}, map[string]string{"attributes": "must be valid JSON"}},
		{"json jsonb refuses", db.ProductCreate{Name: "x", Attributes: json.RawMessage(`{"a": "\u0000"}`)}, map[string]string{"attributes": dbx.MsgNUL}},
		{"NUL in text", db.ProductCreate{Name: "a\x00", Description: ptr("\x00"), InternalNotes: ptr("b\x00")}, map[string]string{"name": dbx.MsgNUL, "description": dbx.MsgNUL, "internal_notes": dbx.MsgNUL}},
		{"text not UTF-8", db.ProductCreate{Name: "\xff"}, map[string]string{"name": dbx.MsgInvalidUTF8}},
		{"decimal syntax", db.ProductCreate{Name: "x", WeightKg: ptr("1e3")}, map[string]string{"weight_kg": "must be a decimal number"}},
		{"decimal not a number", db.ProductCreate{Name: "x", WeightKg: ptr("NaN")}, map[string]string{"weight_kg": "must be a decimal number"}},
		{"decimal min", db.ProductCreate{Name: "x", WeightKg: ptr("-0.000000000000000000001")}, map[string]string{"weight_kg": "must be at least 0"}},
		{"decimal ok", db.ProductCreate{Name: "x", WeightKg: ptr("0.000")}, nil},
		{"bytes", db.ProductCreate{Name: "x", Thumbnail: make([]byte, 1<<20+1)}, map[string]string{"thumbnail": "must be at most 1048576 bytes"}},
		{"all at once", db.ProductCreate{PriceCents: -5, Rating: ptr(-1.0)}, map[string]string{"name": "is required", "price_cents": "must be at least 0", "rating": "must be at least 0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.in.Validate()
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			requireValidation(t, err, tc.want)
		})
	}

	for _, tc := range []struct {
		name string
		in   db.CustomerCreate
		want map[string]string
	}{
		{"pattern", db.CustomerCreate{Email: "not an email", Name: "Ann"}, map[string]string{"email": `must match ^[^@\s]+@[^@\s]+$`}},
		{"NUL passes the pattern, not the text check", db.CustomerCreate{Email: "a\x00@b.c", Name: "Ann"}, map[string]string{"email": dbx.MsgNUL}},
		{"required strings", db.CustomerCreate{}, map[string]string{"email": "is required", "name": "is required"}},
		{"invalid date", db.CustomerCreate{Email: "a@b", Name: "Ann", BirthDate: &db.Date{Year: 2001, Month: 2, Day: 29}}, map[string]string{"birth_date": "must be a real date"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireValidation(t, tc.in.Validate(), tc.want)
		})
	}

	for _, tc := range []struct {
		name string
		in   db.OrderCreate
		want map[string]string
	}{
		{"required uuid", db.OrderCreate{Number: "A-1"}, map[string]string{"customer_id": "is required"}},
		{"decimal max", db.OrderCreate{Number: "A-1", CustomerID: uuid.New(), TaxRate: ptr("1.0001")}, map[string]string{"tax_rate": "must be at most 1"}},
		{"required with a default may be left out, not emptied", db.OrderCreate{Number: "A-1", CustomerID: uuid.New(), State: ptr(db.OrderState(""))}, map[string]string{"state": "is required"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireValidation(t, tc.in.Validate(), tc.want)
		})
	}
}

func TestValidationErrorMessage(t *testing.T) {
	t.Parallel()
	err := db.ProductCreate{PriceCents: -5}.Validate()
	require.EqualError(t, err, "invalid input: name: is required; price_cents: must be at least 0")
}

func TestCreateValidatesBeforeWriting(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	_, err := s.q.CreateProduct(ctx, db.ProductCreate{Name: "x", Status: ptr(db.ProductStatus("sold"))})
	requireValidation(t, err, map[string]string{"status": "must be one of draft, published, archived"})
	_, err = s.q.CreateCustomer(ctx, db.CustomerCreate{Email: "nope", Name: "Ann"})
	requireValidation(t, err, map[string]string{"email": `must match ^[^@\s]+@[^@\s]+$`})

	var n int
	require.NoError(t, s.pool.QueryRow(ctx, "SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM customers)").Scan(&n))
	require.Zero(t, n)
}

func TestCheckConstraintViolationIsAValidationError(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	// Validate stops bad enum values first; a CHECK added by a newer
	// migration (a value dropped from the enum) is reported the same way.
	_, err := s.pool.Exec(ctx, "ALTER TABLE products DROP CONSTRAINT products_status_check, ADD CONSTRAINT products_status_check CHECK (status IN ('draft', 'published'))")
	require.NoError(t, err)
	_, err = s.q.CreateProduct(ctx, db.ProductCreate{Name: "x", Status: ptr(db.ProductStatusArchived)})
	requireValidation(t, err, map[string]string{"status": "must be one of draft, published, archived"})
}
