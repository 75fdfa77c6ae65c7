package attack

import (
	"encoding/base64"
	"strings"
	"testing"
)

// Valid bodies to put one bad value into; their rows would be created.
const (
	productBody  = `"name":"Probe","price_cents":1`
	customerBody = `"email":"probe@acme.test","name":"Probe"`
	orderBody    = `"number":"PROBE-1","customer_id":"{customer}"`
)

// Postgres text cannot hold NUL in any encoding; each is 422 naming the
// field, never a 500 from the INSERT.
var textCases = []attack{
	{"NUL in a string field", "POST", "/api/categories", "", `{"name":"Te\u0000a","slug":"nul-name"}`, invalid("name")},
	{"NUL in a string field with a pattern", "POST", "/api/categories", "", `{"name":"Tea","slug":"te\u0000a"}`, invalid("slug")},
	{"NUL in an email that the pattern lets through", "POST", "/api/customers", "", `{"email":"a\u0000@b.c","name":"Ann"}`, invalid("email")},
	{"NUL alone", "POST", "/api/customers", "", `{"email":"nul-alone@acme.test","name":"\u0000"}`, invalid("name")},
	{"NUL at the end", "POST", "/api/products", "", `{"name":"Sencha\u0000","price_cents":1}`, invalid("name")},
	{"NUL in a text field", "POST", "/api/products", "", `{` + productBody + `,"description":"a\u0000b"}`, invalid("description")},
	{"NUL in a sensitive field", "POST", "/api/products", "", `{` + productBody + `,"internal_notes":"\u0000"}`, invalid("internal_notes")},
	{"NUL in a sensitive customer field", "POST", "/api/customers", "", `{` + customerBody + `,"password_hash":"x\u0000"}`, invalid("password_hash")},
	{"NUL in an immutable field", "POST", "/api/orders", "", `{"number":"N\u0000","customer_id":"{customer}"}`, invalid("number")},
	{"NUL in a text field with a maximum length", "POST", "/api/reviews", "", `{"stars":3,"body":"\u0000","product_id":"{product}","customer_id":"{customer}"}`, invalid("body")},
	{"NUL in each string of a notification", "POST", "/api/notifications", "", `{"kind":"order_shipped","recipient":"r\u0000@x.test","subject":"S\u0000","body":"\u0000","order_id":"{order}"}`, invalid("body", "recipient", "subject")},
	{"NUL in two fields at once", "POST", "/api/customers", "", `{"email":"\u0000@b.c","name":"A\u0000"}`, invalid("email", "name")},
	{"NUL in a key", "POST", "/api/products", "", `{` + productBody + `,"\u0000":1}`, invalid("\x00")},
	{"NUL in a patched string field", "PATCH", "/api/products/{product}", "", `{"name":"x\u0000"}`, invalid("name")},
	{"NUL in a patched text field", "PATCH", "/api/products/{product}", "", `{"description":"\u0000"}`, invalid("description")},
	{"NUL in a patched field with a pattern", "PATCH", "/api/categories/{category}", "", `{"slug":"a\u0000"}`, invalid("slug")},
	{"NUL in a patched tenant's row", "PATCH", "/api/customers/{customer}", "", `{"name":"\u0000"}`, invalid("name")},
	{"NUL in a patched review", "PATCH", "/api/reviews/{review}", "", `{"body":"ok\u0000"}`, invalid("body")},
	{"NUL in a patched notification", "PATCH", "/api/notifications/{notification}", "", `{"subject":"\u0000"}`, invalid("subject")},
	// Other control characters are text like any other.
	{"other control characters are stored", "POST", "/api/products", "", `{"name":"ctl\u0001\u001f\u007f","price_cents":1}`, created},
}

