package dbx

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// Stmt builds a statement whose SET or WHERE clauses depend on the call,
// numbering its arguments: values never enter the SQL text.
type Stmt struct {
	// Args are the statement's arguments, $1 first.
	Args  []any
	sets  []string
	conds []string
	// setColumns and setParams are the columns Set assigns and their
	// placeholders, in order.
	setColumns, setParams []string
}

// Param adds v as an argument and returns its placeholder, "$3".
func (s *Stmt) Param(v any) string {
	s.Args = append(s.Args, v)
	return "$" + strconv.Itoa(len(s.Args))
}

// Set adds "column = $n" to the SET clause, column quoted for SQL.
func (s *Stmt) Set(column string, v any) {
	param := s.Param(v)
	s.sets = append(s.sets, column+" = "+param)
	s.setColumns = append(s.setColumns, column)
	s.setParams = append(s.setParams, param)
}

// WhereChanged adds the condition that some column Set assigns would
// change: "(a, b) IS DISTINCT FROM ($1, $2)". So an UPDATE whose every
// value equals the stored one matches no row and writes nothing. Equal
// means what IS NOT DISTINCT FROM says: NULL equals NULL, and values
// compare as Postgres compares them (numeric 1.5 equals 1.50, jsonb
// ignores key order and spacing), so such a value is not written either.
// Without Set assignments it adds nothing.
func (s *Stmt) WhereChanged() {
	switch len(s.setColumns) {
	case 0:
	case 1:
		s.Where(s.setColumns[0] + " IS DISTINCT FROM " + s.setParams[0])
	default:
		s.Where("(" + strings.Join(s.setColumns, ", ") + ") IS DISTINCT FROM (" + strings.Join(s.setParams, ", ") + ")")
	}
}

// RequireLive adds, for each parent of ps whose foreign key Set assigns,
// the condition that the key keeps its value or points at a parent row
// that is not deleted (Parent.Live, which locks that row until the
// statement's transaction ends).
func (s *Stmt) RequireLive(ps ...Parent) {
	for _, p := range ps {
		for i, c := range s.setColumns {
			if c == p.Column {
				s.Where("(" + c + " IS NOT DISTINCT FROM " + s.setParams[i] + " OR " + p.Live(s.setParams[i]) + ")")
			}
		}
	}
}

// SetSQL adds an assignment without an argument to the SET clause:
// "updated_at = now()".
func (s *Stmt) SetSQL(assignment string) {
	s.sets = append(s.sets, assignment)
}

// HasSets reports whether the SET clause assigns anything.
func (s *Stmt) HasSets() bool { return len(s.sets) > 0 }

// Where adds cond to the WHERE clause, AND-ed with the others.
func (s *Stmt) Where(cond string) {
	s.conds = append(s.conds, cond)
}

// SetClause returns " SET a = $1, b = $2".
func (s *Stmt) SetClause() string {
	return " SET " + strings.Join(s.sets, ", ")
}

