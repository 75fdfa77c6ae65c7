package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/parser"
)

// TestGofmtStable holds the templates to printing gofmt's layout, since
// Generate does not run go/format: every file generated for the golden
// cases, the 200-resource benchmark schema and a set of random schemas
// must be its own gofmt.
func TestGofmtStable(t *testing.T) {
	for name, dir := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			s, err := parser.ParseDir(dir)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			opts := Options{ImportPath: goldenImportPath + name}
			checkGofmt(t, s, opts)
		})
	}
	t.Run("synthetic200", func(t *testing.T) {
		checkGofmt(t, syntheticIR(t, 200), Options{ImportPath: "example.com/big"})
	})
	for seed := range uint64(40) {
		t.Run(fmt.Sprintf("random%d", seed), func(t *testing.T) {
			src := randomSchema(rand.New(rand.NewPCG(seed, 10)))
			s, err := parser.Parse([]parser.File{{Name: "schema.go", Src: src}})
			if err != nil {
				t.Fatalf("parse: %v\n%s", err, src)
			}
			checkGofmt(t, s, Options{ImportPath: "example.com/random"})
		})
	}
}

// checkGofmt fails t for each generated or scaffolded file of s that
// gofmt would change, with the diff.
func checkGofmt(t *testing.T, s *ir.Schema, opts Options) {
	t.Helper()
	files, err := Generate(s, opts)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	scaffolds, err := Scaffolds(s, opts)
	if err != nil {
		t.Fatalf("Scaffolds: %v", err)
	}
	maps.Copy(files, scaffolds)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		src := files[name]
		want, err := format.Source(src)
		if err != nil {
			t.Errorf("%s is not Go: %v", name, err)
			continue
		}
		if !bytes.Equal(want, src) {
			t.Errorf("%s is not gofmt'ed:\n%s", name, unifiedDiff(name, src, want))
		}
	}
}

// unifiedDiff returns a unified diff of got and want. Lines are paired
// by position while the two have as many lines (gofmt's changes here are
// within lines: alignment); otherwise everything between the common head
// and tail is one hunk.
func unifiedDiff(name string, got, want []byte) string {
	g := strings.SplitAfter(string(got), "\n")
	w := strings.SplitAfter(string(want), "\n")
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s (generated)\n+++ %s (gofmt)\n", name, name)
	hunk := func(gFrom, gTo, wFrom, wTo int) {
		from := max(gFrom-3, 0)
		gEnd, wEnd := min(gTo+3, len(g)), min(wTo+3, len(w))
		fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", from+1, gEnd-from, from+1, wEnd-from)
		line := func(prefix, l string) { b.WriteString(prefix + strings.TrimSuffix(l, "\n") + "\n") }
		for _, l := range g[from:gFrom] {
			line(" ", l)
		}
		for _, l := range g[gFrom:gTo] {
			line("-", l)
		}
		for _, l := range w[wFrom:wTo] {
			line("+", l)
		}
		for _, l := range g[gTo:gEnd] {
			line(" ", l)
		}
	}
	if len(g) != len(w) {
		head, tail := 0, 0
		for head < len(g) && head < len(w) && g[head] == w[head] {
			head++
		}
		for tail < len(g)-head && tail < len(w)-head && g[len(g)-1-tail] == w[len(w)-1-tail] {
			tail++
		}
		hunk(head, len(g)-tail, head, len(w)-tail)
		return b.String()
	}
	const most = 20 // hunks shown: the first ones show the problem
	shown := 0
	for i := 0; i < len(g); i++ {
		if g[i] == w[i] {
			continue
		}
		j := i
		for j < len(g) && g[j] != w[j] {
			j++
		}
		if shown++; shown > most {
			b.WriteString("… more hunks\n")
			break
		}
		hunk(i, j, i, j)
		i = j
	}
	return b.String()
}

