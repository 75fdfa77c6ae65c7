package gen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/parser"
)

// syntheticSchema returns the source of a schema with n resources, each
// with a field of every kind, a BelongsTo to its predecessor, an index, and
// (every third one) tenants, soft delete and a hook.
func syntheticSchema(n int) []byte {
	var b strings.Builder
	b.WriteString("package schema\n\nimport \"github.com/forge-framework/forge/forge/schema\"\n\n")
	for i := range n {
		fmt.Fprintf(&b, "var R%d = schema.Define(\"Thing%d\",\n", i, i)
		b.WriteString("\tschema.String(\"Name\").Required().MaxLen(100),\n")
		b.WriteString("\tschema.Text(\"Body\"),\n\tschema.Int(\"Count\").Min(0).Max(1000),\n\tschema.BigInt(\"Total\").Default(0),\n")
		b.WriteString("\tschema.Float(\"Score\"),\n\tschema.Decimal(\"Price\").Min(0),\n\tschema.Bool(\"Active\").Default(true),\n")
		b.WriteString("\tschema.Time(\"At\"),\n\tschema.Date(\"On\"),\n\tschema.UUID(\"Ref\").Unique(),\n")
		b.WriteString("\tschema.Enum(\"State\", \"new\", \"old\").Default(\"new\"),\n\tschema.JSON(\"Meta\"),\n\tschema.Bytes(\"Blob\"),\n")
		b.WriteString("\tschema.Index(\"State\", \"At\"),\n\tschema.WithTimestamps(),\n")
		if i%3 == 2 { // a shared resource belonging to the shared one before it
			fmt.Fprintf(&b, "\tschema.BelongsTo(\"Thing%d\"),\n", i-1)
		}
		if i%3 == 0 && i > 0 { // a tenant resource belonging to the tenant one before it
			fmt.Fprintf(&b, "\tschema.BelongsTo(\"Thing%d\"),\n", i-3)
		}
		if i%3 == 0 {
			fmt.Fprintf(&b, "\tschema.WithTenant(),\n\tschema.WithSoftDelete(),\n\tschema.WithHooks(schema.Hooks{AfterCreate: []schema.JobRef{{Kind: \"thing%d_created\"}}}),\n", i)
		}
		b.WriteString(")\n\n")
	}
	return []byte(b.String())
}

func syntheticIR(tb testing.TB, n int) *ir.Schema {
	s, err := parser.Parse([]parser.File{{Name: "schema.go", Src: syntheticSchema(n)}})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkGenerate200 is forge generate's work for a 200-resource schema:
// parsing the schema source and generating every file (no disk I/O).
func BenchmarkGenerate200(b *testing.B) {
	src := syntheticSchema(200)
	opts := Options{ImportPath: "example.com/big"}
	b.ReportAllocs()
	var files, bytes int
	for b.Loop() {
		s, err := parser.Parse([]parser.File{{Name: "schema.go", Src: src}})
		if err != nil {
			b.Fatal(err)
		}
		out, err := Generate(s, opts)
		if err != nil {
			b.Fatal(err)
		}
		files, bytes = len(out), 0
		for _, f := range out {
			bytes += len(f)
		}
	}
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(bytes)/1e6, "MB")
}

// BenchmarkImports200 is what the Gazelle extension asks of the generator
// for the same schema: what each generated package imports. Compare with
// BenchmarkGenerate200.
func BenchmarkImports200(b *testing.B) {
	src := syntheticSchema(200)
	opts := Options{ImportPath: "example.com/big"}
	b.ReportAllocs()
	for b.Loop() {
		s, err := parser.Parse([]parser.File{{Name: "schema.go", Src: src}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Imports(s, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSyntheticSchemaGenerates keeps the benchmark's input valid.
func TestSyntheticSchemaGenerates(t *testing.T) {
	if _, err := Generate(syntheticIR(t, 12), Options{ImportPath: "example.com/big"}); err != nil {
		t.Fatal(err)
	}
}
