package benchmark

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/forge-framework/forge/examples/shop/gen/actions"
	"github.com/forge-framework/forge/examples/shop/gen/db"
	"github.com/forge-framework/forge/examples/shop/migrations"
	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/config"
	"github.com/forge-framework/forge/runtime/jobs"
	"github.com/forge-framework/forge/runtime/migrate"
)

// seedRows is how many products the read benchmarks seed; every other one
// is published.
const seedRows = 20_000

// pageSize is the page size of BenchmarkListProducts.
const pageSize = 50

// setupTimeout bounds each benchmark's setup (database, migrations, seed).
const setupTimeout = 2 * time.Minute

// concurrencies are the numbers of goroutines each benchmark calls the code
// under test from: one request at a time, and a busy server's eight.
var concurrencies = []int{1, 8}

// maxConns is the pool size: enough connections for the highest
// concurrency, so goroutines wait on the server, not on the pool.
const maxConns = 8

// env is a migrated database with an insert-only River client on it.
type env struct {
	pool  *pgxpool.Pool
	river *river.Client[pgx.Tx]
}

// newEnv returns a fresh, migrated database with seed products in it.
func newEnv(tb testing.TB, seed int) env {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	pool := newPool(ctx, tb)
	logger := slog.New(slog.DiscardHandler)
	if _, err := migrate.Up(ctx, pool, migrations.FS); err != nil {
		tb.Fatal(err)
	}
	if err := jobs.Migrate(ctx, pool, logger); err != nil {
		tb.Fatal(err)
	}
	client, err := jobs.NewClient(pool, config.Default().Jobs, nil, logger)
	if err != nil {
		tb.Fatal(err)
	}
	if seed > 0 {
		seedProducts(ctx, tb, pool, seed)
	}
	return env{pool: pool, river: client}
}

// newPool returns a pool of maxConns connections to a fresh database.
func newPool(ctx context.Context, tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	cfg, err := pgxpool.ParseConfig(pgtest.Database(tb))
	if err != nil {
		tb.Fatal(err)
	}
	cfg.MaxConns = maxConns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(pool.Close) // before pgtest drops the database: cleanups run last-in first-out
	return pool
}

// seedProducts inserts n products with UUIDv7 ids in creation order, every
// other one published, in one statement, and analyzes the table.
func seedProducts(ctx context.Context, tb testing.TB, pool *pgxpool.Pool, n int) {
	tb.Helper()
	ids := make([]uuid.UUID, n)
	for i := range ids {
		id, err := uuid.NewV7()
		if err != nil {
			tb.Fatal(err)
		}
		ids[i] = id
	}
	_, err := pool.Exec(ctx, `
INSERT INTO products (id, name, description, price_cents, rating, active, published_at,
                      status, attributes, weight_kg, internal_notes)
SELECT id, 'product ' || n, 'description of product ' || n, (n * 37 % 10000)::int, (n % 50) / 10.0, true,
       CASE WHEN n % 2 = 0 THEN now() - n * interval '1 minute' END,
       CASE WHEN n % 2 = 0 THEN 'published' ELSE 'draft' END,
       jsonb_build_object('color', 'blue', 'size', n % 5),
       (n % 100) / 4.0, 'internal note ' || n
FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`, ids)
	if err != nil {
		tb.Fatal(fmt.Errorf("seed products: %w", err))
	}
	if _, err := pool.Exec(ctx, "VACUUM ANALYZE products"); err != nil {
		tb.Fatal(err)
	}
}

// newCreate returns the input of the create benchmarks: every column with
// a default is given, so both sides insert the same 14 values.
func newCreate(i int) db.ProductCreate {
	return db.ProductCreate{
		Name:        "benchmark product " + strconv.Itoa(i),
		Description: ptr("a product created by the benchmark"),
		PriceCents:  1999,
		Rating:      ptr(4.5),
		Active:      ptr(true),
		Status:      ptr(db.ProductStatusPublished),
		Attributes:  json.RawMessage(`{"color":"red","size":3}`),
		WeightKg:    ptr("1.25"),
	}
}

func ptr[T any](v T) *T { return &v }

