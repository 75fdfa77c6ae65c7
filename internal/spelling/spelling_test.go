package spelling

import (
	"fmt"
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	t.Parallel()
	names := []string{"Product", "Order", "OrderItem", "Review"}
	tests := []struct {
		name string
		want string
	}{
		{"Prodcut", "Product"}, // a transposition is two edits
		{"product", "Product"}, // case is ignored
		{"Orders", "Order"},    // one insertion
		{"OrderItems", "OrderItem"},
		{"Customer", ""},  // nothing near
		{"Order", ""},     // itself is not a suggestion
		{"Ordr", "Order"}, // nearer than OrderItem
		{strings.Repeat("x", 65), ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.name, names); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// Of two candidates equally near, the first in byte order wins, whatever
// order the caller lists them in (callers often range over a map).
func TestClosestTieBreak(t *testing.T) {
	t.Parallel()
	for _, names := range [][]string{{"ab", "ac"}, {"ac", "ab"}} {
		if got := Closest("aa", names); got != "ab" {
			t.Errorf("Closest(aa, %v) = %q, want ab", names, got)
		}
	}
}

func TestDistance(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"FORGE_DATABSE_URL", "FORGE_DATABASE_URL", 1},
	} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func ExampleClosest() {
	fmt.Println(Closest("FORGE_DATABSE_URL", []string{"FORGE_DATABASE_URL", "FORGE_HTTP_ADDR"}))
	// Output: FORGE_DATABASE_URL
}
