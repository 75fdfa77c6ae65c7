package gen

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/sqlschema"
	"github.com/forge-framework/forge/runtime/decimal"
)

// The data layer, gen/db: db.go holds Queries and the runtime/dbx names
// callers use; <snake resource>.go holds a resource's row, scanner, inputs,
// validation, queries and loaders. Everything a template prints about a
// resource is decided here, in dbResourceData.

func init() {
	funcs["dbWords"] = dbWords
	funcs["goString"] = goString
}

// dbxImport is the runtime of generated data layers.
const dbxImport = forgeModule + "/runtime/dbx"

// dbData is what templates/db.tmpl reads.
type dbData struct {
	*model
	Imports        []importSpec
	RuntimeVersion int
}

// dbResourceData is what templates/db_resource.tmpl reads.
type dbResourceData struct {
	R *resource
	// LoadedByID reports that some BelongsTo targets the resource: its
	// file has the load<Plural>ByID that their loaders share.
	LoadedByID bool
	// Noun and Nouns name the resource in error messages: "order item".
	Noun, Nouns string
	// Columns is the select list, quoted for SQL, in the order of
	// ScanDests, the row fields Scan<Resource> reads.
	Columns   string
	ScanDests []string
	// InsertColumns are the columns Create writes, InsertValues the Go
	// expressions of their values, and InsertDefaults the indexes of the
	// values that may stand for the column's DEFAULT.
	InsertColumns  string
	InsertValues   []string
	InsertDefaults []int
	// GetFrom follows the select list in Get's SQL; DeleteSQL is Delete's.
	GetFrom, DeleteSQL string
	Constraints        []dbConstraint
	// Enums are the fields of an enum type, which the file declares.
	Enums []*field
	// Checks are the value checks with cases of their own, in field order
	// (a check that is only the runtime's Problem is called as it is);
	// CreateSteps and UpdateSteps validate the two inputs.
	Checks                   []*fieldCheck
	CreateSteps, UpdateSteps []validationStep

	// The rest are the SQL above and around it as Go string literals
	// (goString), made here rather than by a template func call per use.
	ColumnsLit, QTableLit, InsertColumnsLit, GetFromLit, DeleteSQLLit string
	// UpdateLit is "UPDATE <table>", FromLit " FROM <table>".
	UpdateLit, FromLit string
	// FilterLits are "<column> = " of each of R.Filters.
	FilterLits []string
	// UpdateSets are the SET clauses of R.Updatable.
	UpdateSets []updateSet

	// Parents are R's foreign keys to resources that soft-delete, which a
	// create or update may not point at a deleted row (dbx.Parent).
	Parents []dbParent
	// SoftChildren are the BelongsTo of resources that soft-delete to R,
	// when R does not: a delete of R takes their deleted rows off it
	// (DeleteSQL).
	SoftChildren []*relation
	// UpdateDoc, DeleteSQLDoc and DeleteDoc are the doc comments of
	// Update<R>, delete<R>SQL and Delete<R>.
	UpdateDoc, DeleteSQLDoc, DeleteDoc string
}

// dbParent is one of dbResourceData.Parents: the dbx.Parent literal's
// fields, quoted, and the ids DeletedParents checks after a refused
// create (CreateID) or update (UpdateID, given the row as stored).
type dbParent struct {
	QColumn, QTable, QField, QMessage string
	CreateID, UpdateID                string
}

// updateSet is one optional SET clause of Update: Column (a Go string
// literal) is set when the input's field Name is.
type updateSet struct{ Name, Column string }

