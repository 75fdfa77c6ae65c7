package longnamestest

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/internal/schematest"
	"github.com/forge-framework/forge/forge/gen/testdata/longnames/gen/db"
	"github.com/forge-framework/forge/forge/parser"
	"github.com/forge-framework/forge/forge/sqlschema"
	"github.com/forge-framework/forge/runtime/auth"
)

const schemaDir = "../../testdata/longnames/schema"

func TestNamesPostgresStoresAreSQLSchemas(t *testing.T) {
	t.Parallel()
	pool := schematest.Pool(t, schemaDir)
	s, err := parser.ParseDir(schemaDir)
	require.NoError(t, err)
	tables, err := sqlschema.Of(s)
	require.NoError(t, err)

	shortened := 0
	for _, table := range tables {
		var wantConstraints, wantIndexes []string
		for _, c := range table.Constraints {
			wantConstraints = append(wantConstraints, c.Name)
			if c.Kind == sqlschema.PrimaryKey || c.Kind == sqlschema.Unique {
				wantIndexes = append(wantIndexes, c.Name) // the index enforcing it
			}
		}
		for _, ix := range table.Indexes {
			wantIndexes = append(wantIndexes, ix.Name)
		}
		for _, name := range append(slices.Clone(wantConstraints), wantIndexes...) {
			require.LessOrEqual(t, len(name), 63, name)
			if len(name) == 63 {
				shortened++
			}
		}
		slices.Sort(wantIndexes)

		rows, err := pool.Query(t.Context(), `select conname from pg_constraint where conrelid = $1::regclass order by conname`, table.Name)
		require.NoError(t, err)
		constraints, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		require.Equal(t, wantConstraints, constraints, "the constraints of %s", table.Name)

		rows, err = pool.Query(t.Context(), `select indexname::text from pg_indexes where tablename = $1 order by indexname`, table.Name)
		require.NoError(t, err)
		indexes, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		require.Equal(t, wantIndexes, indexes, "the indexes of %s", table.Name)
	}
	// The unique index, CHECK, foreign key and both plain indexes of the
	// records table.
	require.Equal(t, 5, shortened, "names shortened to the limit")
}

func TestViolationsOfShortenedConstraintsAreMapped(t *testing.T) {
	t.Parallel()
	pool := schematest.Pool(t, schemaDir)
	q := db.New(pool)
	ctx := auth.WithPrincipal(t.Context(), auth.Principal{UserID: "user-of-acme", TenantID: "acme"})

	warehouse, err := q.CreateConsolidationWarehouseFacility(ctx, db.ConsolidationWarehouseFacilityCreate{Name: "Rotterdam"})
	require.NoError(t, err)
	in := db.InternationalShipmentConsolidationRecordCreate{
		CustomsDeclarationReferenceNumber: "NL-2026-0001",
		ConsolidationWarehouseFacilityID:  &warehouse.ID,
	}
	_, err = q.CreateInternationalShipmentConsolidationRecord(ctx, in)
	require.NoError(t, err)

	// The unique index: a ConflictError naming the field.
	_, err = q.CreateInternationalShipmentConsolidationRecord(ctx, in)
	var conflict *db.ConflictError
	require.ErrorAs(t, err, &conflict)
	require.Equal(t, []string{"customs_declaration_reference_number"}, conflict.Fields)
	require.Len(t, conflict.Constraint, 63)

	// The foreign key: a ValidationError on the field, not a bare
	// database error.
	in.CustomsDeclarationReferenceNumber = "NL-2026-0002"
	in.ConsolidationWarehouseFacilityID = ptr(uuid.New())
	_, err = q.CreateInternationalShipmentConsolidationRecord(ctx, in)
	var invalid *db.ValidationError
	require.True(t, errors.As(err, &invalid), "%v", err)
	require.Equal(t, map[string]string{"consolidation_warehouse_facility_id": "no such ConsolidationWarehouseFacility"}, invalid.Fields)

	// Deleting the referenced warehouse: a conflict on the foreign key.
	err = q.DeleteConsolidationWarehouseFacility(ctx, warehouse.ID)
	require.ErrorAs(t, err, &conflict)
	require.Len(t, conflict.Constraint, 63)
	require.Contains(t, conflict.Message, "ConsolidationWarehouseFacility is still referenced")
}

func ptr[T any](v T) *T { return &v }
