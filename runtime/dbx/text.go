package dbx

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// What Postgres refuses in values that Go accepts: the generated checks of
// text and JSON fields and runtime/api's query parsers call TextProblem
// and JSONProblem, so a value the database would refuse is the caller's
// mistake, named by field, and never reaches a statement to fail there as
// a fault of the server.

// MaxJSONDepth is how deeply a JSON field's value may nest objects and
// arrays: {"a": [1]} is 2 deep, a scalar 0. Postgres accepts several
// thousand levels, bounded only by its stack; no document a client means
// to store nests anywhere near this deep, and a bound keeps one request
// from making every later read of the row walk thousands of levels.
const MaxJSONDepth = 64

// The problems of text and JSON values, completing "<field> …".
const (
	MsgInvalidUTF8   = "must be valid UTF-8"
	MsgNUL           = `must not contain the NUL character (\u0000)`
	MsgInvalidJSON   = "must be valid JSON"
	MsgLoneSurrogate = `must not contain an unpaired UTF-16 surrogate (\ud800 to \udfff)`
	MsgJSONNumber    = "must not contain numbers beyond the range of Postgres numeric"
)

// MsgJSONDepth is the problem of a JSON value nested deeper than
// MaxJSONDepth.
var MsgJSONDepth = fmt.Sprintf("must not nest objects and arrays more than %d deep", MaxJSONDepth)

// TextProblem returns what Postgres text cannot store of s, or "": bytes
// that are not UTF-8 (the database's encoding), and NUL, which text cannot
// hold in any encoding.
func TextProblem(s string) string {
	switch {
	case !utf8.ValidString(s):
		return MsgInvalidUTF8
	case strings.IndexByte(s, 0) >= 0:
		return MsgNUL
	}
	return ""
}

// JSONProblem returns why v is not a JSON document that jsonb stores, or
// "". Beyond JSON's syntax (json.Valid), jsonb refuses what encoding/json
// accepts: bytes that are not UTF-8, the escape \u0000 (in keys too), an
// escaped UTF-16 surrogate that is not part of a pair, and numbers outside
// numeric's range (jsonb numbers are numeric). It also refuses values
// nested deeper than MaxJSONDepth.
func JSONProblem(v []byte) string {
	switch {
	case !json.Valid(v):
		return MsgInvalidJSON
	case !utf8.Valid(v):
		return MsgInvalidUTF8
	}
	depth := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '{' || c == '[':
			if depth++; depth > MaxJSONDepth {
				return MsgJSONDepth
			}
		case c == '}' || c == ']':
			depth--
		case c == '"':
			end, problem := scanString(v, i+1)
			if problem != "" {
				return problem
			}
			i = end
		case c == '-' || '0' <= c && c <= '9':
			end := i + 1
			for end < len(v) && strings.IndexByte("+-.0123456789eE", v[end]) >= 0 {
				end++
			}
			if !numericRange(v[i:end]) {
				return MsgJSONNumber
			}
			i = end - 1
		}
	}
	return ""
}

// scanString scans the string of valid JSON v that starts at i, after its
// opening quote. It returns the index of the closing quote and the
// problem of an escape jsonb refuses, or "".
func scanString(v []byte, i int) (int, string) {
	for ; v[i] != '"'; i++ {
		if v[i] != '\\' {
			continue
		}
		i++
		if v[i] != 'u' {
			continue
		}
		r := hex4(v[i+1:])
		i += 4
		switch {
		case r == 0:
			return i, MsgNUL
		case 0xDC00 <= r && r <= 0xDFFF:
			return i, MsgLoneSurrogate // a low surrogate with no high one before it
		case 0xD800 <= r && r <= 0xDBFF:
			// A high surrogate must be followed at once by an escaped low one.
			if i+6 >= len(v) || v[i+1] != '\\' || v[i+2] != 'u' {
				return i, MsgLoneSurrogate
			}
			if low := hex4(v[i+3:]); low < 0xDC00 || low > 0xDFFF {
				return i, MsgLoneSurrogate
			}
			i += 6
		}
	}
	return i, ""
}

// hex4 reads the four hex digits of a \u escape of valid JSON.
func hex4(b []byte) rune {
	n, _ := strconv.ParseUint(string(b[:4]), 16, 16) // valid JSON: four hex digits
	return rune(n)
}

// Postgres numeric's limits (src/backend/utils/adt/numeric.c): at most
// 131072 digits before the decimal point (a weight of 32767 base-10000
// digits) and a display scale of at most 16383 digits after it. A number
// written with an exponent counts its scale as numeric_in does: digits
// written after the point minus the exponent, so 0.0e-20000 is refused
// though it is zero.
const (
	numericMaxWeight = 131071 // the power of ten of the highest digit
	numericMaxScale  = 16383
	// numericMaxExponent is the exponent numeric_in refuses outright
	// (INT_MAX/2), whatever the digits.
	numericMaxExponent = 1<<30 - 1
)

// numericRange reports whether the JSON number n fits Postgres numeric.
func numericRange(n []byte) bool {
	s := string(n)
	s = strings.TrimPrefix(s, "-")
	mantissa, exp := s, int64(0)
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.ParseInt(strings.TrimPrefix(s[i+1:], "+"), 10, 64)
		if err != nil || e >= numericMaxExponent || e <= -numericMaxExponent {
			return false
		}
		mantissa, exp = s[:i], e
	}
	whole, frac, _ := strings.Cut(mantissa, ".")
	if int64(len(frac))-exp > numericMaxScale {
		return false
	}
	// The highest non-zero digit's power of ten; a zero has no weight.
	digits := strings.TrimLeft(whole+frac, "0")
	if digits == "" {
		return true
	}
	weight := int64(len(digits)-len(frac)) - 1 + exp
	return weight <= numericMaxWeight
}
