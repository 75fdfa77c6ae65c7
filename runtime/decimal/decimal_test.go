package decimal_test

import (
	"math/big"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/runtime/decimal"
)

// decimalSyntax is the syntax Parse accepts, as the regexp the
// generated code used before Parse: the test holds the two equal.
var decimalSyntax = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

func TestParseDecimalSyntax(t *testing.T) {
	for _, s := range []string{"0", "-0", "+1", "12.50", "3.", ".25", "-.5", "007", "1.2.3", "", ".", "+", "-", "1e5", " 1", "1 ", "0x10", "NaN", "Infinity", "١"} {
		_, ok := decimal.Parse(s)
		require.Equal(t, decimalSyntax.MatchString(s), ok, "ParseDecimal(%q)", s)
	}
}

// TestDecimalCmp compares random decimals as big.Rat does.
func TestDecimalCmp(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	random := func() string {
		var b strings.Builder
		b.WriteString([]string{"", "-", "+"}[r.IntN(3)])
		for range r.IntN(4) {
			b.WriteByte("0012345679"[r.IntN(10)])
		}
		if r.IntN(2) == 0 {
			b.WriteByte('.')
			for range r.IntN(4) {
				b.WriteByte("0012345679"[r.IntN(10)])
			}
		}
		return b.String()
	}
	for range 20000 {
		a, b := random(), random()
		da, okA := decimal.Parse(a)
		db, okB := decimal.Parse(b)
		if !okA || !okB {
			continue
		}
		ra, okA := new(big.Rat).SetString(a)
		rb, okB := new(big.Rat).SetString(b)
		require.True(t, okA && okB, "big.Rat refuses %q or %q, which decimal.Parse accepts", a, b)
		require.Equal(t, ra.Cmp(rb), da.Cmp(db), "%q vs %q", a, b)
		back, ok := new(big.Rat).SetString(da.String())
		require.True(t, ok && back.Cmp(ra) == 0, "%q is %s", a, da)
	}
}

func TestMustDecimal(t *testing.T) {
	require.Equal(t, "-0.5", decimal.Must("-00.500").String())
	require.Equal(t, "0", decimal.Must("-0.0").String())
	require.Panics(t, func() { decimal.Must("1e3") })
}

func BenchmarkDecimalCheck(b *testing.B) {
	lo := decimal.Must("0")
	for b.Loop() {
		d, ok := decimal.Parse("1.25")
		if !ok || d.Cmp(lo) < 0 {
			b.Fatal("1.25 is a decimal above 0")
		}
	}
}
