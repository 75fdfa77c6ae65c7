#!/usr/bin/env bash
# tools/bazel/prepare.sh - prepare everything the Bazel 4.2.3 harness
# (tools/bazel/e2e.sh) needs, offline except for apt and the Go module proxy.
#
# Usage:
#   tools/bazel/prepare.sh            # prepare (idempotent; a second run is a fast no-op)
#   tools/bazel/prepare.sh --print    # prepare, then print the harness.env it wrote
#
# Everything lands under ${FORGE_BAZEL_CACHE:-$HOME/.cache/forge-bazel}, one
# directory per (version, patch level), written to a temporary name and
# renamed when complete, so an interrupted run never leaves a half-prepared
# directory behind:
#   rules_go-<v>-p<n>/        rules_go module copy + patches
#   bazel_gazelle-<v>-p<n>-<go>/ gazelle module copy + patches + vendor/ + <go>'s std list
#   goroot-<go>-p<n>/         golang.org/toolchain copy with std .a files and tools
#   stubs-<hash>/             tools/bazel/stubs/* with the .stub suffix dropped
#   harness.env               the paths above, for e2e.sh
#
# Why each step exists: tools/bazel/README.md, "Patches" (each with the error it fixes).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${FORGE_BAZEL_CACHE:-$HOME/.cache/forge-bazel}
GOVER=${FORGE_BAZEL_GO:-go1.26.8}
RULES_GO=v0.34.0
GAZELLE=v0.27.0
# Bump when the patches below change: the directory names change with them.
RULES_GO_PATCH=3
GAZELLE_PATCH=3
GOROOT_PATCH=1
APT_PKGS=(bazel-bootstrap bazel-skylib bazel-platforms bazel-rules-java)

export GOTOOLCHAIN=local GOFLAGS=-mod=mod
mkdir -p "$CACHE"

T0=$(date +%s.%N)
TS=$T0
step() { # step NAME: prints the time the previous step took
	local now; now=$(date +%s.%N)
	[[ -n ${STEP:-} ]] && printf 'prepare: %-34s %6.1fs\n' "$STEP" "$(awk "BEGIN{print $now - $TS}")"
	STEP=$1 TS=$now
}
die() { echo "prepare: error: $*" >&2; exit 1; }

