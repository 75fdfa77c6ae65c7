#!/usr/bin/env bash
# tools/bazel/newapp_e2e.sh - a new user's path through real Bazel: `forge new`,
# then `bazel run //:gazelle` alone writes every BUILD file under app/, then
# `bazel build //app:bin` builds the app.
#
# What forge new writes is left as users get it, except for the Bazel 4
# harness's own files, because users build with bzlmod (MODULE.bazel,
# Bazel 7/8), which Bazel 4.2.3 cannot read:
#   WORKSPACE             tools/bazel/WORKSPACE.tmpl, with the forge repository
#                         as @forge (its rules, //:gazelle_binary) and as
#                         @com_github_forge_framework_forge (the Go module the
#                         app imports: what go_deps names it under bzlmod),
#                         both local_repository of the synced forge copy that
#                         tools/bazel/e2e.sh keeps; gazelle as @gazelle too (the
#                         app's BUILD.bazel loads @gazelle//:def.bzl, its
#                         bzlmod name) besides @bazel_gazelle (rules_go/forge's)
#   harness_go_deps.bzl   a copy of tools/bazel/go_deps.bzl (forge's Go
#                         dependencies, which the app's go.mod gets through
#                         forge's): WORKSPACE calls it, and gazelle reads it
#                         (# gazelle:repository_macro needs a file of the workspace)
#   .bazelrc              the harness's settings, then the app's own .bazelrc
#
# The workspace lives at $CACHE/newapp/<name> (recreated on every run; a stable
# path keeps its output base warm); its Bazel server is stopped at the end.
#
# Usage: tools/bazel/newapp_e2e.sh
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${FORGE_BAZEL_CACHE:-$HOME/.cache/forge-bazel}
MODULE=example.com/hello
NAME=${MODULE##*/}
log() { echo "newapp-e2e: $*" >&2; }
die() { log "FAIL: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk "BEGIN{printf \"%.1f\", $(now) - $1}"; }
T0=$(now)

# The synced forge copy (and the prepared rules_go/gazelle/Go SDK).
FORGE_WS=$("$HERE/e2e.sh" info workspace 2>/dev/null)
[[ -f $FORGE_WS/WORKSPACE && -f $FORGE_WS/.bazelrc ]] || die "no harness workspace copy: $FORGE_WS"
# shellcheck disable=SC1091
source "$CACHE/harness.env"

# --- forge new -------------------------------------------------------------------
APP="$CACHE/newapp/$NAME"
if [[ -d $APP ]]; then
	(cd "$APP" && bazel shutdown 2>/dev/null) || true
	chmod -R u+w "$APP"; rm -rf "$APP"
fi
mkdir -p "$(dirname "$APP")"
t=$(now)
(cd "$REPO" && go run ./forge/cmd/forge new --module "$MODULE" --replace "$REPO" "$APP") >&2
log "forge new: $(since "$t")s"
cd "$APP"
trap 'cd "$APP" && bazel shutdown 2>/dev/null || true' EXIT

builds=$(find app -name 'BUILD' -o -name 'BUILD.bazel')
[[ -z $builds ]] || die "forge new wrote BUILD files under app/: $builds"
[[ -f BUILD.bazel && -f MODULE.bazel && ! -e WORKSPACE ]] || die "forge new: want BUILD.bazel and MODULE.bazel and no WORKSPACE"
grep -q '@forge//:gazelle_binary' BUILD.bazel || die "BUILD.bazel does not use @forge//:gazelle_binary"

# --- the harness's files ---------------------------------------------------------
cp "$FORGE_WS/tools/bazel/go_deps.bzl" harness_go_deps.bzl
{
	cat <<EOF
# WORKSPACE for the Bazel 4.2.3 harness ONLY, written by tools/bazel/newapp_e2e.sh
# into a workspace that forge new created (users build it with MODULE.bazel).
#
# Forge, as the bzlmod user gets it: @forge (bazel_dep) and the Go module
# github.com/forge-framework/forge (go_deps), both the synced forge copy.
# gazelle:repository go_repository name=com_github_forge_framework_forge importpath=github.com/forge-framework/forge build_naming_convention=import

workspace(name = "$NAME")

local_repository(
    name = "forge",
    path = "$FORGE_WS",
)

local_repository(
    name = "com_github_forge_framework_forge",
    path = "$FORGE_WS",
)

# The app's BUILD.bazel loads @gazelle//:def.bzl (the bzlmod name).
local_repository(
    name = "gazelle",
    path = "$GAZELLE_DIR",
)

# --- tools/bazel/WORKSPACE.tmpl, forge_go_deps() from harness_go_deps.bzl ---
EOF
	sed -e "s#@@RULES_GO_DIR@@#$RULES_GO_DIR#" -e "s#@@GAZELLE_DIR@@#$GAZELLE_DIR#" \
		-e "s#@@GOROOT_DIR@@#$GOROOT_DIR#" -e "s#@@STUBS_DIR@@#$STUBS_DIR#" \
		-e '/^workspace(name = "forge")$/d' \
		-e 's#^\(\# gazelle:repository_macro \)tools/bazel/go_deps.bzl%#\1harness_go_deps.bzl%#' \
		-e 's#^load("//tools/bazel:go_deps.bzl", "forge_go_deps")$#load("//:harness_go_deps.bzl", "forge_go_deps")#' \
		"$HERE/WORKSPACE.tmpl"
} >WORKSPACE
grep -q 'load("//:harness_go_deps.bzl"' WORKSPACE && grep -q 'repository_macro harness_go_deps.bzl%' WORKSPACE ||
	die "tools/bazel/WORKSPACE.tmpl changed: update the rewrites in newapp_e2e.sh"
{
	cat "$FORGE_WS/.bazelrc"
	printf '\n# The app'"'"'s own .bazelrc (forge new):\n'
	cat .bazelrc
} >.bazelrc.harness
mv .bazelrc.harness .bazelrc

# --- gazelle alone writes the BUILD files; the app builds ------------------------
t=$(now)
log "bazel run //:gazelle"
bazel run //:gazelle
gazelle=$(since "$t")
for f in app/BUILD.bazel app/schema/BUILD.bazel app/migrations/BUILD.bazel; do
	[[ -f $f ]] || die "gazelle wrote no $f"
	log "$f:"; sed 's/^/    /' "$f" >&2
done
[[ ! -e app/gen/BUILD.bazel && ! -e app/gen/db/BUILD.bazel ]] || die "gazelle wrote BUILD files under app/gen (# gazelle:exclude app/gen)"
t=$(now)
log "bazel build //app:bin"
bazel build //app:bin
build=$(since "$t")
bin=$(bazel info bazel-bin 2>/dev/null)/app/bin_/bin
[[ -x $bin ]] || die "no $bin"
"$bin" version >&2 || die "$bin version failed"

# gazelle again: nothing changes.
snap=$(mktemp -d)
trap 'rm -rf "$snap"; cd "$APP" && bazel shutdown 2>/dev/null || true' EXIT
find . -path './bazel-*' -prune -o -name BUILD.bazel -print0 | xargs -0 cp --parents -t "$snap"
t=$(now)
bazel run //:gazelle
again=$(since "$t")
mkdir -p "$snap.2" && find . -path './bazel-*' -prune -o -name BUILD.bazel -print0 | xargs -0 cp --parents -t "$snap.2"
diff -ru "$snap" "$snap.2" >&2 || { rm -rf "$snap.2"; die "the second gazelle run changed BUILD files (diff above)"; }
rm -rf "$snap.2"

log "OK: forge new + gazelle ($gazelle s, then $again s) + bazel build //app:bin ($build s); total $(since "$T0") s"
