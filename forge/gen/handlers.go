package gen

import (
	"strconv"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
)

// handlersData is what handlers.tmpl reads.
type handlersData struct {
	*model
	Imports []importSpec
}

// handlerResource is what handlers_resource.tmpl reads.
// It copies what it prints of the resource rather than embedding it:
// text/template looks a promoted field up by a slow search on every use.
type handlerResource struct {
	Name, Plural, Route string
	// Create and Update are the keys of the request bodies, each as the
	// Go call of its runtime/api constructor: `api.Patch("name", &in.Name,
	// "a string")`. They are built here, one string per key, because the
	// template would otherwise evaluate four fields per key.
	Create, Update []string
	Filters        []queryFilter
}

// queryFilter is one equality filter of a list: a query parameter and the
// parser of its values.
type queryFilter struct {
	JSON   string
	Field  string // the field of db.List<Plural>Params
	Parser string // a parser of runtime/api or package db: "api.ParseUUID", "api.ParseEnum[db.ProductStatus]"
	Want   string
	// QJSON and QWant are JSON and Want quoted: the template prints them
	// without a func call per filter.
	QJSON, QWant string
}

// handlerFiles generates gen/handlers: the JSON REST API of the resources.
func handlerFiles(m *model) ([]file, error) {
	var files []file
	for _, r := range m.Resources {
		imports := importSet{}.add("net/http", m.ImportPath+"/gen/db", forgeModule+"/runtime/api")
		data := func() any {
			return handlerResource{Name: r.Name, Plural: r.Plural, Route: r.Route, Create: createFields(r), Update: updateFields(r), Filters: queryFilters(r)}
		}
		files = append(files, file{name: "gen/handlers/" + r.File + ".go", template: "handlers_resource.tmpl", data: data, into: "gen/handlers/resources.go", imports: imports})
	}
	imports := importSet{}.add("log/slog", "net/http", m.ImportPath+"/gen/actions", forgeModule+"/runtime/app")
	data := func() any { return handlersData{model: m, Imports: m.importList(imports)} }
	return append(files, file{name: "gen/handlers/handlers.go", template: "handlers.tmpl", data: data, imports: imports}), nil
}

// createFields are the keys of r's create body.
func createFields(r *resource) []string {
	var fields []string
	for _, f := range r.Creatable {
		presence := "Optional"
		if f.Required && !f.HasDefault {
			presence = "Required"
		}
		fields = append(fields, newBodyField(f, presence))
	}
	return fields
}

// newBodyField is the key of f in a body: the call of the runtime/api
// constructor presence ("Required", "Optional", "Patch") for the field
// of the input struct.
func newBodyField(f *field, presence string) string {
	return "api." + presence + "(" + strconv.Quote(f.JSON) + ", &in." + f.Name + ", " + strconv.Quote(want(f)) + ")"
}

// updateFields are the keys of r's update body: the updatable fields, and
// the immutable ones, which the handler refuses by name.
func updateFields(r *resource) []string {
	var fields []string
	for _, f := range r.Fields {
		if f.Immutable {
			fields = append(fields, "api.Immutable("+strconv.Quote(f.JSON)+")")
			continue
		}
		fields = append(fields, newBodyField(f, "Patch"))
	}
	return fields
}

// queryFilters are the filters of r's list: its indexed fields, less the
// sensitive ones.
func queryFilters(r *resource) []queryFilter {
	var filters []queryFilter
	for _, f := range r.Filters {
		// Filtering by a sensitive value would tell whether some row holds
		// it: as good as returning it.
		if f.Sensitive {
			continue
		}
		w := want(f)
		filters = append(filters, queryFilter{JSON: f.JSON, Field: f.Name, Parser: filterParser(f), Want: w, QJSON: strconv.Quote(f.JSON), QWant: strconv.Quote(w)})
	}
	return filters
}

// want says what a JSON value (or query value) of f must be, completing
// "must be …".
func want(f *field) string {
	switch f.Type {
	case ir.String, ir.Text:
		return "a string"
	case ir.Decimal:
		return "a string holding a decimal number"
	case ir.Int:
		return "a 32-bit integer"
	case ir.BigInt:
		return "a 64-bit integer"
	case ir.Float:
		return "a number"
	case ir.Bool:
		return "true or false"
	case ir.Time:
		return "an RFC 3339 time"
	case ir.Date:
		return "a date (YYYY-MM-DD)"
	case ir.UUID:
		return "a UUID"
	case ir.Enum:
		values := make([]string, len(f.Enum.Values))
		for i, v := range f.Enum.Values {
			values[i] = v.Value
		}
		return "one of " + strings.Join(values, ", ")
	case ir.JSON:
		return "JSON"
	case ir.Bytes:
		return "a base64 string"
	}
	panic("gen: unknown field type " + string(f.Type))
}

// filterParser names the function that parses a query value of f's type:
// one of runtime/api, or of package db.
func filterParser(f *field) string {
	switch f.Type {
	case ir.String, ir.Text:
		return "api.ParseText"
	case ir.Decimal:
		return "api.ParseDecimal"
	case ir.Int:
		return "api.ParseInt32"
	case ir.BigInt:
		return "api.ParseInt64"
	case ir.Float:
		return "api.ParseFloat"
	case ir.Bool:
		return "api.ParseBool"
	case ir.Time:
		return "api.ParseTime"
	case ir.Date:
		return "db.ParseDate"
	case ir.UUID:
		return "api.ParseUUID"
	case ir.Enum:
		return "api.ParseEnum[db." + f.Enum.Type + "]"
	case ir.JSON:
		return "api.ParseJSON"
	case ir.Bytes:
		return "api.ParseBytes"
	}
	panic("gen: unknown field type " + string(f.Type))
}