// JSON fields (jsonb) refuse some documents that encoding/json accepts,
// and nest only so deep: each is 422 naming the field.
var jsonCases = []attack{
	{"NUL in a JSON string", "POST", "/api/products", "", `{` + productBody + `,"attributes":{"a":"\u0000"}}`, invalid("attributes")},
	{"NUL in a JSON key", "POST", "/api/products", "", `{` + productBody + `,"attributes":{"\u0000":1}}`, invalid("attributes")},
	{"NUL as the JSON document", "POST", "/api/products", "", `{` + productBody + `,"attributes":"\u0000"}`, invalid("attributes")},
	{"lone high surrogate", "POST", "/api/products", "", `{` + productBody + `,"attributes":{"a":"\ud800"}}`, invalid("attributes")},
	{"lone low surrogate", "POST", "/api/products", "", `{` + productBody + `,"attributes":{"a":"\udc00"}}`, invalid("attributes")},
	{"high surrogate before a letter", "POST", "/api/products", "", `{` + productBody + `,"attributes":{"a":"\ud800\u0041"}}`, invalid("attributes")},
	{"reversed surrogate pair", "POST", "/api/products", "", `{` + productBody + `,"attributes":["\ude00\ud83d"]}`, invalid("attributes")},
	{"number too large for numeric", "POST", "/api/products", "", `{` + productBody + `,"attributes":{"a":1e200000}}`, invalid("attributes")},
	{"number too small for numeric", "POST", "/api/products", "", `{` + productBody + `,"attributes":[-1e200000]}`, invalid("attributes")},
	{"number too precise for numeric", "POST", "/api/products", "", `{` + productBody + `,"attributes":1e-200000}`, invalid("attributes")},
	{"raw invalid UTF-8 in a JSON string", "POST", "/api/products", "", `{` + productBody + `,"attributes":{"a":"` + "\xff" + `"}}`, invalid("attributes")},
	{"raw overlong UTF-8 in a JSON key", "POST", "/api/products", "", `{` + productBody + `,"attributes":{"` + "\xc0\xaf" + `":1}}`, invalid("attributes")},
	{"arrays nested 9,000 deep", "POST", "/api/products", "", `{` + productBody + `,"attributes":` + nested("[", "]", 9000) + `}`, invalid("attributes")},
	{"objects nested 9,000 deep", "POST", "/api/products", "", `{` + productBody + `,"attributes":` + nested(`{"a":`, "}", 9000) + `}`, invalid("attributes")},
	{"NUL in a patched JSON field", "PATCH", "/api/products/{product}", "", `{"attributes":{"a":"x\u0000"}}`, invalid("attributes")},
	{"lone surrogate in a patched JSON field", "PATCH", "/api/products/{product}", "", `{"attributes":["\udbff"]}`, invalid("attributes")},
	{"a patched JSON field nested 9,000 deep", "PATCH", "/api/products/{product}", "", `{"attributes":` + nested("[", "]", 9000) + `}`, invalid("attributes")},
	// Deeper than encoding/json reads at all: the body is not JSON.
	{"a body nested 100,000 deep", "POST", "/api/products", "", `{` + productBody + `,"attributes":` + nested("[", "]", 100_000) + `}`, badRequest()},
	// What jsonb stores is still accepted.
	{"a surrogate pair", "POST", "/api/products", "", `{"name":"Emoji","price_cents":1,"attributes":{"a":"\ud83d\ude00"}}`, created},
	{"a large number numeric holds", "POST", "/api/products", "", `{"name":"Large","price_cents":1,"attributes":{"a":1e1000,"b":-1.5e-300}}`, created},
	{"modest nesting", "POST", "/api/products", "", `{"name":"Nested","price_cents":1,"attributes":` + nested(`{"a":`, "}", 20) + `}`, created},
	{"other control characters in JSON", "POST", "/api/products", "", `{"name":"Controls","price_cents":1,"attributes":{"\u0001":"\u001f"}}`, created},
}

// nested is open n times, then close n times: a document n deep.
func nested(open, close string, n int) string {
	return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
}

