package shopapi

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river/rivertest"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/actions"
	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
	forgejobs "github.com/forge-framework/forge/runtime/jobs"
	"github.com/forge-framework/forge/runtime/notify"
)

// createOrder creates a customer and an order of it in ctx's tenant.
func (s *shop) createOrder(t *testing.T, ctx context.Context, number string) db.Order {
	t.Helper()
	customer, err := s.actions.CreateCustomer(ctx, db.CustomerCreate{Email: number + "@example.com", Name: "Ann"})
	require.NoError(t, err)
	order, err := s.actions.CreateOrder(ctx, db.OrderCreate{Number: number, CustomerID: customer.ID})
	require.NoError(t, err)
	return order
}

func TestCreateEnqueuesTheAfterCreateJobs(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")

	product, err := s.actions.CreateProduct(ctx, db.ProductCreate{Name: "Sencha", PriceCents: 1200})
	require.NoError(t, err)
	order := s.createOrder(t, ctx, "A-1")

	// RequireInserted fails unless exactly one job of the kind exists.
	created := rivertest.RequireInserted(ctx, t, s.river, actions.ProductCreatedArgs{}, &rivertest.RequireInsertedOpts{Queue: "default"})
	// Product has no tenants: its jobs act for the caller's.
	require.Equal(t, actions.ProductCreatedArgs{TenantArgs: forgejobs.TenantArgs{TenantID: "acme"}, ProductID: product.ID}, created.Args)
	placed := rivertest.RequireInserted(ctx, t, s.river, actions.OrderPlacedArgs{}, &rivertest.RequireInsertedOpts{Queue: "mail"})
	require.Equal(t, actions.OrderPlacedArgs{TenantArgs: forgejobs.TenantArgs{TenantID: "acme"}, OrderID: order.ID}, placed.Args)
	var encoded map[string]any
	require.NoError(t, json.Unmarshal(placed.EncodedArgs, &encoded))
	require.Equal(t, "acme", encoded["tenant_id"], "runtime/jobs finds the tenant under this key")

	rivertest.RequireNotInserted(ctx, t, s.river, actions.ProductUpdatedArgs{}, nil)
	rivertest.RequireNotInserted(ctx, t, s.river, actions.OrderChangedArgs{}, nil)
}

func TestCreateWithoutTenantEnqueuesWithoutOne(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := t.Context()
	product, err := s.actions.CreateProduct(ctx, db.ProductCreate{Name: "Sencha", PriceCents: 1200})
	require.NoError(t, err)
	job := rivertest.RequireInserted(ctx, t, s.river, actions.ProductCreatedArgs{}, nil)
	require.Equal(t, actions.ProductCreatedArgs{ProductID: product.ID}, job.Args)
}

// refuseDoomed makes every transaction that inserts a product named
// "doomed" fail at COMMIT: a deferred constraint trigger runs when the
// transaction commits, after the action's INSERT, its jobs' InsertTx and its
// pg_notify. So the failure comes after everything the action did, as a
// lost connection or a serialization failure at commit would.
const refuseDoomed = `
CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.name = 'doomed' THEN
		RAISE EXCEPTION 'doomed product';
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER refuse_doomed AFTER INSERT ON products
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_doomed();
`

func TestFailedCommitLeavesNoRowJobOrEvent(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	_, err := s.pool.Exec(ctx, refuseDoomed)
	require.NoError(t, err)
	events := s.listen(t)

	_, err = s.actions.CreateProduct(ctx, db.ProductCreate{Name: "doomed", PriceCents: 1})
	var pgErr *pgconn.PgError
	require.ErrorAs(t, err, &pgErr)
	require.Equal(t, "doomed product", pgErr.Message)

	require.Zero(t, s.count(t, "products"))
	rivertest.RequireNotInserted(ctx, t, s.river, actions.ProductCreatedArgs{}, nil)
	// Notifications arrive in commit order: the first is the next
	// product's, not the doomed one's.
	next, err := s.actions.CreateProduct(ctx, db.ProductCreate{Name: "Sencha", PriceCents: 1})
	require.NoError(t, err)
	require.Equal(t, notify.Event{Resource: "Product", Op: notify.OpCreate, ID: next.ID.String()}, events.next(t))
}

