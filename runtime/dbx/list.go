package dbx

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
)

// unfiltered is a List value that leaves its condition out.
type unfiltered struct{}

// Filter returns v for a List condition, or, when v is nil, a value that
// leaves the condition out. v itself is the argument (pgx writes *T as
// T), so a set filter costs no copy.
func Filter[T any](v *T) any {
	if v == nil {
		return unfiltered{}
	}
	return v
}

// List is the SELECT of one keyset page of a table: its conditions are
// the caller's filters, and the SQL text depends on which are set. Like
// Insert, List builds each variant once, the first time it is used, and
// reuses it, so a List method builds no SQL and allocates nothing for it.
type List struct {
	head  string   // "SELECT a, b FROM t WHERE deleted_at IS NULL"
	where bool     // head has a WHERE
	conds []string // "tenant_id = ", "id > ", "status = "
	cache []atomic.Pointer[string]
}

// NewList returns the page of columns (an SQL column list) of table (quoted
// for SQL), in id order, where fixed holds ("deleted_at IS NULL", or ""
// for none) and each condition of conds whose value is set: a condition is
// the SQL before its placeholder, "status = ".
func NewList(table, columns, fixed string, conds ...string) *List {
	l := &List{head: "SELECT " + columns + " FROM " + table, conds: conds}
	if fixed != "" {
		l.head += " WHERE " + fixed
		l.where = true
	}
	if len(conds) <= maxCachedDefaults {
		l.cache = make([]atomic.Pointer[string], 1<<len(conds))
	}
	return l
}

// Statement returns the SQL and the arguments of the page: values are one
// per condition, in order, a value from Filter leaving its condition
// out, then the LIMIT. It reuses values' array for the arguments: pass
// the values as a list, not a slice the caller keeps.
func (l *List) Statement(values ...any) (string, []any) {
	if len(values) != len(l.conds)+1 {
		panic(fmt.Sprintf("dbx: SELECT of %d conditions given %d values (and a limit)", len(l.conds), len(values)-1))
	}
	var set uint
	args := values[:0]
	for i, v := range values[:len(l.conds)] {
		if _, ok := v.(unfiltered); ok {
			continue
		}
		set |= 1 << i
		args = append(args, v)
	}
	args = append(args, values[len(l.conds)])
	if l.cache == nil {
		return l.build(set), args
	}
	if sql := l.cache[set].Load(); sql != nil {
		return *sql, args
	}
	sql := l.build(set)
	l.cache[set].Store(&sql)
	return sql, args
}

// build returns the SQL of the variant whose conditions in set are there.
func (l *List) build(set uint) string {
	var b strings.Builder
	b.WriteString(l.head)
	sep := " WHERE "
	if l.where {
		sep = " AND "
	}
	n := 0
	for i, cond := range l.conds {
		if set&(1<<i) == 0 {
			continue
		}
		n++
		b.WriteString(sep + cond + "$" + strconv.Itoa(n))
		sep = " AND "
	}
	b.WriteString(" ORDER BY id LIMIT $" + strconv.Itoa(n+1))
	return b.String()
}
