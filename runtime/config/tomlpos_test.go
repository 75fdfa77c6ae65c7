package config

import (
	"testing"

	"github.com/BurntSushi/toml"
)

// TestKeyLine pins the toml package behaviour keyLine relies on: if an
// upgrade of github.com/BurntSushi/toml changes it, this fails before the
// error messages quietly lose their lines.
func TestKeyLine(t *testing.T) {
	t.Parallel()
	const doc = `# a comment

dotted.a = 1
dotted.b = 2
arr = [
  1,
]

[app]
name = "shop"

[http]
addr = ":1"
limits = { max = 3 }

[jobs.queues]

mail = 2
default = 1
`
	var root map[string]toml.Primitive
	md, err := toml.Decode(doc, &root)
	if err != nil {
		t.Fatal(err)
	}
	sub := func(p toml.Primitive, key string) toml.Primitive {
		t.Helper()
		var m map[string]toml.Primitive
		if err := md.PrimitiveDecode(p, &m); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		v, ok := m[key]
		if !ok {
			t.Fatalf("no key %s", key)
		}
		return v
	}
	jobs := root["jobs"]
	tests := []struct {
		name string
		p    toml.Primitive
		want int
	}{
		{"dotted key's implicit table takes its first key's line", root["dotted"], 3},
		{"second dotted key", sub(root["dotted"], "b"), 4},
		{"multi-line array", root["arr"], 5},
		{"explicit table", root["app"], 9},
		{"key", sub(root["app"], "name"), 10},
		{"key after a blank line", sub(root["http"], "addr"), 13},
		{"inline table", sub(root["http"], "limits"), 14},
		{"key in an inline table", sub(sub(root["http"], "limits"), "max"), 14},
		{"implicit table takes its first key's line", jobs, 16},
		{"table header", sub(jobs, "queues"), 16},
		{"key in a table", sub(sub(jobs, "queues"), "mail"), 18},
	}
	for _, tt := range tests {
		if got := keyLine(&md, tt.p); got != tt.want {
			t.Errorf("%s: keyLine = %d, want %d", tt.name, got, tt.want)
		}
	}
}
