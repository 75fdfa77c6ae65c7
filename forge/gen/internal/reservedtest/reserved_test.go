package reservedtest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/internal/schematest"
	"github.com/forge-framework/forge/forge/gen/testdata/reserved/gen/db"
	"github.com/forge-framework/forge/forge/gen/testdata/reserved/gen/factories"
)

// setup returns Queries and a Factory on a fresh database with the
// reserved case's tables, created by the migration differ's DDL.
func setup(t *testing.T) (*db.Queries, *factories.Factory) {
	t.Helper()
	pool := schematest.Pool(t, "../../testdata/reserved/schema")
	return db.New(pool), factories.New(pool)
}

func TestCreateGetUpdateDelete(t *testing.T) {
	t.Parallel()
	q, _ := setup(t)
	ctx := t.Context()

	guest, err := q.CreateGuest(ctx, db.GuestCreate{Name: "Ada", Table: ptr("7")})
	require.NoError(t, err)
	require.Equal(t, "7", *guest.Table)

	end := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	group := db.BookingGroupLarge
	created, err := q.CreateBooking(ctx, db.BookingCreate{
		Order:   1,
		User:    "ada",
		End:     &end,
		Group:   &group,
		GuestID: &guest.ID,
	})
	require.NoError(t, err)
	require.Equal(t, int32(1), created.Order)
	require.Equal(t, "ada", created.User)
	require.True(t, end.Equal(*created.End))
	require.False(t, created.Check, "the column's DEFAULT")
	require.Equal(t, db.BookingGroupLarge, *created.Group)

	got, err := q.GetBooking(ctx, created.ID)
	require.NoError(t, err)
	require.Equal(t, created, got)
	g, err := q.GetGuest(ctx, guest.ID)
	require.NoError(t, err)
	require.Equal(t, guest, g)

	// A patch of every reserved-word column, NULL included.
	updated, _, err := q.UpdateBooking(ctx, created.ID, db.BookingUpdate{
		Order: db.Set[int32](2),
		User:  db.Set("grace"),
		End:   db.Null[time.Time](),
		Check: db.Set(true),
		Group: db.Set(db.BookingGroupSmall),
	})
	require.NoError(t, err)
	require.Equal(t, int32(2), updated.Order)
	require.Equal(t, "grace", updated.User)
	require.Nil(t, updated.End)
	require.True(t, updated.Check)
	require.Equal(t, db.BookingGroupSmall, *updated.Group)
	require.Equal(t, guest.ID, *updated.GuestID, "not in the patch")
	got, err = q.GetBooking(ctx, created.ID)
	require.NoError(t, err)
	require.Equal(t, updated, got)

	guest, _, err = q.UpdateGuest(ctx, guest.ID, db.GuestUpdate{Table: db.Set("12")})
	require.NoError(t, err)
	require.Equal(t, "12", *guest.Table)

	// The guest is still referenced by the booking.
	var conflict *db.ConflictError
	require.ErrorAs(t, q.DeleteGuest(ctx, guest.ID), &conflict)

	require.NoError(t, q.DeleteBooking(ctx, created.ID))
	_, err = q.GetBooking(ctx, created.ID)
	require.ErrorIs(t, err, db.ErrNotFound)
	require.ErrorIs(t, q.DeleteBooking(ctx, created.ID), db.ErrNotFound)
	_, _, err = q.UpdateBooking(ctx, created.ID, db.BookingUpdate{Check: db.Set(false)})
	require.ErrorIs(t, err, db.ErrNotFound)
	page, err := q.ListBookings(ctx, db.ListBookingsParams{})
	require.NoError(t, err)
	require.Empty(t, page.Items)
}

func TestListFiltersOnReservedWordColumnsAndPages(t *testing.T) {
	t.Parallel()
	q, f := setup(t)
	ctx := t.Context()

	user := func(u string) func(*db.BookingCreate) {
		return func(in *db.BookingCreate) { in.User = u }
	}
	var ada []db.Booking
	for range 5 {
		b, err := f.Booking(ctx, user("ada"))
		require.NoError(t, err)
		ada = append(ada, b)
	}
	grace, err := f.Booking(ctx, user("grace"))
	require.NoError(t, err)

	var paged []db.Booking
	p := db.ListBookingsParams{Limit: 2, User: ptr("ada")}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 3, "5 rows in pages of 2")
		page, err := q.ListBookings(ctx, p)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), 2)
		paged = append(paged, page.Items...)
		if page.NextCursor == "" {
			break
		}
		p.Cursor = page.NextCursor
	}
	require.Equal(t, ada, paged, "every row of the user, once, in creation order")

	page, err := q.ListBookings(ctx, db.ListBookingsParams{Order: &grace.Order})
	require.NoError(t, err)
	require.Equal(t, []db.Booking{grace}, page.Items)
	page, err = q.ListBookings(ctx, db.ListBookingsParams{Order: &grace.Order, User: ptr("ada")})
	require.NoError(t, err)
	require.Empty(t, page.Items, "filters are AND-ed")

	require.NoError(t, q.DeleteBooking(ctx, ada[0].ID))
	page, err = q.ListBookings(ctx, db.ListBookingsParams{User: ptr("ada")})
	require.NoError(t, err)
	require.Equal(t, ada[1:], page.Items, "soft-deleted rows are hidden")
}

