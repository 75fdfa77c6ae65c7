#!/usr/bin/env bash
# Prints the stamp keys of a Forge build for bazel's
# --workspace_status_command (and for forge build without Bazel):
#
#   STABLE_FORGE_VERSION  the nearest tag (git describe), or v0.0.0-dev
#   STABLE_FORGE_COMMIT   the commit hash, "-dirty" when the tree has changes
#   STABLE_FORGE_DATE     the commit's date in UTC, RFC 3339
#
# Only STABLE_ keys: they are part of the cache key of stamped actions, and
# the date is the commit's, not the clock's, so rebuilding one commit gives
# the same binary and image. Outside git it prints fixed values.
set -euo pipefail

if commit=$(git rev-parse HEAD 2>/dev/null); then
	if [[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]]; then
		commit="$commit-dirty"
	fi
	version=$(git describe --tags --always --dirty 2>/dev/null || echo v0.0.0-dev)
	[[ $version == v* ]] || version="v0.0.0-dev-${version}" # a valid image tag: no "+"
	date=$(TZ=UTC git show -s --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ HEAD)
else
	commit=unknown
	version=v0.0.0-dev
	date=1970-01-01T00:00:00Z
fi
echo "STABLE_FORGE_VERSION ${version}"
echo "STABLE_FORGE_COMMIT ${commit}"
echo "STABLE_FORGE_DATE ${date}"