// Decimals are strings holding a decimal number; what the column cannot
// hold is 422, before the database refuses it.
var decimalCases = []attack{
	{"17,000 fraction digits under a maximum", "POST", "/api/orders", "", `{` + orderBody + `,"tax_rate":"0.` + strings.Repeat("1", 17_000) + `"}`, invalid("tax_rate")},
	{"17,000 fraction digits", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"0.` + strings.Repeat("1", 17_000) + `"}`, invalid("weight_kg")},
	{"more integer digits than numeric holds", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"1` + strings.Repeat("0", 131_072) + `"}`, invalid("weight_kg")},
	{"more integer digits than the column's precision", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"1` + strings.Repeat("0", 200) + `"}`, invalid("weight_kg")},
	{"more fraction digits than the column's scale", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"0.` + strings.Repeat("3", 50) + `"}`, invalid("weight_kg")},
	{"17,000 fraction digits in a patch", "PATCH", "/api/orders/{order}", "", `{"tax_rate":"0.` + strings.Repeat("9", 17_000) + `"}`, invalid("tax_rate")},
	{"more integer digits than the column's precision in a patch", "PATCH", "/api/products/{product}", "", `{"weight_kg":"` + strings.Repeat("9", 200) + `"}`, invalid("weight_kg")},
	{"below the minimum", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"-1"}`, invalid("weight_kg")},
	{"above the maximum", "POST", "/api/orders", "", `{` + orderBody + `,"tax_rate":"1.5"}`, invalid("tax_rate")},
	{"below the minimum by a little", "POST", "/api/orders", "", `{` + orderBody + `,"tax_rate":"-0.1"}`, invalid("tax_rate")},
	{"an exponent", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"1e3"}`, invalid("weight_kg")},
	{"NaN", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"NaN"}`, invalid("weight_kg")},
	{"Infinity", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"Infinity"}`, invalid("weight_kg")},
	{"an empty string", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":""}`, invalid("weight_kg")},
	{"two points", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"1.2.3"}`, invalid("weight_kg")},
	{"a space", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":" 1"}`, invalid("weight_kg")},
	{"a decimal comma", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"1,5"}`, invalid("weight_kg")},
	{"hexadecimal", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"0x10"}`, invalid("weight_kg")},
	{"non-ASCII digits", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"١٢"}`, invalid("weight_kg")},
	{"NUL", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":"1\u0000"}`, invalid("weight_kg")},
	{"a JSON number", "POST", "/api/products", "", `{` + productBody + `,"weight_kg":1.5}`, invalid("weight_kg")},
	// What the column holds is still accepted.
	{"a plain decimal", "POST", "/api/products", "", `{"name":"Weighed","price_cents":1,"weight_kg":"12.345"}`, created},
	{"the maximum", "POST", "/api/orders", "", `{"number":"TAX-MAX","customer_id":"{customer}","tax_rate":"1"}`, created},
}

