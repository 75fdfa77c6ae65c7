#!/usr/bin/env bash
# tools/bazel/e2e.sh - build and test the repository with real Bazel here:
# Debian's bazel-bootstrap 4.2.3 (WORKSPACE mode), rules_go v0.34.0,
# gazelle v0.27.0, Go 1.26.8, all prepared offline by tools/bazel/prepare.sh.
#
# Users build with bzlmod (MODULE.bazel). This harness never writes a
# WORKSPACE into the repository: it copies the repository (tracked files plus
# untracked, non-ignored ones) into a workspace under the cache, writes
# WORKSPACE (from tools/bazel/WORKSPACE.tmpl) and a .bazelrc there, and runs
# bazel in that copy. The copy's path is stable, so the Bazel server, its
# output base (under the cache's output_user_root) and the fetched
# go_repository rules stay warm between runs.
#
# Usage:
#   tools/bazel/e2e.sh                  # build //runtime/... //forge/... //internal/... //tools/... //examples/...
#                                       # //gazelle_ext/... //:gazelle_binary, then test them
#   tools/bazel/e2e.sh gazelle [ARGS]   # bazel run //:gazelle (gazelle + Forge's extension) in the copy
#                                       # and copy new or changed BUILD.bazel files back into the repository
#   tools/bazel/e2e.sh BAZEL_ARGS...    # any bazel command in the copy, e.g.
#                                       #   tools/bazel/e2e.sh build //examples/shop/...
#   tools/bazel/e2e.sh shutdown         # stop the harness's Bazel server
#
# Environment:
#   FORGE_BAZEL_CACHE          cache root (default ~/.cache/forge-bazel)
#   FORGE_TEST_DATABASE_URL    passed to tests (--test_env) when set; database tests skip otherwise
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${FORGE_BAZEL_CACHE:-$HOME/.cache/forge-bazel}

T0=$(date +%s.%N)
elapsed() { awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $1}"; }
log() { echo "e2e: $*" >&2; }

FORGE_BAZEL_CACHE=$CACHE "$HERE/prepare.sh" | sed 's/^/e2e: /' >&2
# shellcheck disable=SC1091
source "$CACHE/harness.env"

WS="$CACHE/ws/$(printf %s "$REPO" | sha256sum | cut -c1-12)"
mkdir -p "$WS"

# --- sync the repository into $WS -------------------------------------------
t=$(date +%s.%N)
list=$(mktemp); trap 'rm -f "$list" "$list.ws"' EXIT
(cd "$REPO" && comm -z -23 \
	<(git ls-files -z -co --exclude-standard | sort -zu) \
	<(git ls-files -z -d | sort -zu)) |
	grep -zv -e '^WORKSPACE$' -e '^WORKSPACE.bazel$' -e '^.bazelrc$' >"$list" || true
# Copy only what changed (cp -u: destination older than source; -p keeps the
# mtime), so Bazel sees untouched files unchanged and a no-op stays a no-op.
(cd "$REPO" && xargs -0 -r cp -d -p -u --parents -t "$WS" <"$list")
# Remove what the repository no longer has (keeping the harness's own files).
(cd "$WS" && find . -path './bazel-*' -prune -o \( -type f -o -type l \) -print0 | sed -z 's#^\./##' | sort -z) >"$list.ws"
printf '%s\0' WORKSPACE .bazelrc .harness.env | sort -z | sort -zmu - <(sort -z "$list") |
	comm -z -13 - "$list.ws" | (cd "$WS" && xargs -0 -r rm -f --)

sed -e "s#@@RULES_GO_DIR@@#$RULES_GO_DIR#" -e "s#@@GAZELLE_DIR@@#$GAZELLE_DIR#" \
	-e "s#@@GOROOT_DIR@@#$GOROOT_DIR#" -e "s#@@STUBS_DIR@@#$STUBS_DIR#" \
	"$HERE/WORKSPACE.tmpl" >"$WS/WORKSPACE.new"
