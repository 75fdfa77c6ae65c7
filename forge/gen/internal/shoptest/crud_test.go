package shoptest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
)

func TestEveryFieldTypeRoundTrips(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	category, err := s.f.Category(ctx)
	require.NoError(t, err)
	published := time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.UTC)
	external := uuid.New()
	in := db.ProductCreate{
		Name:          "Sencha — 緑茶", // multi-byte: MaxLen counts characters
		Description:   ptr("Steamed green tea."),
		PriceCents:    1250,
		Rating:        ptr(4.5),
		Active:        ptr(false),
		PublishedAt:   &published,
		ExternalID:    &external,
		Status:        ptr(db.ProductStatusPublished),
		Attributes:    json.RawMessage(`{"origin":"Shizuoka","grades":[1,2]}`),
		WeightKg:      ptr("0.250"),
		Thumbnail:     []byte{0, 1, 2, 0xff},
		InternalNotes: ptr("supplier: Ito"),
		CategoryID:    &category.ID,
	}
	created, err := s.q.CreateProduct(ctx, in)
	require.NoError(t, err)
	require.Equal(t, uuid.Version(7), created.ID.Version(), "ids are UUIDv7")
	require.WithinDuration(t, time.Now(), created.CreatedAt, time.Minute)
	require.Equal(t, created.CreatedAt, created.UpdatedAt)
	require.Nil(t, created.DeletedAt)

	got, err := s.q.GetProduct(ctx, created.ID)
	require.NoError(t, err)
	require.Equal(t, created, got, "Create returns the row Get reads")
	require.Equal(t, in.Name, got.Name)
	require.Equal(t, in.Description, got.Description)
	require.Equal(t, in.PriceCents, got.PriceCents)
	require.Equal(t, in.Rating, got.Rating)
	require.Equal(t, in.Active, got.Active)
	require.True(t, published.Equal(*got.PublishedAt), "timestamptz keeps microseconds: %v", got.PublishedAt)
	require.Equal(t, in.ExternalID, got.ExternalID)
	require.Equal(t, in.Status, got.Status)
	require.JSONEq(t, string(in.Attributes), string(got.Attributes))
	require.Equal(t, "0.250", *got.WeightKg, "numeric keeps its digits exactly")
	require.Equal(t, in.Thumbnail, got.Thumbnail)
	require.Equal(t, in.InternalNotes, got.InternalNotes)
	require.Equal(t, in.CategoryID, got.CategoryID)

	// Sensitive fields and the soft-delete column stay out of JSON.
	b, err := json.Marshal(got)
	require.NoError(t, err)
	var asJSON map[string]any
	require.NoError(t, json.Unmarshal(b, &asJSON))
	require.NotContains(t, asJSON, "internal_notes")
	require.NotContains(t, asJSON, "deleted_at")
	require.Equal(t, "published", asJSON["status"])
	require.Equal(t, "0.250", asJSON["weight_kg"])

	// Date, bigint and a tenant: a Customer and an Order.
	customer, err := s.q.CreateCustomer(ctx, db.CustomerCreate{
		Email:        "ann@example.com",
		Name:         "Ann",
		BirthDate:    &db.Date{Year: 1990, Month: time.February, Day: 28},
		PasswordHash: ptr("$argon2id$..."),
	})
	require.NoError(t, err)
	require.Equal(t, "acme", customer.TenantID)
	gotCustomer, err := s.q.GetCustomer(ctx, customer.ID)
	require.NoError(t, err)
	require.Equal(t, db.Date{Year: 1990, Month: time.February, Day: 28}, *gotCustomer.BirthDate)
	b, err = json.Marshal(gotCustomer)
	require.NoError(t, err)
	require.Contains(t, string(b), `"birth_date":"1990-02-28"`)
	require.NotContains(t, string(b), "password_hash")
	require.NotContains(t, string(b), "acme", "the tenant is not part of the JSON")

	placed := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
	order, err := s.q.CreateOrder(ctx, db.OrderCreate{
		Number:     "A-1",
		State:      ptr(db.OrderStatePaid),
		TotalCents: ptr(int64(1) << 40),
		TaxRate:    ptr("0.0750"),
		PlacedAt:   &placed,
		CustomerID: customer.ID,
	})
	require.NoError(t, err)
	require.Equal(t, int64(1)<<40, order.TotalCents)
	require.Equal(t, db.OrderStatePaid, order.State)
	require.Equal(t, "0.0750", *order.TaxRate)
	require.True(t, placed.Equal(*order.PlacedAt))
}

