package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestResolve(t *testing.T) {
	vcs := &debug.BuildInfo{
		Main: debug.Module{Version: "v1.4.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc123"},
			{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	devel := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}
	tests := []struct {
		name                string
		version, commit, dt string
		info                *debug.BuildInfo
		want                [3]string
	}{
		{"stamped wins over build info", "v2.0.0", "f00d", "2026-03-04T00:00:00Z", vcs, [3]string{"v2.0.0", "f00d", "2026-03-04T00:00:00Z"}},
		{"build info fills the gaps, dirty tree marked", "", "", "", vcs, [3]string{"v1.4.0", "abc123-dirty", "2026-01-02T03:04:05Z"}},
		{"devel build without vcs", "", "", "", devel, [3]string{"dev", "unknown", "unknown"}},
		{"no build info at all", "", "", "", nil, [3]string{"dev", "unknown", "unknown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read := func() (*debug.BuildInfo, bool) { return tt.info, tt.info != nil }
			v, c, d := resolve(tt.version, tt.commit, tt.dt, read)
			if got := [3]string{v, c, d}; got != tt.want {
				t.Errorf("resolve = %q, want %q", got, tt.want)
			}
		})
	}
}