func dbFiles(m *model) ([]file, error) {
	shared := importSet{}.add("context", "time", "github.com/jackc/pgx/v5", "github.com/jackc/pgx/v5/pgconn", dbxImport)
	files := []file{{name: "gen/db/db.go", template: "db.go.tmpl", data: func() any { return &dbData{model: m, Imports: m.importList(shared), RuntimeVersion: RuntimeVersion} }, imports: shared}}
	loaded := map[*resource]bool{}
	softChildren := map[*resource][]*relation{}
	for _, r := range m.Resources {
		for _, rel := range r.BelongsTo {
			loaded[rel.Target] = true
			if r.Options.SoftDelete && rel.Target != nil && !rel.Target.Options.SoftDelete {
				softChildren[rel.Target] = append(softChildren[rel.Target], rel)
			}
		}
	}
	for _, r := range m.Resources {
		for _, rel := range r.BelongsTo {
			if rel.FK == nil || rel.Target == nil {
				return nil, fmt.Errorf("gen: %s.%s: the IR's belongs_to %s has no field or target", r.Name, rel.Field, rel.Name)
			}
		}
		for _, rel := range r.HasMany {
			if rel.FK == nil || rel.Target == nil {
				return nil, fmt.Errorf("gen: %s: the IR's has_many %s has no field %s on %s", r.Name, rel.Name, rel.Field, rel.Relation.Target)
			}
		}
		imports := dbImports(r)
		files = append(files, file{
			name:     "gen/db/" + r.File + ".go",
			template: "db_resource.go.tmpl",
			data:     func() any { return newDBResourceData(r, loaded[r], softChildren[r]) },
			into:     "gen/db/resources.go",
			imports:  imports,
		})
	}
	return files, nil
}

// newDBResourceData decides everything the file of r in package db says.
// softChildren are the BelongsTo to r of resources that soft-delete.
func newDBResourceData(r *resource, loadedByID bool, softChildren []*relation) *dbResourceData {
	d := &dbResourceData{
		R:            r,
		LoadedByID:   loadedByID,
		Noun:         dbWords(r.Name),
		Nouns:        dbWords(r.Plural),
		Columns:      dbColumns(r),
		Constraints:  dbConstraints(r),
		Parents:      dbParents(r),
		SoftChildren: softChildren,
	}

	// The row type reads every column in table order; Create writes the
	// key, the tenant and the fields (the database fills the timestamps,
	// and deleted_at starts NULL).
	var insertCols []string
	for _, c := range r.SQL.Columns {
		switch {
		case c.Field != nil:
			d.ScanDests = append(d.ScanDests, c.Field.Name)
		case c.Name == ir.ColumnID:
			d.ScanDests = append(d.ScanDests, "ID")
			insertCols = append(insertCols, c.Name)
			d.InsertValues = append(d.InsertValues, "id")
		case c.Name == ir.ColumnTenantID:
			d.ScanDests = append(d.ScanDests, "TenantID")
			insertCols = append(insertCols, c.Name)
			d.InsertValues = append(d.InsertValues, "tenant")
		default:
			d.ScanDests = append(d.ScanDests, ir.Camel(c.Name))
		}
	}
	for _, f := range r.Creatable {
		value := "in." + f.Name
		switch {
		case f.HasDefault && f.SliceType:
			value = "dbx.SliceOrDefault(" + value + ")"
		case f.HasDefault && f.InputType != f.BaseType:
			value = "dbx.ValueOrDefault(" + value + ")"
		}
		if value != "in."+f.Name {
			d.InsertDefaults = append(d.InsertDefaults, len(d.InsertValues))
		}
		insertCols = append(insertCols, f.Column)
		d.InsertValues = append(d.InsertValues, value)
	}
	d.InsertColumns = sqlschema.QuoteIdents(insertCols)

	where := " WHERE id = $1"
	if r.Options.Tenant {
		where += " AND tenant_id = $2"
	}
	if r.Options.SoftDelete {
		where += " AND deleted_at IS NULL"
	}
	d.GetFrom = " FROM " + r.QTable + where
	d.DeleteSQL = deleteSQL(r, where, softChildren)
	d.UpdateDoc, d.DeleteSQLDoc, d.DeleteDoc = updateDoc(d), deleteSQLDoc(d), deleteDoc(d)

	checks := map[*field]*fieldCheck{}
	for _, f := range r.Fields {
		if f.Enum != nil {
			d.Enums = append(d.Enums, f)
		}
		if c := dbCheck(f); c != nil {
			checks[f] = c
			if len(c.Cases) > 0 {
				d.Checks = append(d.Checks, c)
			}
		}
	}
	for _, f := range r.Creatable {
		if s, ok := createStep(f, checks[f]); ok {
			d.CreateSteps = append(d.CreateSteps, s)
		}
	}
	for _, f := range r.Updatable {
		if s, ok := updateStep(f, checks[f]); ok {
			d.UpdateSteps = append(d.UpdateSteps, s)
		}
	}
	d.ColumnsLit, d.QTableLit, d.InsertColumnsLit = goString(d.Columns), goString(r.QTable), goString(d.InsertColumns)
	d.GetFromLit, d.DeleteSQLLit = goString(d.GetFrom), goString(d.DeleteSQL)
	d.UpdateLit, d.FromLit = goString("UPDATE "+r.QTable), goString(" FROM "+r.QTable)
	for _, f := range r.Filters {
		d.FilterLits = append(d.FilterLits, goString(f.QColumn+" = "))
	}
	for _, f := range r.Updatable {
		d.UpdateSets = append(d.UpdateSets, updateSet{Name: f.Name, Column: goString(f.QColumn)})
	}
	return d
}

