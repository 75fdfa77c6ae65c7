package gen

import (
	"fmt"
	"strconv"
	"strings"
	"text/template"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/forge/sqlschema"
)

// model is the view model every template reads: the IR plus the Go-side
// names and types derived from it. Templates compute nothing that is not
// here or in funcs, so a name is decided once: Go names by forge/ir, the
// tables, columns and constraints by forge/sqlschema. SQL text names tables
// and columns by QTable and QColumn (ir.QuoteIdent), never by Table and
// Column, which are the bare names for comments.
type model struct {
	Schema     *ir.Schema
	ImportPath string // the app's import path
	Resources  []*resource
	Jobs       []*job
	byName     map[string]*resource
}

// resource is one ir.Resource as the templates see it.
type resource struct {
	*ir.Resource
	// Name, Plural, Table and Options copy the ir.Resource's: text/template
	// finds a promoted field by a slow breadth-first search on every use,
	// and these are used on most lines of the templates.
	Name, Plural, Table string
	Options             ir.Options
	Var                 string   // lowerCamel of Name: "orderItem" (ir.LowerCamel)
	File                string   // file base name: "order_item" (ir.FileName)
	QTable              string   // Table as SQL names it: SQL.QName
	Fields              []*field // schema fields, in declaration order (FKs included)
	Creatable           []*field // fields of the create input: all of Fields
	Updatable           []*field // fields of the update patch: Fields not Immutable
	Filters             []*field // fields that appear in some index: equality filters of List
	BelongsTo           []*relation
	HasMany             []*relation
	AfterCreate         []*hook
	AfterUpdate         []*hook

	// SQL is the resource's table: its columns, constraints and indexes.
	SQL *sqlschema.Table
}

// field is one ir.Field with its Go and SQL types.
type field struct {
	ir.Field
	// Name, JSON, Sensitive and Enum copy the ir.Field's, for the
	// templates (see resource).
	Name, JSON string
	Sensitive  bool
	Enum       *ir.EnumType
	Res        *resource
	// SQL is the field's column in the table.
	SQL *sqlschema.Column
	// QColumn is Column as SQL names it: SQL.QName, so a field named Order
	// is the column "order".
	QColumn string
	// GoType is the type of the field in the row struct: the base type when
	// Required, otherwise its nullable form ("*string"; slices stay slices).
	GoType string
	// BaseType is the non-nullable Go type: "string", "int32", "uuid.UUID",
	// "ProductStatus" (an enum type in package db), "json.RawMessage".
	BaseType string
	// InputType is the type in the create input: BaseType when Required
	// without a Default (the caller must give it), else the nullable form,
	// where nil means "the default" or NULL.
	InputType string
	// Nullable reports that the column may be NULL (not Required).
	Nullable bool
	// SliceType reports that BaseType is a slice ([]byte, json.RawMessage),
	// whose nil is its null, so the nullable form is BaseType itself.
	SliceType bool
	// HasDefault reports that the IR gives a default.
	HasDefault bool
}

type relation struct {
	ir.Relation
	Res    *resource // the resource declaring it
	Target *resource
	FK     *field // the foreign key field (in Res for belongs_to, in Target for has_many)
}

type hook struct {
	ir.JobRef
	Job *job
}

type job struct {
	ir.Job
	Res *resource
}

