package dbx

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// Date is a calendar date without a time zone, stored in a Postgres date
// column and written "2006-01-02" in JSON.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses a "2006-01-02" date.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("db: date %q is not YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// String returns d as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// IsZero reports whether d is the zero Date, which is no date at all.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real date: not the zero Date nor 31 April.
func (d Date) Valid() bool {
	return DateOf(d.In(time.UTC)) == d && !d.IsZero()
}

// In returns the midnight that starts d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// MarshalText writes d as "2006-01-02", as JSON does.
func (d Date) MarshalText() ([]byte, error) {
	if !d.Valid() {
		return nil, fmt.Errorf("db: %s is not a valid date", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalJSON reads a "2006-01-02" string; null leaves d unchanged. A
// bad date is a *json.UnmarshalTypeError, so the decoder's error names the
// field.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: "non-string", Type: reflect.TypeFor[Date]()}
	}
	v, err := ParseDate(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "string " + strconv.Quote(s), Type: reflect.TypeFor[Date]()}
	}
	*d = v
	return nil
}

// UnmarshalText reads a "2006-01-02" date, as in a query parameter.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ScanDate lets pgx scan a Postgres date into d.
func (d *Date) ScanDate(v pgtype.Date) error {
	if !v.Valid {
		return errors.New("db: cannot scan NULL into a Date; use a *Date")
	}
	if v.InfinityModifier != pgtype.Finite {
		return errors.New("db: cannot scan an infinite date into a Date")
	}
	*d = DateOf(v.Time)
	return nil
}

// DateValue lets pgx write d as a Postgres date.
func (d Date) DateValue() (pgtype.Date, error) {
	if !d.Valid() {
		return pgtype.Date{}, fmt.Errorf("db: %s is not a valid date", d)
	}
	return pgtype.Date{Time: d.In(time.UTC), Valid: true}, nil
}