// A body is one JSON object of the resource's keys, each of its type:
// anything else is 400 (not a JSON object) or 422 naming each bad key at
// once, and a body over the server's limit is 413.
var bodyCases = []attack{
	// Not a JSON object: 400.
	{"empty body", "POST", "/api/products", "", ``, badRequest()},
	{"truncated object", "POST", "/api/products", "", `{"name":"a"`, badRequest()},
	{"open brace", "POST", "/api/products", "", `{`, badRequest()},
	{"missing value", "POST", "/api/products", "", `{"name":}`, badRequest()},
	{"trailing comma", "POST", "/api/products", "", `{` + productBody + `,}`, badRequest()},
	{"single quotes", "POST", "/api/products", "", `{'name':'a'}`, badRequest()},
	{"comment", "POST", "/api/products", "", `{/* x */}`, badRequest()},
	{"NaN literal", "POST", "/api/products", "", `{` + productBody + `,"rating":NaN}`, badRequest()},
	{"two objects", "POST", "/api/products", "", `{` + productBody + `} {}`, badRequest()},
	{"byte order mark", "POST", "/api/products", "", "\ufeff{" + productBody + "}", badRequest()},
	{"form encoding", "POST", "/api/products", "", `name=a&price_cents=1`, badRequest()},
	{"an array", "POST", "/api/products", "", `[{` + productBody + `}]`, badRequest()},
	{"null", "POST", "/api/products", "", `null`, badRequest()},
	{"a string", "POST", "/api/products", "", `"name"`, badRequest()},
	{"a number", "POST", "/api/products", "", `1`, badRequest()},
	{"a NUL byte", "POST", "/api/products", "", "\x00", badRequest()},
	{"malformed patch", "PATCH", "/api/products/{product}", "", `{"name":`, badRequest()},
	{"array patch", "PATCH", "/api/orders/{order}", "", `[]`, badRequest()},
	// Too large: 413, before anything is decoded.
	{"body over the limit", "POST", "/api/products", "", `{"name":"` + strings.Repeat("a", 1<<20) + `","price_cents":1}`, tooLarge},
	{"patch over the limit", "PATCH", "/api/products/{product}", "", `{"description":"` + strings.Repeat("a", 1<<20) + `"}`, tooLarge},
	{"garbage over the limit", "POST", "/api/orders", "", strings.Repeat("{", 1<<20+1), tooLarge},
	// Wrong types: 422 naming the key.
	{"number for a string", "POST", "/api/products", "", `{"name":5,"price_cents":1}`, invalid("name")},
	{"object for a string", "POST", "/api/products", "", `{"name":{},"price_cents":1}`, invalid("name")},
	{"array for a string", "POST", "/api/products", "", `{"name":["a"],"price_cents":1}`, invalid("name")},
	{"string for an integer", "POST", "/api/products", "", `{"name":"a","price_cents":"12"}`, invalid("price_cents")},
	{"fraction for an integer", "POST", "/api/products", "", `{"name":"a","price_cents":1.5}`, invalid("price_cents")},
	{"exponent for an integer", "POST", "/api/products", "", `{"name":"a","price_cents":1e3}`, invalid("price_cents")},
	{"integer over 32 bits", "POST", "/api/products", "", `{"name":"a","price_cents":2147483648}`, invalid("price_cents")},
	{"integer under 32 bits", "POST", "/api/products", "", `{"name":"a","price_cents":-2147483649}`, invalid("price_cents")},
	{"integer over 64 bits", "POST", "/api/orders", "", `{` + orderBody + `,"total_cents":9223372036854775808}`, invalid("total_cents")},
	{"float out of range", "POST", "/api/products", "", `{` + productBody + `,"rating":1e309}`, invalid("rating")},
	{"string for a float", "POST", "/api/products", "", `{` + productBody + `,"rating":"high"}`, invalid("rating")},
	{"string for a bool", "POST", "/api/products", "", `{` + productBody + `,"active":"yes"}`, invalid("active")},
	{"number for a bool", "POST", "/api/products", "", `{` + productBody + `,"active":1}`, invalid("active")},
	{"not a time", "POST", "/api/products", "", `{` + productBody + `,"published_at":"yesterday"}`, invalid("published_at")},
	{"number for a time", "POST", "/api/products", "", `{` + productBody + `,"published_at":1700000000}`, invalid("published_at")},
	{"time without zone", "POST", "/api/products", "", `{` + productBody + `,"published_at":"2024-01-02T03:04:05"}`, invalid("published_at")},
	{"not a date", "POST", "/api/customers", "", `{` + customerBody + `,"birth_date":"2020-02-30"}`, invalid("birth_date")},
	{"time for a date", "POST", "/api/customers", "", `{` + customerBody + `,"birth_date":"2020-02-03T00:00:00Z"}`, invalid("birth_date")},
	{"not a UUID", "POST", "/api/products", "", `{` + productBody + `,"external_id":"not-a-uuid"}`, invalid("external_id")},
	{"number for a UUID", "POST", "/api/products", "", `{` + productBody + `,"category_id":123}`, invalid("category_id")},
	{"SQL for a UUID", "POST", "/api/orders", "", `{"number":"SQLID","customer_id":"' OR 1=1 --"}`, invalid("customer_id")},
	{"not an enum value", "POST", "/api/products", "", `{` + productBody + `,"status":"bogus"}`, invalid("status")},
	{"enum value in another case", "POST", "/api/products", "", `{` + productBody + `,"status":"DRAFT"}`, invalid("status")},
	{"number for an enum", "POST", "/api/products", "", `{` + productBody + `,"status":1}`, invalid("status")},
	{"not base64", "POST", "/api/products", "", `{` + productBody + `,"thumbnail":"%%%"}`, invalid("thumbnail")},
	// Missing or null required keys.
	{"empty object", "POST", "/api/products", "", `{}`, invalid("name", "price_cents")},
	{"null for a required key", "POST", "/api/products", "", `{"name":null,"price_cents":1}`, invalid("name")},
	{"empty required string", "POST", "/api/products", "", `{"name":"","price_cents":1}`, invalid("name")},
	{"null for a required key in a patch", "PATCH", "/api/products/{product}", "", `{"price_cents":null}`, invalid("price_cents")},
	{"nil UUID for a required key", "POST", "/api/orders", "", `{"number":"NILID","customer_id":"00000000-0000-0000-0000-000000000000"}`, invalid("customer_id")},
	// Unknown keys, including the columns the server sets.
	{"unknown key", "POST", "/api/products", "", `{` + productBody + `,"bogus":1}`, invalid("bogus")},
	{"key in another case", "POST", "/api/products", "", `{"Name":"a","price_cents":1}`, invalid("Name", "name")},
	{"the id", "POST", "/api/products", "", `{` + productBody + `,"id":"{product}"}`, invalid("id")},
	{"the tenant", "POST", "/api/orders", "", `{` + orderBody + `,"tenant_id":"globex"}`, invalid("tenant_id")},
	{"the tenant in a patch", "PATCH", "/api/orders/{order}", "", `{"tenant_id":"globex"}`, invalid("tenant_id")},
	{"the creation time", "POST", "/api/products", "", `{` + productBody + `,"created_at":"2020-01-01T00:00:00Z"}`, invalid("created_at")},
	{"the update time", "PATCH", "/api/products/{product}", "", `{"updated_at":"2020-01-01T00:00:00Z"}`, invalid("updated_at")},
	{"the deletion time", "PATCH", "/api/products/{product}", "", `{"deleted_at":"2020-01-01T00:00:00Z"}`, invalid("deleted_at")},
	{"an immutable key in a patch", "PATCH", "/api/customers/{customer}", "", `{"email":"new@acme.test"}`, invalid("email")},
	{"an immutable number in a patch", "PATCH", "/api/orders/{order}", "", `{"number":"NEW-1"}`, invalid("number")},
	// Every invalid key at once: decoding and validation together.
	{"a bad time, a bad enum and a negative decimal", "POST", "/api/products", "", `{"name":"Multi","price_cents":1,"published_at":"yesterday","status":"bogus","weight_kg":"-1"}`, invalid("published_at", "status", "weight_kg")},
	{"a bad date, a bad pattern and an empty name", "POST", "/api/customers", "", `{"email":"not-an-email","name":"","birth_date":"2020-02-30"}`, invalid("birth_date", "email", "name")},
	{"a wrong type and a negative integer", "POST", "/api/products", "", `{"name":5,"price_cents":-1}`, invalid("name", "price_cents")},
	{"a bad enum, a decimal over the maximum and an unknown key", "POST", "/api/orders", "", `{"number":"MULTI","customer_id":"{customer}","state":"bogus","tax_rate":"2","bogus":1}`, invalid("bogus", "state", "tax_rate")},
	{"a negative integer and a bad enum in a patch", "PATCH", "/api/products/{product}", "", `{"price_cents":-1,"status":"bogus"}`, invalid("price_cents", "status")},
	{"over the maximum length and a bad slug", "POST", "/api/categories", "", `{"name":"` + strings.Repeat("n", 201) + `","slug":"Not A Slug"}`, invalid("name", "slug")},
	// SQL in values is data.
	{"SQL in a string", "POST", "/api/products", "", `{"name":"Robert'); DROP TABLE products; --","price_cents":1}`, created},
}