func newModel(s *ir.Schema, opts Options) (*model, error) {
	tables, err := sqlschema.Of(s)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	m := &model{Schema: s, ImportPath: opts.ImportPath, byName: map[string]*resource{}}
	for i := range s.Resources {
		r := &resource{
			Resource: &s.Resources[i],
			Name:     s.Resources[i].Name,
			Plural:   s.Resources[i].Plural,
			Table:    s.Resources[i].Table,
			Options:  s.Resources[i].Options,
			Var:      ir.LowerCamel(s.Resources[i].Name),
			File:     ir.FileName(s.Resources[i].Name),
			SQL:      tables[i],
			QTable:   tables[i].QName,
		}
		m.Resources = append(m.Resources, r)
		m.byName[r.Name] = r
	}
	jobs := map[string]*job{}
	for i := range s.Jobs {
		j := &job{Job: s.Jobs[i], Res: m.byName[s.Jobs[i].Resource]}
		m.Jobs = append(m.Jobs, j)
		jobs[j.Kind] = j
	}
	for _, r := range m.Resources {
		indexed := map[string]bool{}
		for _, idx := range r.Indexes {
			for _, f := range idx.Fields {
				indexed[f] = true
			}
		}
		for _, f := range r.Resource.Fields {
			fm := newField(r, f, r.SQL.Column(f.Column))
			r.Fields = append(r.Fields, fm)
			r.Creatable = append(r.Creatable, fm)
			if !f.Immutable {
				r.Updatable = append(r.Updatable, fm)
			}
			if indexed[f.Name] {
				r.Filters = append(r.Filters, fm)
			}
		}
		for _, ref := range r.Options.Hooks.AfterCreate {
			r.AfterCreate = append(r.AfterCreate, &hook{JobRef: ref, Job: jobs[ref.Kind]})
		}
		for _, ref := range r.Options.Hooks.AfterUpdate {
			r.AfterUpdate = append(r.AfterUpdate, &hook{JobRef: ref, Job: jobs[ref.Kind]})
		}
	}
	for _, r := range m.Resources {
		for _, rel := range r.Relations {
			rm := &relation{Relation: rel, Res: r, Target: m.byName[rel.Target]}
			switch rel.Kind {
			case ir.BelongsTo:
				rm.FK = r.field(rel.Field)
				r.BelongsTo = append(r.BelongsTo, rm)
			case ir.HasMany:
				rm.FK = rm.Target.field(rel.Field)
				r.HasMany = append(r.HasMany, rm)
			}
		}
	}
	return m, nil
}

func (r *resource) field(name string) *field {
	for _, f := range r.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func newField(r *resource, f ir.Field, column *sqlschema.Column) *field {
	fm := &field{Field: f, Name: f.Name, JSON: f.JSON, Sensitive: f.Sensitive, Enum: f.Enum, Res: r, SQL: column, QColumn: column.QName, Nullable: !f.Required, HasDefault: len(f.Default) > 0}
	fm.BaseType, fm.SliceType = goBaseType(f)
	fm.GoType = fm.BaseType
	if fm.Nullable {
		fm.GoType = nullable(fm)
	}
	fm.InputType = fm.BaseType
	if !f.Required || fm.HasDefault {
		fm.InputType = nullable(fm)
	}
	return fm
}

func nullable(f *field) string {
	if f.SliceType {
		return f.BaseType
	}
	return "*" + f.BaseType
}

// goBaseType returns the Go type of f in package db, and whether it is a
// slice type.
func goBaseType(f ir.Field) (string, bool) {
	switch f.Type {
	case ir.String, ir.Text, ir.Decimal:
		// Decimals stay strings end to end ("19.99"): exact, and JSON
		// clients keep them exact too.
		return "string", false
	case ir.Int:
		return "int32", false
	case ir.BigInt:
		return "int64", false
	case ir.Float:
		return "float64", false
	case ir.Bool:
		return "bool", false
	case ir.Time:
		return "time.Time", false
	case ir.Date:
		return "Date", false // db.Date: a civil date, "2006-01-02" in JSON
	case ir.UUID:
		return "uuid.UUID", false
	case ir.Enum:
		return f.Enum.Type, false
	case ir.JSON:
		return "json.RawMessage", true
	case ir.Bytes:
		return "[]byte", true
	}
	panic("gen: unknown field type " + string(f.Type))
}

// funcs are the template functions of every template. Each part adds its
// own in an init func of its file.
var funcs = template.FuncMap{
	"join":  strings.Join,
	"quote": strconv.Quote,
}