// deleteSQL is the statement of r's Delete, whose WHERE (the row by id,
// in the tenant) is where. A resource that soft-deletes sets deleted_at.
// Otherwise the row is deleted, and with it what would keep it in place
// though it is gone from every query: rows of resources that soft-delete
// (softChildren) which point at it and are deleted themselves. A nullable
// foreign key of theirs is set NULL (the deleted row keeps its other
// data); a required one takes them with it. Rows that are not deleted
// still refuse the delete, through their foreign key. It is one
// statement: the children go only if the row does, and Postgres checks
// the foreign keys once all of it is done.
func deleteSQL(r *resource, where string, softChildren []*relation) string {
	if r.Options.SoftDelete {
		return "UPDATE " + r.QTable + " SET deleted_at = now()" + where
	}
	if len(softChildren) == 0 {
		return "DELETE FROM " + r.QTable + where
	}
	sql := "WITH gone AS (DELETE FROM " + r.QTable + where + " RETURNING id)"
	for _, rel := range softChildren {
		c := rel.Res
		cond := " WHERE " + rel.FK.QColumn + " IN (SELECT id FROM gone) AND deleted_at IS NOT NULL"
		if rel.FK.Required {
			sql += ", " + c.Table + "_purged AS (DELETE FROM " + c.QTable + cond + ")"
		} else {
			sql += ", " + c.Table + "_detached AS (UPDATE " + c.QTable + " SET " + rel.FK.QColumn + " = NULL" + cond + ")"
		}
	}
	return sql + " SELECT FROM gone"
}

// updateDoc is the doc comment of the Update method of d's resource.
func updateDoc(d *dbResourceData) string {
	r := d.R
	text := "Update" + r.Name + " validates in and writes its Set fields to the " + r.Name + " with the given id"
	if r.Options.Timestamps {
		text += ", bumping UpdatedAt"
	}
	text += ". It returns the row as stored and whether the update changed it, or ErrNotFound. " +
		"An update that changes nothing (it sets no field, or every field it sets holds that value already, " +
		"as Postgres compares them: NULL equals NULL, numeric 1.5 equals 1.50, jsonb ignores key order) writes nothing"
	if r.Options.Timestamps {
		text += ", not even UpdatedAt,"
	}
	text += " and reports false."
	if len(d.Parents) > 0 {
		text += " A foreign key may keep pointing at a deleted row, but not be moved to one: that is a *ValidationError, as for a row that does not exist."
	}
	return comment(text)
}

