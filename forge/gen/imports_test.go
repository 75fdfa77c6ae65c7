package gen

import (
	"reflect"
	"strconv"
	"testing"
)

func TestImportListGroupsAndSorts(t *testing.T) {
	m := &model{ImportPath: "example.com/shop"}
	got := m.importList(importSet{}.
		add("net/http", "context", "github.com/google/uuid", "example.com/shop/gen/db", forgeModule+"/runtime/api", "github.com/jackc/pgx/v5").
		named("forgejobs", forgeModule+"/runtime/jobs"))
	want := []importSpec{
		{Path: "context"}, {Path: "net/http"},
		{},
		{Path: "github.com/google/uuid"}, {Path: "github.com/jackc/pgx/v5"},
		{},
		{Path: "example.com/shop/gen/db"}, {Path: forgeModule + "/runtime/api"}, {Name: "forgejobs", Path: forgeModule + "/runtime/jobs"},
	}
	for i := range got {
		if got[i].QPath != strconv.Quote(got[i].Path) && got[i].Path != "" {
			t.Errorf("importList[%d].QPath = %s, want %q", i, got[i].QPath, got[i].Path)
		}
		got[i].QPath = ""
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("importList =\n%v\nwant\n%v", got, want)
	}
	if got := m.importList(importSet{}); len(got) != 0 {
		t.Errorf("importList of no imports = %v, want none", got)
	}
}
