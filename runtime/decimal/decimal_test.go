package decimal_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/internal/pgtest"
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

func TestFits(t *testing.T) {
	for _, tc := range []struct {
		s                string
		precision, scale int
		want             bool
	}{
		{"12345.67", 7, 2, true},
		{"-12345.67", 7, 2, true},
		{"99999.99", 7, 2, true},
		{"123456.7", 7, 2, false}, // six digits before the point
		{"0.125", 7, 2, false},    // three after
		{"1.50", 7, 2, true},
		{"1.500", 7, 2, false},      // trailing zeros count, as Postgres keeps them
		{"000012345.6", 7, 2, true}, // leading zeros do not
		{"0", 7, 2, true},
		{".5", 2, 2, true},
		{"0.55", 2, 2, true},
		{"1.5", 2, 2, false},
		{"-0.0", 1, 0, false},
		{"-0", 1, 0, true},
		{"9", 1, 0, true},
		{"10", 1, 0, false},
		{"12.", 2, 0, true},
		{"0." + strings.Repeat("1", 17000), 1000, 999, false},
		{"1." + strings.Repeat("0", 17000), 18, 2, false},
		{strings.Repeat("9", 1000), decimal.MaxPrecision, 0, true},
	} {
		d, ok := decimal.Parse(tc.s)
		require.True(t, ok, tc.s)
		require.Equal(t, tc.want, d.Fits(tc.precision, tc.scale), "%.20s fits numeric(%d,%d)", tc.s, tc.precision, tc.scale)
	}
}

func TestLimit(t *testing.T) {
	require.Equal(t, "at most 10 digits before the decimal point and 2 after", decimal.Limit(12, 2))
	require.Equal(t, "at most 1 digit before the decimal point and 1 after", decimal.Limit(2, 1))
	require.Equal(t, "at most 18 digits and none after the decimal point", decimal.Limit(18, 0))
	require.Equal(t, "at most 4 digits, all after the decimal point", decimal.Limit(4, 4))
}

// TestFitsAsPostgres checks Fits against Postgres's numeric(p, s): a value
// that fits is stored exactly; one that does not is refused by Postgres,
// or would be rounded, or is written with more fraction digits than the
// scale (trailing zeros that Postgres would drop).
func TestFitsAsPostgres(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		var b strings.Builder
		b.WriteString([]string{"", "-"}[r.IntN(2)])
		for range r.IntN(6) {
			b.WriteByte("0012345699"[r.IntN(10)])
		}
		b.WriteByte('.')
		for range 1 + r.IntN(4) {
			b.WriteByte("0012345699"[r.IntN(10)])
		}
		s := b.String()
		precision := 1 + r.IntN(6)
		scale := r.IntN(precision + 1)
		d, ok := decimal.Parse(s)
		require.True(t, ok, s)
		var exact bool
		err := pool.QueryRow(ctx, fmt.Sprintf("SELECT $1::numeric(%d,%d) = $1::numeric", precision, scale), s).Scan(&exact)
		if d.Fits(precision, scale) {
			require.NoError(t, err, "%s fits numeric(%d,%d)", s, precision, scale)
			require.True(t, exact, "%s fits numeric(%d,%d) but Postgres rounds it", s, precision, scale)
			continue
		}
		var pgErr *pgconn.PgError
		if err != nil {
			require.ErrorAs(t, err, &pgErr)
			require.Equal(t, "22003", pgErr.Code, "%s in numeric(%d,%d): %v", s, precision, scale, err) // numeric_value_out_of_range
			continue
		}
		_, frac, _ := strings.Cut(s, ".")
		require.True(t, !exact || len(frac) > scale, "%s is refused for numeric(%d,%d), which holds it", s, precision, scale)
	}
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

// BenchmarkFitsHuge is the 17,000-digit decimal of issue 11: refused by a
// scan of its bytes, with no allocation and no arithmetic.
func BenchmarkFitsHuge(b *testing.B) {
	s := "0." + strings.Repeat("1", 17000)
	for b.Loop() {
		if d, ok := decimal.Parse(s); !ok || d.Fits(18, 2) {
			b.Fatal("a 17,000-digit fraction is a decimal that does not fit numeric(18,2)")
		}
	}
}
