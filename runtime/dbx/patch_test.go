package dbx_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/runtime/dbx"
)

func TestPatchJSON(t *testing.T) {
	type update struct {
		Name  dbx.Patch[string] `json:"name"`
		Count dbx.Patch[int]    `json:"count"`
		Note  dbx.Patch[string] `json:"note"`
	}
	var u update
	require.NoError(t, json.Unmarshal([]byte(`{"name":"x","count":null}`), &u))
	require.Equal(t, update{Name: dbx.Set("x"), Count: dbx.Null[int]()}, u, "absent key unset, null Null, value Set")
	require.Equal(t, "x", u.Name.Arg())
	require.Nil(t, u.Count.Arg(), "Null writes NULL")

	out, err := json.Marshal(u)
	require.NoError(t, err)
	require.JSONEq(t, `{"name":"x","count":null,"note":null}`, string(out))

	require.Error(t, json.Unmarshal([]byte(`{"count":"seven"}`), &u), "a value of the wrong type")
}