// deleteSQLDoc is the doc comment of the Delete SQL of d's resource.
func deleteSQLDoc(d *dbResourceData) string {
	r := d.R
	verb := " deletes"
	if r.Options.SoftDelete {
		verb = " soft-deletes"
	}
	text := "delete" + r.Name + "SQL" + verb + " " + article(r.Name) + " " + r.Name + " by id"
	if r.Options.Tenant {
		text += " ($1) in a tenant ($2)"
	}
	if len(d.SoftChildren) > 0 {
		text += ", and in the same statement the deleted rows that point at it"
	}
	return comment(text + ".")
}

// deleteDoc is the doc comment of the Delete method of d's resource.
func deleteDoc(d *dbResourceData) string {
	r := d.R
	if r.Options.SoftDelete {
		return comment("Delete" + r.Name + " soft-deletes the " + r.Name + " with the given id: the row is kept, but no query returns it again, " +
			"and no create or update may point a row at it; rows that pointed at it keep doing so. It returns ErrNotFound when there is no such row.")
	}
	text := "Delete" + r.Name + " deletes the " + r.Name + " with the given id. It returns ErrNotFound when there is no such row, " +
		"and a *ConflictError while other rows still reference it."
	for _, rel := range d.SoftChildren {
		if rel.FK.Required {
			text += " Deleted " + rel.Res.Plural + " do not count: they are deleted with it (unless rows still reference them)."
		} else {
			text += " Deleted " + rel.Res.Plural + " do not count: their " + rel.FK.Name + " is set to NULL."
		}
	}
	return comment(text)
}

// dbParents returns r's foreign keys to resources that soft-delete.
func dbParents(r *resource) []dbParent {
	var ps []dbParent
	for _, rel := range r.BelongsTo {
		if !rel.Target.Options.SoftDelete {
			continue
		}
		f := rel.FK
		p := dbParent{
			QColumn: strconv.Quote(f.QColumn), QTable: strconv.Quote(rel.Target.QTable),
			QField: strconv.Quote(f.JSON), QMessage: strconv.Quote(noSuch(rel.Target)),
			CreateID: "in." + f.Name, UpdateID: "dbx.Moved(in." + f.Name + ", stored." + f.Name + ")",
		}
		if f.MustGive() {
			p.CreateID, p.UpdateID = "&"+p.CreateID, "dbx.Moved(in."+f.Name+", &stored."+f.Name+")"
		}
		ps = append(ps, p)
	}
	return ps
}

// noSuch is what a write is told whose foreign key points at no row of
// target, or at a deleted one: "no such Product".
func noSuch(target *resource) string { return "no such " + target.Name }

// validationStep is the validation of one field of an input: the field
// "is required" when Missing holds; otherwise, when Guard holds (always
// when ""), it has the problem Check returns. Missing or Check may be "",
// not both.
type validationStep struct {
	JSON, Missing, Guard, Check string
	QJSON                       string // JSON quoted
}

// newValidationStep returns the step of the field named json that, when
// guard holds, is missing if zero holds and else has the problem check
// returns; and whether it checks anything.
func newValidationStep(json, guard, zero, check string) (validationStep, bool) {
	s := validationStep{JSON: json, QJSON: strconv.Quote(json), Guard: guard, Check: check}
	switch {
	case zero == "":
	case guard == "":
		s.Missing = zero
	case strings.Contains(zero, "||"):
		s.Missing = guard + " && (" + zero + ")"
	default:
		s.Missing = guard + " && " + zero
	}
	return s, s.Missing != "" || check != ""
}

// createStep returns the validation of f in a create input, and whether
// there is any: a field the caller must give may not be zero; an optional
// one is checked when given.
func createStep(f *field, c *fieldCheck) (validationStep, bool) {
	v, guard, zero, check := "in."+f.Name, "", "", ""
	if !f.MustGive() {
		guard = v + " != nil"
		if !f.SliceType {
			v = "*" + v
		}
	}
	if f.Required {
		zero = dbZero(f, v)
	}
	if c != nil {
		check = c.call(v)
	}
	return newValidationStep(f.JSON, guard, zero, check)
}