cmp -s "$WS/WORKSPACE.new" "$WS/WORKSPACE" 2>/dev/null && rm "$WS/WORKSPACE.new" || mv "$WS/WORKSPACE.new" "$WS/WORKSPACE"

GOPROXY_VALUE=$(GOTOOLCHAIN=local go env GOPROXY 2>/dev/null || echo https://proxy.golang.org,direct)
cat >"$WS/.bazelrc.new" <<EOF
# Written by tools/bazel/e2e.sh for the Bazel 4.2.3 harness; not the repository's .bazelrc.
startup --output_user_root=$BAZEL_OUTPUT_USER_ROOT
# /etc/bazel/bazelrc (Debian) turns on --sandbox_debug.
build --nosandbox_debug
# go_local_sdk does not carry GOROOT/go.env (where Go >= 1.21 keeps GOPROXY).
build --repo_env=GOPROXY=$GOPROXY_VALUE
# go_repository fetches through the host's module cache (GOMODCACHE), shared with go build.
build --repo_env=GO_REPOSITORY_USE_HOST_CACHE=1
build --repo_env=GOFLAGS=
# Shared by every harness workspace (this copy and newapp_e2e.sh's app), so the
# app reuses the compiled standard library and modules; shop_e2e.sh's rebuild
# from clean turns it off.
build --disk_cache=$CACHE/disk_cache
build --show_timestamps=false
test --test_output=errors
# Database tests get the server when one is named; they skip otherwise.
test --test_env=FORGE_TEST_DATABASE_URL
test --test_env=CI
EOF
cmp -s "$WS/.bazelrc.new" "$WS/.bazelrc" 2>/dev/null && rm "$WS/.bazelrc.new" || mv "$WS/.bazelrc.new" "$WS/.bazelrc"
log "workspace $WS synced ($(tr -cd '\0' <"$list" | wc -c) files) in $(elapsed "$t")s"

cd "$WS"
# Bazel does not refetch repositories when a local_repository's directory
# changes (a new rules_go/gazelle/GOROOT patch level): start cold then.
if ! cmp -s "$CACHE/harness.env" .harness.env; then
	[[ -f .harness.env ]] && { log "prepared directories changed: bazel clean --expunge"; bazel clean --expunge; }
	cp "$CACHE/harness.env" .harness.env
fi
run() { # run BAZEL_ARGS...: bazel in the copy, timed
	local t rc=0; t=$(date +%s.%N)
	log "bazel $*"
	bazel "$@" || rc=$?
	log "bazel $1: exit $rc in $(elapsed "$t")s"
	return $rc
}

case "${1:-}" in
gazelle)
	shift
	# Gazelle with Forge's extension (//:gazelle_binary: the Go and proto
	# languages + //gazelle_ext), built from the harness's gazelle v0.27 by
	# Bazel. It edits the synced copy (BUILD_WORKSPACE_DIRECTORY = $WS);
	# ARGS, when given, replace the runner's default arguments (update).
	run run //:gazelle ${1+-- "$@"}
	# Copy new or changed BUILD.bazel files back into the repository.
	n=0
	while IFS= read -r -d '' f; do
		f=${f#./}
		if ! cmp -s "$f" "$REPO/$f"; then
			mkdir -p "$REPO/$(dirname "$f")"; cp -p "$f" "$REPO/$f"; log "updated $f"; n=$((n + 1))
		fi
	done < <(find . -path './bazel-*' -prune -o -name BUILD.bazel -print0)
	log "gazelle: $n BUILD.bazel file(s) copied back into $REPO"
	;;
"")
	run build //runtime/... //forge/... //internal/... //tools/... //examples/... //gazelle_ext/... //:gazelle_binary
	run test //runtime/... //forge/... //internal/... //tools/... //examples/... //gazelle_ext/...
	;;
*)
	run "$@"
	;;
esac
log "total $(elapsed "$T0")s"