// The list endpoints take only their own parameters, each once, and
// filter by equality with bound parameters: NUL, invalid UTF-8 and bad
// values are 400 naming the parameter; SQL and LIKE patterns match
// nothing.
var queryCases = []attack{
	{"NUL in a text filter", "GET", "/api/products", "name=%00", "", badRequest("name")},
	{"NUL inside a text filter", "GET", "/api/categories", "slug=te%00a", "", badRequest("slug")},
	{"invalid UTF-8 in a text filter", "GET", "/api/customers", "email=%FF", "", badRequest("email")},
	{"overlong UTF-8 in a text filter", "GET", "/api/orders", "number=%C0%AF", "", badRequest("number")},
	{"an encoded surrogate in a text filter", "GET", "/api/products", "name=%ED%A0%80", "", badRequest("name")},
	{"truncated UTF-8 in a text filter", "GET", "/api/products", "name=Sencha%E2%82", "", badRequest("name")},
	{"NUL in an enum filter", "GET", "/api/products", "status=%00", "", badRequest("status")},
	{"NUL in a UUID filter", "GET", "/api/orders", "customer_id=%00", "", badRequest("customer_id")},
	{"invalid UTF-8 in a time filter", "GET", "/api/products", "published_at=%FF", "", badRequest("published_at")},
	{"NUL in a parameter's name", "GET", "/api/products", "%00=1", "", badRequest("\x00")},
	{"invalid UTF-8 in a parameter's name", "GET", "/api/products", "%FF=1", "", badRequest("\ufffd")},
	{"malformed percent-encoding", "GET", "/api/products", "name=%zz", "", badRequest()},
	{"a semicolon", "GET", "/api/products", "name=a;b", "", badRequest()},
	{"unknown parameter", "GET", "/api/products", "bogus=1", "", badRequest("bogus")},
	{"a column that is no filter", "GET", "/api/products", "internal_notes=x", "", badRequest("internal_notes")},
	{"the tenant as a filter", "GET", "/api/orders", "tenant_id=globex", "", badRequest("tenant_id")},
	{"repeated filter", "GET", "/api/products", "name=a&name=b", "", badRequest("name")},
	{"not an enum value", "GET", "/api/orders", "state=bogus", "", badRequest("state")},
	{"not a time", "GET", "/api/products", "published_at=yesterday", "", badRequest("published_at")},
	// SQL metacharacters are values like any other: they match nothing.
	{"a quote that would close the string", "GET", "/api/products", "name=%27%20OR%20%271%27%3D%271", "", page(0)},
	{"a statement after a quote", "GET", "/api/customers", "email=x%27%3B%20DROP%20TABLE%20customers%3B--", "", page(0)},
	{"a comment after the value", "GET", "/api/products", "name=Sencha%27--", "", page(0)},
	{"a block comment", "GET", "/api/products", "name=Sencha%2F*", "", page(0)},
	{"a LIKE wildcard", "GET", "/api/orders", "number=%25", "", page(0)},
	{"a LIKE single-character wildcard", "GET", "/api/categories", "slug=tea-acm_", "", page(0)},
	{"a backslash", "GET", "/api/products", "name=%5C", "", page(0)},
	{"a parameter placeholder", "GET", "/api/products", "name=%241", "", page(0)},
	{"SQL in a UUID filter", "GET", "/api/orders", "customer_id=1%20OR%201%3D1", "", badRequest("customer_id")},
	{"SQL in an enum filter", "GET", "/api/orders", "state=paid%27%20OR%20%271%27%3D%271", "", badRequest("state")},
	{"the value itself matches", "GET", "/api/products", "name=Sencha", "", page(2)}, // acme's and globex's: products are shared
	// Cursors are what a list returned; limits positive integers.
	{"a cursor that is not base64", "GET", "/api/products", "cursor=not%20a%20cursor", "", badRequest("cursor")},
	{"NUL as the cursor", "GET", "/api/products", "cursor=%00", "", badRequest("cursor")},
	{"invalid UTF-8 as the cursor", "GET", "/api/orders", "cursor=%FF", "", badRequest("cursor")},
	{"a cursor too short", "GET", "/api/products", "cursor=" + base64.RawURLEncoding.EncodeToString(make([]byte, 15)), "", badRequest("cursor")},
	{"a cursor too long", "GET", "/api/products", "cursor=" + base64.RawURLEncoding.EncodeToString(make([]byte, 17)), "", badRequest("cursor")},
	{"SQL as the cursor", "GET", "/api/orders", "cursor=%27%20OR%201%3D1--", "", badRequest("cursor")},
	{"a repeated cursor", "GET", "/api/orders", "cursor=a&cursor=b", "", badRequest("cursor")},
	{"the nil UUID's cursor", "GET", "/api/orders", "cursor=" + base64.RawURLEncoding.EncodeToString(make([]byte, 16)), "", page(1)},
	{"limit 0", "GET", "/api/products", "limit=0", "", badRequest("limit")},
	{"a negative limit", "GET", "/api/products", "limit=-1", "", badRequest("limit")},
	{"a limit that is no number", "GET", "/api/products", "limit=abc", "", badRequest("limit")},
	{"a fractional limit", "GET", "/api/products", "limit=1.5", "", badRequest("limit")},
	{"a limit with an exponent", "GET", "/api/products", "limit=1e3", "", badRequest("limit")},
	{"a limit over 64 bits", "GET", "/api/products", "limit=99999999999999999999", "", badRequest("limit")},
	{"NUL as the limit", "GET", "/api/orders", "limit=%00", "", badRequest("limit")},
	{"a large limit is capped", "GET", "/api/orders", "limit=1000000", "", page(1)},
	{"a report's limit over its maximum", "GET", "/api/reports/top-products", "limit=101", "", badRequest("limit")},
	{"a report's limit 0", "GET", "/api/reports/top-products", "limit=0", "", badRequest("limit")},
	{"NUL as a report's limit", "GET", "/api/reports/top-products", "limit=%00", "", badRequest("limit")},
	{"a report's unknown parameter", "GET", "/api/reports/top-products", "name=%00", "", badRequest("name")},
}

