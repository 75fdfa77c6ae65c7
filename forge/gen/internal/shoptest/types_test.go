package shoptest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/forge/gen/testdata/shop/gen/db"
)

func TestPatchJSON(t *testing.T) {
	t.Parallel()
	var in struct {
		A db.Patch[string]  `json:"a"`
		B db.Patch[string]  `json:"b"`
		C db.Patch[int32]   `json:"c"`
		D db.Patch[db.Date] `json:"d"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"a": null, "c": 0, "d": "2024-02-29"}`), &in))
	require.Equal(t, db.Null[string](), in.A)
	require.Equal(t, db.Patch[string]{}, in.B, "absent: unset")
	require.Equal(t, db.Set[int32](0), in.C, "zero is a value")
	require.Equal(t, db.Set(db.Date{Year: 2024, Month: time.February, Day: 29}), in.D)

	out, err := json.Marshal(in)
	require.NoError(t, err)
	require.JSONEq(t, `{"a": null, "b": null, "c": 0, "d": "2024-02-29"}`, string(out))
}

func TestDate(t *testing.T) {
	t.Parallel()
	d, err := db.ParseDate("2024-02-29")
	require.NoError(t, err)
	require.Equal(t, db.Date{Year: 2024, Month: time.February, Day: 29}, d)
	require.Equal(t, "2024-02-29", d.String())
	require.True(t, d.Valid())
	require.Equal(t, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), d.In(time.UTC))
	require.Equal(t, d, db.DateOf(time.Date(2024, 2, 29, 23, 59, 0, 0, time.FixedZone("x", -11*3600))), "the date where t is")

	for _, bad := range []string{"2023-02-29", "2024-2-29", "29.02.2024", ""} {
		_, err := db.ParseDate(bad)
		require.Error(t, err, bad)
	}
	require.False(t, db.Date{}.Valid())
	require.True(t, db.Date{}.IsZero())
	require.False(t, db.Date{Year: 2023, Month: 4, Day: 31}.Valid())
	_, err = json.Marshal(db.Date{Year: 2023, Month: 4, Day: 31})
	require.Error(t, err)
}

func TestBadDateInJSONNamesTheField(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"birth_date": "1990-13-01"}`, `{"birth_date": 19900101}`} {
		var in db.CustomerCreate
		var typeErr *json.UnmarshalTypeError
		require.ErrorAs(t, json.Unmarshal([]byte(body), &in), &typeErr, body)
		require.Equal(t, "birth_date", typeErr.Field)

		var patch db.CustomerUpdate
		require.ErrorAs(t, json.Unmarshal([]byte(body), &patch), &typeErr, body)
		require.Equal(t, "birth_date", typeErr.Field)
	}
	var in db.CustomerCreate
	require.NoError(t, json.Unmarshal([]byte(`{"birth_date": null}`), &in))
	require.Nil(t, in.BirthDate)
}
