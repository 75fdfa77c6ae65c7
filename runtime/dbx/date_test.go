package dbx_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/runtime/dbx"
)

func TestDate(t *testing.T) {
	d, err := dbx.ParseDate("2024-02-29")
	require.NoError(t, err)
	require.Equal(t, dbx.Date{Year: 2024, Month: time.February, Day: 29}, d)
	require.Equal(t, "2024-02-29", d.String())
	require.True(t, d.Valid())
	require.Equal(t, d, dbx.DateOf(time.Date(2024, 2, 29, 23, 59, 0, 0, time.FixedZone("x", -11*3600))), "the date where t is")

	require.False(t, dbx.Date{Year: 2023, Month: time.April, Day: 31}.Valid(), "31 April")
	require.False(t, dbx.Date{}.Valid(), "the zero Date")
	require.True(t, dbx.Date{}.IsZero())
	_, err = dbx.ParseDate("2024-2-29")
	require.Error(t, err)
}

func TestDateJSON(t *testing.T) {
	var v struct {
		D  dbx.Date  `json:"d"`
		P  *dbx.Date `json:"p"`
		NB dbx.Date  `json:"nb"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"d":"2024-01-02","p":"2025-12-31","nb":null}`), &v))
	require.Equal(t, dbx.Date{Year: 2024, Month: 1, Day: 2}, v.D)
	require.Equal(t, dbx.Date{Year: 2025, Month: 12, Day: 31}, *v.P)
	require.True(t, v.NB.IsZero(), "null leaves the date unchanged")

	var typeErr *json.UnmarshalTypeError
	err := json.Unmarshal([]byte(`{"d":"2024-13-01"}`), &v)
	require.True(t, errors.As(err, &typeErr), "a bad date is an UnmarshalTypeError: %v", err)
	require.Equal(t, "d", typeErr.Field)
	err = json.Unmarshal([]byte(`{"d":7}`), &v)
	require.True(t, errors.As(err, &typeErr), "a number is an UnmarshalTypeError: %v", err)

	out, err := json.Marshal(dbx.Date{Year: 2024, Month: 1, Day: 2})
	require.NoError(t, err)
	require.Equal(t, `"2024-01-02"`, string(out))
	_, err = json.Marshal(dbx.Date{Year: 2024, Month: 2, Day: 30})
	require.Error(t, err, "an invalid date is not written")

	var q dbx.Date
	require.NoError(t, q.UnmarshalText([]byte("1999-12-31")))
	require.Equal(t, dbx.Date{Year: 1999, Month: 12, Day: 31}, q)
	require.Error(t, q.UnmarshalText([]byte("yesterday")))
}

func TestDatePgtype(t *testing.T) {
	var d dbx.Date
	require.NoError(t, d.ScanDate(pgtype.Date{Time: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Valid: true}))
	require.Equal(t, dbx.Date{Year: 2024, Month: 3, Day: 1}, d)
	require.Error(t, d.ScanDate(pgtype.Date{}), "NULL into a Date")
	require.Error(t, d.ScanDate(pgtype.Date{InfinityModifier: pgtype.Infinity, Valid: true}))

	v, err := d.DateValue()
	require.NoError(t, err)
	require.Equal(t, pgtype.Date{Time: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Valid: true}, v)
	_, err = dbx.Date{}.DateValue()
	require.Error(t, err)
}