func TestUniqueReservedWordColumnIsAConflict(t *testing.T) {
	t.Parallel()
	q, f := setup(t)
	ctx := t.Context()

	first, err := f.Booking(ctx)
	require.NoError(t, err)
	second, err := f.Booking(ctx)
	require.NoError(t, err)
	require.NotEqual(t, first.Order, second.Order, "the factory counts orders up")

	_, err = q.CreateBooking(ctx, db.BookingCreate{Order: first.Order, User: "x"})
	var conflict *db.ConflictError
	require.ErrorAs(t, err, &conflict)
	require.Equal(t, "bookings_order_key", conflict.Constraint)
	require.Equal(t, []string{"order"}, conflict.Fields)
	require.Equal(t, "another Booking has the same order", conflict.Message)

	_, _, err = q.UpdateBooking(ctx, second.ID, db.BookingUpdate{Order: db.Set(first.Order)})
	conflict = nil
	require.ErrorAs(t, err, &conflict)
	require.Equal(t, []string{"order"}, conflict.Fields)

	// A foreign key violation names the field.
	_, err = q.CreateBooking(ctx, db.BookingCreate{Order: 1000, User: "x", GuestID: ptr(uuid.New())})
	var invalid *db.ValidationError
	require.ErrorAs(t, err, &invalid)
	require.Equal(t, map[string]string{"guest_id": "no such Guest"}, invalid.Fields)

	// The unique index leaves out deleted rows: the order is free again.
	require.NoError(t, q.DeleteBooking(ctx, first.ID))
	again, err := q.CreateBooking(ctx, db.BookingCreate{Order: first.Order, User: "x"})
	require.NoError(t, err)
	require.Equal(t, first.Order, again.Order)
}

func TestLoaders(t *testing.T) {
	t.Parallel()
	q, f := setup(t)
	ctx := t.Context()

	ada, err := f.Guest(ctx, func(in *db.GuestCreate) { in.Table = ptr("1") })
	require.NoError(t, err)
	grace, err := f.Guest(ctx)
	require.NoError(t, err)
	of := func(g db.Guest) func(*db.BookingCreate) {
		return func(in *db.BookingCreate) { in.GuestID = &g.ID }
	}
	a1, err := f.Booking(ctx, of(ada))
	require.NoError(t, err)
	a2, err := f.Booking(ctx, of(ada))
	require.NoError(t, err)
	g1, err := f.Booking(ctx, of(grace))
	require.NoError(t, err)
	walkIn, err := f.Booking(ctx)
	require.NoError(t, err)
	require.Nil(t, walkIn.GuestID)

	bookings, err := q.LoadGuestBookings(ctx, []db.Guest{ada, grace})
	require.NoError(t, err)
	require.Equal(t, map[uuid.UUID][]db.Booking{ada.ID: {a1, a2}, grace.ID: {g1}}, bookings)

	guests, err := q.LoadBookingGuest(ctx, []db.Booking{a1, a2, g1, walkIn})
	require.NoError(t, err)
	require.Equal(t, map[uuid.UUID]db.Guest{ada.ID: ada, grace.ID: grace}, guests)

	// Deleted children are not loaded.
	require.NoError(t, q.DeleteBooking(ctx, a1.ID))
	bookings, err = q.LoadGuestBookings(ctx, []db.Guest{ada})
	require.NoError(t, err)
	require.Equal(t, map[uuid.UUID][]db.Booking{ada.ID: {a2}}, bookings)
}

func ptr[T any](v T) *T { return &v }

// TestDeleteOfAGuestWithDeletedChildren: deleted bookings and tabs do not
// keep a guest from being deleted. A deleted booking's optional guest_id
// is set NULL; a deleted tab, which requires its guest, goes with it. A
// tab that is not deleted still refuses the delete.
func TestDeleteOfAGuestWithDeletedChildren(t *testing.T) {
	t.Parallel()
	pool := schematest.Pool(t, "../../testdata/reserved/schema")
	q, f := db.New(pool), factories.New(pool)
	ctx := t.Context()

	guest, err := f.Guest(ctx)
	require.NoError(t, err)
	booking, err := f.Booking(ctx, func(in *db.BookingCreate) { in.GuestID = &guest.ID })
	require.NoError(t, err)
	tab, err := f.Tab(ctx, func(in *db.TabCreate) { in.GuestID = guest.ID; in.BookingID = &booking.ID })
	require.NoError(t, err)
	require.NoError(t, q.DeleteBooking(ctx, booking.ID))

	// A tab may not name a deleted booking.
	_, err = f.Tab(ctx, func(in *db.TabCreate) { in.GuestID = guest.ID; in.BookingID = &booking.ID })
	var invalid *db.ValidationError
	require.ErrorAs(t, err, &invalid)
	require.Equal(t, map[string]string{"booking_id": "no such Booking"}, invalid.Fields)
	_, changed, err := q.UpdateTab(ctx, tab.ID, db.TabUpdate{Limit: db.Set(tab.Limit + 1)})
	require.NoError(t, err, "a tab keeps its deleted booking")
	require.True(t, changed)

	var conflict *db.ConflictError
	require.ErrorAs(t, q.DeleteGuest(ctx, guest.ID), &conflict, "a live tab holds the guest")
	require.Equal(t, "tabs_guest_id_fkey", conflict.Constraint)

	require.NoError(t, q.DeleteTab(ctx, tab.ID))
	require.NoError(t, q.DeleteGuest(ctx, guest.ID))
	var guestOfBooking *uuid.UUID
	require.NoError(t, pool.QueryRow(ctx, `SELECT guest_id FROM bookings WHERE id = $1`, booking.ID).Scan(&guestOfBooking))
	require.Nil(t, guestOfBooking, "the deleted booking stays, without its guest")
	var tabs int
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM tabs`).Scan(&tabs))
	require.Zero(t, tabs, "the deleted tab went with its guest")
}
