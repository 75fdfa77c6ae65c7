package benchmark

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/forge-framework/forge/examples/shop/gen/db"
)

// BenchmarkClientSide times only the client's share of Create (the INSERT:
// validation and statement building), Get and List, generated against
// handwritten, on a DBTX that answers without a server: a fakeDB whose
// rows scan nothing. On a busy machine the server round trip of the other
// benchmarks swamps differences of a few percent; this shows them.
func BenchmarkClientSide(b *testing.B) {
	ctx := context.Background()
	h := fake
	q := db.New(h)
	in := newCreate(1)
	id := uuid.Must(uuid.NewV7())
	cursor := encodeCursor(id)
	published := db.ProductStatusPublished
	b.Run("Create/generated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := q.CreateProduct(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Create/handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			id, err := uuid.NewV7()
			if err != nil {
				b.Fatal(err)
			}
			var p db.Product
			if err := scanProduct(h.QueryRow(ctx, insertProductSQL, id, in.Name, in.Description, in.PriceCents,
				in.Rating, in.Active, in.PublishedAt, in.ExternalID, in.Status, in.Attributes, in.WeightKg,
				in.Thumbnail, in.InternalNotes, in.CategoryID), &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Get/generated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := q.GetProduct(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Get/handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p db.Product
			if err := scanProduct(h.QueryRow(ctx, getProductSQL, id), &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("List/generated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			page, err := q.ListProducts(ctx, db.ListProductsParams{Limit: pageSize, Cursor: cursor, Status: &published})
			if err != nil || len(page.Items) != pageSize {
				b.Fatal(err, len(page.Items))
			}
		}
	})
	b.Run("List/handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			items, err := listProductsOn(ctx, h, published, cursor, pageSize)
			if err != nil || len(items) != pageSize {
				b.Fatal(err, len(items))
			}
		}
	})
}

// listProductsOn is handwritten.listProducts on a DBTX.
func listProductsOn(ctx context.Context, f db.DBTX, status db.ProductStatus, cursor string, limit int) ([]db.Product, error) {
	var after uuid.UUID
	if cursor != "" {
		var err error
		if after, err = decodeCursor(cursor); err != nil {
			return nil, err
		}
	}
	rows, err := f.Query(ctx, listProductsSQL, status, after, limit+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := make([]db.Product, 0, limit+1)
	for rows.Next() {
		var p db.Product
		if err := scanProduct(rows, &p); err != nil {
			return nil, err
		}
		items = append(items, p)
	}
	if len(items) > limit {
		items = items[:limit]
		_ = encodeCursor(items[limit-1].ID)
	}
	return items, rows.Err()
}

// fake is the DBTX both sides run on: a package variable, so that the
// compiler cannot see its type, devirtualize the handwritten side's calls
// and keep their arguments on the stack, as it cannot for pgx's.
var fake db.DBTX = fakeDB{}

// fakeDB is a db.DBTX without a server: every statement succeeds, a row
// scans nothing, and a query returns pageSize+1 such rows.
type fakeDB struct{}

func (fakeDB) Exec(context.Context, string, ...any) (pgconn.CommandTag, error) {
	return pgconn.NewCommandTag("DELETE 1"), nil
}

func (fakeDB) Query(context.Context, string, ...any) (pgx.Rows, error) {
	return &fakeRows{left: pageSize + 1}, nil
}

func (fakeDB) QueryRow(context.Context, string, ...any) pgx.Row { return fakeRow{} }

type fakeRow struct{}

func (fakeRow) Scan(...any) error { return nil }

type fakeRows struct {
	fakeRow
	left int
}

func (r *fakeRows) Close()                                       {}
func (r *fakeRows) Err() error                                   { return nil }
func (r *fakeRows) CommandTag() pgconn.CommandTag                { return pgconn.NewCommandTag("SELECT 0") }
func (r *fakeRows) FieldDescriptions() []pgconn.FieldDescription { return nil }
func (r *fakeRows) Values() ([]any, error)                       { return nil, nil }
func (r *fakeRows) RawValues() [][]byte                          { return nil }
func (r *fakeRows) Conn() *pgx.Conn                              { return nil }
func (r *fakeRows) TypeMap() *pgtype.Map                         { return nil }

func (r *fakeRows) Next() bool {
	r.left--
	return r.left >= 0
}
