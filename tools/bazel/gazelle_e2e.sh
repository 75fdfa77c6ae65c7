#!/usr/bin/env bash
# tools/bazel/gazelle_e2e.sh - the shop's BUILD files regenerated from nothing
# by //:gazelle (gazelle + Forge's extension), in the Bazel harness's
# workspace copy (never in the repository):
#
#   1. delete every BUILD.bazel under examples/shop in the copy
#   2. bazel run //:gazelle, then bazel build //examples/shop:bin :image :image_push
#   3. bazel run //:gazelle again: no BUILD file may change (else print the diff, fail)
#   4. put the copy back as the repository has it (the next e2e.sh sync
#      restores deleted files only), and check that it did
#
# Runs bazel in the copy directly (tools/bazel/e2e.sh would sync the deleted
# files back first). Prints the timing of each step.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
log() { echo "gazelle-e2e: $*" >&2; }
die() { log "FAIL: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk "BEGIN{printf \"%.1f\", $(now) - $1}"; }
T0=$(now)

WS=$("$HERE/e2e.sh" info workspace 2>/dev/null) # syncs the copy, starts the server
[[ -f $WS/WORKSPACE && $WS != "$REPO" ]] || die "no harness workspace copy: $WS"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WS"
bz() { # bz BAZEL_ARGS...: bazel in the copy, timed
	local t rc=0; t=$(now)
	log "bazel $*"
	bazel "$@" || rc=$?
	log "bazel $1: exit $rc in $(since "$t")s"
	return $rc
}
# snapshot DIR: every BUILD.bazel of the copy, by path, into DIR
snapshot() {
	mkdir -p "$1"
	find . -path './bazel-*' -prune -o -name BUILD.bazel -print0 | xargs -0 -r cp --parents -t "$1"
}

# Build gazelle first, so that the timings below are gazelle's own.
t=$(now)
bz build //:gazelle
build_gazelle=$(since "$t")

# --- 1: no BUILD files under examples/shop -------------------------------------
mapfile -t deleted < <(find examples/shop -name BUILD.bazel | sort)
((${#deleted[@]})) || die "no BUILD.bazel under examples/shop in $WS"
rm -f -- "${deleted[@]}"
log "deleted ${#deleted[@]} BUILD.bazel files: ${deleted[*]}"

# --- 2: gazelle writes them; the shop builds -------------------------------------
t=$(now)
bz run //:gazelle
first=$(since "$t")
for f in "${deleted[@]}"; do
	[[ -f $f ]] || log "note: gazelle wrote no $f"
done
[[ -f examples/shop/BUILD.bazel && -f examples/shop/schema/BUILD.bazel ]] || die "gazelle did not write the shop's BUILD files"
grep -q 'forge_library(' examples/shop/schema/BUILD.bazel || die "no forge_library in examples/shop/schema/BUILD.bazel"
for r in 'forge_binary(' 'forge_image(' 'forge_image_push('; do
	grep -q "$r" examples/shop/BUILD.bazel || die "no $r in examples/shop/BUILD.bazel"
done
log "regenerated vs the repository's (hand-written comments and user attributes are not gazelle's):"
for f in "${deleted[@]}"; do
	[[ -f $f ]] && { diff -u "$REPO/$f" "$f" >&2 || true; }
done
t=$(now)
bz build //examples/shop:bin //examples/shop:image //examples/shop:image_push
built=$(since "$t")

# --- 3: idempotent ---------------------------------------------------------------
snapshot "$WORK/before"
t=$(now)
bz run //:gazelle
second=$(since "$t")
snapshot "$WORK/after"
diff -ru "$WORK/before" "$WORK/after" >&2 || die "the second gazelle run changed BUILD files (diff above)"

# --- 4: back to the repository's files -------------------------------------------
# The sync copies a file when the copy's is missing or older: gazelle's newer
# files would stay. Remove every BUILD.bazel that differs from the repository's.
n=0
while IFS= read -r -d '' f; do
	f=${f#./}
	if ! cmp -s "$f" "$REPO/$f"; then rm -f -- "$f"; n=$((n + 1)); fi
done < <(find . -path './bazel-*' -prune -o -name BUILD.bazel -print0)
"$HERE/e2e.sh" info workspace >/dev/null 2>&1 # the sync
while IFS= read -r -d '' f; do
	f=${f#./}
	[[ -f $WS/$f ]] && cmp -s "$REPO/$f" "$WS/$f" || die "after the sync, $WS/$f is not the repository's"
done < <(cd "$REPO" && git ls-files -z -co --exclude-standard -- '*BUILD.bazel')
log "copy restored: $n BUILD.bazel file(s) removed, the sync put the repository's back"

log "OK: gazelle_binary build $build_gazelle s; first gazelle run (no shop BUILD files) $first s;" \
	"shop build $built s; second gazelle run $second s (no change); total $(since "$T0") s"