// randomSchema returns the source of a schema of a few resources whose
// fields have names of very different lengths, every type, and random
// modifiers, with tenants, soft delete, timestamps, hooks and relations on
// or off: the alignment gofmt computes depends on all of them.
func randomSchema(r *rand.Rand) []byte {
	name := func() string {
		n := r.IntN(4)
		if n == 3 {
			n = 8 + r.IntN(24)
		} else {
			n = n * 3
		}
		b := []byte{"QWZXV"[r.IntN(5)]}
		for range n {
			b = append(b, byte('a'+r.IntN(26)))
		}
		return string(b)
	}
	type kind struct {
		ctor     string
		defaults []string
		mods     []string // besides Required, Optional, Unique, Immutable, Sensitive
	}
	kinds := []kind{
		{"String", []string{`"abc"`, `"defaulted"`}, []string{".MinLen(2)", ".MaxLen(40)", ".Pattern(`^[a-z]+$`)"}},
		{"Text", []string{`"a long default"`}, []string{".MinLen(1)", ".MaxLen(4000)"}},
		{"Int", []string{"0", "3"}, []string{".Min(0)", ".Max(1000)"}},
		{"BigInt", []string{"7"}, []string{".Min(-5)", ".Max(1e12)"}},
		{"Float", []string{"1.5"}, []string{".Min(0.5)", ".Max(99)"}},
		{"Decimal", []string{`"1.25"`}, []string{".Min(0)", ".Max(1e6)"}},
		{"Bool", []string{"true"}, nil},
		{"Time", []string{`"now"`}, nil},
		{"Date", nil, nil},
		{"UUID", nil, nil},
		{"JSON", nil, nil},
		{"Bytes", nil, []string{".MinLen(1)", ".MaxLen(64)"}},
	}
	var b strings.Builder
	b.WriteString("package schema\n\nimport \"github.com/forge-framework/forge/forge/schema\"\n\n")
	n := 1 + r.IntN(4)
	tenant := make([]bool, n)
	names := make([]string, n)
	for i := range n {
		tenant[i] = r.IntN(2) == 0
		names[i] = fmt.Sprintf("Res%d%s", i, strings.Repeat("x", r.IntN(3)*7))
		fmt.Fprintf(&b, "var R%d = schema.Define(%q,\n", i, names[i])
		used := map[string]bool{}
		var fields []string
		for range 1 + r.IntN(9) {
			f := name()
			if used[f] {
				continue
			}
			used[f] = true
			fields = append(fields, f)
			if r.IntN(8) == 0 {
				vals := []string{`"a"`, `"bb"`, `"a_much_longer_value"`}[:1+r.IntN(3)]
				fmt.Fprintf(&b, "\tschema.Enum(%q, %s)", f, strings.Join(vals, ", "))
				if r.IntN(2) == 0 {
					b.WriteString(".Default(\"a\")")
				}
			} else {
				k := kinds[r.IntN(len(kinds))]
				fmt.Fprintf(&b, "\tschema.%s(%q)", k.ctor, f)
				if len(k.defaults) > 0 && r.IntN(3) == 0 {
					fmt.Fprintf(&b, ".Default(%s)", k.defaults[r.IntN(len(k.defaults))])
				}
				for _, m := range k.mods {
					if r.IntN(3) == 0 {
						b.WriteString(m)
					}
				}
				if k.ctor != "JSON" && r.IntN(5) == 0 {
					b.WriteString(".Unique()")
				}
			}
			switch r.IntN(4) {
			case 0:
				b.WriteString(".Required()")
			case 1:
				b.WriteString(".Optional()")
			}
			if r.IntN(6) == 0 {
				b.WriteString(".Immutable()")
			}
			if r.IntN(8) == 0 {
				b.WriteString(".Sensitive()")
			}
			b.WriteString(",\n")
		}
		for j := range i {
			if tenant[j] == tenant[i] && r.IntN(2) == 0 {
				fmt.Fprintf(&b, "\tschema.BelongsTo(%q)", names[j])
				b.WriteString([]string{"", ".Required()", ".Optional()"}[r.IntN(3)])
				b.WriteString(",\n")
			}
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "\tschema.Index(%q),\n", fields[0])
		}
		if tenant[i] {
			b.WriteString("\tschema.WithTenant(),\n")
		}
		if r.IntN(2) == 0 {
			b.WriteString("\tschema.WithTimestamps(),\n")
		}
		if r.IntN(2) == 0 {
			b.WriteString("\tschema.WithSoftDelete(),\n")
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "\tschema.WithHooks(schema.Hooks{AfterCreate: []schema.JobRef{{Kind: \"res%d_created\"}}}),\n", i)
		}
		b.WriteString(")\n\n")
	}
	return []byte(b.String())
}
