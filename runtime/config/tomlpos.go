package config

import (
	"errors"

	"github.com/BurntSushi/toml"
)

// keyLine returns the line of the key whose value is p in the document md
// was decoded from, or 0 if unknown. An implicit table ("[jobs.queues]"
// without "[jobs]", or the section of a dotted key) has no position of its
// own and takes the earliest line of its keys.
//
// This is the one place that works around toml v1.6.0 keeping key
// positions private (MetaData has no accessor: BurntSushi/toml#462). The
// ParseError that PrimitiveDecode wraps around an Unmarshaler's error
// carries the position of the key being decoded, so decoding into a value
// that always fails reveals it. When the toml package exposes positions,
// only this function changes.
func keyLine(md *toml.MetaData, p toml.Primitive) int {
	var pe toml.ParseError
	if errors.As(md.PrimitiveDecode(p, locator{}), &pe) && pe.Position.Line > 0 {
		return pe.Position.Line
	}
	var keys map[string]toml.Primitive
	if md.PrimitiveDecode(p, &keys) != nil {
		return 0
	}
	first := 0
	for _, kp := range keys {
		if n := keyLine(md, kp); n > 0 && (first == 0 || n < first) {
			first = n
		}
	}
	return first
}

// locator is a toml.Unmarshaler that fails, for keyLine.
type locator struct{}

func (locator) UnmarshalTOML(any) error { return errors.New("locate") }