// updateStep returns the validation of f in an update input, and whether
// there is any: a required field may not be set to NULL or zero; a value
// set is checked.
func updateStep(f *field, c *fieldCheck) (validationStep, bool) {
	p := "in." + f.Name
	check := ""
	if c != nil {
		check = c.call(p + ".Value")
	}
	if f.Required {
		zero := p + ".Null"
		if z := dbZero(f, p+".Value"); z != "" {
			zero += " || " + z
		}
		return newValidationStep(f.JSON, p+".Set", zero, check)
	}
	guard := p + ".Set && !" + p + ".Null"
	if f.SliceType {
		guard += " && " + p + ".Value != nil"
	}
	return newValidationStep(f.JSON, guard, "", check)
}

// dbImports returns the imports of a resource's file in package db.
func dbImports(r *resource) importSet {
	std := map[string]bool{"context": true, "errors": true, "fmt": true}
	if r.Options.Timestamps || r.Options.SoftDelete {
		std["time"] = true
	}
	for _, f := range r.Fields {
		switch f.Type {
		case ir.Time:
			std["time"] = true
		case ir.JSON:
			std["encoding/json"] = true
		case ir.String, ir.Text:
			if f.MinLen != nil || f.MaxLen != nil {
				std["unicode/utf8"] = true
			}
		}
		if f.Pattern != "" {
			std["regexp"] = true
		}
	}
	imports := importSet{}.add("github.com/google/uuid", "github.com/jackc/pgx/v5", dbxImport)
	for p := range std {
		imports.add(p)
	}
	return imports
}

// dbColumns returns the columns of r's table, in table order (as its row
// type reads them), quoted for SQL.
func dbColumns(r *resource) string {
	names := make([]string, len(r.SQL.Columns))
	for i, c := range r.SQL.Columns {
		names[i] = c.Name
	}
	return sqlschema.QuoteIdents(names)
}

// dbWords turns a Go name into lower-case words for error messages:
// "OrderItem" → "order item".
func dbWords(name string) string {
	return strings.ReplaceAll(ir.Snake(name), "_", " ")
}

// dbZero returns the Go condition that v, an expression of f's base type,
// is the zero value a required field may not have, or "" when every value
// of the type is a real value (numbers, bools).
func dbZero(f *field, v string) string {
	switch f.Type {
	case ir.String, ir.Text, ir.Enum:
		return v + ` == ""`
	case ir.UUID:
		return v + " == uuid.Nil"
	case ir.Time, ir.Date:
		return v + ".IsZero()"
	case ir.JSON, ir.Bytes:
		return v + " == nil"
	}
	return ""
}

// fieldCheck is the validation of one field's values beyond presence: a
// func check<Resource><Field>(v BaseType) string returning the problem.
type fieldCheck struct {
	Func    string
	Field   string // "Product.Name"
	Type    string // the Go type of v: the field's BaseType
	Decimal bool   // the func parses v into d first (ok reports the syntax)
	// Problem, when not "", is the runtime's func checking what the
	// database refuses in any value of the type (dbx.TextProblem),
	// returning the problem or ""; it runs before the cases, which the
	// schema decides. A check with no cases is a call of Problem alone,
	// and has no func of its own.
	Problem string
	Cases   []checkCase
	Vars    []checkVar // package-level values the cases use
	// OnlyCase and OnlyVar are the one case or var when there is only one,
	// which the template prints without a switch or var block.
	OnlyCase *checkCase
	OnlyVar  *checkVar
}

// call returns the Go expression checking v.
func (c *fieldCheck) call(v string) string {
	if len(c.Cases) == 0 {
		return c.Problem + "(" + v + ")"
	}
	return c.Func + "(" + v + ")"
}

// checkCase is one case of a check: Msg (QMsg quoted) when Cond holds.
type checkCase struct{ Cond, Msg, QMsg string }