// The {id} of a path is a UUID (400 naming id otherwise), and one that
// names no visible row is 404; paths and methods without a route are the
// mux's 404 and 405.
var pathCases = []attack{
	{"not a UUID", "GET", "/api/products/not-a-uuid", "", "", badRequest("id")},
	{"not a UUID to patch", "PATCH", "/api/products/not-a-uuid", "", `{"name":"x"}`, badRequest("id")},
	{"not a UUID to delete", "DELETE", "/api/orders/not-a-uuid", "", "", badRequest("id")},
	{"NUL as the id", "GET", "/api/orders/%00", "", "", badRequest("id")},
	{"invalid UTF-8 as the id", "GET", "/api/orders/%FF", "", "", badRequest("id")},
	{"SQL as the id", "GET", "/api/customers/1%20OR%201%3D1", "", "", badRequest("id")},
	{"SQL after a valid id", "GET", "/api/customers/{customer}%27%20OR%20%271", "", "", badRequest("id")},
	{"an escaped path traversal", "GET", "/api/products/..%2F..%2Fcustomers", "", "", badRequest("id")},
	{"a 10,000-character id", "GET", "/api/products/" + strings.Repeat("a", 10_000), "", "", badRequest("id")},
	{"a UUID with a trailing character", "DELETE", "/api/products/{product}x", "", "", badRequest("id")},
	{"the nil UUID", "GET", "/api/products/00000000-0000-0000-0000-000000000000", "", "", notFound},
	{"no such row", "GET", "/api/orders/4d7a3c2e-1b6f-4a8e-9c0d-2e3f4a5b6c7d", "", "", notFound},
	{"no such row to patch", "PATCH", "/api/orders/4d7a3c2e-1b6f-4a8e-9c0d-2e3f4a5b6c7d", "", `{"state":"paid"}`, notFound},
	{"no such row to patch with nothing", "PATCH", "/api/orders/4d7a3c2e-1b6f-4a8e-9c0d-2e3f4a5b6c7d", "", `{}`, notFound},
	{"no such row to delete", "DELETE", "/api/orders/4d7a3c2e-1b6f-4a8e-9c0d-2e3f4a5b6c7d", "", "", notFound},
	{"no such resource", "GET", "/api/nothing", "", "", noRoute},
	{"a path below a row", "GET", "/api/products/{product}/reviews", "", "", noRoute},
	{"an empty id", "GET", "/api/products/", "", "", noRoute},
	{"PUT", "PUT", "/api/products/{product}", "", `{"name":"x","price_cents":1}`, noMethod},
	{"POST to a row", "POST", "/api/products/{product}", "", `{}`, noMethod},
	{"DELETE a list", "DELETE", "/api/products", "", "", noMethod},
	{"PATCH a list", "PATCH", "/api/orders", "", `{}`, noMethod},
}