func TestNoRiverFailsTheWriteOfAResourceWithHooks(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	a := actions.New(s.pool, nil)
	ctx := t.Context()

	_, err := a.CreateProduct(ctx, db.ProductCreate{Name: "Sencha", PriceCents: 1})
	require.ErrorContains(t, err, "no River client")
	require.Zero(t, s.count(t, "products"), "the product's insert is rolled back")

	// Resources without hooks need no River.
	_, err = a.CreateCategory(ctx, db.CategoryCreate{Name: "Tea", Slug: "tea"})
	require.NoError(t, err)
}

func TestUpdateEnqueuesTheAfterUpdateJobs(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	product, err := s.actions.CreateProduct(ctx, db.ProductCreate{Name: "Sencha", PriceCents: 1200})
	require.NoError(t, err)
	order := s.createOrder(t, ctx, "A-1")

	product, err = s.actions.UpdateProduct(ctx, product.ID, db.ProductUpdate{PriceCents: db.Set[int32](1100)})
	require.NoError(t, err)
	require.EqualValues(t, 1100, product.PriceCents)
	_, err = s.actions.UpdateOrder(ctx, order.ID, db.OrderUpdate{State: db.Set(db.OrderStatePaid)})
	require.NoError(t, err)

	updated := rivertest.RequireInserted(ctx, t, s.river, actions.ProductUpdatedArgs{}, &rivertest.RequireInsertedOpts{Queue: "mail"})
	require.Equal(t, actions.ProductUpdatedArgs{TenantArgs: forgejobs.TenantArgs{TenantID: "acme"}, ProductID: product.ID}, updated.Args)
	changed := rivertest.RequireInserted(ctx, t, s.river, actions.OrderChangedArgs{}, &rivertest.RequireInsertedOpts{Queue: "default"})
	require.Equal(t, actions.OrderChangedArgs{TenantArgs: forgejobs.TenantArgs{TenantID: "acme"}, OrderID: order.ID}, changed.Args)
	// The creates' jobs are still one each: an update enqueues only its own.
	rivertest.RequireManyInserted(ctx, t, s.river, []rivertest.ExpectedJob{
		{Args: actions.ProductCreatedArgs{}},
		{Args: actions.OrderPlacedArgs{}},
	})

	// An update that fails enqueues nothing.
	_, err = s.actions.UpdateProduct(ctx, product.ID, db.ProductUpdate{PriceCents: db.Set[int32](-1)})
	var invalid *db.ValidationError
	require.ErrorAs(t, err, &invalid)
	rivertest.RequireInserted(ctx, t, s.river, actions.ProductUpdatedArgs{}, nil)
}

func TestEventsReachListenersOnCommit(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	events := s.listen(t)

	order := s.createOrder(t, ctx, "A-1")
	customerEvent := events.next(t)
	require.Equal(t, notify.OpCreate, customerEvent.Op)
	require.Equal(t, "Customer", customerEvent.Resource)
	require.Equal(t, notify.Event{Resource: "Order", Op: notify.OpCreate, ID: order.ID.String(), Tenant: "acme"}, events.next(t))

	_, err := s.actions.UpdateOrder(ctx, order.ID, db.OrderUpdate{TotalCents: db.Set[int64](500)})
	require.NoError(t, err)
	require.Equal(t, notify.Event{Resource: "Order", Op: notify.OpUpdate, ID: order.ID.String(), Tenant: "acme"}, events.next(t))

	require.NoError(t, s.actions.DeleteOrder(ctx, order.ID))
	require.Equal(t, notify.Event{Resource: "Order", Op: notify.OpDelete, ID: order.ID.String(), Tenant: "acme"}, events.next(t))

	// A resource without tenants publishes to everyone.
	category, err := s.actions.CreateCategory(ctx, db.CategoryCreate{Name: "Tea", Slug: "tea"})
	require.NoError(t, err)
	require.Equal(t, notify.Event{Resource: "Category", Op: notify.OpCreate, ID: category.ID.String()}, events.next(t))

	// A delete of nothing publishes nothing.
	require.ErrorIs(t, s.actions.DeleteOrder(ctx, order.ID), db.ErrNotFound)
	require.NoError(t, s.actions.DeleteCategory(ctx, category.ID))
	require.Equal(t, notify.Event{Resource: "Category", Op: notify.OpDelete, ID: category.ID.String()}, events.next(t))
}