// WhereClause returns " WHERE a AND b", or "" without conditions.
func (s *Stmt) WhereClause() string {
	if len(s.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(s.conds, " AND ")
}

// useDefault is an INSERT value that stands for the column's DEFAULT.
type useDefault struct{}

// ValueOrDefault returns v, or the column's DEFAULT for Insert when v is
// nil.
func ValueOrDefault[T any](v *T) any {
	if v == nil {
		return useDefault{}
	}
	return v
}

// SliceOrDefault returns v, or the column's DEFAULT for Insert when v is
// nil.
func SliceOrDefault[S ~[]E, E any](v S) any {
	if v == nil {
		return useDefault{}
	}
	return v
}

// maxCachedDefaults is the most columns that may take their DEFAULT for
// which Insert keeps every variant of its SQL: 2^10 pointers. A table
// with more builds the variant on each call.
const maxCachedDefaults = 10

// Insert is the INSERT of one row into a table. A column with a DEFAULT
// that the caller leaves out must say DEFAULT in the VALUES list, so the
// text depends on which columns are left out: Insert builds each variant
// once, the first time it is used, and reuses it.
type Insert struct {
	head string // "INSERT INTO t (a, b) VALUES ("
	tail string // ") RETURNING a, b"
	// slot is, per column, its bit among the columns that may take their
	// DEFAULT, or -1 for a column that may not.
	slot  []int
	cache []atomic.Pointer[string] // by the set of defaulted columns; nil without a cache
	// table and columns are NewInsert's, columns split; parents are the
	// foreign keys the row may not point at a deleted row with (Parents).
	table   string
	columns []string
	parents []insertParent
}

// insertParent is a Parent of an Insert and the index of its column.
type insertParent struct {
	column int
	Parent
}

// NewInsert returns the INSERT into table (quoted for SQL) of columns (an
// SQL column list) that returns the columns of returning. mayDefault are
// the indexes, in columns, of the columns whose value may be
// ValueOrDefault or SliceOrDefault.
func NewInsert(table, columns, returning string, mayDefault ...int) *Insert {
	n := strings.Count(columns, ",") + 1
	ins := &Insert{
		head:  "INSERT INTO " + table + " (" + columns + ") VALUES (",
		tail:  " RETURNING " + returning,
		slot:  make([]int, n),
		table: table,
	}
	for _, c := range strings.Split(columns, ",") {
		ins.columns = append(ins.columns, strings.TrimSpace(c))
	}
	for i := range ins.slot {
		ins.slot[i] = -1
	}
	for bit, i := range mayDefault {
		ins.slot[i] = bit
	}
	if len(mayDefault) <= maxCachedDefaults {
		ins.cache = make([]atomic.Pointer[string], 1<<len(mayDefault))
	}
	return ins
}

// Parents makes the INSERT write its row only when none of ps, foreign
// keys among its columns, points at a deleted row (Parent.Live): then it
// writes no row and returns none, and DeletedParents says why. The
// statement becomes INSERT … SELECT … WHERE, whose SELECT list cannot
// say DEFAULT, so a defaulted column is left out of its column list
// instead, which gives it its DEFAULT all the same. Call it once, where
// the Insert is made, before any Statement.
func (ins *Insert) Parents(ps ...Parent) *Insert {
	for _, p := range ps {
		i := slices.Index(ins.columns, p.Column)
		if i < 0 {
			panic(fmt.Sprintf("dbx: parent column %s is not a column of the INSERT into %s", p.Column, ins.table))
		}
		ins.parents = append(ins.parents, insertParent{column: i, Parent: p})
	}
	return ins
}

// Statement returns the SQL and the arguments of the INSERT of values,
// one per column in order. It reuses values' array for the arguments: pass
// the values as a list, not a slice the caller keeps.
func (ins *Insert) Statement(values ...any) (string, []any) {
	if len(values) != len(ins.slot) {
		panic(fmt.Sprintf("dbx: INSERT of %d columns given %d values", len(ins.slot), len(values)))
	}
	var defaulted uint
	args := values[:0]
	for i, v := range values {
		if _, ok := v.(useDefault); ok {
			if ins.slot[i] < 0 {
				panic(fmt.Sprintf("dbx: INSERT value %d is DEFAULT, but its column was not declared to take one", i))
			}
			defaulted |= 1 << ins.slot[i]
			continue
		}
		args = append(args, v)
	}
	if ins.cache == nil {
		return ins.build(defaulted), args
	}
	if sql := ins.cache[defaulted].Load(); sql != nil {
		return *sql, args
	}
	sql := ins.build(defaulted)
	ins.cache[defaulted].Store(&sql)
	return sql, args
}

// build returns the SQL of the variant whose defaulted columns say
// DEFAULT (or, with parents, are left out).
func (ins *Insert) build(defaulted uint) string {
	isDefaulted := func(i int) bool { return ins.slot[i] >= 0 && defaulted&(1<<ins.slot[i]) != 0 }
	var b strings.Builder
	if len(ins.parents) > 0 {
		var columns, params []string
		param := make([]string, len(ins.slot))
		for i := range ins.slot {
			if isDefaulted(i) {
				continue
			}
			param[i] = "$" + strconv.Itoa(len(params)+1)
			columns, params = append(columns, ins.columns[i]), append(params, param[i])
		}
		b.WriteString("INSERT INTO " + ins.table + " (" + strings.Join(columns, ", ") + ") SELECT " + strings.Join(params, ", "))
		sep := " WHERE "
		for _, p := range ins.parents {
			if param[p.column] != "" {
				b.WriteString(sep + p.Live(param[p.column]))
				sep = " AND "
			}
		}
		b.WriteString(ins.tail)
		return b.String()
	}
	b.WriteString(ins.head)
	n := 0
	for i := range ins.slot {
		if i > 0 {
			b.WriteString(", ")
		}
		if isDefaulted(i) {
			b.WriteString("DEFAULT")
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	b.WriteString(")" + ins.tail)
	return b.String()
}