# moddir MODULE@VERSION: download through GOPROXY, print the module cache dir.
moddir() { go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'; }

# fresh NAME: a new temporary directory next to $CACHE/NAME.
fresh() { local t="$CACHE/.tmp-$1-$$"; rm -rf "$t"; mkdir -p "$t"; echo "$t"; }
commit() { chmod -R a-w "$1" 2>/dev/null || true; [[ -e $2 ]] && chmod -R u+w "$2"; rm -rf "$2"; mv "$1" "$2"; }

step "apt (${APT_PKGS[*]})"
missing=()
for p in "${APT_PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
	SUDO=(); [[ $(id -u) -eq 0 ]] || SUDO=(sudo -n)
	"${SUDO[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v bazel >/dev/null || die "no bazel on PATH after installing bazel-bootstrap"

RG="$CACHE/rules_go-$RULES_GO-p$RULES_GO_PATCH"
step "rules_go $RULES_GO (patch $RULES_GO_PATCH)"
if [[ ! -f $RG/WORKSPACE ]]; then
	src=$(moddir github.com/bazelbuild/rules_go@$RULES_GO)
	t=$(fresh rules_go); cp -r "$src/." "$t"; chmod -R u+w "$t"
	# Go >= 1.20: go_tool_binary's raw `go tool compile` needs -p main
	# ("relocation target type:<unlinkable>.fileInfo not defined").
	sed -i 's#cmd = "{go} tool compile -o {cout} -trimpath=$PWD {srcs}"#cmd = "{go} tool compile -p main -o {cout} -trimpath=$PWD {srcs}"#' \
		"$t/go/private/rules/binary.bzl"
	grep -q 'tool compile -p main' "$t/go/private/rules/binary.bzl" || die "rules_go patch 1 did not apply"
	# Go >= 1.22: asm -gensymabis needs -p (else links fail with "relocation
	# target ... not defined for ABIInternal (but is defined for ABI0)"), e.g.
	# golang.org/x/sys/unix and klauspost/compress.
	patch -s -d "$t" -p1 <"$HERE/patches/rules_go-symabis-package-path.patch" || die "rules_go patch 2 did not apply"
	# Go >= 1.20: the stdlib rebuilt for another configuration (pure = "on",
	# race, ...) needs GODEBUG=installgoroot=all to get its .a files.
	patch -s -d "$t" -p1 <"$HERE/patches/rules_go-stdlib-installgoroot.patch" || die "rules_go patch 3 did not apply"
	commit "$t" "$RG"
fi

GR="$CACHE/goroot-$GOVER-p$GOROOT_PATCH"
step "GOROOT $GOVER (patch $GOROOT_PATCH)"
if [[ ! -x $GR/bin/go ]]; then
	src=$(moddir golang.org/toolchain@v0.0.1-$GOVER.linux-amd64)
	t=$(fresh goroot); cp -r "$src/." "$t"; chmod -R u+w "$t"
	# Module zips drop the exec bits.
	chmod +x "$t"/bin/* "$t"/pkg/tool/linux_amd64/*
	# rules_go 0.34 wants precompiled std (pkg/linux_amd64/*.a; Go >= 1.20 ships
	# none) and tools Go >= 1.25 no longer ships prebuilt.
	(cd "$t" && GOROOT=$t GOFLAGS= GOCACHE="$CACHE/.gocache-goroot" GODEBUG=installgoroot=all ./bin/go install std)
	(cd "$t" && GOROOT=$t GOFLAGS= GOCACHE="$CACHE/.gocache-goroot" ./bin/go install \
		cmd/pack cmd/buildid cmd/nm cmd/addr2line cmd/objdump cmd/test2json cmd/covdata)
	"$t/bin/go" version | grep -q "$GOVER" || die "prepared GOROOT is not $GOVER"
	rm -rf "$CACHE/.gocache-goroot"
	commit "$t" "$GR"
fi

GZ="$CACHE/bazel_gazelle-$GAZELLE-p$GAZELLE_PATCH-$GOVER"
step "gazelle $GAZELLE (patch $GAZELLE_PATCH)"
if [[ ! -f $GZ/WORKSPACE ]]; then
	src=$(moddir github.com/bazelbuild/bazel-gazelle@$GAZELLE)
	t=$(fresh gazelle); cp -r "$src/." "$t"; chmod -R u+w "$t"
	# skylib 1.0.3 (Debian): "'struct' object is not callable" in the analysis-test suite.
	sed -i 's/^gazelle_binary_test_suite()/# gazelle_binary_test_suite()/' "$t/internal/BUILD.bazel"
	grep -q '^# gazelle_binary_test_suite()' "$t/internal/BUILD.bazel" || die "gazelle patch 1 did not apply"
	# Go 1.19's "unix" build constraint is unknown to gazelle v0.27: go_repository
	# drops e.g. grpc's internal/tcp_keepalive_unix.go (undefined: NetDialerWithTCPKeepalive).
	patch -s -d "$t" -p1 <"$HERE/patches/gazelle-unix-build-tag.patch" || die "gazelle patch 2 did not apply"
	# go_repository_tools builds gazelle + fetch_repo with `go build`: module
	# zips have no vendor/ (release tarballs do).
	(cd "$t" && GOFLAGS=-mod=mod go mod vendor)
	# go_repository_tools builds gazelle with `go build`, which uses the checked-in
	# std package list (Go 1.19: no slices, maps, log/slog, ...); Bazel builds
	# generate it from the SDK. Regenerate it from the prepared GOROOT.
	"$GR/bin/go" list std >"$t/std_packages.txt"
	(cd "$t" && GOROOT=$GR GOFLAGS=-mod=vendor "$GR/bin/go" run ./language/go/gen_std_package_list \
		std_packages.txt language/go/std_package_list.go)
	rm "$t/std_packages.txt"
	grep -q '"log/slog": true' "$t/language/go/std_package_list.go" || die "gazelle std package list not regenerated"
	commit "$t" "$GZ"
fi

step "stubs (tools/bazel/stubs)"
hash=$(cd "$HERE/stubs" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
ST="$CACHE/stubs-$hash"
if [[ ! -d $ST ]]; then
	t=$(fresh stubs); cp -r "$HERE/stubs/." "$t"; rm -f "$t/README.md"
	find "$t" -name '*.stub' | while read -r f; do mv "$f" "${f%.stub}"; done
	commit "$t" "$ST"
fi

step "harness.env"
env_new=$(printf 'RULES_GO_DIR=%s\nGAZELLE_DIR=%s\nGOROOT_DIR=%s\nSTUBS_DIR=%s\nBAZEL_OUTPUT_USER_ROOT=%s\n' \
	"$RG" "$GZ" "$GR" "$ST" "$CACHE/output_user_root")
[[ -f $CACHE/harness.env && $(cat "$CACHE/harness.env") == "$env_new" ]] || echo "$env_new" >"$CACHE/harness.env"

step ""
printf 'prepare: %-34s %6.1fs\n' "total" "$(awk "BEGIN{print $(date +%s.%N) - $T0}")"
[[ ${1:-} == --print ]] && cat "$CACHE/harness.env"
exit 0