func TestTenantResourcesNeedATenant(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	_, err := s.actions.CreateCustomer(as(t.Context(), ""), db.CustomerCreate{Email: "ann@example.com", Name: "Ann"})
	require.ErrorIs(t, err, db.ErrNoTenant)
	order := s.createOrder(t, as(t.Context(), "acme"), "A-1")
	_, err = s.actions.GetOrder(as(t.Context(), "other"), order.ID)
	require.ErrorIs(t, err, db.ErrNotFound, "another tenant's order does not exist for the caller")
}

// listener receives the events published on notify.Channel.
type listener struct {
	conn *pgx.Conn
}

// listen LISTENs on notify.Channel on a connection of its own, as the
// runtime's hub does.
func (s *shop) listen(t *testing.T) *listener {
	t.Helper()
	conn, err := pgx.ConnectConfig(t.Context(), s.pool.Config().ConnConfig.Copy())
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	_, err = conn.Exec(t.Context(), "LISTEN "+notify.Channel)
	require.NoError(t, err)
	return &listener{conn: conn}
}

// next returns the next event, failing the test if none comes soon.
func (l *listener) next(t *testing.T) notify.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	n, err := l.conn.WaitForNotification(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("no event within a minute")
	}
	require.NoError(t, err)
	require.Equal(t, notify.Channel, n.Channel)
	var e notify.Event
	dec := json.NewDecoder(strings.NewReader(n.Payload))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&e), "payload %s", n.Payload)
	return e
}

func TestUpdateThatChangesNothingEnqueuesAndPublishesNothing(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	ctx := as(t.Context(), "acme")
	product, err := s.actions.CreateProduct(ctx, db.ProductCreate{Name: "Sencha", PriceCents: 1200, WeightKg: ptr("0.50")})
	require.NoError(t, err)
	order := s.createOrder(t, ctx, "A-1")
	events := s.listen(t)

	same, err := s.actions.UpdateProduct(ctx, product.ID, db.ProductUpdate{Name: db.Set("Sencha"), WeightKg: db.Set("0.5")})
	require.NoError(t, err)
	require.Equal(t, product, same)
	_, err = s.actions.UpdateProduct(ctx, product.ID, db.ProductUpdate{})
	require.NoError(t, err)
	_, err = s.actions.UpdateOrder(ctx, order.ID, db.OrderUpdate{State: db.Set(order.State), TotalCents: db.Set(order.TotalCents)})
	require.NoError(t, err)
	rivertest.RequireNotInserted(ctx, t, s.river, actions.ProductUpdatedArgs{}, nil)
	rivertest.RequireNotInserted(ctx, t, s.river, actions.OrderChangedArgs{}, nil)

	// The next event is the change that follows, not the no-ops'.
	_, err = s.actions.UpdateOrder(ctx, order.ID, db.OrderUpdate{State: db.Set(db.OrderStatePaid)})
	require.NoError(t, err)
	require.Equal(t, notify.Event{Resource: "Order", Op: notify.OpUpdate, ID: order.ID.String(), Tenant: "acme"}, events.next(t))
	rivertest.RequireInserted(ctx, t, s.river, actions.OrderChangedArgs{}, nil)
}

func ptr[T any](v T) *T { return &v }
