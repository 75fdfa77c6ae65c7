package main

import (
	"fmt"
	"strings"
)

// The benchmark's schema: n tables of the same shape, each with eight
// columns of its own (seven fields and a foreign key to the table before
// it), one secondary index, and the id and timestamps both tools' users
// would have. The two renderings below describe the same tables: the sqlc
// one is written as forge migrate diff would create Forge's.

// resourceName is table i's resource in the Forge schema; its SQL table
// is tableName(i), as forge/ir.TableName derives it.
func resourceName(i int) string { return fmt.Sprintf("Item%d", i) }

func tableName(i int) string { return fmt.Sprintf("item%ds", i) }

// forgeSchema is the Forge schema package's one file.
func forgeSchema(n int) []byte {
	var b strings.Builder
	b.WriteString("// Package schema is the codegen benchmark's schema, written by bench/codegen.\n")
	b.WriteString("package schema\n\nimport \"github.com/forge-framework/forge/forge/schema\"\n")
	for i := range n {
		fmt.Fprintf(&b, "\nvar %[1]s = schema.Define(%[1]q,\n", resourceName(i))
		b.WriteString("\tschema.String(\"Name\").Required().MaxLen(100),\n")
		b.WriteString("\tschema.String(\"SKU\").MaxLen(32),\n")
		b.WriteString("\tschema.Int(\"Price\"),\n")
		b.WriteString("\tschema.Decimal(\"Weight\"),\n")
		b.WriteString("\tschema.Bool(\"Active\").Default(true),\n")
		b.WriteString("\tschema.Enum(\"Status\", \"draft\", \"active\", \"archived\").Default(\"draft\"),\n")
		b.WriteString("\tschema.Date(\"AvailableOn\"),\n")
		if i > 0 {
			fmt.Fprintf(&b, "\tschema.BelongsTo(%q),\n", resourceName(i-1))
		}
		b.WriteString("\tschema.Index(\"Status\"),\n")
		b.WriteString("\tschema.WithTimestamps(),\n")
		b.WriteString(")\n")
	}
	return []byte(b.String())
}

// sqlcSchema is the same tables as Postgres DDL, sqlc's schema.sql.
func sqlcSchema(n int) []byte {
	var b strings.Builder
	for i := range n {
		t := tableName(i)
		fmt.Fprintf(&b, "CREATE TABLE %s (\n", t)
		b.WriteString("  id uuid PRIMARY KEY,\n")
		b.WriteString("  name varchar(100) NOT NULL,\n")
		b.WriteString("  sku varchar(32),\n")
		b.WriteString("  price integer,\n")
		b.WriteString("  weight numeric(18,2),\n")
		b.WriteString("  active boolean DEFAULT true,\n")
		b.WriteString("  status text DEFAULT 'draft',\n")
		b.WriteString("  available_on date,\n")
		if i > 0 {
			fmt.Fprintf(&b, "  item%d_id uuid REFERENCES %s (id),\n", i-1, tableName(i-1))
		}
		b.WriteString("  created_at timestamptz NOT NULL DEFAULT now(),\n")
		b.WriteString("  updated_at timestamptz NOT NULL DEFAULT now(),\n")
		fmt.Fprintf(&b, "  CONSTRAINT %s_status_check CHECK (status IN ('draft', 'active', 'archived'))\n", t)
		b.WriteString(");\n")
		fmt.Fprintf(&b, "CREATE INDEX %[1]s_status_idx ON %[1]s (status);\n", t)
		if i > 0 {
			fmt.Fprintf(&b, "CREATE INDEX %[1]s_item%[2]d_id_idx ON %[1]s (item%[2]d_id);\n", t, i-1)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// sqlcQueries are sqlc's usual five queries per table: get, list, create,
// update and delete, as in sqlc's own examples (examples/authors).
func sqlcQueries(n int) []byte {
	var b strings.Builder
	for i := range n {
		t, r := tableName(i), resourceName(i)
		cols := []string{"name", "sku", "price", "weight", "active", "status", "available_on"}
		if i > 0 {
			cols = append(cols, fmt.Sprintf("item%d_id", i-1))
		}
		insertArgs := make([]string, len(cols))
		sets := make([]string, len(cols))
		for j, c := range cols {
			insertArgs[j] = fmt.Sprintf("$%d", j+2)
			sets[j] = fmt.Sprintf("%s = $%d", c, j+2)
		}
		fmt.Fprintf(&b, "-- name: Get%s :one\nSELECT * FROM %s\nWHERE id = $1 LIMIT 1;\n\n", r, t)
		fmt.Fprintf(&b, "-- name: List%ss :many\nSELECT * FROM %s\nORDER BY id\nLIMIT $1 OFFSET $2;\n\n", r, t)
		fmt.Fprintf(&b, "-- name: Create%s :one\nINSERT INTO %s (\n  id, %s\n) VALUES (\n  $1, %s\n)\nRETURNING *;\n\n",
			r, t, strings.Join(cols, ", "), strings.Join(insertArgs, ", "))
		fmt.Fprintf(&b, "-- name: Update%s :one\nUPDATE %s\nSET %s, updated_at = now()\nWHERE id = $1\nRETURNING *;\n\n",
			r, t, strings.Join(sets, ", "))
		fmt.Fprintf(&b, "-- name: Delete%s :exec\nDELETE FROM %s\nWHERE id = $1;\n\n", r, t)
	}
	return []byte(b.String())
}

// sqlcConfig is sqlc.yaml: Postgres, Go code for pgx/v5 in db/.
const sqlcConfig = `version: "2"
sql:
  - engine: "postgresql"
    schema: "schema.sql"
    queries: "query.sql"
    gen:
      go:
        package: "db"
        out: "db"
        sql_package: "pgx/v5"
`
