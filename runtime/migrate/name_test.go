package migrate_test

import (
	"testing"

	"github.com/forge-framework/forge/runtime/migrate"
)

func TestStem(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version int64
		name    string
		want    string
	}{
		{1, "init", "0001_init"},
		{42, "add_sku", "0042_add_sku"},
		{12345, "x", "12345_x"},
	} {
		got := migrate.Stem(tc.version, tc.name)
		if got != tc.want {
			t.Errorf("Stem(%d, %q) = %q, want %q", tc.version, tc.name, got, tc.want)
		}
		if v, n, ok := migrate.ParseStem(got); !ok || v != tc.version || n != tc.name {
			t.Errorf("ParseStem(%q) = %d, %q, %v; want it to undo Stem", got, v, n, ok)
		}
	}
}

func TestParseStem(t *testing.T) {
	t.Parallel()
	for _, stem := range []string{"0001_init", "00001_a", "0001_AddSku", "0001__x", "0001_1_x"} {
		if _, _, ok := migrate.ParseStem(stem); !ok {
			t.Errorf("ParseStem(%q) refused it", stem)
		}
	}
	for _, stem := range []string{"1_x", "001_x", "0001", "0001_", "0001-x", "0001_add-sku", "0001_a b", "0001_añadir", "x_0001", "99999999999999999999_x"} {
		if _, _, ok := migrate.ParseStem(stem); ok {
			t.Errorf("ParseStem(%q) accepted it", stem)
		}
	}
}
