package gen

import (
	"strings"
	"testing"

	"github.com/forge-framework/forge/forge/ir"
)

func TestFilterMayNotShadowListParams(t *testing.T) {
	s := &ir.Schema{Version: ir.Version, Resources: []ir.Resource{{
		Name: "Quota", Plural: "Quotas", Table: "quotas", Route: "quotas",
		Fields:  []ir.Field{{Name: "Limit", Column: "limit", JSON: "limit", Type: ir.Int}},
		Indexes: []ir.Index{{Name: "quotas_limit_idx", Fields: []string{"Limit"}, Columns: []string{"limit"}}},
	}}}
	m, err := newModel(s, Options{ImportPath: "example.com/app"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = handlerFiles(m)
	if err == nil || !strings.Contains(err.Error(), `JSON name "limit" is the list's limit parameter`) {
		t.Fatalf("handlerFiles: err = %v, want one about the limit parameter", err)
	}
}