type checkVar struct{ Name, Expr string }

// dbCheck returns f's check, or nil when any value of its type is valid.
// Every text and JSON field has one: Postgres refuses some of the values
// Go holds.
func dbCheck(f *field) *fieldCheck {
	c := &fieldCheck{Func: "check" + f.Res.Name + f.Name, Field: f.Res.Name + "." + f.Name, Type: f.BaseType}
	prefix := f.Res.Var + f.Name
	add := func(cond, msg string) { c.Cases = append(c.Cases, checkCase{cond, msg, strconv.Quote(msg)}) }
	// indexed bounds a value every index on the field can take
	// (sqlschema.IndexedLimit), where its MaxLen does not already.
	indexed := func() {
		if n := f.Res.SQL.IndexedLimit(f.Column); n > 0 {
			add(fmt.Sprintf("len(v) > %d", n), fmt.Sprintf("must be at most %d bytes (it is indexed)", n))
		}
	}
	switch f.Type {
	case ir.String, ir.Text:
		c.Problem = "dbx.TextProblem" // NUL, or not UTF-8: Postgres text refuses them
		if f.MinLen != nil {
			add(fmt.Sprintf("utf8.RuneCountInString(v) < %d", *f.MinLen), fmt.Sprintf("must be at least %d characters", *f.MinLen))
		}
		if f.MaxLen != nil {
			add(fmt.Sprintf("utf8.RuneCountInString(v) > %d", *f.MaxLen), fmt.Sprintf("must be at most %d characters", *f.MaxLen))
		}
		if f.Pattern != "" {
			c.Vars = append(c.Vars, checkVar{prefix + "Pattern", "regexp.MustCompile(" + goString(f.Pattern) + ")"})
			add("!"+prefix+"Pattern.MatchString(v)", "must match "+f.Pattern)
		}
		indexed()
	case ir.Bytes:
		if f.MinLen != nil {
			add(fmt.Sprintf("len(v) < %d", *f.MinLen), fmt.Sprintf("must be at least %d bytes", *f.MinLen))
		}
		if f.MaxLen != nil {
			add(fmt.Sprintf("len(v) > %d", *f.MaxLen), fmt.Sprintf("must be at most %d bytes", *f.MaxLen))
		}
		indexed()
	case ir.Int, ir.BigInt, ir.Float:
		if f.Min != nil {
			add("v < "+f.Min.String(), "must be at least "+f.Min.String())
		}
		if f.Max != nil {
			add("v > "+f.Max.String(), "must be at most "+f.Max.String())
		}
	case ir.Decimal:
		c.Decimal = true
		add("!ok", "must be a decimal number")
		if f.Min != nil {
			c.Vars = append(c.Vars, checkVar{prefix + "Min", "dbx.MustDecimal(" + goString(decimalString(*f.Min)) + ")"})
			add("d.Cmp("+prefix+"Min) < 0", "must be at least "+decimalString(*f.Min))
		}
		if f.Max != nil {
			c.Vars = append(c.Vars, checkVar{prefix + "Max", "dbx.MustDecimal(" + goString(decimalString(*f.Max)) + ")"})
			add("d.Cmp("+prefix+"Max) > 0", "must be at most "+decimalString(*f.Max))
		}
		// After the bounds, whose message says more when both fail; every
		// Decimal of a schema read by the parser has a precision.
		if f.Precision > 0 {
			add(fmt.Sprintf("!d.Fits(%d, %d)", f.Precision, f.Scale), "must have "+decimal.Limit(f.Precision, f.Scale))
		}
	case ir.Enum:
		values := make([]string, len(f.Enum.Values))
		for i, v := range f.Enum.Values {
			values[i] = v.Value
		}
		add("!v.Valid()", "must be one of "+strings.Join(values, ", "))
	case ir.JSON:
		c.Problem = "dbx.JSONProblem" // what jsonb refuses, and dbx.MaxJSONDepth
	case ir.Date:
		add("!v.Valid()", "must be a real date")
	}
	if len(c.Cases) == 0 && c.Problem == "" {
		return nil
	}
	if len(c.Cases) == 1 {
		c.OnlyCase = &c.Cases[0]
	}
	if len(c.Vars) == 1 {
		c.OnlyVar = &c.Vars[0]
	}
	return c
}

