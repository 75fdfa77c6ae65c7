package gen

import (
	"encoding/json"
	"testing"
)

func TestDecimalString(t *testing.T) {
	for in, want := range map[string]string{"0": "0", "1e6": "1000000", "0.5": "0.5", "5e-1": "0.5", "-2.50": "-2.5", "0.000001": "0.000001"} {
		if got := decimalString(json.Number(in)); got != want {
			t.Errorf("decimalString(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestGoString(t *testing.T) {
	for in, want := range map[string]string{
		`^[a-z]+$`:     `"^[a-z]+$"`,
		`^[^@\s]+$`:    "`^[^@\\s]+$`",
		"a`b\\":        "\"a`b\\\\\"",
		"tab\there\\d": "`tab\there\\d`",
		"nl\n\\d":      `"nl\n\\d"`,
	} {
		if got := goString(in); got != want {
			t.Errorf("goString(%q) = %s, want %s", in, got, want)
		}
	}
}
