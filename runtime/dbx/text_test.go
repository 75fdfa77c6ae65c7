package dbx_test

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/forge-framework/forge/internal/pgtest"
	"github.com/forge-framework/forge/runtime/dbx"
)

func TestTextProblem(t *testing.T) {
	for s, want := range map[string]string{
		"":                    "",
		"Sencha 煎茶 🍵":         "",
		"a\x00@b.c":           dbx.MsgNUL,
		"\x00":                dbx.MsgNUL,
		"\xff":                dbx.MsgInvalidUTF8,
		"\xc0\xaf":            dbx.MsgInvalidUTF8, // an overlong '/'
		"\xed\xa0\x80":        dbx.MsgInvalidUTF8, // a surrogate encoded in UTF-8
		"ok\x00\xff":          dbx.MsgInvalidUTF8,
		"\ufffd is a rune ok": "",
	} {
		require.Equal(t, want, dbx.TextProblem(s), "%q", s)
	}
}

// jsonCases are JSON values and what JSONProblem says of them.
var jsonCases = []struct{ v, want string }{
	{`{"origin": "Shizuoka", "grades": [1, 2.5, -3e10, true, null]}`, ""},
	{`"\u0001 \ud83c\udf75 \\u0000 \"\u0000"`, dbx.MsgNUL},
	{`"\\u0000"`, ""}, // an escaped backslash, then the text u0000
	{`"\ud83c\udf75"`, ""},
	{`{"\u0000": 1}`, dbx.MsgNUL},
	{`"a\u0000b"`, dbx.MsgNUL},
	{`"\ud800"`, dbx.MsgLoneSurrogate},
	{`"\udc00"`, dbx.MsgLoneSurrogate},
	{`"\ud800x"`, dbx.MsgLoneSurrogate},
	{`"\ud800\u0041"`, dbx.MsgLoneSurrogate},
	{`"\ud800\ud800"`, dbx.MsgLoneSurrogate},
	{`["\ud800"]`, dbx.MsgLoneSurrogate},
	{"\"\xff\"", dbx.MsgInvalidUTF8},
	{"{\"\xc0\xaf\": 1}", dbx.MsgInvalidUTF8},
	{`{"a": 1`, dbx.MsgInvalidJSON},
	{``, dbx.MsgInvalidJSON},
	{`1e200000`, dbx.MsgJSONNumber},
	{`[1e200000]`, dbx.MsgJSONNumber},
	{`1e131071`, ""},
	{`9.9e131071`, ""},
	{`0.1e131072`, ""},
	{`1e131072`, dbx.MsgJSONNumber},
	{`-1E+131072`, dbx.MsgJSONNumber},
	{`1e-16383`, ""},
	{`1.000e-16380`, ""},
	{`1.0000e-16380`, dbx.MsgJSONNumber},
	{`1e-16384`, dbx.MsgJSONNumber},
	{`100e-16385`, dbx.MsgJSONNumber}, // 1e-16383, but numeric_in counts the scale as written
	{`0.0e-20000`, dbx.MsgJSONNumber},
	{`0e99999999`, ""},
	{`0e2147483647`, dbx.MsgJSONNumber},
	{`1e99999999999999999999`, dbx.MsgJSONNumber},
	{"0." + strings.Repeat("1", 16383), ""},
	{"0." + strings.Repeat("1", 16384), dbx.MsgJSONNumber},
	{strings.Repeat("[", dbx.MaxJSONDepth) + strings.Repeat("]", dbx.MaxJSONDepth), ""},
	{strings.Repeat("[", dbx.MaxJSONDepth+1) + strings.Repeat("]", dbx.MaxJSONDepth+1), dbx.MsgJSONDepth},
	{strings.Repeat(`{"a":`, dbx.MaxJSONDepth+1) + "1" + strings.Repeat("}", dbx.MaxJSONDepth+1), dbx.MsgJSONDepth},
	{`"[[[[" `, ""}, // brackets in strings do not nest
}

func TestJSONProblem(t *testing.T) {
	for _, tc := range jsonCases {
		require.Equal(t, tc.want, dbx.JSONProblem([]byte(tc.v)), "%.80q", tc.v)
	}
}

// TestJSONProblemAgreesWithPostgres stores every case in a jsonb column:
// Postgres takes each value JSONProblem accepts and refuses each one it
// refuses, except those over MaxJSONDepth, a limit of Forge's own.
func TestJSONProblemAgreesWithPostgres(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	for _, tc := range jsonCases {
		_, err := pool.Exec(t.Context(), "SELECT $1::text::jsonb", tc.v)
		switch tc.want {
		case "":
			require.NoError(t, err, "%.80q", tc.v)
		case dbx.MsgJSONDepth:
			require.NoError(t, err, "%.80q: Postgres nests deeper than Forge allows", tc.v)
		default:
			var pgErr *pgconn.PgError
			require.ErrorAs(t, err, &pgErr, "%.80q", tc.v)
			require.Equal(t, "22", pgErr.Code[:2], "%.80q: a data exception, not %v", tc.v, err)
		}
	}
	for s, want := range map[string]string{"a\x00b": dbx.MsgNUL, "\xff": dbx.MsgInvalidUTF8, "ok": ""} {
		_, err := pool.Exec(t.Context(), "SELECT $1::text", s)
		require.Equal(t, want == "", err == nil, "%q: %v", s, err)
	}
}
