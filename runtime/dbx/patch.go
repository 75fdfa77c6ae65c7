package dbx

import "encoding/json"

// Patch is one field of an update input. Its zero value leaves the column
// unchanged; Set(v) writes v; Null() writes NULL.
//
// In JSON, an absent key leaves the field unchanged, null sets it to NULL
// and any other value sets it.
type Patch[T any] struct {
	// Set reports that the update writes this field.
	Set bool
	// Null reports that the update writes NULL (Set is true too).
	Null bool
	// Value is written when Set and not Null.
	Value T
}

// Set returns a Patch writing v.
func Set[T any](v T) Patch[T] { return Patch[T]{Set: true, Value: v} }

// Null returns a Patch writing NULL.
func Null[T any]() Patch[T] { return Patch[T]{Set: true, Null: true} }

// UnmarshalJSON sets p: null becomes Null(), any other value Set(value).
func (p *Patch[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*p = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Set(v)
	return nil
}

// MarshalJSON writes the value, or null when p is unset or Null.
func (p Patch[T]) MarshalJSON() ([]byte, error) {
	if !p.Set || p.Null {
		return []byte("null"), nil
	}
	return json.Marshal(p.Value)
}

// Arg is the statement argument p writes: nil (NULL) or its value.
func (p Patch[T]) Arg() any {
	if p.Null {
		return nil
	}
	return p.Value
}