// A row may not point at a soft-deleted parent, and a soft-deleted row is
// gone for every method.
var softDeleteCases = []attack{
	{"a review of a deleted product", "POST", "/api/reviews", "", `{"stars":3,"product_id":"{deleted.product}","customer_id":"{customer}"}`, invalid("product_id")},
	{"an order item of a deleted product", "POST", "/api/order-items", "", `{"quantity":1,"unit_price_cents":1,"order_id":"{order}","product_id":"{deleted.product}"}`, invalid("product_id")},
	{"an order item moved to a deleted product", "PATCH", "/api/order-items/{order_item}", "", `{"product_id":"{deleted.product}"}`, invalid("product_id")},
	{"a review moved to a deleted product", "PATCH", "/api/reviews/{review}", "", `{"product_id":"{deleted.product}"}`, invalid("product_id")},
	{"get a deleted product", "GET", "/api/products/{deleted.product}", "", "", notFound},
	{"patch a deleted product", "PATCH", "/api/products/{deleted.product}", "", `{"name":"Back"}`, notFound},
	{"delete a deleted product", "DELETE", "/api/products/{deleted.product}", "", "", notFound},
	{"list by a deleted product", "GET", "/api/order-items", "product_id={deleted.product}", "", page(0)},
}

func TestText(t *testing.T) {
	t.Parallel()
	newShop(t).run(t, textCases)
}

func TestJSON(t *testing.T) {
	t.Parallel()
	newShop(t).run(t, jsonCases)
}

func TestDecimal(t *testing.T) {
	t.Parallel()
	newShop(t).run(t, decimalCases)
}

func TestBody(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	t.Run("cases", func(t *testing.T) { s.run(t, bodyCases) })
	// The SQL in values was data: the table is still there.
	s.check(t, attack{"", "GET", "/api/products/{product}", "", "", ok}, bearer(t, "ann", tenant))
}

func TestQuery(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	t.Run("cases", func(t *testing.T) { s.run(t, queryCases) })
	// The SQL in filters was data: the tables are still there.
	s.check(t, attack{"", "GET", "/api/customers", "", "", page(1)}, bearer(t, "ann", tenant))
}

func TestPath(t *testing.T) {
	t.Parallel()
	newShop(t).run(t, pathCases)
}

func TestSoftDeletedParent(t *testing.T) {
	t.Parallel()
	newShop(t).run(t, softDeleteCases)
}