func TestNilInputsTakeDefaultsOrNull(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	product, err := s.q.CreateProduct(ctx, db.ProductCreate{Name: "Plain", PriceCents: 0})
	require.NoError(t, err)
	// The schema's defaults.
	require.Equal(t, ptr(true), product.Active)
	require.Equal(t, ptr(db.ProductStatusDraft), product.Status)
	require.JSONEq(t, `{}`, string(product.Attributes))
	// No default: NULL.
	require.Nil(t, product.Description)
	require.Nil(t, product.Rating)
	require.Nil(t, product.PublishedAt)
	require.Nil(t, product.ExternalID)
	require.Nil(t, product.WeightKg)
	require.Nil(t, product.Thumbnail)
	require.Nil(t, product.CategoryID)

	customer, err := s.f.Customer(ctx)
	require.NoError(t, err)
	require.Nil(t, customer.BirthDate)
	order, err := s.q.CreateOrder(ctx, db.OrderCreate{Number: "A-1", CustomerID: customer.ID})
	require.NoError(t, err)
	require.Equal(t, db.OrderStatePending, order.State)
	require.Equal(t, int64(0), order.TotalCents)
	require.Equal(t, ptr("0.2000"), order.TaxRate, "numeric(5,4)")
	require.WithinDuration(t, time.Now(), *order.PlacedAt, time.Minute, "DEFAULT now()")

	// Explicit values beat the defaults, zero values included.
	product, err = s.q.CreateProduct(ctx, db.ProductCreate{Name: "Zero", Active: ptr(false), Attributes: json.RawMessage(`[]`)})
	require.NoError(t, err)
	require.Equal(t, ptr(false), product.Active)
	require.JSONEq(t, `[]`, string(product.Attributes))
}

func TestGetUpdateDeleteOfAMissingRowIsNotFound(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	missing := uuid.Must(uuid.NewV7())

	_, err := s.q.GetCategory(ctx, missing)
	require.ErrorIs(t, err, db.ErrNotFound)
	_, _, err = s.q.UpdateCategory(ctx, missing, db.CategoryUpdate{Name: db.Set("x")})
	require.ErrorIs(t, err, db.ErrNotFound)
	_, _, err = s.q.UpdateCategory(ctx, missing, db.CategoryUpdate{})
	require.ErrorIs(t, err, db.ErrNotFound, "an empty update still reports a missing row")
	require.ErrorIs(t, s.q.DeleteCategory(ctx, missing), db.ErrNotFound)
	_, err = s.q.GetOrder(ctx, missing)
	require.ErrorIs(t, err, db.ErrNotFound)
	require.ErrorIs(t, s.q.DeleteOrder(ctx, missing), db.ErrNotFound)
}

func TestDelete(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	category, err := s.f.Category(ctx)
	require.NoError(t, err)
	require.NoError(t, s.q.DeleteCategory(ctx, category.ID))
	_, err = s.q.GetCategory(ctx, category.ID)
	require.ErrorIs(t, err, db.ErrNotFound)
	require.ErrorIs(t, s.q.DeleteCategory(ctx, category.ID), db.ErrNotFound)

	// A hard delete is gone from the table.
	var n int
	require.NoError(t, s.pool.QueryRow(ctx, "SELECT count(*) FROM categories").Scan(&n))
	require.Zero(t, n)
}
