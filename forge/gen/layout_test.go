package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLayoutKeyValueColumns checks layout against gofmt on composite
// literals whose keys range from 1 to 70 bytes, where go/printer stops
// aligning values by the keys' lengths (longer than 40 bytes, and a factor
// of 2.5 from the mean of the keys before), blank lines between elements
// included.
func TestLayoutKeyValueColumns(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	for round := range 500 {
		var src strings.Builder
		src.WriteString("package p\n\nvar m = map[string]int{\n")
		for i := range 1 + r.IntN(12) {
			if i > 0 && r.IntN(8) == 0 {
				src.WriteString("\n")
			}
			n := 1 + r.IntN(70)
			if r.IntN(2) == 0 {
				n = 1 + r.IntN(12)
			}
			fmt.Fprintf(&src, "\t%q:\t%d,\n", strings.Repeat("k", n), i)
		}
		src.WriteString("}\n\nvar s = struct {\n\tA\tint\n\tLonger\tstring\n}{}\n")
		var got bytes.Buffer
		if err := layout(&got, []byte(src.String())); err != nil {
			t.Fatal(err)
		}
		want, err := format.Source(got.Bytes())
		if err != nil {
			t.Fatalf("round %d: %v\n%s", round, err, got.Bytes())
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("round %d: layout is not gofmt's:\n%s\nwant:\n%s", round, got.Bytes(), want)
		}
	}
}
