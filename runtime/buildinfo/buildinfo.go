// Package buildinfo says which build of a binary is running: its version,
// the commit it was built from and that commit's date.
//
// The values are stamped at link time, by Bazel (forge_binary's x_defs from
// STABLE_ workspace-status keys) or by go build:
//
//	go build -ldflags "-X github.com/forge-framework/forge/runtime/buildinfo.Version=v1.2.3 \
//		-X github.com/forge-framework/forge/runtime/buildinfo.Commit=$(git rev-parse HEAD) \
//		-X github.com/forge-framework/forge/runtime/buildinfo.Date=$(git log -1 --format=%cI)"
//
// What is not stamped falls back to what the Go toolchain recorded
// (debug.ReadBuildInfo: the module version, vcs.revision and vcs.time), and
// then to "dev" for Version and "unknown" for Commit and Date.
//
// What this package is not for: it does not read git or the environment at
// run time, so a binary reports the same values wherever it runs.
package buildinfo

import "runtime/debug"

// Stamped at link time; filled from the build info at init when left empty.
var (
	// Version is the release version, such as "v1.2.3".
	Version string
	// Commit is the full git commit hash the binary was built from.
	Commit string
	// Date is the commit's date in RFC 3339, so rebuilding a commit gives
	// the same binary.
	Date string
)

func init() {
	Version, Commit, Date = resolve(Version, Commit, Date, debug.ReadBuildInfo)
}

// resolve fills empty stamped values from the toolchain's build info, then
// from the defaults.
func resolve(version, commit, date string, read func() (*debug.BuildInfo, bool)) (string, string, string) {
	if bi, ok := read(); ok && bi != nil {
		if version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			version = bi.Main.Version
		}
		fromVCS, modified := false, false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if commit == "" {
					commit, fromVCS = s.Value, true
				}
			case "vcs.time":
				if date == "" {
					date = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if fromVCS && modified {
			commit += "-dirty"
		}
	}
	if version == "" {
		version = "dev"
	}
	if commit == "" {
		commit = "unknown"
	}
	if date == "" {
		date = "unknown"
	}
	return version, commit, date
}
