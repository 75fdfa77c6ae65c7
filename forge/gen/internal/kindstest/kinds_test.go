package kindstest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/internal/schematest"
	"github.com/forge-framework/forge/forge/gen/testdata/kinds/gen/db"
	"github.com/forge-framework/forge/forge/gen/testdata/kinds/gen/factories"
	"github.com/forge-framework/forge/forge/parser"
	"github.com/forge-framework/forge/forge/sqlschema"
	"github.com/forge-framework/forge/runtime/auth"
)

// setup returns Queries and a Factory on a fresh database with the kinds
// tables, created by the migration differ's DDL.
func setup(t *testing.T) (*db.Queries, *factories.Factory) {
	t.Helper()
	pool := schematest.Pool(t, "../../testdata/kinds/schema")
	return db.New(pool), factories.New(pool)
}

func as(ctx context.Context, tenant string) context.Context {
	return auth.WithPrincipal(ctx, auth.Principal{TenantID: tenant})
}

// code makes Account's Code, which the factory cannot make up: three
// capital letters.
func code(c string) func(*db.AccountCreate) {
	return func(in *db.AccountCreate) { in.Code = c }
}

func TestFactoryExplainsAValueItCannotMakeUp(t *testing.T) {
	t.Parallel()
	q, f := setup(t)
	ctx := as(t.Context(), "acme")

	_, err := f.Account(ctx)
	require.ErrorContains(t, err, "set Code in an override")
	var invalid *db.ValidationError
	require.ErrorAs(t, err, &invalid)
	require.Equal(t, map[string]string{"code": "must match ^[A-Z]+$"}, invalid.Fields)

	account, err := f.Account(ctx, code("ABC"))
	require.NoError(t, err)
	require.Equal(t, "ABC", account.Code)
	require.Equal(t, int64(1002), account.Number, "unique numbers count up from Min")
	require.Equal(t, -1.0, account.Score, "within Max")
	require.Equal(t, "0.50", account.Balance, "Min, in numeric(18,2)")
	require.Len(t, account.Key, 16, "MinLen bytes")
	require.LessOrEqual(t, len(account.ContactEmail), 20, "cut to MaxLen")
	require.Contains(t, account.ContactEmail, "@example.com")
	got, err := q.GetAccount(ctx, account.ID)
	require.NoError(t, err)
	require.Equal(t, account, got)

	seat, err := f.Seat(ctx)
	require.NoError(t, err)
	require.Nil(t, seat.AccountID, "optional parents are not made up")
}

func TestRequiredFieldsOfEveryType(t *testing.T) {
	t.Parallel()
	q, _ := setup(t)
	ctx := as(t.Context(), "acme")

	err := db.AccountCreate{}.Validate()
	var invalid *db.ValidationError
	require.ErrorAs(t, err, &invalid)
	require.Equal(t, map[string]string{
		"code":          "is required",
		"number":        "must be at least 1000",
		"score":         "must be at most -1",
		"balance":       "must be a decimal number",
		"opened_at":     "is required",
		"renews_on":     "is required",
		"external_ref":  "is required",
		"plan":          "is required",
		"settings":      "is required",
		"key":           "is required",
		"contact_email": "is required",
	}, invalid.Fields)

	opened := time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC)
	in := db.AccountCreate{
		Code:         "XYZ",
		Notes:        ptr("n"),
		Number:       1000,
		Score:        -2.5,
		Balance:      "999999.99",
		Active:       true,
		OpenedAt:     opened,
		RenewsOn:     db.Date{Year: 2026, Month: 12, Day: 31},
		ExternalRef:  uuid.New(),
		Plan:         db.AccountPlanPro,
		Settings:     json.RawMessage(`{"seats": 5}`),
		Key:          bytes.Repeat([]byte{7}, 32),
		ContactEmail: "a@b.c",
	}
	account, err := q.CreateAccount(ctx, in)
	require.NoError(t, err)
	require.True(t, opened.Equal(account.OpenedAt))
	require.Equal(t, in.RenewsOn, account.RenewsOn)
	require.Equal(t, in.Plan, account.Plan)
	require.JSONEq(t, `{"seats": 5}`, string(account.Settings))
	require.Equal(t, in.Key, account.Key)

	// A date filter.
	page, err := q.ListAccounts(ctx, db.ListAccountsParams{RenewsOn: &db.Date{Year: 2026, Month: 12, Day: 31}})
	require.NoError(t, err)
	require.Equal(t, []db.Account{account}, page.Items)
	page, err = q.ListAccounts(ctx, db.ListAccountsParams{RenewsOn: &db.Date{Year: 2026, Month: 12, Day: 30}})
	require.NoError(t, err)
	require.Empty(t, page.Items)

	// A unique number, per tenant.
	in.Code = "XYY"
	_, err = q.CreateAccount(ctx, in)
	var conflict *db.ConflictError
	require.ErrorAs(t, err, &conflict)
	require.Equal(t, []string{"number"}, conflict.Fields)
	_, err = q.CreateAccount(as(t.Context(), "other"), in)
	require.NoError(t, err)

	// Required slices cannot be set to nil; a required bool can be false.
	_, _, err = q.UpdateAccount(ctx, account.ID, db.AccountUpdate{Key: db.Set[[]byte](nil), Settings: db.Set(json.RawMessage(`nope`))})
	require.ErrorAs(t, err, &invalid)
	require.Equal(t, map[string]string{"key": "is required", "settings": "must be valid JSON"}, invalid.Fields)
	updated, _, err := q.UpdateAccount(ctx, account.ID, db.AccountUpdate{Active: db.Set(false), Notes: db.Null[string](), RenewsOn: db.Set(db.Date{Year: 2027, Month: 1, Day: 1})})
	require.NoError(t, err)
	require.False(t, updated.Active)
	require.Nil(t, updated.Notes)
	require.Equal(t, db.Date{Year: 2027, Month: 1, Day: 1}, updated.RenewsOn)
}

