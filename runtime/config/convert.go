package config

import (
	"encoding"
	"fmt"
	"maps"
	"reflect"
	"slices"
)

// set stores raw, a value in the form tomlFile.decode returns, in the field
// v, or leaves v alone and says why it cannot.
func set(v reflect.Value, raw any) error {
	switch p := v.Addr().Interface().(type) {
	case encoding.TextUnmarshaler:
		s, ok := raw.(string)
		if !ok {
			return wrongType(`a string such as "15s"`, raw)
		}
		return p.UnmarshalText([]byte(s))
	case *string:
		s, ok := raw.(string)
		if !ok {
			return wrongType("a string", raw)
		}
		*p = s
	case *bool:
		b, ok := raw.(bool)
		if !ok {
			return wrongType("true or false", raw)
		}
		*p = b
	case *int:
		return setInt(p, raw)
	case *int32:
		return setInt(p, raw)
	case *int64:
		return setInt(p, raw)
	case *map[string]int:
		t, ok := raw.(map[string]any)
		if !ok {
			return wrongType("a table of queue = workers", raw)
		}
		m := make(map[string]int, len(t))
		for _, name := range slices.Sorted(maps.Keys(t)) { // sorted, so the same queue is reported each time
			var n int
			if err := setInt(&n, t[name]); err != nil {
				return fmt.Errorf("queue %q: %w", name, err)
			}
			m[name] = n
		}
		*p = m
	default:
		panic(fmt.Sprintf("config: no conversion to %s; add one to set and fromEnv", v.Type()))
	}
	return nil
}

func setInt[T int | int32 | int64](p *T, raw any) error {
	n, ok := raw.(int64)
	if !ok {
		return wrongType("an integer", raw)
	}
	if int64(T(n)) != n {
		return fmt.Errorf("%d is out of range", n)
	}
	*p = T(n)
	return nil
}

func wrongType(want string, raw any) error {
	return fmt.Errorf("want %s, got %s", want, tomlType(raw))
}
