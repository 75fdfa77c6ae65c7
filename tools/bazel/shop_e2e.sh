#!/usr/bin/env bash
# tools/bazel/shop_e2e.sh - the example shop through real Bazel, end to end:
#
#   1. bazel build //examples/shop:bin (and the image targets)
#   2. the Bazel-generated gen/ equals `forge generate`'s, byte for byte
#   3. a stamped build reports the git commit and date on /healthz, against PostgreSQL
#   4. //examples/shop:image built twice from clean has one digest; image_push to a
#      loopback docker-registry; skopeo inspects it (labels, user, entrypoint, layers);
#      the binary extracted from the pushed image runs
#   5. timings: cold build, no-op rebuild, rebuild after touching a schema file
#
# Runs bazel through tools/bazel/e2e.sh (the Bazel 4.2.3 harness). Needs
# FORGE_TEST_DATABASE_URL (make test runs it under tools/postgres.sh run).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${FORGE_BAZEL_CACHE:-$HOME/.cache/forge-bazel}
log() { echo "shop-e2e: $*" >&2; }
die() { log "FAIL: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk "BEGIN{printf \"%.1f\", $(now) - $1}"; }
bz() { "$HERE/e2e.sh" "$@"; }
# serving_addr KEY LOG: the "http" or "admin" address from the serving line
# of an app's JSON log (runtime/server.ServingMessage); fails until it is there.
serving_addr() {
	python3 -c '
import json, sys
for line in open(sys.argv[2]):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    if r.get("msg") == "serving":
        print(r[sys.argv[1]])
        sys.exit(0)
sys.exit(1)
' "$1" "$2"
}

[[ -n ${FORGE_TEST_DATABASE_URL:-} ]] || die "FORGE_TEST_DATABASE_URL is not set (run under tools/postgres.sh run)"
WORK=$(mktemp -d)
REG_DIR="$WORK/registry"
APP_PID=""
cleanup() {
	[[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null
	"$HERE/registry.sh" stop "$REG_DIR" || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# --- 1 + 5: builds and timings ------------------------------------------------
t=$(now)
# The forge_generate targets by name (the gen_<package>_srcs that the
# forge_library gazelle writes into schema/BUILD.bazel declares): under :bin
# they are built in the transitioned (pure, static) configuration, whose
# output directory differs.
GEN_TARGETS=(//examples/shop/schema:gen_actions_srcs //examples/shop/schema:gen_db_srcs //examples/shop/schema:gen_factories_srcs
	//examples/shop/schema:gen_handlers_srcs //examples/shop/schema:gen_workers_srcs)
bz build "${GEN_TARGETS[@]}" //examples/shop:bin //examples/shop:image //examples/shop:image.tar //examples/shop:image.digest
cold=$(since "$t")
BIN_DIR=$(bz info bazel-bin 2>/dev/null)
t=$(now)
bz build //examples/shop:bin //examples/shop:image
noop=$(since "$t")
log "build: $cold s (cold or warm cache), no-op rebuild: $noop s"

# --- 2: byte-identical generated code ----------------------------------------
(cd "$REPO" && go run ./forge/cmd/forge generate -C examples/shop --check >/dev/null) ||
	die "examples/shop/gen is stale; run forge generate -C examples/shop"
n=0
# forge_generate writes under its own package's output directory:
# bazel-bin/examples/shop/schema/gen/<package>/.
for f in $(cd "$REPO/examples/shop" && find gen -name '*.go' | sort); do
	cmp -s "$REPO/examples/shop/$f" "$BIN_DIR/examples/shop/schema/$f" || die "bazel-bin/examples/shop/schema/$f differs from forge generate's examples/shop/$f"
	n=$((n + 1))
done
bazel_n=$(cd "$BIN_DIR/examples/shop/schema" && find gen -name '*.go' | wc -l)
[[ $n == "$bazel_n" ]] || die "forge generate wrote $n files, Bazel $bazel_n"
log "generated code: $n files identical to forge generate's"

# --- 3: stamped binary --------------------------------------------------------
# Bazel runs in a copy without .git: the status command reads the repository.
STATUS="$WORK/workspace_status.sh"
printf '#!/bin/sh\ncd %q && exec tools/workspace_status.sh\n' "$REPO" >"$STATUS"
chmod +x "$STATUS"
stamp() { "$STATUS" | awk -v k="$1" '$1 == k { print $2 }'; }
bz build --stamp --workspace_status_command="$STATUS" //examples/shop:bin
bin="$BIN_DIR/examples/shop/bin_/bin"
commit=$(stamp STABLE_FORGE_COMMIT) # the checkout's commit, -dirty when the tree has changes
date=$(stamp STABLE_FORGE_DATE)
[[ $commit == "$(cd "$REPO" && git rev-parse HEAD)"* ]] || die "the status command's commit $commit is not the checkout's"
# The app binds port 0 itself and names the ports it got in its serving log
# line: a port picked here could be taken before the app binds it.
FORGE_DATABASE_URL=$FORGE_TEST_DATABASE_URL FORGE_HTTP_ADDR=127.0.0.1:0 FORGE_ADMIN_ADDR=127.0.0.1:0 FORGE_OBSERVE_LOG_FORMAT=json \
	"$bin" >"$WORK/app.log" 2>&1 &
APP_PID=$!
admin=""
for _ in $(seq 600); do
	admin=$(serving_addr admin "$WORK/app.log") && break
	kill -0 $APP_PID 2>/dev/null || { cat "$WORK/app.log" >&2; die "the stamped shop exited"; }
	sleep 0.1
done
[[ -n $admin ]] || { cat "$WORK/app.log" >&2; die "the stamped shop did not log that it serves within 60 s"; }
health=$(curl -fsS "http://$admin/healthz") || { cat "$WORK/app.log" >&2; die "GET /healthz of the stamped shop failed"; }
kill $APP_PID; wait $APP_PID 2>/dev/null || true; APP_PID=""
[[ $health == *"\"commit\":\"$commit\""* && $health == *"\"date\":\"$date\""* ]] ||
	die "/healthz of the stamped binary is $health; want commit $commit and date $date"
log "stamped binary: /healthz reports commit $commit, date $date"

# --- 4: reproducible image, push, inspect, run -------------------------------
digest1=$(cat "$BIN_DIR/examples/shop/image.sha256")
bz clean
bz build --disk_cache= //examples/shop:image # really from clean: no disk cache
digest2=$(cat "$BIN_DIR/examples/shop/image.sha256")
# Both must be digests: two empty files would compare equal.
[[ $digest1 == sha256:* && $digest2 == sha256:* ]] || die "image.sha256 holds no digest: \"$digest1\", then \"$digest2\""
[[ $digest1 == "$digest2" ]] || die "the image's digest changed across clean builds: $digest1, then $digest2"
log "image digest stable across clean builds: $digest1"

# examples/shop:image_push names 127.0.0.1:5000/forge/shop; if that port is
# taken, the registry goes elsewhere and the push is pointed at it.
if python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",5000))' 2>/dev/null; then
	registry=$("$HERE/registry.sh" start "$REG_DIR" 5000)
	out=$(bz run --stamp --workspace_status_command="$STATUS" //examples/shop:image_push)
else
	registry=$("$HERE/registry.sh" start "$REG_DIR")
	out=$(bz run --stamp --workspace_status_command="$STATUS" //examples/shop:image_push -- --repository "$registry/forge/shop")
fi
pushed=$(printf '%s\n' "$out" | grep "@sha256:" | tail -1)
[[ -n $pushed ]] || die "image_push printed no digest: $out"
log "pushed $pushed"
version=$(stamp STABLE_FORGE_VERSION)
inspect=$(skopeo inspect --tls-verify=false "docker://$registry/forge/shop:$version")
config=$(skopeo inspect --tls-verify=false --raw --config "docker://$registry/forge/shop:latest") # raw: Healthcheck is a Docker extension
printf '%s' "$inspect" | python3 -c '
import json, sys
i = json.load(sys.stdin)
want = {"org.opencontainers.image.revision": sys.argv[1], "org.opencontainers.image.created": sys.argv[2]}
for k, v in want.items():
    assert i["Labels"].get(k) == v, (k, i["Labels"])
assert i["Digest"] == sys.argv[3], (i["Digest"], sys.argv[3])
assert len(i["Layers"]) == 1, i["Layers"]
' "$commit" "$date" "${pushed#*@}" || die "skopeo inspect: $inspect"
printf '%s' "$config" | python3 -c '
import json, sys
c = json.load(sys.stdin)["config"]
assert c["User"] == "65532:65532", c
assert c["Entrypoint"] == ["/shop"], c
assert "8080/tcp" in c["ExposedPorts"], c
assert c["Healthcheck"]["Test"] == ["CMD", "/shop", "healthcheck"], c
' || die "image config: $config"
skopeo copy --src-tls-verify=false "docker://$registry/forge/shop:latest" "dir:$WORK/pulled" >/dev/null
layer=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["layers"][0]["digest"].split(":")[1])' "$WORK/pulled/manifest.json")
mkdir -p "$WORK/rootfs"
tar -xzf "$WORK/pulled/$layer" -C "$WORK/rootfs"
"$WORK/rootfs/shop" version | grep -q "$commit" || die "the binary extracted from the image does not report commit $commit"
log "skopeo: labels, user, entrypoint, ports, health check as built; the extracted binary runs"

# --- forge build and forge deploy in the Bazel workspace ----------------------
WS=$(bz info workspace 2>/dev/null)
build_out=$(cd "$REPO" && go run ./forge/cmd/forge build -C "$WS" --bazel on --target //examples/shop:bin 2>&1) ||
	die "forge build with Bazel: $build_out"
[[ $build_out == *"bazel-bin/examples/shop/bin_/bin, "*" MB"* ]] || die "forge build did not report the binary: $build_out"
if [[ $registry == 127.0.0.1:5000 ]]; then # the push target's own repository
	deploy_out=$(cd "$REPO" && go run ./forge/cmd/forge deploy -C "$WS" --bazel on --target //examples/shop:image_push 2>&1) ||
		die "forge deploy with Bazel: $deploy_out"
	[[ $deploy_out == *"@sha256:"* ]] || die "forge deploy printed no digest: $deploy_out"
	log "forge build and forge deploy ran the Bazel targets"
else
	log "forge build ran the Bazel target; forge deploy skipped: port 5000 is taken"
fi

# --- 5: incremental rebuilds after schema changes ---------------------------
# Bazel keys actions by content: touching a file re-runs nothing. An edit
# re-runs the five ForgeGenerate actions; a comment leaves their outputs
# unchanged, so nothing downstream re-runs either.
schema="$REPO/examples/shop/schema/catalog.go"
cp "$schema" "$WORK/catalog.go.orig"
restore() { cp "$WORK/catalog.go.orig" "$schema"; }
trap 'restore; cleanup' EXIT
touch "$schema"
t=$(now)
bz build //examples/shop:bin 2>&1 | tee "$WORK/touch.log" | grep -E "processes|actions" >&2 || true
touched=$(since "$t")
printf '\n// edited by tools/bazel/shop_e2e.sh\n' >>"$schema"
t=$(now)
bz build //examples/shop:bin 2>&1 | tee "$WORK/edit.log" | grep -E "processes|actions" >&2 || true
edited=$(since "$t")
restore
log "OK: build $cold s, no-op $noop s, after touching a schema file $touched s, after editing one $edited s"