// decimalString writes a Min or Max of a decimal field as a plain decimal
// ("0.5", not "5e-1"), the syntax dbx.ParseDecimal accepts.
func decimalString(n fmt.Stringer) string {
	r, ok := new(big.Rat).SetString(n.String())
	if !ok {
		return n.String()
	}
	if r.IsInt() {
		return r.Num().String()
	}
	// Exact: a bound written in decimal has a finite expansion; 30 digits
	// is beyond any bound a schema writes.
	return strings.TrimRight(strings.TrimRight(r.FloatString(30), "0"), ".")
}

// goString quotes s as a Go string literal, raw when that reads better:
// patterns full of backslashes, SQL naming a quoted column (`"order" = `).
func goString(s string) string {
	if strings.ContainsAny(s, "\\\"") && !strings.ContainsAny(s, "`\r") && !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' && r != '\t' }) {
		return "`" + s + "`"
	}
	return fmt.Sprintf("%q", s)
}

// dbConstraint is a named constraint of a table that a write can violate,
// with what the data layer reports for it.
type dbConstraint struct {
	Name    string
	Fields  []string // JSON names
	Message string
	// QName and QMessage are Name and Message quoted, QFields the quoted
	// Fields joined by ", ", as the constraint table prints them.
	QName, QFields, QMessage string
}

func newDBConstraint(name string, fields []string, message string) dbConstraint {
	quoted := make([]string, len(fields))
	for i, f := range fields {
		quoted[i] = strconv.Quote(f)
	}
	return dbConstraint{Name: name, Fields: fields, Message: message,
		QName: strconv.Quote(name), QFields: strings.Join(quoted, ", "), QMessage: strconv.Quote(message)}
}

// dbConstraints returns the constraints of r's table that an INSERT or
// UPDATE can violate, sorted by name: unique indexes (a ConflictError),
// foreign keys and enum CHECKs (a ValidationError on the field). Their
// names are forge/sqlschema's, which the migration declares.
func dbConstraints(r *resource) []dbConstraint {
	byColumn := map[string]*field{}
	for _, f := range r.Fields {
		byColumn[f.Column] = f
	}
	targets := map[*field]*resource{}
	for _, rel := range r.BelongsTo {
		targets[rel.FK] = rel.Target
	}
	var cs []dbConstraint
	for _, idx := range r.SQL.Indexes {
		if !idx.Unique {
			continue
		}
		var jsonNames []string
		for _, name := range idx.Fields {
			if f := r.field(name); f != nil {
				jsonNames = append(jsonNames, f.JSON)
			}
		}
		cs = append(cs, newDBConstraint(idx.Name, jsonNames, "another "+r.Name+" has the same "+strings.Join(jsonNames, " and ")))
	}
	for _, c := range r.SQL.Constraints {
		// The field is the constraint's last column: a tenant table's
		// foreign key is (tenant_id, the field's column).
		f := byColumn[c.Columns[len(c.Columns)-1]]
		switch {
		case c.Kind == sqlschema.ForeignKey:
			cs = append(cs, newDBConstraint(c.Name, []string{f.JSON}, noSuch(targets[f])))
		case c.Kind == sqlschema.Check && f != nil && f.Type == ir.Enum:
			cs = append(cs, newDBConstraint(c.Name, []string{f.JSON}, dbCheck(f).Cases[0].Msg))
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	return cs
}

// MustGive reports that a create input has to give the field: it is
// required and has no default, so its input type is the base type.
func (f *field) MustGive() bool { return f.Required && !f.HasDefault }