func TestSoftDeletedTenantRowsWithOptionalChildren(t *testing.T) {
	t.Parallel()
	q, f := setup(t)
	ctx := as(t.Context(), "acme")

	account, err := f.Account(ctx, code("ABC"))
	require.NoError(t, err)
	seated, err := f.Seat(ctx, func(in *db.SeatCreate) { in.AccountID = &account.ID })
	require.NoError(t, err)
	_, err = f.Seat(ctx)
	require.NoError(t, err)

	seats, err := q.LoadAccountSeats(ctx, []db.Account{account})
	require.NoError(t, err)
	require.Equal(t, map[uuid.UUID][]db.Seat{account.ID: {seated}}, seats)
	accounts, err := q.LoadSeatAccount(ctx, []db.Seat{seated})
	require.NoError(t, err)
	require.Equal(t, map[uuid.UUID]db.Account{account.ID: account}, accounts)

	require.ErrorIs(t, q.DeleteAccount(as(t.Context(), "other"), account.ID), db.ErrNotFound, "not another tenant's")
	require.NoError(t, q.DeleteAccount(ctx, account.ID), "soft: the seat's reference does not stop it")
	_, err = q.GetAccount(ctx, account.ID)
	require.ErrorIs(t, err, db.ErrNotFound)
	accounts, err = q.LoadSeatAccount(ctx, []db.Seat{seated})
	require.NoError(t, err)
	require.Empty(t, accounts)
	_, _, err = q.UpdateAccount(ctx, account.ID, db.AccountUpdate{Active: db.Set(true)})
	require.ErrorIs(t, err, db.ErrNotFound)

	// No seat may be given the deleted account; one without any may.
	_, err = f.Seat(ctx, func(in *db.SeatCreate) { in.AccountID = &account.ID })
	var invalid *db.ValidationError
	require.ErrorAs(t, err, &invalid)
	require.Equal(t, map[string]string{"account_id": "no such Account"}, invalid.Fields)
	free, err := f.Seat(ctx)
	require.NoError(t, err)
	_, _, err = q.UpdateSeat(ctx, free.ID, db.SeatUpdate{AccountID: db.Set(account.ID)})
	require.ErrorAs(t, err, &invalid)
	_, changed, err := q.UpdateSeat(ctx, seated.ID, db.SeatUpdate{Holder: db.Set("someone else"), AccountID: db.Set(account.ID)})
	require.NoError(t, err, "the seat keeps its account")
	require.True(t, changed)

	// The code is free again for a new account.
	_, err = f.Account(ctx, code("ABC"))
	require.NoError(t, err)
}

func ptr[T any](v T) *T { return &v }

// An indexed text field without MaxLen is bounded in bytes so that its
// index takes every value the data layer lets through: the longest
// allowed, incompressible, with the longest tenant id, is stored; one byte
// more is a validation error naming the field, not Postgres's "index row
// size exceeds maximum".
func TestIndexedTextWithoutMaxLenIsBounded(t *testing.T) {
	t.Parallel()
	q, f := setup(t)
	ctx := as(t.Context(), strings.Repeat("t", auth.MaxIDLen))
	limit := sqlschemaLimit(t)

	holder := incompressible(limit)
	seat, err := f.Seat(ctx, func(in *db.SeatCreate) { in.Holder = holder })
	require.NoError(t, err)
	seats, err := q.ListSeats(ctx, db.ListSeatsParams{Holder: &holder})
	require.NoError(t, err)
	require.Len(t, seats.Items, 1)
	require.Equal(t, seat.ID, seats.Items[0].ID)

	_, err = f.Seat(ctx, func(in *db.SeatCreate) { in.Holder = holder + "x" })
	var invalid *db.ValidationError
	require.ErrorAs(t, err, &invalid)
	require.Equal(t, map[string]string{"holder": fmt.Sprintf("must be at most %d bytes (it is indexed)", limit)}, invalid.Fields)
	_, _, err = q.UpdateSeat(ctx, seat.ID, db.SeatUpdate{Holder: db.Set(holder + "x")})
	require.ErrorAs(t, err, &invalid)
}

// sqlschemaLimit is the bound sqlschema gives Seat.Holder.
func sqlschemaLimit(t *testing.T) int {
	t.Helper()
	s, err := parser.ParseDir("../../testdata/kinds/schema")
	require.NoError(t, err)
	table, err := sqlschema.TableOf(s, s.Resource("Seat"))
	require.NoError(t, err)
	limit := table.IndexedLimit("holder")
	require.Positive(t, limit)
	return limit
}

// incompressible returns n bytes of printable text that Postgres's
// compression cannot shrink, so the index entry holds all of them.
func incompressible(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return string(b)
}
