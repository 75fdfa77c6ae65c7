package gen

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
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

func TestDBFilesRejectsFiltersNamedLikePaging(t *testing.T) {
	s := &ir.Schema{Version: ir.Version, Resources: []ir.Resource{{
		Name: "Thing", Plural: "Things", Table: "things", Route: "things",
		Fields:  []ir.Field{{Name: "Cursor", Column: "cursor", JSON: "cursor", Type: ir.String}},
		Indexes: []ir.Index{{Name: "things_cursor_idx", Fields: []string{"Cursor"}, Columns: []string{"cursor"}}},
	}}}
	m, err := newModel(s, Options{ImportPath: "example.com/app"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = dbFiles(m)
	if err == nil || !strings.Contains(err.Error(), "rename the field") {
		t.Fatalf("dbFiles: %v, want an error asking to rename Cursor", err)
	}
}
