package ir

import (
	"regexp"
	"strings"
)

// QuoteIdent returns name as Postgres must read it in SQL: bare when it is
// a plain lower-case name that is not a reserved key word ("price_cents"),
// else in double quotes (a field named Order has the column "order").
// Both the migration DDL and the generated data layer write every table
// and column name through it, so they always agree.
func QuoteIdent(name string) string {
	if plainIdentRE.MatchString(name) && !reservedWords[name] {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// plainIdentRE matches the names Postgres takes bare and keeps as written:
// lower-case letters, digits and underscores, not starting with a digit.
var plainIdentRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// reservedWords are the key words Postgres does not accept as a bare column
// or table name: those marked "reserved" and "reserved (can be function or
// type)" in https://www.postgresql.org/docs/current/sql-keywords-appendix.html.
var reservedWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`all analyse analyze and any array as asc asymmetric authorization binary both
		case cast check collate collation column concurrently constraint create cross current_catalog current_date
		current_role current_schema current_time current_timestamp current_user default deferrable desc distinct do
		else end except false fetch for foreign freeze from full grant group having ilike in initially inner intersect
		into is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on
		only or order outer overlaps placing primary references returning right select session_user similar some
		symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when
		where window with`) {
		m[w] = true
	}
	return m
}()
