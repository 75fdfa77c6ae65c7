package shoptest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
)

func TestPatchSemantics(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	category, err := s.f.Category(ctx)
	require.NoError(t, err)
	product, err := s.q.CreateProduct(ctx, db.ProductCreate{
		Name:        "Sencha",
		Description: ptr("Green."),
		PriceCents:  1200,
		Rating:      ptr(4.0),
		WeightKg:    ptr("1.5"),
		Thumbnail:   []byte("png"),
		Attributes:  json.RawMessage(`{"a": 1}`),
		CategoryID:  &category.ID,
	})
	require.NoError(t, err)
	time.Sleep(2 * time.Millisecond) // so updated_at visibly moves

	updated, _, err := s.q.UpdateProduct(ctx, product.ID, db.ProductUpdate{
		PriceCents:  db.Set[int32](1300),
		Status:      db.Set(db.ProductStatusArchived),
		Description: db.Null[string](),
		Thumbnail:   db.Null[[]byte](),
		Attributes:  db.Null[json.RawMessage](),
		CategoryID:  db.Null[uuid.UUID](),
	})
	require.NoError(t, err)
	// Set fields change, Null fields are NULL...
	require.Equal(t, int32(1300), updated.PriceCents)
	require.Equal(t, ptr(db.ProductStatusArchived), updated.Status)
	require.Nil(t, updated.Description)
	require.Nil(t, updated.Thumbnail)
	require.Nil(t, updated.Attributes)
	require.Nil(t, updated.CategoryID)
	// ...and unset fields keep their values.
	require.Equal(t, product.Name, updated.Name)
	require.Equal(t, product.Rating, updated.Rating)
	require.Equal(t, product.WeightKg, updated.WeightKg)
	require.Equal(t, product.Active, updated.Active)
	require.Equal(t, product.CreatedAt, updated.CreatedAt)
	require.True(t, updated.UpdatedAt.After(product.UpdatedAt), "updated_at moves on update")

	got, err := s.q.GetProduct(ctx, product.ID)
	require.NoError(t, err)
	require.Equal(t, updated, got, "Update returns the row as stored")

	// An update that sets nothing changes nothing, not even updated_at.
	same, _, err := s.q.UpdateProduct(ctx, product.ID, db.ProductUpdate{})
	require.NoError(t, err)
	require.Equal(t, got, same)

	// Required fields cannot be nulled or emptied; nothing is written then.
	_, _, err = s.q.UpdateProduct(ctx, product.ID, db.ProductUpdate{
		Name:       db.Null[string](),
		PriceCents: db.Null[int32](),
		Rating:     db.Set(9.0),
	})
	requireValidation(t, err, map[string]string{"name": "is required", "price_cents": "is required", "rating": "must be at most 5"})
	_, _, err = s.q.UpdateProduct(ctx, product.ID, db.ProductUpdate{Name: db.Set("")})
	requireValidation(t, err, map[string]string{"name": "is required"})
	got, err = s.q.GetProduct(ctx, product.ID)
	require.NoError(t, err)
	require.Equal(t, updated, got)
}

func TestPatchFromJSON(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	customer, err := s.q.CreateCustomer(ctx, db.CustomerCreate{Email: "ann@example.com", Name: "Ann", BirthDate: &db.Date{Year: 1990, Month: 1, Day: 2}, PasswordHash: ptr("h")})
	require.NoError(t, err)

	// Absent keys are unset, null is Null, values are Set.
	var in db.CustomerUpdate
	require.NoError(t, json.Unmarshal([]byte(`{"name": "Annie", "birth_date": null}`), &in))
	require.Equal(t, db.CustomerUpdate{Name: db.Set("Annie"), BirthDate: db.Null[db.Date]()}, in)
	updated, _, err := s.q.UpdateCustomer(ctx, customer.ID, in)
	require.NoError(t, err)
	require.Equal(t, "Annie", updated.Name)
	require.Nil(t, updated.BirthDate)
	require.Equal(t, ptr("h"), updated.PasswordHash, "absent: unchanged")

	require.NoError(t, json.Unmarshal([]byte(`{"birth_date": "2000-02-29"}`), &in))
	updated, _, err = s.q.UpdateCustomer(ctx, customer.ID, db.CustomerUpdate{BirthDate: in.BirthDate})
	require.NoError(t, err)
	require.Equal(t, &db.Date{Year: 2000, Month: 2, Day: 29}, updated.BirthDate)

	var bad db.CustomerUpdate
	require.Error(t, json.Unmarshal([]byte(`{"birth_date": "2001-02-29"}`), &bad), "not a date")
	require.Error(t, json.Unmarshal([]byte(`{"name": 5}`), &bad), "wrong type")
}

func TestImmutableFieldsAreNotInTheUpdate(t *testing.T) {
	t.Parallel()
	var in db.CustomerUpdate
	// Email is Immutable: CustomerUpdate has no such field, so JSON
	// decoding with DisallowUnknownFields (as handlers do) rejects it.
	dec := json.NewDecoder(strings.NewReader(`{"email": "x@example.com"}`))
	dec.DisallowUnknownFields()
	require.Error(t, dec.Decode(&in))
}
