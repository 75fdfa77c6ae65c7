package ir

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// Snake turns a Go name into a lower_snake_case SQL name, keeping initialisms
// whole: "PriceCents" → "price_cents", "ExternalID" → "external_id",
// "HTTPStatus" → "http_status", "AddressLine2" → "address_line2".
func Snake(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// initialisms are written in upper case when Camel builds a Go name, as Go
// style asks ("order_id" → "OrderID").
var initialisms = map[string]bool{
	"acl": true, "api": true, "ascii": true, "cpu": true, "css": true, "dns": true,
	"eof": true, "guid": true, "html": true, "http": true, "https": true, "id": true,
	"ip": true, "json": true, "lhs": true, "qps": true, "ram": true, "rhs": true,
	"rpc": true, "sku": true, "sla": true, "smtp": true, "sql": true, "ssh": true,
	"tcp": true, "tls": true, "ttl": true, "udp": true, "ui": true, "uid": true,
	"uri": true, "url": true, "utf8": true, "uuid": true, "vat": true, "vm": true,
	"xml": true, "xmpp": true, "xsrf": true, "xss": true,
}

// Camel turns a lower_snake_case name into an exported Go name:
// "product_created" → "ProductCreated", "api_key" → "APIKey".
func Camel(snake string) string {
	var b strings.Builder
	for _, word := range strings.Split(snake, "_") {
		if word == "" {
			continue
		}
		if initialisms[word] {
			b.WriteString(strings.ToUpper(word))
			continue
		}
		rs := []rune(word)
		b.WriteRune(unicode.ToUpper(rs[0]))
		b.WriteString(string(rs[1:]))
	}
	return b.String()
}

// irregularPlurals covers the common English nouns whose plural no suffix
// rule gives. Keys and values are lower case.
var irregularPlurals = map[string]string{
	"person": "people", "child": "children", "man": "men", "woman": "women",
	"mouse": "mice", "goose": "geese", "foot": "feet", "tooth": "teeth",
	"ox": "oxen", "leaf": "leaves", "life": "lives", "knife": "knives",
	"wife": "wives", "half": "halves", "shelf": "shelves", "wolf": "wolves",
	"thief": "thieves", "loaf": "loaves", "calf": "calves",
	"hero": "heroes", "potato": "potatoes", "tomato": "tomatoes", "echo": "echoes",
	"analysis": "analyses", "basis": "bases", "crisis": "crises", "thesis": "theses",
	"criterion": "criteria", "phenomenon": "phenomena", "index": "indexes",
	"matrix": "matrices", "vertex": "vertices", "quiz": "quizzes",
}

// uncountable nouns keep their form in the plural.
var uncountable = map[string]bool{
	"data": true, "deer": true, "equipment": true, "feedback": true, "fish": true,
	"information": true, "metadata": true, "money": true, "news": true,
	"rice": true, "series": true, "sheep": true, "species": true, "staff": true,
	"software": true, "hardware": true,
}

// Plural gives the plural of a Go name, changing only its last word:
// "OrderItem" → "OrderItems", "Category" → "Categories", "Person" → "People".
func Plural(name string) string {
	// Split off the last word: it starts at the last upper-case rune that
	// begins a word in Snake's sense.
	words := strings.Split(Snake(name), "_")
	last := words[len(words)-1]
	head := name[:len(name)-len(last)]
	tail := name[len(name)-len(last):]
	plural := pluralWord(strings.ToLower(tail))
	if tail != "" && unicode.IsUpper([]rune(tail)[0]) {
		if strings.ToUpper(tail) == tail && len(tail) > 1 { // an initialism: "SKU" → "SKUs"
			return head + tail + "s"
		}
		rs := []rune(plural)
		rs[0] = unicode.ToUpper(rs[0])
		plural = string(rs)
	}
	return head + plural
}

func pluralWord(w string) string {
	if p, ok := irregularPlurals[w]; ok {
		return p
	}
	if uncountable[w] {
		return w
	}
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	case strings.HasSuffix(w, "y") && len(w) > 1 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

// TableName is the SQL table of a resource: "OrderItem" → "order_items",
// "SKU" → "skus". The last snake word is pluralised, not the Go plural
// snake-cased, which would split initialisms ("SKUs" → "sk_us").
func TableName(resource string) string {
	snake := Snake(resource)
	i := strings.LastIndexByte(snake, '_') + 1
	return snake[:i] + pluralWord(snake[i:])
}

// RouteSegment is the plural URL segment of a resource: "OrderItem" →
// "order-items".
func RouteSegment(resource string) string {
	return strings.ReplaceAll(TableName(resource), "_", "-")
}

// ForeignKeyField is the Go name of the foreign-key field a BelongsTo adds
// for target: "Category" → "CategoryID". A job's args name the row it is
// about the same way.
func ForeignKeyField(target string) string {
	return target + "ID"
}

// ForeignKeyColumn is the column (and JSON key) of ForeignKeyField:
// "OrderItem" → "order_item_id".
func ForeignKeyColumn(target string) string {
	return Snake(target) + "_id"
}

// EnumTypeName is the Go type of an Enum field: resource name + field name,
// "ProductStatus".
func EnumTypeName(resource, field string) string {
	return resource + field
}

// EnumValueName is the Go constant of one value of an enum type:
// ("ProductStatus", "in_stock") → "ProductStatusInStock".
func EnumValueName(enumType, value string) string {
	return enumType + Camel(value)
}

// JobName is the Go name of a job kind: "product_created" →
// "ProductCreated", as in ProductCreatedWorker.
func JobName(kind string) string {
	return Camel(kind)
}

// JobArgs is the Go type of a job kind's args: "ProductCreatedArgs".
func JobArgs(kind string) string {
	return JobName(kind) + "Args"
}

// LowerCamel is the unexported form of a Go name, for variables and
// unexported identifiers: "OrderItem" → "orderItem". A leading initialism
// is lowered as a block: "URLAlias" → "urlAlias", "SKU" → "sku".
func LowerCamel(name string) string {
	rs := []rune(name)
	i := 0
	for i < len(rs) && unicode.IsUpper(rs[i]) {
		i++
	}
	if i > 1 && i < len(rs) {
		i-- // the last upper-case rune starts the next word: "URLAlias"
	}
	if i == 0 {
		return name
	}
	return strings.ToLower(string(rs[:i])) + string(rs[i:])
}

// FileName is the base name of a resource's generated files:
// "OrderItem" → "order_item" (as in gen/db/order_item.go).
func FileName(resource string) string {
	return Snake(resource)
}

// maxIdentifier is Postgres's NAMEDATALEN-1: longer names are truncated by
// the server, which would make two long names collide silently and make
// the name an error reports differ from the one the data layer maps.
const maxIdentifier = 63

// IndexName names an index after its table and the columns the schema
// listed, with Postgres's suffixes: "_key" for unique, "_idx" otherwise.
func IndexName(table string, columns []string, unique bool) string {
	suffix := "idx"
	if unique {
		suffix = "key"
	}
	return ObjectName(table, columns, suffix)
}

// ObjectName names an index or constraint of table the way Postgres names
// one it is not given a name for, table_column1_column2_suffix
// ("products_category_id_fkey", "products_pkey" with no columns), except
// that a name longer than 63 bytes is shortened with a hash of the whole
// name instead of truncated, so it stays unique and is what Postgres
// stores and reports. forge/sqlschema names every index and constraint
// through it.
func ObjectName(table string, columns []string, suffix string) string {
	name := table
	for _, c := range columns {
		name += "_" + c
	}
	name += "_" + suffix
	if len(name) <= maxIdentifier {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	hash := hex.EncodeToString(sum[:4])
	keep := maxIdentifier - len(suffix) - len(hash) - 2
	return strings.TrimRight(name[:keep], "_") + "_" + hash + "_" + suffix
}

// DeclSuffixes are the suffixes of the Go names the data layer declares for
// each resource besides its row type: ProductCreate, ProductUpdate,
// ProductPage and ProductColumns. An enum field's type is the resource's
// name followed by the field's (EnumTypeName), so a field may not be named
// after one of them.
var DeclSuffixes = []string{"Create", "Update", "Page", "Columns"}