// run runs op(i), i = 0, 1, ..., b.N-1, from c goroutines at once and
// reports, besides ns/op, the CPU time this process (the client: the code
// under test, pgx, River, the GC) spent per op as cpu-ns/op. Wall time is
// mostly waiting for the server, so on a busy machine cpu-ns/op shows the
// client's share more steadily. The first error stops the benchmark.
func run(b *testing.B, c int, op func(i int) error) {
	b.Helper()
	var (
		next   atomic.Int64
		failed atomic.Bool
		errMu  sync.Mutex
		first  error
		wg     sync.WaitGroup
	)
	b.ResetTimer()
	start := processCPU()
	for range c {
		wg.Go(func() {
			for !failed.Load() {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				if err := op(int(i)); err != nil {
					errMu.Lock()
					if first == nil {
						first = err
					}
					errMu.Unlock()
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	end := processCPU()
	b.StopTimer()
	if first != nil {
		b.Fatal(first)
	}
	if start >= 0 && end >= 0 && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// atConcurrencies runs op as one sub-benchmark per concurrency, "c=1", "c=8".
func atConcurrencies(b *testing.B, op func(i int) error) {
	for _, c := range concurrencies {
		b.Run("c="+strconv.Itoa(c), func(b *testing.B) { run(b, c, op) })
	}
}

// BenchmarkCreateProduct compares actions.CreateProduct with handwritten
// createProduct: one transaction with the INSERT, the River job and the
// pg_notify. Each side starts on a fresh database.
func BenchmarkCreateProduct(b *testing.B) {
	ctx := context.Background()
	b.Run("generated", func(b *testing.B) {
		e := newEnv(b, 0)
		a := actions.New(e.pool, e.river)
		atConcurrencies(b, func(i int) error {
			_, err := a.CreateProduct(ctx, newCreate(i))
			return err
		})
	})
	b.Run("handwritten", func(b *testing.B) {
		e := newEnv(b, 0)
		h := &handwritten{pool: e.pool, river: e.river}
		atConcurrencies(b, func(i int) error {
			_, err := h.createProduct(ctx, newCreate(i))
			return err
		})
	})
}

// BenchmarkGetProduct compares db.Queries.GetProduct with handwritten
// getProduct, cycling through 1,000 seeded ids.
func BenchmarkGetProduct(b *testing.B) {
	ctx := context.Background()
	e := newEnv(b, seedRows)
	ids := seededIDs(b, e.pool, 1000)
	b.Run("generated", func(b *testing.B) {
		q := db.New(e.pool)
		atConcurrencies(b, func(i int) error {
			_, err := q.GetProduct(ctx, ids[i%len(ids)])
			return err
		})
	})
	b.Run("handwritten", func(b *testing.B) {
		h := &handwritten{pool: e.pool}
		atConcurrencies(b, func(i int) error {
			_, err := h.getProduct(ctx, ids[i%len(ids)])
			return err
		})
	})
}

// BenchmarkListProducts compares db.Queries.ListProducts with handwritten
// listProducts: the page of 50 published products after a cursor in the
// middle of the table.
func BenchmarkListProducts(b *testing.B) {
	ctx := context.Background()
	e := newEnv(b, seedRows)
	cursor := middleCursor(b, e.pool)
	published := db.ProductStatusPublished
	b.Run("generated", func(b *testing.B) {
		q := db.New(e.pool)
		atConcurrencies(b, func(int) error {
			page, err := q.ListProducts(ctx, db.ListProductsParams{Limit: pageSize, Cursor: cursor, Status: &published})
			if err != nil {
				return err
			}
			if len(page.Items) != pageSize || page.NextCursor == "" {
				return fmt.Errorf("got %d items, next cursor %q", len(page.Items), page.NextCursor)
			}
			return nil
		})
	})
	b.Run("handwritten", func(b *testing.B) {
		h := &handwritten{pool: e.pool}
		atConcurrencies(b, func(int) error {
			items, next, err := h.listProducts(ctx, published, cursor, pageSize)
			if err != nil {
				return err
			}
			if len(items) != pageSize || next == "" {
				return fmt.Errorf("got %d items, next cursor %q", len(items), next)
			}
			return nil
		})
	})
}

// seededIDs returns n ids of visible products, spread over the table.
func seededIDs(tb testing.TB, pool *pgxpool.Pool, n int) []uuid.UUID {
	tb.Helper()
	rows, err := pool.Query(context.Background(),
		"SELECT id FROM products WHERE deleted_at IS NULL ORDER BY random() LIMIT $1", n)
	if err != nil {
		tb.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	if err != nil {
		tb.Fatal(err)
	}
	if len(ids) != n {
		tb.Fatalf("got %d ids, want %d", len(ids), n)
	}
	return ids
}

// middleCursor returns the cursor (as ListProducts encodes it) of the
// published product in the middle of the table.
func middleCursor(tb testing.TB, pool *pgxpool.Pool) string {
	tb.Helper()
	var id uuid.UUID
	err := pool.QueryRow(context.Background(),
		"SELECT id FROM products WHERE status = 'published' ORDER BY id OFFSET $1 LIMIT 1", seedRows/4).Scan(&id)
	if err != nil {
		tb.Fatal(err)
	}
	return encodeCursor(id)
}

// TestHandwrittenMatchesGenerated checks that the handwritten functions do
// what the generated code does: same rows, same job, same event, same page.
func TestHandwrittenMatchesGenerated(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	e := newEnv(t, 500)
	a := actions.New(e.pool, e.river)
	h := &handwritten{pool: e.pool, river: e.river}

	listener, err := e.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Release()
	if _, err := listener.Exec(ctx, "LISTEN forge_events"); err != nil {
		t.Fatal(err)
	}

	gen, err := a.CreateProduct(ctx, newCreate(1))
	if err != nil {
		t.Fatal(err)
	}
	hand, err := h.createProduct(ctx, newCreate(2))
	if err != nil {
		t.Fatal(err)
	}
	if gen.ID.Version() != 7 || hand.ID.Version() != 7 {
		t.Errorf("ids %s and %s, want UUIDv7s", gen.ID, hand.ID)
	}
	normalized := func(p db.Product) db.Product {
		p.ID, p.Name, p.CreatedAt, p.UpdatedAt = uuid.Nil, "", time.Time{}, time.Time{}
		return p
	}
	if g, w := normalized(hand), normalized(gen); !reflect.DeepEqual(g, w) {
		t.Errorf("created rows differ:\nhandwritten %+v\ngenerated   %+v", g, w)
	}

	for _, p := range []db.Product{gen, hand} {
		n, err := listener.Conn().WaitForNotification(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"resource":"Product","op":"create","id":"` + p.ID.String() + `"}`
		if n.Payload != want {
			t.Errorf("notification %s, want %s", n.Payload, want)
		}
	}
	var jobs []string
	rows, err := e.pool.Query(ctx, "SELECT kind || ' ' || queue || ' ' || args::text FROM river_job ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	if jobs, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	wantJobs := []string{
		`product_created default {"tenant_id": "", "product_id": "` + gen.ID.String() + `"}`,
		`product_created default {"tenant_id": "", "product_id": "` + hand.ID.String() + `"}`,
	}
	if !reflect.DeepEqual(jobs, wantJobs) {
		t.Errorf("jobs %q, want %q", jobs, wantJobs)
	}

	for _, id := range []uuid.UUID{gen.ID, hand.ID} {
		g, err := db.New(e.pool).GetProduct(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		w, err := h.getProduct(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("get %s: handwritten %+v, generated %+v", id, w, g)
		}
	}
	if _, err := h.getProduct(ctx, uuid.New()); !errors.Is(err, errNotFound) {
		t.Errorf("get of a missing id: %v, want errNotFound", err)
	}

	published := db.ProductStatusPublished
	cursor := ""
	for pages := 0; ; pages++ {
		g, err := db.New(e.pool).ListProducts(ctx, db.ListProductsParams{Limit: pageSize, Cursor: cursor, Status: &published})
		if err != nil {
			t.Fatal(err)
		}
		items, next, err := h.listProducts(ctx, published, cursor, pageSize)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g.Items, items) || g.NextCursor != next {
			t.Fatalf("page %d differs: generated %d items, next %q; handwritten %d items, next %q",
				pages, len(g.Items), g.NextCursor, len(items), next)
		}
		if next == "" {
			if pages != 5 { // 250 seeded + 2 created published, 50 a page
				t.Errorf("got %d full pages, want 5", pages)
			}
			break
		}
		cursor = next
	}
}

// handwritten is the data layer an experienced pgx user would write by
// hand for the same table, job and event. It scans into db.Product so that
// both sides fill the same types and return comparable results.
type handwritten struct {
	pool  *pgxpool.Pool
	river *river.Client[pgx.Tx]
}

var errNotFound = errors.New("not found")

const productColumns = `id, name, description, price_cents, rating, active, published_at, external_id,
status, attributes, weight_kg, thumbnail, internal_notes, category_id, created_at, updated_at, deleted_at`

func scanProduct(row pgx.Row, p *db.Product) error {
	return row.Scan(&p.ID, &p.Name, &p.Description, &p.PriceCents, &p.Rating, &p.Active, &p.PublishedAt,
		&p.ExternalID, &p.Status, &p.Attributes, &p.WeightKg, &p.Thumbnail, &p.InternalNotes, &p.CategoryID,
		&p.CreatedAt, &p.UpdatedAt, &p.DeletedAt)
}

const insertProductSQL = `INSERT INTO products (id, name, description, price_cents, rating, active, published_at,
external_id, status, attributes, weight_kg, thumbnail, internal_notes, category_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
RETURNING ` + productColumns

// eventsChannel is the channel change events are published on.
const eventsChannel = "forge_events"

// event is the JSON payload of a change event on forge_events.
type event struct {
	Resource string `json:"resource"`
	Op       string `json:"op"`
	ID       string `json:"id"`
}

func (h *handwritten) createProduct(ctx context.Context, in db.ProductCreate) (db.Product, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return db.Product{}, err
	}
	var p db.Product
	err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		err := scanProduct(tx.QueryRow(ctx, insertProductSQL, id, in.Name, in.Description, in.PriceCents,
			in.Rating, in.Active, in.PublishedAt, in.ExternalID, in.Status, in.Attributes, in.WeightKg,
			in.Thumbnail, in.InternalNotes, in.CategoryID), &p)
		if err != nil {
			return fmt.Errorf("insert product: %w", err)
		}
		if _, err := h.river.InsertTx(ctx, tx, actions.ProductCreatedArgs{ProductID: p.ID}, nil); err != nil {
			return fmt.Errorf("enqueue product_created: %w", err)
		}
		payload, err := json.Marshal(event{Resource: "Product", Op: "create", ID: p.ID.String()})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", eventsChannel, string(payload)); err != nil {
			return fmt.Errorf("notify: %w", err)
		}
		return nil
	})
	if err != nil {
		return db.Product{}, err
	}
	return p, nil
}

const getProductSQL = `SELECT ` + productColumns + ` FROM products WHERE id = $1 AND deleted_at IS NULL`

func (h *handwritten) getProduct(ctx context.Context, id uuid.UUID) (db.Product, error) {
	var p db.Product
	err := scanProduct(h.pool.QueryRow(ctx, getProductSQL, id), &p)
	if errors.Is(err, pgx.ErrNoRows) {
		return db.Product{}, errNotFound
	}
	if err != nil {
		return db.Product{}, fmt.Errorf("get product %s: %w", id, err)
	}
	return p, nil
}

// listProductsSQL starts after $2; uuid.Nil starts at the first row.
const listProductsSQL = `SELECT ` + productColumns + ` FROM products
WHERE deleted_at IS NULL AND status = $1 AND id > $2 ORDER BY id LIMIT $3`

func (h *handwritten) listProducts(ctx context.Context, status db.ProductStatus, cursor string, limit int) ([]db.Product, string, error) {
	var after uuid.UUID
	if cursor != "" {
		var err error
		if after, err = decodeCursor(cursor); err != nil {
			return nil, "", err
		}
	}
	rows, err := h.pool.Query(ctx, listProductsSQL, status, after, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("list products: %w", err)
	}
	defer rows.Close()
	items := make([]db.Product, 0, limit+1)
	for rows.Next() {
		var p db.Product
		if err := scanProduct(rows, &p); err != nil {
			return nil, "", fmt.Errorf("list products: %w", err)
		}
		items = append(items, p)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("list products: %w", err)
	}
	var next string
	if len(items) > limit {
		items = items[:limit]
		next = encodeCursor(items[limit-1].ID)
	}
	return items, next, nil
}

// decodeCursor decodes a keyset cursor of encodeCursor.
func decodeCursor(cursor string) (uuid.UUID, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(b) != len(uuid.UUID{}) {
		return uuid.UUID{}, errors.New("bad cursor")
	}
	return uuid.UUID(b), nil
}

// encodeCursor encodes a keyset cursor as db.ListProducts does.
func encodeCursor(id uuid.UUID) string {
	return base64.RawURLEncoding.EncodeToString(id[:])
}
