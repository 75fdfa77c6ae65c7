package gen

import (
	"strings"

	"github.com/forge-framework/forge/forge/ir"
)

// handlersData is what handlers.tmpl reads.
type handlersData struct {
	*model
	// Parsers are the query-value parsers the resources' filters use, by
	// name ("parseUUID"); handlers.tmpl defines only these.
	Parsers map[string]bool
}

// handlerResource is what handlers_resource.tmpl reads.
type handlerResource struct {
	*resource
	ImportPath string
	Create     []bodyField
	Update     []bodyField
	Filters    []queryFilter
}

// bodyField is one key of a request body, as the generated bodyField
// literal writes it.
type bodyField struct {
	JSON     string
	Field    string // the Go field of the input struct; "" for an immutable field of an update
	Want     string // what a value must be: "a UUID"
	Presence string // a presence constant of the generated code: "required", "optional", "patch", "immutable"
}

// queryFilter is one equality filter of a list: a query parameter and the
// parser of its values.
type queryFilter struct {
	JSON   string
	Field  string // the field of db.List<Plural>Params
	Parser string // a parser in handlers.go: "parseUUID", "parseEnum[db.ProductStatus]"
	Want   string
}

// handlerFiles generates gen/handlers: the JSON REST API of the resources.
func handlerFiles(m *model) ([]file, error) {
	d := handlersData{model: m, Parsers: map[string]bool{}}
	var files []file
	for _, r := range m.Resources {
		filters := queryFilters(r)
		for _, f := range filters {
			d.Parsers[strings.SplitN(f.Parser, "[", 2)[0]] = true // "db.ParseDate" needs no helper, and is never looked up
		}
		hr := handlerResource{resource: r, ImportPath: m.ImportPath, Create: createFields(r), Update: updateFields(r), Filters: filters}
		files = append(files, file{name: "gen/handlers/" + r.File + ".go", template: "handlers_resource.tmpl", data: hr, into: "gen/handlers/resources.go"})
	}
	return append(files, file{name: "gen/handlers/handlers.go", template: "handlers.tmpl", data: d}), nil
}

// createFields are the keys of r's create body.
func createFields(r *resource) []bodyField {
	var fields []bodyField
	for _, f := range r.Creatable {
		presence := "optional"
		if f.Required && !f.HasDefault {
			presence = "required"
		}
		fields = append(fields, bodyField{JSON: f.JSON, Field: f.Name, Want: want(f), Presence: presence})
	}
	return fields
}

// updateFields are the keys of r's update body: the updatable fields, and
// the immutable ones, which the handler refuses by name.
func updateFields(r *resource) []bodyField {
	var fields []bodyField
	for _, f := range r.Fields {
		if f.Immutable {
			fields = append(fields, bodyField{JSON: f.JSON, Presence: "immutable"})
			continue
		}
		fields = append(fields, bodyField{JSON: f.JSON, Field: f.Name, Want: want(f), Presence: "patch"})
	}
	return fields
}

// queryFilters are the filters of r's list: its indexed fields, less the
// sensitive ones. forge/parser has made sure none is named like the list's
// paging parameters.
func queryFilters(r *resource) []queryFilter {
	var filters []queryFilter
	for _, f := range r.Filters {
		// Filtering by a sensitive value would tell whether some row holds
		// it: as good as returning it.
		if f.Sensitive {
			continue
		}
		filters = append(filters, queryFilter{JSON: f.JSON, Field: f.Name, Parser: filterParser(f), Want: want(f)})
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
// one of handlers.go, or of package db.
func filterParser(f *field) string {
	switch f.Type {
	case ir.String, ir.Text:
		return "parseText"
	case ir.Decimal:
		return "parseDecimal"
	case ir.Int:
		return "parseInt32"
	case ir.BigInt:
		return "parseInt64"
	case ir.Float:
		return "parseFloat"
	case ir.Bool:
		return "parseBool"
	case ir.Time:
		return "parseTime"
	case ir.Date:
		return "db.ParseDate"
	case ir.UUID:
		return "parseUUID"
	case ir.Enum:
		return "parseEnum[db." + f.Enum.Type + "]"
	case ir.JSON:
		return "parseJSON"
	case ir.Bytes:
		return "parseBytes"
	}
	panic("gen: unknown field type " + string(f.Type))
}
